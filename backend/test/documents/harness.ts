/**
 * Test harness of the documents feature: a fresh database of either kind with a small membership
 * (each member a real wallet with a document key pair derived from its signature), the app booted with
 * DocumentsModule beside AppModule, sessions for the members, HTTP helpers for the multipart upload, the
 * downloads and GraphQL, and a logger that keeps the error lines the app writes.
 */
import fs from "node:fs";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { Module, type DynamicModule, type INestApplication, type LoggerService } from "@nestjs/common";
import { NestFactory } from "@nestjs/core";
import { hexlify, randomBytes, Wallet } from "ethers";
import { AppModule } from "../../src/app.module";
import { SessionService } from "../../src/auth/sessions";
import { Role } from "../../src/auth/viewer";
import type { CoreDependencies } from "../../src/common/core.module";
import type { BackendConfig } from "../../src/config/config";
import { openDatabase, type DatabaseHandle } from "../../src/database/database";
import * as schema from "../../src/database/schema";
import { DocumentsModule } from "../../src/documents/documents.module";
import {
  documentKeyPairFromSignature,
  DOCUMENT_KEY_MESSAGE,
  toBase64,
  type DocumentKeyPair,
} from "../../src/documents/envelope";
import { SyncState } from "../../src/indexer/sync-state";
import { testConfig } from "../api/harness";
import { createTestDatabase, type DatabaseKind, type TestDatabase } from "../support/backend";

@Module({})
class DocumentsTestModule {
  static forRoot(deps: CoreDependencies): DynamicModule {
    return { module: DocumentsTestModule, imports: [AppModule.forRoot(deps), DocumentsModule] };
  }
}

/** Keeps what the app logs at error level (and drops the rest). */
export class CapturingLogger implements LoggerService {
  readonly errors: string[] = [];
  log(): void {}
  warn(): void {}
  debug(): void {}
  verbose(): void {}
  fatal(message: unknown): void {
    this.errors.push(String(message));
  }
  error(message: unknown): void {
    this.errors.push(String(message));
  }
}

export interface TestMember {
  name: string;
  wallet: Wallet;
  address: string;
  roles: number;
  status: "Active" | "Suspended";
  /** Derived from the wallet's signature of DOCUMENT_KEY_MESSAGE; registered when `registered`. */
  keys: DocumentKeyPair;
  registered: boolean;
  token?: string;
}

const MEMBERS: Omit<TestMember, "wallet" | "address" | "keys" | "token">[] = [
  { name: "supplier", roles: Role.SUPPLIER, status: "Active", registered: true },
  { name: "core", roles: Role.CORE_ENTERPRISE, status: "Active", registered: true },
  { name: "bank", roles: Role.BANK, status: "Active", registered: true },
  { name: "outsider", roles: Role.SUPPLIER, status: "Active", registered: true },
  { name: "nokey", roles: Role.SUPPLIER, status: "Active", registered: false },
  { name: "suspended", roles: Role.SUPPLIER, status: "Suspended", registered: true },
  { name: "regulator", roles: Role.REGULATOR, status: "Active", registered: true },
  { name: "keylessRegulator", roles: Role.REGULATOR, status: "Active", registered: false },
  { name: "failing", roles: Role.BANK, status: "Active", registered: true },
  { name: "busy", roles: Role.SUPPLIER, status: "Active", registered: true },
  { name: "registrant", roles: Role.WAREHOUSE, status: "Active", registered: false },
];

export type MemberName =
  | "supplier"
  | "core"
  | "bank"
  | "outsider"
  | "nokey"
  | "suspended"
  | "regulator"
  | "keylessRegulator"
  | "failing"
  | "busy"
  | "registrant";

export interface HttpResult<T = any> {
  status: number;
  headers: Headers;
  body: T;
}

export interface UploadFile {
  bytes: Uint8Array;
  type: string;
  name: string;
}

export interface DocumentsApp {
  kind: DatabaseKind;
  base: string;
  config: BackendConfig;
  database: DatabaseHandle;
  app: INestApplication;
  logger: CapturingLogger;
  members: Record<MemberName, TestMember>;
  /** A wallet that is no member. */
  stranger: Wallet;
  upload(
    as: MemberName | null,
    fields: { file?: UploadFile; kind?: string; parties?: string },
    headers?: Record<string, string>,
  ): Promise<HttpResult>;
  getJson(as: MemberName | null, route: string): Promise<HttpResult>;
  getBytes(as: MemberName | null, route: string): Promise<HttpResult<Uint8Array | any>>;
  gql(
    as: MemberName | null,
    query: string,
    variables?: Record<string, unknown>,
  ): Promise<{ data?: any; errors?: any[] }>;
  close(): Promise<void>;
}

