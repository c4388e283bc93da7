/**
 * Starts the backend: opens the database (migrations applied), takes the indexing lock when this
 * instance indexes, starts the indexer and serves GraphQL. Used by src/main.ts, `npm start` and tests.
 *
 * Several instances may run against one PostgreSQL database: the one holding the advisory lock
 * indexes, the others serve the API from the tables, follow the cursor, and take over the lock when
 * the indexing instance goes away.
 */
import "reflect-metadata";
import { Logger, type INestApplication, type LogLevel as NestLogLevel } from "@nestjs/common";
import { eq } from "drizzle-orm";
import type { BackendConfig, LogLevel } from "./config/config";
import { openDatabase, type DatabaseHandle } from "./database/database";
import { indexerCursor } from "./database/schema";
import { Indexer } from "./indexer/indexer";
import { SyncState } from "./indexer/sync-state";
import { createHttpApp } from "./http-app";

export interface RunningBackend {
  app: INestApplication;
  url: string;
  database: DatabaseHandle;
  sync: SyncState;
  /** The indexer when this instance holds the indexing lock (it may take it later). */
  indexer(): Indexer | null;
  close(): Promise<void>;
}

const LEVELS: Record<LogLevel, NestLogLevel[]> = {
  error: ["fatal", "error"],
  warn: ["fatal", "error", "warn"],
  info: ["fatal", "error", "warn", "log"],
  debug: ["fatal", "error", "warn", "log", "debug", "verbose"],
};

export async function startBackend(config: BackendConfig): Promise<RunningBackend> {
  const logger = new Logger("Backend");
  Logger.overrideLogger(LEVELS[config.logLevel]);
  const database = await openDatabase({ databaseUrl: config.databaseUrl, pgliteDir: config.pgliteDir });
  logger.log(database.kind === "pglite" ? `database: embedded PGlite in ${config.pgliteDir}` : "database: PostgreSQL");
  const sync = new SyncState(config.chainId);
  const indexerLogger = new Logger("Indexer");

  let indexer: Indexer | null = null;
  let lock: { release(): Promise<void> } | null = null;
  let closed = false;
  let follower: NodeJS.Timeout | null = null;

  const lockKey = `scf:indexer:${config.chainId}`;
  const tryToLead = async (): Promise<void> => {
    if (closed || indexer || !config.indexer) return;
    lock = await database.tryLock(lockKey, (error) => {
      // Another instance may index now: stop writing at once.
      indexerLogger.error(`lost the indexing lock (${error.message}); stopping the indexer`);
      const stopping = indexer;
      indexer = null;
      lock = null;
      void stopping?.stop();
    });
    if (!lock) return;
    indexer = new Indexer(config, database, sync, indexerLogger);
    indexer.start();
    indexerLogger.log(`indexing chain ${config.chainId} from ${config.rpcUrl}`);
  };

  // API-only (or waiting) instances follow the cursor table and try to take the lock.
  const follow = async (): Promise<void> => {
    if (closed) return;
    if (!indexer) {
      const [row] = await database.db.select().from(indexerCursor).where(eq(indexerCursor.chainId, config.chainId));
      if (row) {
        sync.update({
          indexedBlock: row.blockNumber,
          indexedBlockHash: row.blockHash,
          indexedBlockTime: row.blockTime,
        });
      }
      await tryToLead().catch((error: Error) =>
        indexerLogger.warn(`could not take the indexing lock: ${error.message}`),
      );
    }
  };

  await tryToLead();
  if (!indexer && config.indexer) indexerLogger.log("another instance indexes; serving the API from the tables");
  follower = setInterval(
    () => {
      follow().catch((error: Error) => sync.update({ lastError: error.message, lastErrorAt: new Date() }));
    },
    Math.max(config.pollIntervalMs, 200),
  );

  const app = await createHttpApp({ config, database, sync }, { logger: LEVELS[config.logLevel] });
  app.enableShutdownHooks();
  await app.listen(config.port, config.host);
  const address = app.getHttpServer().address() as { port: number };
  const url = `http://${config.host}:${address.port}/graphql`;
  logger.log(`GraphQL API at ${url}`);

  return {
    app,
    url,
    database,
    sync,
    indexer: () => indexer,
    async close() {
      closed = true;
      if (follower) clearInterval(follower);
      await indexer?.stop();
      await lock?.release();
      await app.close();
      await database.close();
    },
  };
}
