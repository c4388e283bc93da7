/** Configurations and databases for the backend under test: PGlite in a temporary folder, or a fresh PostgreSQL database. */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Client } from "pg";
import { loadConfig, type BackendConfig } from "../../src/config/config";

/** The PostgreSQL server of the machine and of CI (trust authentication). */
export const POSTGRES_ADMIN_URL = process.env.TEST_POSTGRES_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";

export type DatabaseKind = "pglite" | "postgres";

export interface TestDatabase {
  kind: DatabaseKind;
  /** For PostgreSQL. */
  url?: string;
  /** For PGlite. */
  dir?: string;
  drop(): Promise<void>;
}

/** A new, empty database of the given kind. */
export async function createTestDatabase(kind: DatabaseKind, label = "test"): Promise<TestDatabase> {
  if (kind === "pglite") {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), `scf-pglite-${label}-`));
    return { kind, dir, drop: async () => fs.rmSync(dir, { recursive: true, force: true }) };
  }
  const name = `scf_${label}_${process.pid}_${Date.now()}_${Math.floor(Math.random() * 1e6)}`.toLowerCase();
  const admin = new Client({ connectionString: POSTGRES_ADMIN_URL });
  await admin.connect();
  await admin.query(`create database "${name}"`);
  await admin.end();
  const url = new URL(POSTGRES_ADMIN_URL);
  url.pathname = `/${name}`;
  return {
    kind,
    url: url.toString(),
    async drop() {
      const client = new Client({ connectionString: POSTGRES_ADMIN_URL });
      await client.connect();
      await client.query(`drop database if exists "${name}" with (force)`);
      await client.end();
    },
  };
}

/** The backend's configuration, through the same validation as production, for a test chain and database. */
export function testConfig(
  params: { rpcUrl: string; deploymentFile: string; chainId?: number; database: TestDatabase },
  env: Record<string, string> = {},
): BackendConfig {
  return loadConfig({
    RPC_URL: params.rpcUrl,
    CHAIN_ID: String(params.chainId ?? 31337),
    DEPLOYMENT_FILE: params.deploymentFile,
    ...(params.database.url ? { DATABASE_URL: params.database.url } : { PGLITE_DIR: params.database.dir }),
    POLL_INTERVAL_MS: "20",
    LOG_LEVEL: "warn",
    PORT: "0",
    ...env,
  });
}
