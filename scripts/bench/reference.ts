/**
 * Gas of the reference implementations the benchmark (scripts/bench/gas.ts) compares the consortium's
 * tokens with, measured on the network the script runs on (Hardhat's in-process network):
 *
 * - OpenZeppelin Contracts 5 ERC-721 (contracts/mocks/ReferenceERC721.sol, compiled by Hardhat): a mint,
 *   and the transfer of an already-minted token from its only holder to a holder of no token (the same
 *   situation as the benchmark's whole-part transfer).
 * - The ERC-3525 reference implementation (npm @solvprotocol/erc-3525, ERC3525Mintable): a mint with a
 *   value, and `transferFrom(uint256 fromTokenId, address to, uint256 value)`, which splits value off
 *   into a NEW token for another owner (the same operation as the benchmark's split).
 *
 * Hardhat does not compile the ERC-3525 package (its sources live in node_modules and import
 * OpenZeppelin 4, which the package carries in its own node_modules), so it is compiled here, at run
 * time, with the project's pinned npm `solc` and the project's optimizer settings. Nothing is cached on
 * disk.
 */
import fs from "node:fs";
import path from "node:path";
import hre, { ethers } from "hardhat";
import { ContractFactory, type BaseContract, type ContractTransactionResponse, type Signer } from "ethers";

export interface ReferenceGas {
  erc721Mint: bigint;
  erc721Transfer: bigint;
  erc3525Mint: bigint;
  erc3525SplitToNewToken: bigint;
}

/** What this script uses of the npm `solc` package (it ships no type declarations). */
interface Solc {
  version(): string;
  compile(input: string, callbacks: { import: (file: string) => { contents: string } | { error: string } }): string;
}

interface SolcOutput {
  errors?: { severity: "error" | "warning" | "info"; formattedMessage: string }[];
  contracts?: Record<string, Record<string, { abi: unknown[]; evm: { bytecode: { object: string } } }>>;
}

const ERC3525_PACKAGE = "@solvprotocol/erc-3525";
const ERC3525_CONTRACT = "ERC3525Mintable";

/** The directory of the installed ERC-3525 package. */
function erc3525Dir(): string {
  return path.dirname(require.resolve(`${ERC3525_PACKAGE}/package.json`));
}

/**
 * Resolves a source unit name to a file: the package's own sources under "@solvprotocol/erc-3525/...",
 * and "@openzeppelin/..." to the OpenZeppelin 4 copy nested in the package (never the project's OZ 5).
 */
function resolveSource(unit: string, packageDir: string): string {
  const prefix = `${ERC3525_PACKAGE}/`;
  if (unit.startsWith(prefix)) return path.join(packageDir, unit.slice(prefix.length));
  if (unit.startsWith("@openzeppelin/")) return path.join(packageDir, "node_modules", unit);
  throw new Error(`cannot resolve import "${unit}" of the ERC-3525 reference implementation`);
}

/** Compiles the ERC-3525 reference implementation with the pinned solc and the project's settings. */
function compileErc3525(): { abi: unknown[]; bytecode: string } {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const solc = require("solc") as Solc;
  const packageDir = erc3525Dir();
  const main = `${ERC3525_PACKAGE}/${ERC3525_CONTRACT}.sol`;
  const projectSettings = hre.config.solidity.compilers[0]?.settings as
    { optimizer?: unknown; evmVersion?: string } | undefined;
  const input = {
    language: "Solidity",
    sources: { [main]: { content: fs.readFileSync(resolveSource(main, packageDir), "utf8") } },
    settings: {
      optimizer: projectSettings?.optimizer ?? { enabled: true, runs: 200 },
      evmVersion: projectSettings?.evmVersion ?? "cancun",
      outputSelection: { [main]: { [ERC3525_CONTRACT]: ["abi", "evm.bytecode.object"] } },
    },
  };
  const output = JSON.parse(
    solc.compile(JSON.stringify(input), {
      import: (unit) => {
        try {
          return { contents: fs.readFileSync(resolveSource(unit, packageDir), "utf8") };
        } catch (error) {
          return { error: error instanceof Error ? error.message : String(error) };
        }
      },
    }),
  ) as SolcOutput;
  const errors = (output.errors ?? []).filter((e) => e.severity === "error");
  if (errors.length > 0) {
    throw new Error(
      `solc ${solc.version()} could not compile ${main}:\n${errors.map((e) => e.formattedMessage).join("\n")}`,
    );
  }
  const compiled = output.contracts?.[main]?.[ERC3525_CONTRACT];
  if (!compiled?.evm.bytecode.object) throw new Error(`solc produced no bytecode for ${ERC3525_CONTRACT}`);
  return { abi: compiled.abi, bytecode: `0x${compiled.evm.bytecode.object}` };
}

