/**
 * Runs the Ponder peer once over a deployment's history, from a cold start, and measures it:
 * wall time from spawning `ponder start` until its `/ready` endpoint answers 200 (historical backfill
 * done) and the peak resident memory of Ponder's process tree meanwhile. Used by
 * `npm run bench:indexer` (backend/bench/indexer.ts); CommonJS, run with ts-node from the repository.
 *
 * Fresh state every run: the project's `.ponder` folder is deleted; PGlite lives in a new directory;
 * with `databaseUrl`, a new database is created on that PostgreSQL server (and dropped afterwards),
 * so Ponder's RPC cache (`ponder_sync`) never carries over from a previous run.
 */
import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import { createRequire } from "node:module";
import net from "node:net";
import os from "node:os";
import path from "node:path";

export interface RunPonderOptions {
  rpcUrl: string;
  /** A deployment JSON (scripts/lib/consortium.ts `Deployment`). */
  deploymentFile: string;
  /** PostgreSQL URL of any database on the server to use; absent: Ponder's PGlite. */
  databaseUrl?: string;
  /** Where PGlite and Ponder's output go (default: a new temporary directory, removed afterwards). */
  workDir?: string;
  log?: (line: string) => void;
  /** Keep the PGlite directory / PostgreSQL database after the run, to inspect it (default false). */
  keepState?: boolean;
  /** Give up after this many seconds (default 1,800). */
  timeoutSeconds?: number;
}

export interface RunPonderResult {
  /** Wall time from spawning Ponder until `/ready` answered 200. */
  seconds: number;
  /** Peak resident set size of Ponder's process tree, sampled every 100 ms. */
  peakRssMb: number;
  /** Seconds until Ponder's HTTP server answered `/health` (build, database setup). */
  startupSeconds: number;
  /** Rows of Ponder's raw-event table once ready: should equal the history's event count. */
  indexedEvents?: number;
  /** Where the PostgreSQL database or the PGlite directory is, when `keepState` kept it. */
  keptState?: string;
}

const PONDER_DIR = __dirname;
const PONDER_BIN = path.join(PONDER_DIR, "node_modules", "ponder", "dist", "esm", "bin", "ponder.js");

/**
 * Installs the folder's locked dependencies when they are missing: `npm ci`, or, when npm finds the
 * lock out of sync because the registry lacks some optional platform packages (rollup's, for other
 * systems: `npm install` then skips them and leaves them out of the lock), `npm install` on the same
 * lock, which installs the same versions.
 */
export function ensurePonderInstalled(log: (line: string) => void = () => undefined): void {
  if (fs.existsSync(PONDER_BIN)) return;
  const npm = process.platform === "win32" ? "npm.cmd" : "npm";
  for (const command of ["ci", "install"]) {
    log(`ponder: installing ${PONDER_DIR} (npm ${command})`);
    const result = spawnSync(npm, [command, "--prefix", PONDER_DIR, "--no-audit", "--no-fund"], {
      cwd: PONDER_DIR,
      stdio: ["ignore", "inherit", "inherit"],
    });
    if (result.status === 0 && fs.existsSync(PONDER_BIN)) return;
  }
  throw new Error(`could not install ${PONDER_DIR} (npm ci and npm install failed)`);
}

