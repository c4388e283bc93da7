/**
 * The Nest application on a fresh database the test seeds itself (no chain, no indexer), listening on
 * a free port, with sessions made directly (the SIWE flow has its own tests) and a `gql` helper.
 */
import fs from "node:fs";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import type { INestApplication } from "@nestjs/common";
import { getAddress, keccak256, toUtf8Bytes } from "ethers";
import { SessionService } from "../../src/auth/sessions";
import type { BackendConfig } from "../../src/config/config";
import { openDatabase, type Database, type DatabaseHandle } from "../../src/database/database";
import * as schema from "../../src/database/schema";
import { createHttpApp } from "../../src/http-app";
import { SyncState } from "../../src/indexer/sync-state";
import { testConfig } from "../api/harness";
import { createTestDatabase, type DatabaseKind, type TestDatabase } from "./backend";

export interface GqlAnswer<T = any> {
  status: number;
  data?: T;
  errors?: { message: string; path?: string[]; extensions: { code: string; [key: string]: unknown } }[];
}

export interface TestApp {
  base: string;
  app: INestApplication;
  db: Database;
  config: BackendConfig;
  /** A session token for `address` (a member the seed admitted). */
  session(address: string): Promise<string>;
  gql<T = any>(token: string | null, query: string, variables?: Record<string, unknown>): Promise<GqlAnswer<T>>;
  close(): Promise<void>;
}

/** A deterministic EIP-55 address for a label. */
export function labelAddress(label: string): string {
  return getAddress(keccak256(toUtf8Bytes(label)).slice(0, 42));
}

/** A members row: active unless told otherwise. */
export function memberRow(
  address: string,
  roles: number,
  options: { status?: string; blacklisted?: boolean } = {},
): typeof schema.members.$inferInsert {
  return {
    address,
    orgId: `org:${address.slice(2, 8).toLowerCase()}`,
    roles,
    status: options.status ?? "Active",
    blacklisted: options.blacklisted ?? false,
    kycRef: "kyc",
    admittedAt: new Date("2025-01-01T00:00:00Z"),
    admittedBlock: 1,
    updatedBlock: 1,
  };
}

export async function startTestApp(
  kind: DatabaseKind,
  seed: (db: Database) => Promise<void>,
  configure: (config: BackendConfig) => BackendConfig = (c) => c,
): Promise<TestApp> {
  const testDatabase: TestDatabase = await createTestDatabase(kind, "app");
  const dir = testDatabase.dir ?? fs.mkdtempSync(path.join(os.tmpdir(), "scf-app-"));
  let handle: DatabaseHandle | undefined;
  let app: INestApplication | undefined;
  const config = configure(testConfig(dir, testDatabase.url));
  try {
    handle = await openDatabase({ databaseUrl: testDatabase.url, pgliteDir: path.join(dir, "pglite") });
    await seed(handle.db);
    app = await createHttpApp(
      { config, database: handle, sync: new SyncState(config.chainId) },
      { logger: process.env.API_TEST_LOG ? undefined : false },
    );
    await app.listen(0, "127.0.0.1");
  } catch (error) {
    await app?.close();
    await handle?.close();
    await testDatabase.drop();
    throw error;
  }
  const base = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
  const sessions = app.get(SessionService);
  const opened = app;
  const database = handle;
  return {
    base,
    app,
    db: handle.db,
    config,
    async session(address) {
      return (await sessions.create(database.db, address, new Date(Date.now() + 3_600_000))).token;
    },
    async gql(token, query, variables) {
      const response = await fetch(`${base}/graphql`, {
        method: "POST",
        headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
        body: JSON.stringify({ query, variables }),
      });
      return { status: response.status, ...((await response.json()) as Omit<GqlAnswer, "status">) };
    },
    async close() {
      await opened.close();
      await database.close();
      await testDatabase.drop();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A stored document's rows (metadata and one placeholder wrapped key per party), for seeds. */
export function documentRows(id: string, owner: string, parties: string[], createdAt = new Date()) {
  return {
    row: {
      id,
      cid: `bafy${id}`,
      commitment: `0x${Buffer.from(id.padEnd(32, "-")).toString("hex")}`,
      ciphertextSha256: "00".repeat(32),
      owner,
      kind: "ORDER",
      fileName: `${id}.pdf`,
      mimeType: "application/pdf",
      size: 100,
      createdAt,
    },
    keys: parties.map((party) => ({
      documentId: id,
      party,
      ephemeralPublicKey: "e",
      iv: "i",
      wrappedKey: "w",
      addedBy: owner,
      addedAt: createdAt,
    })),
  };
}
