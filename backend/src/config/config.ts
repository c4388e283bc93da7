/**
 * The backend's configuration, read from the environment once at start and validated: every wrong or
 * missing value is reported with what was expected, all at once, before anything connects.
 */
import fs from "node:fs";
import path from "node:path";
import type { ContractName, Deployment } from "../../../scripts/lib/consortium";

export const REPO_ROOT = path.resolve(__dirname, "..", "..", "..");
/** Where `npm run build -w web` writes the portal. */
export const DEFAULT_PORTAL_DIR = path.join(REPO_ROOT, "web", "dist");

export type LogLevel = "error" | "warn" | "info" | "debug";
const LOG_LEVELS: readonly LogLevel[] = ["error", "warn", "info", "debug"];

/** The deployment file's fields the backend reads (written by scripts/lib/consortium.ts). */
export type DeploymentFile = Pick<Deployment, "chainId" | "currency" | "startBlock" | "contracts">;
export type { ContractName };

/** Every contract of a deployment, for validating the file at run time (checked against ContractName). */
export const CONTRACT_NAMES = [
  "registry",
  "settlementToken",
  "receivables",
  "purchaseOrders",
  "warehouseReceipts",
  "creditLimits",
  "factoring",
  "orderFinancing",
  "receiptFinancing",
] as const satisfies readonly ContractName[];

export interface BackendConfig {
  rpcUrl: string;
  chainId: number;
  deploymentFile: string;
  deployment: DeploymentFile;
  /** PostgreSQL connection string; absent: embedded PGlite in `pgliteDir`. */
  databaseUrl?: string;
  pgliteDir: string;
  /** Blocks behind the head that the indexer waits for before indexing a block. */
  confirmations: number;
  /** Blocks behind the head after which a block is final: older blocks are not journaled for reorgs. */
  finalityDepth: number;
  pollIntervalMs: number;
  /** Largest block range per eth_getLogs call (the indexer shrinks it when the node refuses). */
  maxBlockRange: number;
  /** About how many events one batch (one transaction) holds; whole blocks, so a large block may exceed it. */
  batchEvents: number;
  rpcTimeoutMs: number;
  /** How long a query naming a block waits for it to be indexed. */
  minBlockTimeoutMs: number;
  logLevel: LogLevel;
  host: string;
  port: number;
  /** false: serve the API only (another instance indexes). */
  indexer: boolean;
  /** Domains (host[:port]) a SIWE message may name; empty: the server's own address (localhost and HOST, at the port it listens on). */
  siweDomains: string[];
  sessionTtlSeconds: number;
  nonceTtlSeconds: number;
  /** Sign-in attempts (nonces and signIn calls) allowed per client IP per minute. */
  signInPerMinute: number;
  /** JSON-RPC requests relayed by POST /rpc per client IP per minute (each request of a batch counts). */
  relayPerMinute: number;
  /** Kubo RPC API URL (e.g. http://127.0.0.1:5001); absent: the embedded Helia node in `ipfsDir`. */
  kuboUrl?: string;
  ipfsDir: string;
  /** Largest document accepted by the upload endpoint, in bytes. */
  uploadMaxBytes: number;
  /** Uploads allowed per member per minute. */
  uploadsPerMinute: number;
  /** The built web portal (index.html + assets/), served at `/`; absent (a hand-made configuration): DEFAULT_PORTAL_DIR. */
  portalDir?: string;
  /** The portal's picker of the demo consortium's accounts, signing in the browser (local chain 31337 only). */
  portalDevSigner?: boolean;
}

/** The chain id of a local development chain (Hardhat, Anvil): the only one the portal's dev signer may sign for. */
export const LOCAL_CHAIN_ID = 31337;

