/**
 * The indexer alone in a process of its own, for the crash test (which kills it with SIGKILL):
 * configured from the environment like the backend, it prints "indexing" once the database is open,
 * "committed <block>" after each batch, and "caught-up <block>" when it reaches the head, then exits.
 */
import { loadConfig } from "../../src/config/config";
import { openDatabase } from "../../src/database/database";
import { Indexer } from "../../src/indexer/indexer";
import { SyncState } from "../../src/indexer/sync-state";

async function main(): Promise<void> {
  const config = loadConfig();
  const database = await openDatabase({ databaseUrl: config.databaseUrl, pgliteDir: config.pgliteDir });
  const sync = new SyncState(config.chainId);
  const indexer = new Indexer(config, database, sync, {
    log: () => undefined,
    warn: (m) => process.stderr.write(`${m}\n`),
    error: (m) => process.stderr.write(`${m}\n`),
  });
  sync.onUpdate((snapshot) => {
    if (snapshot.indexedBlock !== null) process.stdout.write(`committed ${snapshot.indexedBlock}\n`);
  });
  process.stdout.write("indexing\n");
  await indexer.syncToHead();
  process.stdout.write(`caught-up ${sync.current.indexedBlock}\n`);
  await database.close();
}

main().catch((error: Error) => {
  process.stderr.write(`${error.stack ?? error.message}\n`);
  process.exit(1);
});
