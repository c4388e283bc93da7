/**
 * `npm run bench:indexer`: backfill speed, memory and head latency of the backend's indexer, next to
 * Ponder (0.16, installed in backend/bench/ponder, not a project dependency) indexing the same history.
 *
 * For each history shape (dense: many events per block; sparse: about one per block) it starts a fresh
 * `hardhat node`, generates the history (backend/bench/history.ts), then, on PGlite and on PostgreSQL:
 * - starts the backend as `npm start` does (backend/src/main.ts, its own process), measures the time
 *   from spawn to the whole history visible in GraphQL (and from its first indexed batch), and samples
 *   its resident memory per quarter of the history (memory must stay flat as history grows);
 * - on the dense chain, then measures head latency: 100 transactions, each from mined (receipt in
 *   hand) to visible in GraphQL (a read-your-writes query naming the transaction's block);
 * - runs Ponder over the same history from a cold start (spawn to /ready), same databases.
 *
 * Environment: BENCH_DENSE_EVENTS (default 50000), BENCH_SPARSE_EVENTS (default 5000),
 * BENCH_PONDER=0 to skip Ponder, BENCH_DATABASES=pglite,postgres, BENCH_POSTGRES_URL
 * (default postgresql://postgres@127.0.0.1:5432/postgres; a fresh database is created per run).
 */
import { spawn } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { Client } from "pg";
import { hexlify, JsonRpcProvider, randomBytes, ZeroHash } from "ethers";
import { MemberRegistry__factory } from "../../typechain-types";
import { startLocalChain } from "../../scripts/lib/demo/chain";
import { generateHistory, type HistoryShape } from "./history";
import { runPonder } from "./ponder/run";

const ROOT = path.resolve(__dirname, "..", "..");
const BACKEND = path.resolve(__dirname, "..");
const POSTGRES_URL = process.env.BENCH_POSTGRES_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";
type DatabaseKind = "pglite" | "postgres";

const log = (line: string) => console.log(line);

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
    server.on("error", reject);
  });
}

function rssMb(pid: number): number {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, "utf8");
    const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
    return kb / 1024;
  } catch {
    return 0;
  }
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

async function freshDatabase(kind: DatabaseKind): Promise<{ env: Record<string, string>; drop(): Promise<void> }> {
  if (kind === "pglite") {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "scf-bench-pglite-"));
    return { env: { PGLITE_DIR: dir }, drop: async () => fs.rmSync(dir, { recursive: true, force: true }) };
  }
  const name = `scf_bench_${process.pid}_${Date.now()}`;
  const admin = new Client({ connectionString: POSTGRES_URL });
  await admin.connect();
  await admin.query(`create database "${name}"`);
  await admin.end();
  const url = new URL(POSTGRES_URL);
  url.pathname = `/${name}`;
  return {
    env: { DATABASE_URL: url.toString() },
    async drop() {
      const client = new Client({ connectionString: POSTGRES_URL });
      await client.connect();
      await client.query(`drop database if exists "${name}" with (force)`);
      await client.end();
    },
  };
}

async function graphql<T>(url: string, query: string, headers: Record<string, string> = {}): Promise<T> {
  const response = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: JSON.stringify({ query }),
  });
  const body = (await response.json()) as { data?: T; errors?: { message: string }[] };
  if (body.errors?.length) throw new Error(body.errors.map((e) => e.message).join("; "));
  return body.data as T;
}

interface OursResult {
  seconds: number;
  /** From "indexing chain" in the backend's log to "indexed up to the head": the backfill without start-up. */
  backfillSeconds: number;
  peakRssMb: number;
  /** Peak resident memory within each quarter of the history. */
  quarterRssMb: number[];
  latency?: { p50: number; p95: number; max: number; samples: number };
}

