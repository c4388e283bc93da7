/**
 * Ponder peer of the consortium indexer (benchmark only). Where to index comes from the environment:
 * - SCF_DEPLOYMENT_FILE: a deployment JSON (scripts/lib/consortium.ts `Deployment`: chainId,
 *   startBlock, contracts) — required unless every value below is given;
 * - SCF_RPC_URL: the node's JSON-RPC URL (default http://127.0.0.1:8545);
 * - SCF_CHAIN_ID, SCF_START_BLOCK: override the deployment's chain id and start block;
 * - SCF_ADDRESS_<NAME> (e.g. SCF_ADDRESS_RECEIVABLES): override one contract address;
 * - DATABASE_URL: PostgreSQL; absent, PGlite in SCF_PGLITE_DIR (default .ponder/pglite).
 */
import fs from "node:fs";
import { createConfig } from "ponder";
import {
  CreditLimitsAbi,
  FactoringAbi,
  MemberRegistryAbi,
  OrderFinancingAbi,
  PurchaseOrdersAbi,
  ReceiptFinancingAbi,
  ReceivablesAbi,
  SettlementTokenAbi,
  WarehouseReceiptsAbi,
} from "./abis.generated";

type ContractKey =
  | "registry"
  | "settlementToken"
  | "receivables"
  | "purchaseOrders"
  | "warehouseReceipts"
  | "creditLimits"
  | "factoring"
  | "orderFinancing"
  | "receiptFinancing";

interface DeploymentFile {
  chainId?: number;
  startBlock?: number;
  contracts?: Partial<Record<ContractKey, string>>;
}

const file = process.env.SCF_DEPLOYMENT_FILE;
const deployment: DeploymentFile = file ? JSON.parse(fs.readFileSync(file, "utf8")) : {};

function setting(name: string, fallback: number | undefined): number {
  const raw = process.env[name];
  const value = raw !== undefined && raw !== "" ? Number(raw) : fallback;
  if (value === undefined || !Number.isInteger(value) || value < 0) {
    throw new Error(`${name} (or SCF_DEPLOYMENT_FILE) must give a non-negative integer`);
  }
  return value;
}

function address(key: ContractKey): `0x${string}` {
  const env = `SCF_ADDRESS_${key.replace(/[A-Z]/g, (c) => `_${c}`).toUpperCase()}`;
  const value = process.env[env] || deployment.contracts?.[key];
  if (!value || !/^0x[0-9a-fA-F]{40}$/.test(value)) {
    throw new Error(`no address for ${key}: set SCF_DEPLOYMENT_FILE or ${env}`);
  }
  return value as `0x${string}`;
}

const chainId = setting("SCF_CHAIN_ID", deployment.chainId);
const startBlock = setting("SCF_START_BLOCK", deployment.startBlock);
const chain = "consortium" as const;

export default createConfig({
  database: process.env.DATABASE_URL
    ? { kind: "postgres", connectionString: process.env.DATABASE_URL }
    : { kind: "pglite", directory: process.env.SCF_PGLITE_DIR || undefined },
  chains: {
    [chain]: { id: chainId, rpc: process.env.SCF_RPC_URL || "http://127.0.0.1:8545", pollingInterval: 1_000 },
  },
  contracts: {
    MemberRegistry: { chain, abi: MemberRegistryAbi, address: address("registry"), startBlock },
    SettlementToken: { chain, abi: SettlementTokenAbi, address: address("settlementToken"), startBlock },
    Receivables: { chain, abi: ReceivablesAbi, address: address("receivables"), startBlock },
    PurchaseOrders: { chain, abi: PurchaseOrdersAbi, address: address("purchaseOrders"), startBlock },
    WarehouseReceipts: { chain, abi: WarehouseReceiptsAbi, address: address("warehouseReceipts"), startBlock },
    CreditLimits: { chain, abi: CreditLimitsAbi, address: address("creditLimits"), startBlock },
    Factoring: { chain, abi: FactoringAbi, address: address("factoring"), startBlock },
    OrderFinancing: { chain, abi: OrderFinancingAbi, address: address("orderFinancing"), startBlock },
    ReceiptFinancing: { chain, abi: ReceiptFinancingAbi, address: address("receiptFinancing"), startBlock },
  },
});
