/**
 * The local development chain of `npm start`: making sure the contracts are compiled, starting
 * `hardhat node` as a child process, waiting until it answers, and stopping it cleanly. Depends on
 * nothing generated (no TypeChain types), so it can run before the first compilation.
 */
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import path from "node:path";
import { probeChainId, RpcUnreachableError } from "./rpc";

/** The product contracts whose artifacts deployment needs. */
const PRODUCT_CONTRACTS = [
  "membership/MemberRegistry",
  "settlement/SettlementToken",
  "assets/Receivables",
  "assets/PurchaseOrders",
  "assets/WarehouseReceipts",
  "financing/CreditLimits",
  "financing/Factoring",
  "financing/OrderFinancing",
  "financing/ReceiptFinancing",
];

/** Parses a TCP port from the environment, `fallback` when unset. */
export function parsePort(value: string | undefined, fallback: number, name = "CHAIN_PORT"): number {
  if (value === undefined || value.trim() === "") return fallback;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 1 || port > 65_535) {
    throw new Error(`${name} must be a TCP port number (1 to 65535), got "${value}"`);
  }
  return port;
}

/** Runs a command with the output shown to the user; rejects when it fails. */
export function runCommand(command: string, args: string[], cwd: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, stdio: "inherit" });
    child.on("error", (error) => reject(new Error(`could not run ${command} ${args.join(" ")}: ${error.message}`)));
    child.on("exit", (code, signal) => {
      if (code === 0) resolve();
      else reject(new Error(`${command} ${args.join(" ")} failed (${signal ?? `exit code ${code}`})`));
    });
  });
}

function newestMtime(dir: string, extension: string): number {
  if (!fs.existsSync(dir)) return 0;
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestMtime(full, extension));
    else if (entry.name.endsWith(extension)) newest = Math.max(newest, fs.statSync(full).mtimeMs);
  }
  return newest;
}

/** Why the project must be (re)compiled before deployment, or null when its build is current. */
export function compilationNeeded(root: string): string | null {
  for (const name of PRODUCT_CONTRACTS) {
    const base = path.basename(name);
    const artifact = path.join(root, "artifacts", "contracts", `${name}.sol`, `${base}.json`);
    if (!fs.existsSync(artifact)) return `the artifact of ${base} is missing`;
    const factory = path.join(root, "typechain-types", "factories", "contracts", `${name}__factory.ts`);
    if (!fs.existsSync(factory)) return `the TypeChain factory of ${base} is missing`;
  }
  const cache = path.join(root, "cache", "solidity-files-cache.json");
  if (!fs.existsSync(cache)) return "the compilation cache is missing";
  if (newestMtime(path.join(root, "contracts"), ".sol") > fs.statSync(cache).mtimeMs) {
    return "contracts changed since the last compilation";
  }
  return null;
}

/** Compiles the contracts (and generates their TypeChain types) unless the build is current. */
export async function ensureCompiled(root: string, log: (line: string) => void): Promise<void> {
  const reason = compilationNeeded(root);
  if (reason === null) return;
  log(`Compiling the contracts: ${reason}.`);
  await runCommand("npx", ["hardhat", "compile"], root);
  // `hardhat compile` only generates types for what it compiled; a full TypeChain run fills the gaps
  // (for instance when artifacts/ survived but typechain-types/ was deleted).
  if (compilationNeeded(root) !== null) await runCommand("npx", ["hardhat", "typechain"], root);
  const still = compilationNeeded(root);
  if (still !== null) throw new Error(`compilation did not produce what deployment needs: ${still}`);
}

/** Rejects with a clear message when something already listens on `host:port`. */
export function assertPortFree(host: string, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", (error: NodeJS.ErrnoException) => {
      if (error.code === "EADDRINUSE") {
        reject(
          new Error(
            `port ${port} on ${host} is already in use (another node, or a previous \`npm start\` still running?). ` +
              `Stop it, or pick another port: CHAIN_PORT=${port === 8545 ? 8546 : port + 1} npm start`,
          ),
        );
      } else {
        reject(new Error(`cannot listen on ${host}:${port}: ${error.message}`));
      }
    });
    server.listen(port, host, () => server.close(() => resolve()));
  });
}