async function runOurs(
  rpcUrl: string,
  deploymentFile: string,
  lastBlock: number,
  kind: DatabaseKind,
  /** Measure head latency, signed in as this member (null: do not measure). */
  latencyAs: string | null,
): Promise<OursResult> {
  const database = await freshDatabase(kind);
  const port = await freePort();
  const tsNode = require.resolve("ts-node/dist/bin.js", { paths: [ROOT] });
  const started = Date.now();
  const child = spawn(process.execPath, [tsNode, "--transpile-only", "src/main.ts"], {
    cwd: BACKEND,
    env: {
      ...process.env,
      RPC_URL: rpcUrl,
      CHAIN_ID: "31337",
      DEPLOYMENT_FILE: deploymentFile,
      PORT: String(port),
      LOG_LEVEL: "info",
      NO_COLOR: "1",
      ...database.env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  // The backend logs when it starts indexing, its progress every 2 s, and when it reaches the head.
  let indexingAt: number | null = null;
  let caughtUpAt: number | null = null;
  let progressBlock = -1;
  const onData = (chunk: Buffer) => {
    const text = chunk.toString();
    output = (output + text).slice(-20_000);
    const now = Date.now();
    if (indexingAt === null && /indexing chain \d+ from/.test(text)) indexingAt = now;
    for (const match of text.matchAll(/indexed block (\d+) of/g))
      progressBlock = Math.max(progressBlock, Number(match[1]));
    if (caughtUpAt === null && /indexed up to the head/.test(text)) caughtUpAt = now;
  };
  child.stdout.on("data", onData);
  child.stderr.on("data", onData);
  let exited = false;
  child.on("exit", () => (exited = true));

  const url = `http://127.0.0.1:${port}/graphql`;
  const quarterRssMb = [0, 0, 0, 0];
  let peak = 0;
  const startBlock = (JSON.parse(fs.readFileSync(deploymentFile, "utf8")) as { startBlock: number }).startBlock;
  // The log's progress lines come every 2 s, too rarely for a backfill of a few seconds: also ask the
  // API (syncStatus is answered from memory) where the indexer is, so each memory sample has its quarter.
  let polling = true;
  const poller = (async () => {
    while (polling && !exited) {
      const data = await graphql<{ syncStatus: { indexedBlock: number | null } }>(
        url,
        "{ syncStatus { indexedBlock } }",
      ).catch(() => null);
      const block = data?.syncStatus.indexedBlock;
      if (typeof block === "number") progressBlock = Math.max(progressBlock, block);
      await new Promise((r) => setTimeout(r, 50));
    }
  })();
  const sampler = setInterval(() => {
    const rss = rssMb(child.pid!);
    peak = Math.max(peak, rss);
    const share = (progressBlock - startBlock) / (lastBlock - startBlock);
    const quarter = caughtUpAt !== null ? 3 : Math.min(3, Math.max(0, Math.floor(share * 4)));
    quarterRssMb[quarter] = Math.max(quarterRssMb[quarter], rss);
  }, 100);
  try {
    let indexed = -1;
    while (indexed < lastBlock || caughtUpAt === null) {
      if (exited) throw new Error(`the backend exited:\n${output.slice(-3000)}`);
      if (Date.now() - started > 3_600_000) throw new Error("the backend did not finish within an hour");
      if (caughtUpAt !== null) {
        const data = await graphql<{ syncStatus: { indexedBlock: number | null } }>(
          url,
          "{ syncStatus { indexedBlock } }",
        ).catch(() => null);
        indexed = data?.syncStatus.indexedBlock ?? -1;
      }
      if (indexed < lastBlock) await new Promise((r) => setTimeout(r, 20));
    }
    const result: OursResult = {
      seconds: (caughtUpAt! - started) / 1000,
      backfillSeconds: (caughtUpAt! - (indexingAt ?? started)) / 1000,
      peakRssMb: peak,
      quarterRssMb,
    };
    if (latencyAs) result.latency = await headLatency(rpcUrl, deploymentFile, url, latencyAs);
    return result;
  } finally {
    polling = false;
    await poller;
    clearInterval(sampler);
    child.kill("SIGTERM");
    await new Promise((r) => (exited ? r(undefined) : child.on("exit", r)));
    await database.drop();
  }
}

/** 100 transactions, each timed from its receipt to the GraphQL answer that includes its block. */
async function headLatency(
  rpcUrl: string,
  deploymentFile: string,
  url: string,
  reader: string,
): Promise<{ p50: number; p95: number; max: number; samples: number }> {
  const deployment = JSON.parse(fs.readFileSync(deploymentFile, "utf8")) as {
    contracts: { registry: string };
    governance: string;
  };
  const provider = new JsonRpcProvider(rpcUrl, undefined, { cacheTimeout: -1, staticNetwork: true });
  const operator = await provider.getSigner(deployment.governance);
  const registry = MemberRegistry__factory.connect(deployment.contracts.registry, operator);
  // The read API answers signed-in members only: sign in (SIWE) with the node's unlocked account.
  const challenge = await graphql<{ signInChallenge: { message: string } }>(
    url,
    `mutation { signInChallenge(address: "${reader}") { message } }`,
  );
  const signature = await (await provider.getSigner(reader)).signMessage(challenge.signInChallenge.message);
  const session = await graphql<{ signIn: { token: string } }>(
    url,
    `mutation { signIn(message: ${JSON.stringify(challenge.signInChallenge.message)}, signature: "${signature}") { token } }`,
  );
  const authorization = `Bearer ${session.signIn.token}`;
  const samples: number[] = [];
  for (let i = 0; i < 100; i++) {
    const account = hexlify(randomBytes(20));
    const receipt = await (await registry.setBlacklisted(account, true, ZeroHash)).wait();
    const mined = performance.now();
    const data = await graphql<{ member: { blacklisted: boolean } | null }>(
      url,
      `{ member(address: "${account}") { blacklisted } }`,
      { "x-min-block": String(receipt!.blockNumber), authorization },
    );
    samples.push(performance.now() - mined);
    if (!data.member?.blacklisted) throw new Error(`block ${receipt!.blockNumber} answered without its event`);
  }
  provider.destroy();
  return { p50: percentile(samples, 50), p95: percentile(samples, 95), max: Math.max(...samples), samples: 100 };
}

interface ShapeReport {
  shape: HistoryShape;
  events: number;
  blocks: number;
  generateSeconds: number;
  ours: Partial<Record<DatabaseKind, OursResult>>;
  ponder: Partial<Record<DatabaseKind, { seconds: number; startupSeconds: number; peakRssMb: number }>>;
}

async function benchShape(shape: HistoryShape, events: number, kinds: DatabaseKind[], ponder: boolean) {
  const port = await freePort();
  const chain = await startLocalChain({
    root: ROOT,
    host: "127.0.0.1",
    port,
    logFile: "/dev/null",
    readyTimeoutMs: 60_000,
  });
  try {
    log(`\n== ${shape} history: generating at least ${events} events on ${chain.url}`);
    const t0 = Date.now();
    const history = await generateHistory({ rpcUrl: chain.url, shape, events, log: () => undefined });
    const report: ShapeReport = {
      shape,
      events: history.events,
      blocks: history.blocks,
      generateSeconds: (Date.now() - t0) / 1000,
      ours: {},
      ponder: {},
    };
    log(`   ${history.events} events in ${history.blocks} blocks, generated in ${report.generateSeconds.toFixed(0)} s`);
    const deploymentFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "scf-bench-")), "deployment.json");
    fs.writeFileSync(deploymentFile, JSON.stringify(history.deployment, null, 2));
    const provider = new JsonRpcProvider(chain.url, undefined, { staticNetwork: true });
    const lastBlock = await provider.getBlockNumber();
    provider.destroy();

    for (const kind of kinds) {
      const ours = await runOurs(
        chain.url,
        deploymentFile,
        lastBlock,
        kind,
        shape === "dense" ? history.regulator : null,
      );
      report.ours[kind] = ours;
      log(
        `   ours on ${kind}: ${ours.seconds.toFixed(1)} s from spawn (${ours.backfillSeconds.toFixed(1)} s of backfill), ` +
          `${(history.events / ours.backfillSeconds).toFixed(0)} events/s, peak ${ours.peakRssMb.toFixed(0)} MB ` +
          `(per quarter: ${ours.quarterRssMb.map((m) => (m > 0 ? m.toFixed(0) : "-")).join(" / ")} MB; "-": no sample, the quarter went by within one batch)` +
          (ours.latency
            ? `, head latency p50 ${ours.latency.p50.toFixed(1)} ms, p95 ${ours.latency.p95.toFixed(1)} ms`
            : ""),
      );
    }
    if (ponder) {
      for (const kind of kinds) {
        const result = await runPonder({
          rpcUrl: chain.url,
          deploymentFile,
          databaseUrl: kind === "postgres" ? POSTGRES_URL : undefined,
          log: () => undefined,
        });
        report.ponder[kind] = result;
        log(
          `   Ponder on ${kind}: ${result.seconds.toFixed(1)} s from spawn (${(result.seconds - result.startupSeconds).toFixed(1)} s ` +
            `after start-up), ${(history.events / (result.seconds - result.startupSeconds)).toFixed(0)} events/s, ` +
            `peak ${result.peakRssMb.toFixed(0)} MB`,
        );
      }
    }
    return report;
  } finally {
    await chain.stop();
  }
}

