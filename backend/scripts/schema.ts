/**
 * Writes backend/schema.gql, the GraphQL schema of the API, by booting the whole app module the way
 * the app does (code first, sorted) with no database, chain or indexer behind it.
 *
 *   npm run schema -w backend             regenerate schema.gql
 *   npm run schema -w backend -- --check  exit 1 if the committed schema.gql is not up to date
 */
import "reflect-metadata";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { SCHEMA_FILE } from "../src/api/api.module";
import type { CoreDependencies } from "../src/common/core.module";
import type { BackendConfig } from "../src/config/config";
import type { DatabaseHandle } from "../src/database/database";
import { createHttpApp } from "../src/http-app";
import { SyncState } from "../src/indexer/sync-state";

function unused(name: string): never {
  throw new Error(`the schema generator has no ${name}`);
}

/** Builds the schema SDL into a temporary file and returns it. */
export async function generateSchema(): Promise<string> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "scf-schema-"));
  const file = path.join(dir, "schema.gql");
  // Only what the modules read while they are built; the timers they start find no database and stop.
  const config = {
    chainId: 0,
    minBlockTimeoutMs: 0,
    pollIntervalMs: 3_600_000,
    deployment: { contracts: {} },
    ipfsDir: path.join(dir, "ipfs"),
  } as unknown as BackendConfig;
  const database = {
    get db(): never {
      return unused("database");
    },
    kind: "pglite",
    tryLock: () => unused("database"),
    close: async () => undefined,
  } as unknown as DatabaseHandle;
  const deps: CoreDependencies = { config, database, sync: new SyncState(0) };
  const app = await createHttpApp(deps, { logger: false, api: { schemaFile: file } });
  try {
    await app.init();
    return fs.readFileSync(file, "utf8");
  } finally {
    await app.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const check = process.argv.includes("--check");
  const schema = await generateSchema();
  const relative = path.relative(process.cwd(), SCHEMA_FILE) || SCHEMA_FILE;
  if (check) {
    const committed = fs.existsSync(SCHEMA_FILE) ? fs.readFileSync(SCHEMA_FILE, "utf8") : null;
    if (committed !== schema) {
      console.error(
        committed === null
          ? `${relative} is missing: run \`npm run schema -w backend\` and commit it`
          : `${relative} is out of date with the resolvers: run \`npm run schema -w backend\` and commit it`,
      );
      process.exit(1);
    }
    console.log(`${relative} is up to date`);
    return;
  }
  fs.writeFileSync(SCHEMA_FILE, schema);
  console.log(`wrote ${relative} (${schema.split("\n").length} lines)`);
}

if (require.main === module) {
  main().catch((error) => {
    console.error(error);
    process.exit(1);
  });
}