/** The last lines of a log file, to explain why a child process stopped. */
export function tail(file: string, lines = 15): string {
  if (!fs.existsSync(file)) return "";
  const text = fs.readFileSync(file, "utf8").trimEnd();
  return text.split("\n").slice(-lines).join("\n");
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

export interface LocalChain {
  /** JSON-RPC endpoint, e.g. http://127.0.0.1:8545 */
  url: string;
  chainId: number;
  pid: number;
  /** Where the node's own output goes (it logs every JSON-RPC call). */
  logFile: string;
  /** Settles when the node process ends, for whatever reason. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Stops the node (SIGTERM, then SIGKILL after `graceMs`) and waits for it to end. */
  stop(graceMs?: number): Promise<void>;
}

export interface StartChainOptions {
  root: string;
  host: string;
  port: number;
  logFile: string;
  /** How long to wait for the node to answer eth_chainId. */
  readyTimeoutMs?: number;
}

/** Signals the node's whole process group (npx and the node it runs). */
function signalGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // The group is gone already.
  }
}

/**
 * Starts `npx hardhat node` on `host:port` in its own process group, its output going to `logFile`,
 * and resolves once it answers eth_chainId. Rejects (after stopping it) when it exits or stays silent
 * for `readyTimeoutMs`.
 */
export async function startLocalChain(options: StartChainOptions): Promise<LocalChain> {
  const { root, host, port, logFile } = options;
  const readyTimeoutMs = options.readyTimeoutMs ?? 60_000;
  const url = `http://${host}:${port}`;
  fs.mkdirSync(path.dirname(logFile), { recursive: true });
  const out = fs.openSync(logFile, "w");
  const child = spawn("npx", ["hardhat", "node", "--hostname", host, "--port", String(port)], {
    cwd: root,
    // Its own process group: Ctrl-C reaches this script only, which then stops the node in order.
    detached: true,
    stdio: ["ignore", out, out],
  });
  fs.closeSync(out);
  if (child.pid === undefined) {
    throw new Error("could not start `npx hardhat node` (is npx on the PATH?)");
  }
  const pid = child.pid;
  let ended = false;
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.on("exit", (code, signal) => {
      ended = true;
      resolve({ code, signal });
    });
  });
  // Never leave an orphaned node behind, even when this process dies of an uncaught error.
  const killOnExit = () => {
    if (!ended) signalGroup(child, "SIGKILL");
  };
  process.on("exit", killOnExit);

  const stop = async (graceMs = 5_000) => {
    if (!ended) {
      signalGroup(child, "SIGTERM");
      const timer = sleep(graceMs).then(() => "timeout" as const);
      if ((await Promise.race([exited, timer])) === "timeout") {
        signalGroup(child, "SIGKILL");
        await exited;
      }
    }
    process.off("exit", killOnExit);
  };

  const deadline = Date.now() + readyTimeoutMs;
  for (;;) {
    if (ended) {
      const { code, signal } = await exited;
      const lastLines = tail(logFile);
      throw new Error(
        `the local chain stopped before answering (${signal ?? `exit code ${code}`}); its last output (${logFile}):\n` +
          lastLines,
      );
    }
    try {
      const chainId = await probeChainId(url, 1_000);
      return { url, chainId, pid, logFile, exited, stop };
    } catch (error) {
      if (!(error instanceof RpcUnreachableError)) {
        await stop();
        throw error;
      }
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(
        `the local chain did not answer eth_chainId at ${url} within ${Math.round(readyTimeoutMs / 1000)} s; ` +
          `its last output (${logFile}):\n${tail(logFile)}`,
      );
    }
    await sleep(250);
  }
}