export async function startDocumentsApp(
  kind: DatabaseKind,
  overrides: Partial<BackendConfig> = {},
): Promise<DocumentsApp> {
  const testDatabase: TestDatabase = await createTestDatabase(kind, "docs");
  const dir = testDatabase.dir ?? fs.mkdtempSync(path.join(os.tmpdir(), "scf-docs-"));
  const database = await openDatabase({ databaseUrl: testDatabase.url, pgliteDir: path.join(dir, "pglite") });
  const config: BackendConfig = {
    ...testConfig(dir, testDatabase.url),
    ipfsDir: path.join(dir, "ipfs"),
    uploadMaxBytes: 3 * 1024 * 1024,
    uploadsPerMinute: 20,
    ...overrides,
  };

  const members = {} as Record<MemberName, TestMember>;
  for (const spec of MEMBERS) {
    const wallet = new Wallet(hexlify(randomBytes(32)));
    const keys = await documentKeyPairFromSignature(await wallet.signMessage(DOCUMENT_KEY_MESSAGE));
    members[spec.name as MemberName] = { ...spec, wallet, address: wallet.address, keys };
  }
  const all = Object.values(members);
  await database.db.insert(schema.members).values(
    all.map((m) => ({
      address: m.address,
      orgId: `org:${m.name}`,
      roles: m.roles,
      status: m.status,
      blacklisted: false,
      kycRef: `kyc:${m.name}`,
      suspensionReason: m.status === "Suspended" ? "audit" : null,
      updatedBlock: 1,
    })),
  );
  const now = new Date();
  await database.db
    .insert(schema.memberKeys)
    .values(
      all
        .filter((m) => m.registered)
        .map((m) => ({ address: m.address, publicKey: toBase64(m.keys.publicKey), registeredAt: now })),
    );

  const logger = new CapturingLogger();
  const app = await NestFactory.create(
    DocumentsTestModule.forRoot({ config, database, sync: new SyncState(config.chainId) }),
    { logger },
  );
  await app.listen(0, "127.0.0.1");
  const base = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
  const sessions = app.get(SessionService);
  const expires = new Date(Date.now() + 3_600_000);
  for (const m of all) {
    // A session for the suspended member too: it was signed in before the suspension.
    m.token = (await sessions.create(database.db, m.address, expires)).token;
  }

  const auth = (as: MemberName | null): Record<string, string> =>
    as ? { authorization: `Bearer ${members[as].token}` } : {};

  async function parse(response: Response): Promise<HttpResult> {
    const type = response.headers.get("content-type") ?? "";
    const body = type.includes("application/json")
      ? await response.json()
      : new Uint8Array(await response.arrayBuffer());
    return { status: response.status, headers: response.headers, body };
  }

  return {
    kind,
    base,
    config,
    database,
    app,
    logger,
    members,
    stranger: new Wallet(hexlify(randomBytes(32))),
    async upload(as, fields, headers = {}) {
      const form = new FormData();
      if (fields.kind !== undefined) form.append("kind", fields.kind);
      if (fields.parties !== undefined) form.append("parties", fields.parties);
      if (fields.file) {
        form.append("file", new Blob([fields.file.bytes], { type: fields.file.type }), fields.file.name);
      }
      return parse(
        await fetch(`${base}/documents`, { method: "POST", headers: { ...auth(as), ...headers }, body: form }),
      );
    },
    async getJson(as, route) {
      return parse(await fetch(`${base}${route}`, { headers: auth(as) }));
    },
    async getBytes(as, route) {
      return parse(await fetch(`${base}${route}`, { headers: auth(as) }));
    },
    async gql(as, query, variables) {
      const response = await fetch(`${base}/graphql`, {
        method: "POST",
        headers: { "content-type": "application/json", ...auth(as) },
        body: JSON.stringify({ query, variables }),
      });
      return (await response.json()) as { data?: any; errors?: any[] };
    },
    async close() {
      await app.close();
      await database.close();
      await testDatabase.drop();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