/** Writes abis.generated.ts from the Hardhat artifacts. */
function generateAbis(): void {
  const result = spawnSync(process.execPath, [path.join(PONDER_DIR, "gen-abis.mjs")], {
    cwd: PONDER_DIR,
    encoding: "utf8",
  });
  if (result.status !== 0) throw new Error(`gen-abis.mjs failed: ${result.stderr || result.stdout}`);
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** Resident set size, in kB, of `pid` and all its descendants (Linux /proc). */
function treeRssKb(pid: number): number {
  let total = 0;
  const stack = [pid];
  const seen = new Set<number>();
  while (stack.length > 0) {
    const p = stack.pop()!;
    if (seen.has(p)) continue;
    seen.add(p);
    try {
      const status = fs.readFileSync(`/proc/${p}/status`, "utf8");
      const match = /^VmRSS:\s+(\d+)\s+kB/m.exec(status);
      if (match) total += Number(match[1]);
      for (const task of fs.readdirSync(`/proc/${p}/task`)) {
        const children = fs.readFileSync(`/proc/${p}/task/${task}/children`, "utf8").trim();
        if (children) for (const child of children.split(/\s+/)) stack.push(Number(child));
      }
    } catch {
      // The process ended meanwhile.
    }
  }
  return total;
}

async function httpStatus(url: string): Promise<number> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(2_000) });
    await response.arrayBuffer();
    return response.status;
  } catch {
    return 0;
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface PgClient {
  connect(): Promise<void>;
  query(sql: string): Promise<{ rows: Record<string, unknown>[] }>;
  end(): Promise<void>;
}

/** Runs `sql` on the database of `url`, with the `pg` driver Ponder depends on. */
async function pgQuery(url: string, sql: string): Promise<Record<string, unknown>[]> {
  const pg = createRequire(path.join(PONDER_DIR, "package.json"))("pg") as {
    Client: new (options: { connectionString: string }) => PgClient;
  };
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql)).rows;
  } finally {
    await client.end();
  }
}

function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

export async function runPonder(opts: RunPonderOptions): Promise<RunPonderResult> {
  const log = opts.log ?? (() => undefined);
  ensurePonderInstalled(log);
  generateAbis();
  const deploymentFile = path.resolve(opts.deploymentFile);
  if (!fs.existsSync(deploymentFile)) throw new Error(`no deployment file at ${deploymentFile}`);

  const ownWorkDir = opts.workDir === undefined;
  const workDir = opts.workDir ?? fs.mkdtempSync(path.join(os.tmpdir(), "scf-ponder-"));
  fs.mkdirSync(workDir, { recursive: true });
  // Fresh state: no build cache, logs or default PGlite database of a previous run.
  fs.rmSync(path.join(PONDER_DIR, ".ponder"), { recursive: true, force: true });
  const pgliteDir = path.join(workDir, `pglite-${Date.now()}`);

  let databaseUrl: string | undefined;
  let databaseName: string | undefined;
  if (opts.databaseUrl) {
    databaseName = `ponder_bench_${process.pid}_${Date.now().toString(36)}`;
    await pgQuery(opts.databaseUrl, `CREATE DATABASE "${databaseName}"`);
    databaseUrl = withDatabase(opts.databaseUrl, databaseName);
  }
  const schema = "scf_bench";
  const port = await freePort();
  const logFile = path.join(workDir, "ponder.log");
  const output = fs.createWriteStream(logFile);

  const env: NodeJS.ProcessEnv = {
    ...process.env,
    SCF_DEPLOYMENT_FILE: deploymentFile,
    SCF_RPC_URL: opts.rpcUrl,
    SCF_PGLITE_DIR: pgliteDir,
    DATABASE_SCHEMA: schema,
    PONDER_TELEMETRY_DISABLED: "true",
  };
  delete env.DATABASE_URL;
  delete env.DATABASE_PRIVATE_URL;
  if (databaseUrl) env.DATABASE_URL = databaseUrl;
  delete env.SCF_START_BLOCK;
  delete env.SCF_CHAIN_ID;

  log(`ponder: starting on port ${port} with ${databaseUrl ? `PostgreSQL database ${databaseName}` : "PGlite"}`);
  const started = process.hrtime.bigint();
  const elapsed = () => Number(process.hrtime.bigint() - started) / 1e9;
  const child = spawn(
    process.execPath,
    [PONDER_BIN, "start", "--root", PONDER_DIR, "--schema", schema, "--port", String(port), "--hostname", "127.0.0.1"],
    { cwd: PONDER_DIR, env, detached: true, stdio: ["ignore", "pipe", "pipe"] },
  );
  let exited: { code: number | null; signal: string | null } | undefined;
  const exitPromise = new Promise<void>((resolve) =>
    child.on("exit", (code, signal) => {
      exited = { code, signal };
      resolve();
    }),
  );
  const tail: string[] = [];
  const onOutput = (chunk: Buffer) => {
    output.write(chunk);
    for (const line of chunk.toString().split("\n")) {
      if (!line.trim()) continue;
      tail.push(line);
      if (tail.length > 30) tail.shift();
      if (/ERROR|WARN|Completed backfill|Started backfill/.test(line)) log(`ponder: ${line.trim()}`);
    }
  };
  child.stdout!.on("data", onOutput);
  child.stderr!.on("data", onOutput);

  let peakKb = 0;
  const sampler = setInterval(() => {
    if (child.pid !== undefined) peakKb = Math.max(peakKb, treeRssKb(child.pid));
  }, 100);

  const stop = async () => {
    clearInterval(sampler);
    if (!exited && child.pid !== undefined) {
      try {
        process.kill(-child.pid, "SIGTERM");
      } catch {
        // already gone
      }
      const killed = await Promise.race([exitPromise.then(() => true), sleep(15_000).then(() => false)]);
      if (!killed) {
        try {
          process.kill(-child.pid, "SIGKILL");
        } catch {
          // already gone
        }
        await exitPromise;
      }
    }
    output.end();
  };

  const base = `http://127.0.0.1:${port}`;
  const timeout = (opts.timeoutSeconds ?? 1_800) * 1000;
  let startupSeconds = 0;
  let seconds = 0;
  let indexedEvents: number | undefined;
  let keptState: string | undefined;
  try {
    for (;;) {
      if (exited) {
        throw new Error(
          `ponder exited (code ${exited.code}, signal ${exited.signal}) before it was ready:\n${tail.join("\n")}`,
        );
      }
      if (elapsed() * 1000 > timeout)
        throw new Error(`ponder was not ready after ${timeout / 1000} s (log: ${logFile})`);
      if (startupSeconds === 0 && (await httpStatus(`${base}/health`)) === 200) startupSeconds = elapsed();
      if (startupSeconds > 0 && (await httpStatus(`${base}/ready`)) === 200) {
        seconds = elapsed();
        break;
      }
      await sleep(100);
    }
    if (child.pid !== undefined) peakKb = Math.max(peakKb, treeRssKb(child.pid));
    log(`ponder: ready after ${seconds.toFixed(2)} s (server up after ${startupSeconds.toFixed(2)} s)`);
    indexedEvents = await countRawEvents(base);
  } finally {
    await stop();
    if (opts.keepState) {
      keptState = databaseUrl ?? pgliteDir;
    } else {
      if (databaseName && opts.databaseUrl) {
        await pgQuery(opts.databaseUrl, `DROP DATABASE IF EXISTS "${databaseName}" WITH (FORCE)`).catch((error) =>
          log(`ponder: could not drop database ${databaseName}: ${String(error)}`),
        );
      }
      fs.rmSync(pgliteDir, { recursive: true, force: true });
      if (ownWorkDir) fs.rmSync(workDir, { recursive: true, force: true });
    }
  }
  return { seconds, peakRssMb: Math.round(peakKb / 1024), startupSeconds, indexedEvents, keptState };
}

