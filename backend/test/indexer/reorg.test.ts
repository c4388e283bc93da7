/**
 * Reorganisations: 20 forced reorgs (evm_snapshot, blocks the indexer sees, evm_revert, a different
 * branch), depth 1 to 10. After each, no row of an orphaned block remains and the tables equal a clean
 * index of the canonical chain, on PGlite and on PostgreSQL.
 */
import { expect } from "chai";
import { openDatabase, type DatabaseHandle } from "../../src/database/database";
import { chainEvents } from "../../src/database/schema";
import { Indexer } from "../../src/indexer/indexer";
import { ProjectionError } from "../../src/indexer/store";
import { SyncState } from "../../src/indexer/sync-state";
import { Activity, random } from "../support/activity";
import { createTestDatabase, testConfig, type TestDatabase } from "../support/backend";
import { deploy, startChain, type DeployedConsortium, type TestChain } from "../support/chain";
import { differencesFromChain } from "../support/consistency";
import { dumpTables } from "../support/tables";

interface Follower {
  database: TestDatabase;
  handle: DatabaseHandle;
  indexer: Indexer;
  sync: SyncState;
  /** Rollbacks the indexer reported ("reorganisation: ... rolled back to block N"). */
  rollbacks: number[];
}

describe("indexer: reorganisations", function () {
  let chain: TestChain;
  let consortium: DeployedConsortium;
  let activity: Activity;
  const followers: Follower[] = [];
  const cleanups: (() => Promise<void>)[] = [];

  async function follower(kind: "pglite" | "postgres", env: Record<string, string> = {}): Promise<Follower> {
    const database = await createTestDatabase(kind, "reorg");
    const config = testConfig({ rpcUrl: chain.url, deploymentFile: consortium.deploymentFile, database }, env);
    const handle = await openDatabase({ databaseUrl: config.databaseUrl, pgliteDir: config.pgliteDir });
    cleanups.push(async () => {
      await handle.close();
      await database.drop();
    });
    const sync = new SyncState(config.chainId);
    const rollbacks: number[] = [];
    const logger = {
      log: () => undefined,
      error: () => undefined,
      warn: (message: string) => {
        const found = /rolled back to block (\d+)/.exec(message);
        if (found) rollbacks.push(Number(found[1]));
      },
    };
    return { database, handle, sync, rollbacks, indexer: new Indexer(config, handle, sync, logger) };
  }

  /** A fresh index of the chain as it is now. */
  async function cleanIndex(): Promise<Record<string, unknown[]>> {
    const clean = await follower("postgres");
    await clean.indexer.syncToHead();
    const tables = await dumpTables(clean.handle.db);
    await cleanups.pop()!();
    return tables;
  }

  before(async function () {
    chain = await startChain();
    consortium = await deploy(chain);
    activity = await Activity.setup(chain, consortium);
    const rng = random(7);
    for (let i = 0; i < 15; i++) await activity.step(rng);
    followers.push(await follower("pglite"), await follower("postgres"));
    for (const f of followers) await f.indexer.syncToHead();
  });

  after(async function () {
    for (const cleanup of cleanups.reverse()) await cleanup();
    await chain?.close();
  });

  it("rolls back 20 reorganisations of depth 1 to 10 and matches the canonical chain after each", async function () {
    const rng = random(2026);
    for (let round = 0; round < 20; round++) {
      const depth = 1 + (round % 10);
      const snapshot = await chain.send<string>("evm_snapshot");
      const orphanedFrom = (await chain.provider.getBlockNumber()) + 1;
      for (let i = 0; i < depth; i++) await activity.step(rng);
      const orphanedHashes = new Set<string>();
      for (let n = orphanedFrom; n < orphanedFrom + depth; n++) {
        orphanedHashes.add((await chain.provider.getBlock(n))!.hash!);
      }
      for (const f of followers) {
        await f.indexer.syncToHead();
        const seen = await f.handle.db.select({ hash: chainEvents.blockHash }).from(chainEvents);
        expect(seen.some((row) => orphanedHashes.has(row.hash))).to.equal(
          true,
          "the branch was indexed before the reorg",
        );
      }

      expect(await chain.send("evm_revert", [snapshot])).to.equal(true);
      // The new branch is sometimes shorter, sometimes longer than the orphaned one.
      const length = 1 + Math.floor(rng() * (depth + 2));
      for (let i = 0; i < length; i++) await activity.step(rng);

      const expected = await cleanIndex();
      for (const f of followers) {
        const rollbacks = f.rollbacks.length;
        await f.indexer.syncToHead();
        // The indexer itself noticed the reorganisation and rolled back below the orphaned branch.
        expect(f.rollbacks.length, `round ${round}: rollbacks`).to.equal(rollbacks + 1);
        expect(f.rollbacks[rollbacks]).to.be.lessThan(orphanedFrom);
        const rows = await f.handle.db.select({ hash: chainEvents.blockHash }).from(chainEvents);
        expect(
          rows.filter((row) => orphanedHashes.has(row.hash)),
          `round ${round}: orphaned rows`,
        ).to.deep.equal([]);
        expect(await dumpTables(f.handle.db), `round ${round} (depth ${depth})`).to.deep.equal(expected);
      }
    }
    for (const f of followers) expect(await differencesFromChain(f.handle.db, consortium.contracts)).to.deep.equal([]);
  });

  it("stops with a clear error on a reorganisation deeper than FINALITY_DEPTH, and changes nothing", async function () {
    const shallow = await follower("postgres", { FINALITY_DEPTH: "2" });
    await shallow.indexer.syncToHead();
    const snapshot = await chain.send<string>("evm_snapshot");
    const rng = random(99);
    for (let i = 0; i < 5; i++) await activity.step(rng);
    await shallow.indexer.syncToHead();
    const before = await dumpTables(shallow.handle.db);
    await chain.send("evm_revert", [snapshot]);
    for (let i = 0; i < 6; i++) await activity.step(rng);

    let error: unknown;
    await shallow.indexer.syncToHead().catch((e: unknown) => (error = e));
    expect(error).to.be.instanceOf(ProjectionError);
    expect((error as Error).message).to.match(/deeper than FINALITY_DEPTH=2/);
    expect(await dumpTables(shallow.handle.db)).to.deep.equal(before);
  });
});