async function main(): Promise<void> {
  const dense = Number(process.env.BENCH_DENSE_EVENTS ?? 50_000);
  const sparse = Number(process.env.BENCH_SPARSE_EVENTS ?? 5_000);
  const kinds = (process.env.BENCH_DATABASES ?? "pglite,postgres").split(",") as DatabaseKind[];
  const ponder = process.env.BENCH_PONDER !== "0";
  const reports = [await benchShape("dense", dense, kinds, ponder), await benchShape("sparse", sparse, kinds, ponder)];

  log("\n== summary (events/s over the backfill; ratios against Ponder's rate after its start-up)");
  log("shape   database  events  ours ev/s  Ponder ev/s  ratio  ours peak MB  Ponder peak MB  head p50/p95 ms");
  for (const r of reports) {
    for (const kind of kinds) {
      const ours = r.ours[kind]!;
      const rate = r.events / ours.backfillSeconds;
      const p = r.ponder[kind];
      const pRate = p ? r.events / (p.seconds - p.startupSeconds) : NaN;
      log(
        [
          r.shape.padEnd(7),
          kind.padEnd(9),
          String(r.events).padStart(6),
          rate.toFixed(0).padStart(10),
          (p ? pRate.toFixed(0) : "-").padStart(12),
          (p ? `${(rate / pRate).toFixed(1)}x` : "-").padStart(6),
          ours.peakRssMb.toFixed(0).padStart(13),
          (p ? p.peakRssMb.toFixed(0) : "-").padStart(15),
          ours.latency ? `${ours.latency.p50.toFixed(1)} / ${ours.latency.p95.toFixed(1)}`.padStart(16) : "",
        ].join(" "),
      );
    }
  }
}

main().catch((error: Error) => {
  console.error(error.stack ?? error.message);
  process.exit(1);
});
