/**
 * Deploys and wires the consortium's contracts with any ethers signer, using only standard JSON-RPC
 * (eth_sendTransaction / eth_sendRawTransaction, eth_getTransactionReceipt, eth_chainId). The same code
 * serves the tests (Hardhat's in-process network), `npm start` (a local node) and a production
 * consortium chain (Besu/QBFT) reached through its RPC URL.
 */
import fs from "node:fs";
import path from "node:path";
import { encodeBytes32String, hexlify, type Signer, toUtf8Bytes, ZeroHash } from "ethers";
import {
  CreditLimits__factory,
  Factoring__factory,
  MemberRegistry__factory,
  OrderFinancing__factory,
  PurchaseOrders__factory,
  ReceiptFinancing__factory,
  Receivables__factory,
  SettlementToken__factory,
  WarehouseReceipts__factory,
  type CreditLimits,
  type Factoring,
  type MemberRegistry,
  type OrderFinancing,
  type PurchaseOrders,
  type ReceiptFinancing,
  type Receivables,
  type SettlementToken,
  type WarehouseReceipts,
} from "../../typechain-types";

/** Member role bits, as in contracts/libraries/Roles.sol. */
export const Role = {
  OPERATOR: 1,
  CORE_ENTERPRISE: 2,
  SUPPLIER: 4,
  BANK: 8,
  WAREHOUSE: 16,
  REGULATOR: 32,
  SYSTEM: 64,
} as const;

/** ISO 4217 code as the contracts' `bytes3`, e.g. "CNY" -> 0x434e59. */
export function currencyCode(code: string): string {
  if (!/^[A-Z]{3}$/.test(code)) throw new Error(`currency must be three capital letters, got "${code}"`);
  return hexlify(toUtf8Bytes(code));
}

/** Short text (at most 31 bytes) as bytes32, for org ids, units and references. */
export function text32(value: string): string {
  return encodeBytes32String(value);
}

export interface ConsortiumContracts {
  registry: MemberRegistry;
  settlementToken: SettlementToken;
  receivables: Receivables;
  purchaseOrders: PurchaseOrders;
  warehouseReceipts: WarehouseReceipts;
  creditLimits: CreditLimits;
  factoring: Factoring;
  orderFinancing: OrderFinancing;
  receiptFinancing: ReceiptFinancing;
}

export type ContractName = keyof ConsortiumContracts;

/** What later parts (backend, web) read: where each contract lives and from which block to index. */
export interface Deployment {
  chainId: number;
  currency: string;
  startBlock: number;
  deployedAt: string;
  governance: string;
  contracts: Record<ContractName, string>;
}

export interface DeployOptions {
  currency?: string;
  tokenName?: string;
  tokenSymbol?: string;
  operatorOrg?: string;
  /** Called after each step, for progress output. */
  log?: (line: string) => void;
}

/** Deploys every contract, admits the protocol contracts (SYSTEM role) and registers the token. */
export async function deployConsortium(
  governance: Signer,
  options: DeployOptions = {},
): Promise<{ contracts: ConsortiumContracts; deployment: Deployment }> {
  const log = options.log ?? (() => undefined);
  const currency = options.currency ?? "CNY";
  const provider = governance.provider;
  if (!provider) throw new Error("the deployer signer needs a provider");
  const governanceAddress = await governance.getAddress();
  const { chainId } = await provider.getNetwork();
  const startBlock = await provider.getBlockNumber();

  async function deployed<T extends { waitForDeployment(): Promise<unknown>; getAddress(): Promise<string> }>(
    name: string,
    pending: Promise<T>,
  ): Promise<T> {
    const contract = await pending;
    await contract.waitForDeployment();
    log(`deployed ${name} at ${await contract.getAddress()}`);
    return contract;
  }

  const registry = await deployed(
    "MemberRegistry",
    new MemberRegistry__factory(governance).deploy(
      governanceAddress,
      text32(options.operatorOrg ?? "consortium-operator"),
    ),
  );
  const settlementToken = await deployed(
    "SettlementToken",
    new SettlementToken__factory(governance).deploy(
      registry,
      options.tokenName ?? `Tokenized Deposit ${currency}`,
      options.tokenSymbol ?? `d${currency}`,
      currencyCode(currency),
    ),
  );
  const receivables = await deployed("Receivables", new Receivables__factory(governance).deploy(registry));
  const purchaseOrders = await deployed(
    "PurchaseOrders",
    new PurchaseOrders__factory(governance).deploy(registry, receivables),
  );
  const warehouseReceipts = await deployed(
    "WarehouseReceipts",
    new WarehouseReceipts__factory(governance).deploy(registry),
  );
  const creditLimits = await deployed("CreditLimits", new CreditLimits__factory(governance).deploy(registry));
  const factoring = await deployed(
    "Factoring",
    new Factoring__factory(governance).deploy(registry, receivables, creditLimits),
  );
  const orderFinancing = await deployed(
    "OrderFinancing",
    new OrderFinancing__factory(governance).deploy(registry, receivables, creditLimits, purchaseOrders),
  );
  const receiptFinancing = await deployed(
    "ReceiptFinancing",
    new ReceiptFinancing__factory(governance).deploy(registry, receivables, creditLimits, warehouseReceipts),
  );

  // Protocol contracts that hold assets or cash in custody, or issue receivables, are SYSTEM members.
  const systemContracts: [string, { getAddress(): Promise<string> }][] = [
    ["receivables", receivables],
    ["purchase-orders", purchaseOrders],
    ["factoring", factoring],
    ["order-financing", orderFinancing],
    ["receipt-financing", receiptFinancing],
  ];
  for (const [org, contract] of systemContracts) {
    await (await registry.admit(await contract.getAddress(), text32(`protocol:${org}`), Role.SYSTEM, ZeroHash)).wait();
    log(`admitted ${org} as a protocol contract`);
  }
  await (await receivables.setSettlementToken(currencyCode(currency), settlementToken)).wait();
  log(`registered the ${currency} settlement token`);

  const contracts: ConsortiumContracts = {
    registry,
    settlementToken,
    receivables,
    purchaseOrders,
    warehouseReceipts,
    creditLimits,
    factoring,
    orderFinancing,
    receiptFinancing,
  };
  const addresses = {} as Record<ContractName, string>;
  for (const [name, contract] of Object.entries(contracts) as [ContractName, { getAddress(): Promise<string> }][]) {
    addresses[name] = await contract.getAddress();
  }
  return {
    contracts,
    deployment: {
      chainId: Number(chainId),
      currency,
      startBlock,
      deployedAt: new Date().toISOString(),
      governance: governanceAddress,
      contracts: addresses,
    },
  };
}

/** Where the deployment of `chainId` is recorded: `deployments/<chainId>.json` at the repository root. */
export function deploymentPath(chainId: number, dir = path.join(__dirname, "..", "..", "deployments")): string {
  return path.join(dir, `${chainId}.json`);
}

export function writeDeployment(deployment: Deployment, dir?: string): string {
  const file = deploymentPath(deployment.chainId, dir);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, `${JSON.stringify(deployment, null, 2)}\n`);
  return file;
}

export function readDeployment(chainId: number, dir?: string): Deployment {
  const file = deploymentPath(chainId, dir);
  if (!fs.existsSync(file)) throw new Error(`no deployment recorded for chain ${chainId} (${file})`);
  return JSON.parse(fs.readFileSync(file, "utf8")) as Deployment;
}
