/**
 * The indexer against a real chain on which the demo consortium played every flow of the on-chain
 * core: the tables must equal what the contracts say, on PGlite and on PostgreSQL.
 */
import { expect } from "chai";
import { openDatabase, type DatabaseHandle } from "../../src/database/database";
import { Indexer, DeploymentMismatchError } from "../../src/indexer/indexer";
import { SyncState } from "../../src/indexer/sync-state";
import { createTestDatabase, testConfig, type DatabaseKind, type TestDatabase } from "../support/backend";
import { differencesFromChain } from "../support/consistency";
import { dumpTables, rowCounts } from "../support/tables";
import { demoChain } from "../e2e/support";

const quiet = { log: () => undefined, warn: () => undefined, error: (m: string) => console.error(m) };

describe("indexer: the demo consortium", function () {
  const demo = demoChain();

  for (const kind of ["pglite", "postgres"] as DatabaseKind[]) {
    describe(`on ${kind}`, function () {
      let database: TestDatabase;
      let handle: DatabaseHandle;

      before(async () => {
        database = await createTestDatabase(kind, "demo");
      });
      after(async () => {
        await handle?.close();
        await database?.drop();
      });

      function config(env: Record<string, string> = {}) {
        return testConfig({ rpcUrl: demo.chain.url, deploymentFile: demo.consortium.deploymentFile, database }, env);
      }

      it("projects every flow so that the tables equal the contracts' state", async function () {
        const cfg = config({ MAX_BLOCK_RANGE: "7" });
        handle = await openDatabase({ databaseUrl: cfg.databaseUrl, pgliteDir: cfg.pgliteDir });
        const sync = new SyncState(cfg.chainId);
        const indexer = new Indexer(cfg, handle, sync, quiet);
        await indexer.syncToHead();

        const head = await demo.chain.provider.getBlockNumber();
        expect(sync.current.indexedBlock).to.equal(head);
        expect(await differencesFromChain(handle.db, demo.consortium.contracts)).to.deep.equal([]);

        const logs = await demo.chain.provider.getLogs({
          address: Object.values(demo.consortium.deployment.contracts),
          fromBlock: demo.consortium.deployment.startBlock,
          toBlock: head,
        });
        const tables = await dumpTables(handle.db);
        expect(tables.chain_events).to.have.length(logs.length);
        const counts = rowCounts(tables);
        for (const table of ["members", "purchase_orders", "warehouse_receipts", "receivables", "receivable_parts"]) {
          expect(counts[table], table).to.be.greaterThan(0);
        }
        expect(counts.financings).to.be.greaterThan(2);
        expect(counts.repayments).to.be.greaterThan(0);
      });

      it("resumes from its cursor after a restart and changes nothing", async function () {
        const before = await dumpTables(handle.db);
        const cfg = config();
        const indexer = new Indexer(cfg, handle, new SyncState(cfg.chainId), quiet);
        await indexer.syncToHead();
        expect(await dumpTables(handle.db)).to.deep.equal(before);
      });

      it("refuses a database that holds another deployment's index", async function () {
        const other = { ...demo.consortium.deployment, startBlock: demo.consortium.deployment.startBlock + 1 };
        const cfg = { ...config(), deployment: other };
        const indexer = new Indexer(cfg, handle, new SyncState(cfg.chainId), quiet);
        let error: unknown;
        await indexer.step().catch((e: unknown) => (error = e));
        expect(error).to.be.instanceOf(DeploymentMismatchError);
        expect((error as Error).message).to.match(/another deployment/);
      });
    });
  }
});