/** Rows of the raw-event table, through Ponder's GraphQL API (undefined when it cannot tell). */
async function countRawEvents(base: string): Promise<number | undefined> {
  try {
    const response = await fetch(`${base}/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ query: "{ rawEvents(limit: 1) { totalCount } }" }),
      signal: AbortSignal.timeout(30_000),
    });
    const body = (await response.json()) as { data?: { rawEvents?: { totalCount?: number } } };
    return body.data?.rawEvents?.totalCount;
  } catch {
    return undefined;
  }
}

// CLI: npx ts-node --transpile-only backend/bench/ponder/run.ts --rpc URL --deployment FILE [--database-url URL] [--keep]
if (require.main === module) {
  const args = process.argv.slice(2);
  const value = (name: string) => {
    const i = args.indexOf(`--${name}`);
    return i >= 0 ? args[i + 1] : undefined;
  };
  const deploymentFile = value("deployment");
  if (!deploymentFile) {
    console.error("usage: run.ts --rpc URL --deployment FILE [--database-url URL] [--keep]");
    process.exit(2);
  }
  runPonder({
    rpcUrl: value("rpc") ?? "http://127.0.0.1:8545",
    deploymentFile,
    databaseUrl: value("database-url"),
    keepState: args.includes("--keep"),
    log: (line) => console.error(line),
  }).then(
    (result) => console.log(JSON.stringify(result, null, 2)),
    (error: unknown) => {
      console.error(error instanceof Error ? error.message : error);
      process.exit(1);
    },
  );
}
