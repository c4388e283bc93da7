/**
 * Test boot for sign-in: a fresh database of one kind with a few members whose keys the tests hold,
 * and two apps on it: `main` (SIWE_DOMAIN=api.test, generous rate limit) and `strict` (no SIWE_DOMAIN,
 * so the domain is the server's own address, and a rate limit of STRICT_SIGN_IN_PER_MINUTE).
 */
import fs from "node:fs";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import type { INestApplication } from "@nestjs/common";
import { NestFactory } from "@nestjs/core";
import { id, Wallet } from "ethers";
import { AppModule } from "../../src/app.module";
import type { BackendConfig } from "../../src/config/config";
import { openDatabase, type DatabaseHandle } from "../../src/database/database";
import * as schema from "../../src/database/schema";
import { SyncState } from "../../src/indexer/sync-state";
import { testConfig } from "../api/harness";
import { createTestDatabase, type DatabaseKind } from "../support/backend";

export const SIWE_DOMAIN = "api.test";
export const STRICT_SIGN_IN_PER_MINUTE = 5;

/** Deterministic keys, so a failing run can be replayed. */
export const WALLETS = {
  active: new Wallet(id("siwe-test:active")),
  suspended: new Wallet(id("siwe-test:suspended")),
  blacklisted: new Wallet(id("siwe-test:blacklisted")),
  blacklistedUnadmitted: new Wallet(id("siwe-test:blacklisted-unadmitted")),
  unknown: new Wallet(id("siwe-test:unknown")),
  other: new Wallet(id("siwe-test:other")),
};

/** SUPPLIER (4) | BANK (8). */
export const ACTIVE_ROLES = 12;

function member(
  address: string,
  fields: Partial<typeof schema.members.$inferInsert>,
): typeof schema.members.$inferInsert {
  return {
    address,
    orgId: `org-${address.slice(2, 8)}`,
    roles: 4,
    status: "Active",
    blacklisted: false,
    kycRef: "kyc",
    suspensionReason: null,
    blacklistReason: null,
    admittedAt: new Date("2025-01-01T00:00:00Z"),
    admittedBlock: 1,
    updatedBlock: 1,
    ...fields,
  };
}

export interface GqlResult {
  status: number;
  headers: Headers;
  data?: Record<string, any>;
  errors?: { message: string; extensions?: Record<string, any> }[];
}

export interface TestApp {
  url: string;
  port: number;
  gql(query: string, variables?: Record<string, unknown>, headers?: Record<string, string>): Promise<GqlResult>;
}

export interface AuthTestBed {
  kind: DatabaseKind;
  database: DatabaseHandle;
  /** Configuration of the main app. */
  config: BackendConfig;
  main: TestApp;
  strict: TestApp;
  close(): Promise<void>;
}

async function boot(config: BackendConfig, database: DatabaseHandle): Promise<{ app: INestApplication } & TestApp> {
  const app = await NestFactory.create(AppModule.forRoot({ config, database, sync: new SyncState(config.chainId) }), {
    logger: process.env.API_TEST_LOG ? undefined : false,
  });
  await app.listen(0, "127.0.0.1");
  const port = (app.getHttpServer().address() as AddressInfo).port;
  const url = `http://127.0.0.1:${port}/graphql`;
  return {
    app,
    url,
    port,
    async gql(query, variables, headers) {
      const response = await fetch(url, {
        method: "POST",
        headers: { "content-type": "application/json", ...headers },
        body: JSON.stringify({ query, variables }),
      });
      const body = (await response.json()) as { data?: any; errors?: any[] };
      return { status: response.status, headers: response.headers, data: body.data ?? undefined, errors: body.errors };
    },
  };
}

export async function startAuthTestBed(kind: DatabaseKind): Promise<AuthTestBed> {
  const testDatabase = await createTestDatabase(kind, "auth");
  const dir = testDatabase.dir ?? fs.mkdtempSync(path.join(os.tmpdir(), "scf-auth-test-"));
  const database = await openDatabase({ databaseUrl: testDatabase.url, pgliteDir: path.join(dir, "pglite") });
  await database.db.insert(schema.members).values([
    member(WALLETS.active.address, { roles: ACTIVE_ROLES, orgId: "org-active" }),
    member(WALLETS.suspended.address, { status: "Suspended", suspensionReason: "late filings" }),
    member(WALLETS.blacklisted.address, { blacklisted: true, blacklistReason: "sanctions list" }),
    member(WALLETS.blacklistedUnadmitted.address, {
      status: "None",
      blacklisted: true,
      blacklistReason: "fraud",
      admittedAt: null,
      admittedBlock: null,
    }),
  ]);

  const base = testConfig(dir, testDatabase.url);
  const config: BackendConfig = { ...base, siweDomains: [SIWE_DOMAIN], signInPerMinute: 1000 };
  const apps = [
    await boot(config, database),
    await boot({ ...base, siweDomains: [], signInPerMinute: STRICT_SIGN_IN_PER_MINUTE }, database),
  ];
  return {
    kind,
    database,
    config,
    main: apps[0],
    strict: apps[1],
    async close() {
      for (const { app } of apps) await app.close();
      await database.close();
      await testDatabase.drop();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