async function gasOf(what: string, pending: Promise<ContractTransactionResponse>): Promise<bigint> {
  const receipt = await (await pending).wait();
  if (!receipt) throw new Error(`reference ${what}: no receipt`);
  if (receipt.status !== 1) throw new Error(`reference ${what}: transaction failed`);
  return receipt.gasUsed;
}

/** Calls `signature` (an overloaded function needs its full signature) on `contract` as `signer`. */
function send(
  contract: BaseContract,
  signer: Signer,
  signature: string,
  ...args: unknown[]
): Promise<ContractTransactionResponse> {
  return (contract.connect(signer) as BaseContract).getFunction(signature).send(...args);
}

/** Deploys the reference contracts and measures their mint, transfer and split. */
export async function measureReferenceGas(): Promise<ReferenceGas> {
  const signers = await ethers.getSigners();
  if (signers.length < 3) throw new Error("the reference measurements need 3 accounts");
  // Accounts the benchmark does not use otherwise: the last three.
  const [deployer, alice, bob] = signers.slice(-3);

  // OpenZeppelin ERC-721.
  const erc721 = await ethers.deployContract("ReferenceERC721", [], deployer);
  await erc721.waitForDeployment();
  const erc721Mint = await gasOf("ERC-721 mint", send(erc721, deployer, "mint(address,uint256)", alice.address, 1n));
  const erc721Transfer = await gasOf(
    "ERC-721 transfer",
    send(erc721, alice, "transferFrom(address,address,uint256)", alice.address, bob.address, 1n),
  );
  if ((await erc721.getFunction("ownerOf")(1n)) !== bob.address) throw new Error("reference ERC-721: transfer failed");

  // ERC-3525 reference implementation.
  const { abi, bytecode } = compileErc3525();
  const erc3525 = await new ContractFactory(abi as never[], bytecode, deployer).deploy(
    "Reference ERC-3525",
    "REF3525",
    2,
  );
  await erc3525.waitForDeployment();
  // Its id generator starts at 1 and gives derived tokens their ids: mint far from it.
  const tokenId = 1_000_000n;
  const slot = 1n;
  const erc3525Mint = await gasOf(
    "ERC-3525 mint",
    send(erc3525, deployer, "mint(address,uint256,uint256,uint256)", alice.address, tokenId, slot, 10_000_000n),
  );
  const erc3525SplitToNewToken = await gasOf(
    "ERC-3525 split",
    send(erc3525, alice, "transferFrom(uint256,address,uint256)", tokenId, bob.address, 1_000_000n),
  );
  // The new token is the generator's first id.
  const [remaining, split, newOwner] = await Promise.all([
    erc3525.getFunction("balanceOf(uint256)")(tokenId),
    erc3525.getFunction("balanceOf(uint256)")(1n),
    erc3525.getFunction("ownerOf")(1n),
  ]);
  if (remaining !== 9_000_000n || split !== 1_000_000n || newOwner !== bob.address) {
    throw new Error(`reference ERC-3525: split failed (${remaining}, ${split}, ${newOwner})`);
  }
  return { erc721Mint, erc721Transfer, erc3525Mint, erc3525SplitToNewToken };
}
