/**
 * Crash safety: the indexer runs in a child process that is killed with SIGKILL at random instants,
 * at least 50 times during a backfill of more than 10,000 events, then restarted to the end. The final
 * tables must equal a clean index of the same chain: nothing lost, duplicated or invented.
 */
import { spawn } from "node:child_process";
import path from "node:path";
import { expect } from "chai";
import { build } from "esbuild";
import { openDatabase, type DatabaseHandle } from "../../src/database/database";
import { Indexer } from "../../src/indexer/indexer";
import { SyncState } from "../../src/indexer/sync-state";
import { Activity, random } from "../support/activity";
import { createTestDatabase, testConfig, type DatabaseKind, type TestDatabase } from "../support/backend";
import { deploy, startChain, type DeployedConsortium, type TestChain } from "../support/chain";
import { differencesFromChain } from "../support/consistency";
import { dumpTables } from "../support/tables";

const KILLS = 50;
const EVENTS = 10_000;
// Two folders below backend/, like src/database/, so that the migrations folder resolves the same way.
const CHILD = path.resolve(__dirname, "..", "..", ".test-build", "indexer", "indexer-process.js");

interface Run {
  outcome: "killed" | "caught-up";
  output: string;
}

/** When to kill a run: `afterBatches` committed batches (0: counting from the start), then `delayMs` more. */
interface KillPoint {
  afterBatches: number;
  delayMs: number;
}

/** Starts the indexer process and kills it at `kill` (null: lets it finish). */
function runChild(env: Record<string, string>, kill: KillPoint | null): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CHILD], {
      env: { ...process.env, ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    let armed = false;
    const arm = () => {
      armed = true;
      setTimeout(() => child.kill("SIGKILL"), kill!.delayMs);
    };
    if (kill?.afterBatches === 0) arm();
    child.stdout.on("data", (chunk: Buffer) => {
      output += chunk.toString();
      if (kill && !armed && (output.match(/^committed /gm)?.length ?? 0) >= kill.afterBatches) arm();
    });
    child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.on("error", reject);
    child.on("exit", (code, signal) => {
      if (signal === "SIGKILL") resolve({ outcome: "killed", output });
      else if (code === 0 && output.includes("caught-up")) resolve({ outcome: "caught-up", output });
      else reject(new Error(`indexer process exited with ${code ?? signal}:\n${output}`));
    });
  });
}

describe("indexer: killed at random instants during a backfill", function () {
  let chain: TestChain;
  let consortium: DeployedConsortium;
  let events = 0;
  let expected: Record<string, unknown[]>;

  before(async function () {
    await build({
      entryPoints: [path.resolve(__dirname, "..", "support", "indexer-process.ts")],
      bundle: true,
      platform: "node",
      format: "cjs",
      target: "node20",
      external: ["pg", "pg-native", "@electric-sql/pglite"],
      outfile: CHILD,
      logLevel: "warning",
    });
    chain = await startChain();
    consortium = await deploy(chain);
    const activity = await Activity.setup(chain, consortium);
    const rng = random(11);
    for (let i = 0; i < 40; i++) await activity.step(rng);
    await activity.denseSplits(EVENTS, 5);
    for (let i = 0; i < 40; i++) await activity.step(rng);
    events = (
      await chain.provider.getLogs({
        address: Object.values(consortium.deployment.contracts),
        fromBlock: consortium.deployment.startBlock,
        toBlock: "latest",
      })
    ).length;

    // The reference: one clean, uninterrupted index of the same chain.
    const database = await createTestDatabase("postgres", "crashref");
    const config = testConfig({ rpcUrl: chain.url, deploymentFile: consortium.deploymentFile, database });
    const handle = await openDatabase({ databaseUrl: config.databaseUrl });
    await new Indexer(config, handle, new SyncState(config.chainId), console).syncToHead();
    expected = await dumpTables(handle.db);
    await handle.close();
    await database.drop();
  });

  after(async () => chain?.close());

  for (const kind of (process.env.CRASH_KINDS?.split(",") ?? ["postgres", "pglite"]) as DatabaseKind[]) {
    describe(`on ${kind}`, function () {
      let database: TestDatabase;
      let handle: DatabaseHandle | undefined;

      before(async () => {
        database = await createTestDatabase(kind, "crash");
      });
      after(async () => {
        await handle?.close();
        await database?.drop();
      });

      it(`ends in the same tables as a clean index after ${KILLS} kills`, async function () {
        expect(events).to.be.greaterThan(EVENTS);
        const env: Record<string, string> = {
          RPC_URL: chain.url,
          CHAIN_ID: "31337",
          DEPLOYMENT_FILE: consortium.deploymentFile,
          MAX_BLOCK_RANGE: "1",
          ...(database.url ? { DATABASE_URL: database.url } : { PGLITE_DIR: database.dir! }),
        };
        const head = await chain.provider.getBlockNumber();
        const rng = random(kind === "postgres" ? 1 : 2);
        const cursors: number[] = [];
        for (let kill = 0; kill < KILLS; kill++) {
          // Mostly in the middle of a batch (any instant of it: reading, writing, committing), sometimes
          // while the process starts and opens or migrates the database.
          const kill =
            rng() < 0.1
              ? { afterBatches: 0, delayMs: Math.floor(rng() * 600) }
              : { afterBatches: 1 + Math.floor(rng() * 5), delayMs: Math.floor(rng() * 40) };
          const run = await runChild(env, kill);
          expect(run.outcome, `run ${kill} finished the backfill before it was killed`).to.equal("killed");
          // The last batch the run reported committed: where the next run starts from.
          const committed = [...run.output.matchAll(/^committed (\d+)$/gm)].map((m) => Number(m[1]));
          cursors.push(committed.length > 0 ? committed[committed.length - 1] : (cursors[cursors.length - 1] ?? -1));
        }
        expect(Math.max(...cursors)).to.be.lessThan(head, "every kill landed during the backfill");
        expect(cursors[cursors.length - 1]).to.be.greaterThan(
          cursors[0],
          `the backfill progressed across kills: ${cursors.join(" ")}`,
        );

        const last = await runChild(env, null);
        expect(last.outcome).to.equal("caught-up");
        const config = testConfig({ rpcUrl: chain.url, deploymentFile: consortium.deploymentFile, database });
        handle = await openDatabase({ databaseUrl: config.databaseUrl, pgliteDir: config.pgliteDir });
        const tables = await dumpTables(handle.db);
        expect(tables.chain_events).to.have.length(events);
        expect(tables).to.deep.equal(expected);
        expect(await differencesFromChain(handle.db, consortium.contracts)).to.deep.equal([]);
      });
    });
  }
});