export class ConfigError extends Error {
  constructor(public readonly problems: string[]) {
    super(`invalid configuration:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    this.name = "ConfigError";
  }
}

type Env = Record<string, string | undefined>;

function integer(env: Env, name: string, fallback: number, min: number, max: number, problems: string[]): number {
  const raw = env[name];
  if (raw === undefined || raw === "") return fallback;
  if (!/^\d+$/.test(raw.trim())) {
    problems.push(`${name} must be a whole number between ${min} and ${max}, got "${raw}"`);
    return fallback;
  }
  const value = Number(raw.trim());
  if (value < min || value > max) problems.push(`${name} must be between ${min} and ${max}, got ${value}`);
  return value;
}

function url(env: Env, name: string, fallback: string | undefined, protocols: string[], problems: string[]) {
  const raw = env[name];
  if (raw === undefined || raw === "") return fallback;
  try {
    const parsed = new URL(raw);
    if (!protocols.includes(parsed.protocol)) {
      problems.push(`${name} must be a ${protocols.join(" or ")} URL, got "${raw}"`);
    }
  } catch {
    problems.push(`${name} is not a URL: "${raw}"`);
  }
  return raw;
}

/** Reads and checks a deployment file written by `npm run deploy` (scripts/lib/consortium.ts). */
export function readDeploymentFile(file: string): DeploymentFile {
  let parsed: unknown;
  try {
    parsed = JSON.parse(fs.readFileSync(file, "utf8"));
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === "ENOENT" ? "does not exist" : (error as Error).message;
    throw new ConfigError([`deployment file ${file} ${reason} (run \`npm run deploy\` or set DEPLOYMENT_FILE)`]);
  }
  const d = parsed as Partial<DeploymentFile>;
  const problems: string[] = [];
  if (!Number.isSafeInteger(d.chainId)) problems.push(`deployment file ${file}: chainId missing`);
  if (!Number.isSafeInteger(d.startBlock) || (d.startBlock as number) < 0) {
    problems.push(`deployment file ${file}: startBlock missing`);
  }
  for (const name of CONTRACT_NAMES) {
    const address = d.contracts?.[name];
    if (typeof address !== "string" || !/^0x[0-9a-fA-F]{40}$/.test(address)) {
      problems.push(`deployment file ${file}: contracts.${name} is not an address`);
    }
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return d as DeploymentFile;
}

/** Builds the configuration from `env` (default: process.env); throws a ConfigError listing every problem. */
export function loadConfig(env: Env = process.env): BackendConfig {
  const problems: string[] = [];
  const rpcUrl = url(env, "RPC_URL", "http://127.0.0.1:8545", ["http:", "https:"], problems) as string;
  const databaseUrl = url(env, "DATABASE_URL", undefined, ["postgres:", "postgresql:"], problems);
  const chainIdSetting = integer(env, "CHAIN_ID", 31337, 1, 2 ** 32, problems);
  const logLevel = (env.LOG_LEVEL ?? "info") as LogLevel;
  if (!LOG_LEVELS.includes(logLevel))
    problems.push(`LOG_LEVEL must be one of ${LOG_LEVELS.join(", ")}, got "${logLevel}"`);
  const indexerSetting = env.INDEXER ?? "on";
  if (!["on", "off"].includes(indexerSetting)) problems.push(`INDEXER must be "on" or "off", got "${indexerSetting}"`);
  const devSignerSetting = env.PORTAL_DEV_SIGNER ?? "0";
  if (!["0", "1", ""].includes(devSignerSetting)) {
    problems.push(`PORTAL_DEV_SIGNER must be "1" or "0", got "${devSignerSetting}"`);
  } else if (devSignerSetting === "1" && chainIdSetting !== LOCAL_CHAIN_ID) {
    problems.push(
      `PORTAL_DEV_SIGNER=1 is only allowed on a local development chain (CHAIN_ID ${LOCAL_CHAIN_ID}), but CHAIN_ID is ${chainIdSetting}: the demo accounts' keys are public`,
    );
  }

  const config = {
    rpcUrl,
    chainId: chainIdSetting,
    deploymentFile: path.resolve(env.DEPLOYMENT_FILE ?? path.join(REPO_ROOT, "deployments", `${chainIdSetting}.json`)),
    databaseUrl,
    pgliteDir: path.resolve(env.PGLITE_DIR ?? path.join(REPO_ROOT, ".data", `pglite-${chainIdSetting}`)),
    confirmations: integer(env, "CONFIRMATIONS", 0, 0, 1000, problems),
    finalityDepth: integer(env, "FINALITY_DEPTH", 64, 1, 100_000, problems),
    pollIntervalMs: integer(env, "POLL_INTERVAL_MS", 50, 5, 600_000, problems),
    maxBlockRange: integer(env, "MAX_BLOCK_RANGE", 5000, 1, 1_000_000, problems),
    batchEvents: integer(env, "BATCH_EVENTS", 5000, 1, 1_000_000, problems),
    rpcTimeoutMs: integer(env, "RPC_TIMEOUT_MS", 15_000, 100, 600_000, problems),
    minBlockTimeoutMs: integer(env, "MIN_BLOCK_TIMEOUT_MS", 10_000, 0, 600_000, problems),
    logLevel,
    host: env.HOST ?? "127.0.0.1",
    port: integer(env, "PORT", 4000, 0, 65535, problems),
    indexer: indexerSetting !== "off",
    siweDomains: (env.SIWE_DOMAIN ?? "")
      .split(",")
      .map((d) => d.trim())
      .filter((d) => d !== ""),
    sessionTtlSeconds: integer(env, "SESSION_TTL_SECONDS", 8 * 3600, 60, 30 * 86_400, problems),
    nonceTtlSeconds: integer(env, "NONCE_TTL_SECONDS", 300, 10, 3600, problems),
    signInPerMinute: integer(env, "SIGN_IN_PER_MINUTE", 30, 1, 100_000, problems),
    relayPerMinute: integer(env, "RPC_RELAY_PER_MINUTE", 1200, 1, 1_000_000, problems),
    kuboUrl: url(env, "KUBO_URL", undefined, ["http:", "https:"], problems),
    ipfsDir: path.resolve(env.IPFS_DIR ?? path.join(REPO_ROOT, ".data", `ipfs-${chainIdSetting}`)),
    uploadMaxBytes: integer(env, "UPLOAD_MAX_BYTES", 10 * 1024 * 1024, 1024, 1024 * 1024 * 1024, problems),
    uploadsPerMinute: integer(env, "UPLOADS_PER_MINUTE", 30, 1, 100_000, problems),
    portalDir: path.resolve(env.PORTAL_DIR || DEFAULT_PORTAL_DIR),
    portalDevSigner: devSignerSetting === "1",
  };
  for (const domain of config.siweDomains) {
    if (!/^[a-z0-9.-]+(:\d{1,5})?$/i.test(domain))
      problems.push(`SIWE_DOMAIN must list host[:port] values, got "${domain}"`);
  }
  if (problems.length > 0) throw new ConfigError(problems);

  const deployment = readDeploymentFile(config.deploymentFile);
  if (deployment.chainId !== config.chainId) {
    throw new ConfigError([
      `deployment file ${config.deploymentFile} is for chain ${deployment.chainId}, but CHAIN_ID is ${config.chainId}`,
    ]);
  }
  return { ...config, deployment };
}
