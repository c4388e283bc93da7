/**
 * The database: embedded PGlite in a data folder by default, PostgreSQL when DATABASE_URL is set.
 * Both are driven through the same Drizzle API; migrations (backend/drizzle) are applied at open.
 */
import fs from "node:fs";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import { drizzle as drizzlePostgres } from "drizzle-orm/node-postgres";
import { migrate as migratePostgres } from "drizzle-orm/node-postgres/migrator";
import { Client, Pool } from "pg";
import * as schema from "./schema";

export type Schema = typeof schema;
export type Database = PgDatabase<PgQueryResultHKT, Schema>;
/** A database or a transaction on it: what repositories and the indexer's store write through. */
export type Executor = Pick<Database, "select" | "insert" | "update" | "delete" | "execute">;

export const MIGRATIONS_FOLDER = path.resolve(__dirname, "..", "..", "drizzle");

export interface DatabaseOptions {
  databaseUrl?: string;
  pgliteDir?: string;
  /** Pool size for PostgreSQL. */
  maxConnections?: number;
}

export interface DatabaseHandle {
  db: Database;
  kind: "pglite" | "postgres";
  /**
   * Takes the session-level advisory lock `key` on a connection of its own and keeps it until
   * `release` or the connection drops (then `onLost` is called). PGlite is a single-process
   * database: the lock is always granted.
   */
  tryLock(key: string, onLost: (error: Error) => void): Promise<{ release(): Promise<void> } | null>;
  close(): Promise<void>;
}

/** A 64-bit advisory lock id derived from a name. */
export function lockId(key: string): string {
  let h = 0xcbf29ce484222325n;
  for (const byte of Buffer.from(key)) {
    h ^= BigInt(byte);
    h = (h * 0x100000001b3n) & 0xffffffffffffffffn;
  }
  return BigInt.asIntN(64, h).toString();
}

async function openPglite(dir: string): Promise<DatabaseHandle> {
  fs.mkdirSync(dir, { recursive: true });
  const client = await PGlite.create(dir);
  const db = drizzlePglite(client, { schema }) as unknown as Database;
  await migratePglite(drizzlePglite(client), { migrationsFolder: MIGRATIONS_FOLDER });
  return {
    db,
    kind: "pglite",
    async tryLock() {
      return { release: async () => undefined };
    },
    async close() {
      await client.close();
    },
  };
}

async function openPostgres(url: string, maxConnections: number): Promise<DatabaseHandle> {
  const pool = new Pool({ connectionString: url, max: maxConnections });
  // An idle client that fails must not crash the process; the next query reports the error.
  pool.on("error", () => undefined);
  const db = drizzlePostgres(pool, { schema }) as unknown as Database;

  // Several instances may start at once: migrate under an advisory lock.
  const migrator = new Client({ connectionString: url });
  await migrator.connect();
  try {
    await migrator.query("select pg_advisory_lock($1)", [lockId("scf:migrations")]);
    await migratePostgres(drizzlePostgres(migrator), { migrationsFolder: MIGRATIONS_FOLDER });
  } finally {
    await migrator.end();
  }

  return {
    db,
    kind: "postgres",
    async tryLock(key, onLost) {
      const client = new Client({ connectionString: url });
      await client.connect();
      const { rows } = await client.query<{ locked: boolean }>("select pg_try_advisory_lock($1) as locked", [
        lockId(key),
      ]);
      if (!rows[0].locked) {
        await client.end();
        return null;
      }
      let released = false;
      const lost = (error: Error) => {
        if (!released) onLost(error);
      };
      client.on("error", lost);
      client.on("end", () => lost(new Error(`the connection holding the lock "${key}" closed`)));
      return {
        async release() {
          released = true;
          await client.end().catch(() => undefined);
        },
      };
    },
    async close() {
      await pool.end();
    },
  };
}

export async function openDatabase(options: DatabaseOptions): Promise<DatabaseHandle> {
  if (options.databaseUrl) return openPostgres(options.databaseUrl, options.maxConnections ?? 10);
  if (!options.pgliteDir) throw new Error("either a DATABASE_URL or a PGlite folder is needed");
  return openPglite(options.pgliteDir);
}
