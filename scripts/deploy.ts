/**
 * Deploys the consortium's contracts to any EVM chain through standard JSON-RPC only, and records
 * the deployment in deployments/<chainId>.json for the backend and the web app.
 *
 *   npx ts-node scripts/deploy.ts              (npm run deploy)
 *
 * Environment:
 *   RPC_URL               JSON-RPC endpoint (default http://127.0.0.1:8545)
 *   DEPLOYER_PRIVATE_KEY  key of the governance account; when unset, the node's first unlocked
 *                         account (eth_accounts) signs, as on a local development chain
 *   DEPLOY_OVERWRITE=1    allow replacing the recorded deployment of a non-development chain
 *
 * No Hardhat runtime here: a plain ethers JsonRpcProvider, TypeChain factories, and only standard
 * calls (never the dev-chain-only evm_* methods), so the same script deploys to a Besu/QBFT chain.
 */
import fs from "node:fs";
import path from "node:path";
import { JsonRpcProvider, Network, Wallet, type Signer } from "ethers";
import {
  deployConsortium,
  deploymentPath,
  writeDeployment,
  type ConsortiumContracts,
  type Deployment,
  type DeployOptions,
} from "./lib/consortium";
import { describeError } from "./lib/demo/errors";
import { probeChainId, rpcCall, RpcCallError } from "./lib/demo/rpc";

export const DEFAULT_RPC_URL = "http://127.0.0.1:8545";

/** Chains whose deployment record is throw-away (Hardhat, Anvil, Ganache): overwritten without asking. */
export const DEVELOPMENT_CHAIN_IDS: readonly number[] = [31337, 1337];

export interface DeployParams {
  /** JSON-RPC endpoint; default RPC_URL's default. */
  rpcUrl?: string;
  /** Governance key; when absent (or empty) the node's first unlocked account signs. */
  privateKey?: string;
  /** Where deployments/<chainId>.json goes (tests point it elsewhere). */
  deploymentsDir?: string;
  /** Replace an existing record of a non-development chain. */
  overwrite?: boolean;
  /** Deadline of the first call to the node. */
  timeoutMs?: number;
  /** Progress output, one line per step. */
  log?: (line: string) => void;
  /** Passed on to deployConsortium (currency, token name...). */
  consortium?: Omit<DeployOptions, "log">;
}

export interface DeployResult {
  deployment: Deployment;
  /** The file the deployment was recorded in. */
  file: string;
  contracts: ConsortiumContracts;
  provider: JsonRpcProvider;
  deployer: Signer;
  deployerAddress: string;
}

/**
 * Checks that a JSON-RPC node answers at `rpcUrl` and returns a provider bound to its chain. The
 * network is fixed up front, so ethers never retries detection forever when the node goes away.
 */
export async function connect(
  rpcUrl: string,
  timeoutMs = 5_000,
): Promise<{ provider: JsonRpcProvider; chainId: number }> {
  const chainId = await probeChainId(rpcUrl, timeoutMs);
  const network = Network.from(chainId);
  // No request cache: a key's next nonce must be read fresh after each transaction, or a chain that
  // mines instantly would hand the second deployment the first one's nonce.
  const provider = new JsonRpcProvider(rpcUrl, network, {
    staticNetwork: network,
    pollingInterval: 500,
    cacheTimeout: -1,
  });
  return { provider, chainId };
}

/**
 * The governance signer: a Wallet for `privateKey`, or else the node's first unlocked account.
 * Throws a message that says what to do when neither is available.
 */
export async function resolveDeployer(
  provider: JsonRpcProvider,
  rpcUrl: string,
  privateKey?: string,
): Promise<{ signer: Signer; address: string; source: string }> {
  if (privateKey !== undefined && privateKey.trim() !== "") {
    const key = privateKey.trim();
    let wallet: Wallet;
    try {
      wallet = new Wallet(key.startsWith("0x") ? key : `0x${key}`, provider);
    } catch {
      // Never echo the key itself.
      throw new Error("DEPLOYER_PRIVATE_KEY is not a valid private key (expected 32 bytes as hex)");
    }
    return { signer: wallet, address: wallet.address, source: "DEPLOYER_PRIVATE_KEY" };
  }
  let accounts: unknown;
  try {
    accounts = await rpcCall(rpcUrl, "eth_accounts");
  } catch (error) {
    const reason = error instanceof RpcCallError ? error.message : String(error);
    throw new Error(
      `the node at ${rpcUrl} does not provide unlocked accounts (${reason}); set DEPLOYER_PRIVATE_KEY to deploy with a key`,
    );
  }
  if (!Array.isArray(accounts) || accounts.length === 0) {
    throw new Error(
      `the node at ${rpcUrl} has no unlocked accounts; set DEPLOYER_PRIVATE_KEY to the governance account's key`,
    );
  }
  const signer = await provider.getSigner(0);
  return { signer, address: await signer.getAddress(), source: "the node's unlocked account #0" };
}

/** Rejects when the deployer cannot pay for gas on a chain that charges for it. */
async function assertCanPayGas(provider: JsonRpcProvider, address: string, chainId: number): Promise<void> {
  const [balance, fees] = await Promise.all([provider.getBalance(address), provider.getFeeData()]);
  const price = fees.maxFeePerGas ?? fees.gasPrice ?? 0n;
  if (balance === 0n && price > 0n) {
    throw new Error(`the deployer ${address} has no ether to pay for gas on chain ${chainId}; fund it first`);
  }
}

/** Deploys the consortium to the chain at `params.rpcUrl` and records it. */
export async function deploy(params: DeployParams = {}): Promise<DeployResult> {
  const rpcUrl = params.rpcUrl?.trim() || DEFAULT_RPC_URL;
  const log = params.log ?? (() => undefined);
  const { provider, chainId } = await connect(rpcUrl, params.timeoutMs);
  try {
    const file = deploymentPath(chainId, params.deploymentsDir);
    if (fs.existsSync(file) && !DEVELOPMENT_CHAIN_IDS.includes(chainId) && !params.overwrite) {
      throw new Error(
        `${file} already records a deployment on chain ${chainId}; move it away or set DEPLOY_OVERWRITE=1 to replace it`,
      );
    }
    const { signer, address, source } = await resolveDeployer(provider, rpcUrl, params.privateKey);
    await assertCanPayGas(provider, address, chainId);
    log(`Deploying to chain ${chainId} at ${rpcUrl} as ${address} (${source})`);
    let deployed: Awaited<ReturnType<typeof deployConsortium>>;
    try {
      deployed = await deployConsortium(signer, { ...params.consortium, log });
    } catch (error) {
      throw new Error(`deployment to chain ${chainId} failed: ${describeError(error)}`, { cause: error });
    }
    const written = writeDeployment(deployed.deployment, params.deploymentsDir);
    log(`Recorded the deployment in ${path.relative(process.cwd(), written) || written}`);
    return { ...deployed, file: written, provider, deployer: signer, deployerAddress: address };
  } catch (error) {
    provider.destroy();
    throw error;
  }
}

async function main(): Promise<void> {
  const result = await deploy({
    rpcUrl: process.env.RPC_URL,
    privateKey: process.env.DEPLOYER_PRIVATE_KEY,
    overwrite: process.env.DEPLOY_OVERWRITE === "1",
    log: (line) => console.log(line),
  });
  result.provider.destroy();
  console.log(`\nChain ${result.deployment.chainId}, governance ${result.deployment.governance}`);
  for (const [name, address] of Object.entries(result.deployment.contracts)) {
    console.log(`  ${name.padEnd(18)} ${address}`);
  }
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(`deploy: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  });
}
