/**
 * Test support of the applications feature: a fresh database (PGlite or PostgreSQL) seeded directly
 * with Drizzle with the indexed rows the scenarios need (dates relative to now), the app booted with
 * ApplicationsModule next to AppModule, one session per actor, and a `gql(actor, ...)` helper. The
 * "indexer" is simulated by inserting/updating financings rows as the real one would write them.
 */
import fs from "node:fs";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { Module, type INestApplication } from "@nestjs/common";
import { NestFactory } from "@nestjs/core";
import { expect } from "chai";
import { and, eq } from "drizzle-orm";
import { AppModule } from "../../src/app.module";
import { ApplicationsModule } from "../../src/applications/applications.module";
import { ApplicationsReconciler } from "../../src/applications/applications.reconciler";
import { SessionService } from "../../src/auth/sessions";
import type { BackendConfig } from "../../src/config/config";
import { openDatabase, type Database, type DatabaseHandle } from "../../src/database/database";
import * as schema from "../../src/database/schema";
import { SyncState } from "../../src/indexer/sync-state";
import { addr, testConfig } from "../api/harness";
import { createTestDatabase, type DatabaseKind } from "../support/backend";

export const DAY = 86_400_000;

export const A = {
  core1: addr("apps:core1"),
  core2: addr("apps:core2-blacklisted"),
  core3: addr("apps:core3-suspended"),
  sup1: addr("apps:sup1"),
  sup2: addr("apps:sup2"),
  bank1: addr("apps:bank1"),
  bank2: addr("apps:bank2"),
  bank3: addr("apps:bank3-suspended"),
  bank4: addr("apps:bank4"),
  regulator: addr("apps:regulator"),
  warehouse: addr("apps:warehouse"),
  operator: addr("apps:operator"),
};
export type Actor = "core1" | "sup1" | "sup2" | "bank1" | "bank2" | "bank4" | "regulator" | "warehouse";
const ACTORS: Actor[] = ["core1", "sup1", "sup2", "bank1", "bank2", "bank4", "regulator", "warehouse"];

function member(address: string, roles: number, status = "Active", blacklisted = false) {
  return {
    address,
    orgId: `org:${address.slice(2, 8)}`,
    roles,
    status,
    blacklisted,
    kycRef: "kyc",
    suspensionReason: status === "Suspended" ? "audit" : null,
    blacklistReason: blacklisted ? "sanctions" : null,
    admittedAt: new Date(Date.now() - 100 * DAY),
    admittedBlock: 1,
    updatedBlock: 1,
  };
}

/** Receivable `id` (root part `id`) and the rows it needs. */
function receivable(
  id: number,
  now: number,
  o: { obligor?: string; holder?: string; status?: string; maturityMs?: number; partStatus?: string } = {},
) {
  const face = "100000";
  return {
    receivable: {
      id,
      obligor: o.obligor ?? A.core1,
      creditor: A.sup1,
      face,
      currency: "CNY",
      maturity: new Date(o.maturityMs ?? now + 90 * DAY),
      longTerm: false,
      orderId: null,
      invoiceHash: `0x${id.toString(16).padStart(64, "0")}`,
      invoiceUri: `ipfs://invoice/${id}`,
      status: o.status ?? "Outstanding",
      redeemed: "0",
      paidAt: null,
      paidBy: null,
      paidLate: null,
      defaultedBy: null,
      issuedAt: new Date(now - 10 * DAY),
      issuedBlock: 10 + id,
      updatedBlock: 10 + id,
    },
    part: part(id, id, null, 0, o.holder ?? A.sup1, face, face, o.partStatus ?? "Active", now),
  };
}

function part(
  id: number,
  receivableId: number,
  parentId: number | null,
  depth: number,
  holder: string,
  face: string,
  amount: string,
  status: string,
  now: number,
) {
  return {
    id,
    receivableId,
    parentId,
    depth,
    holder,
    face,
    amount,
    status,
    createdAt: new Date(now - 9 * DAY),
    createdBlock: 20 + id,
    updatedBlock: 20 + id,
  };
}

function order(id: number, now: number, o: { status?: string; supplier?: string; lienHolder?: string | null } = {}) {
  return {
    id,
    supplier: o.supplier ?? A.sup1,
    buyer: A.core1,
    orderNumber: `PO-${id}`,
    amount: "50000",
    currency: "CNY",
    deliveryDate: new Date(now + 30 * DAY),
    paymentTermDays: 60,
    documentHash: `0x${"ab".repeat(32)}`,
    documentUri: `ipfs://po/${id}`,
    status: o.status ?? "Confirmed",
    lienHolder: o.lienHolder ?? null,
    receivableId: null,
    rejectionReason: null,
    submittedAt: new Date(now - 5 * DAY),
    submittedBlock: 40 + id,
    updatedBlock: 40 + id,
  };
}

function receipt(
  id: number,
  now: number,
  o: { status?: string; frozen?: boolean; pledgee?: string | null; owner?: string } = {},
) {
  return {
    id,
    warehouse: A.warehouse,
    owner: o.owner ?? A.sup1,
    lot: `LOT-${id}`,
    goods: "copper",
    quantity: "100",
    unit: "t",
    valuation: "100000",
    currency: "CNY",
    documentHash: "0x00",
    documentUri: `ipfs://wr/${id}`,
    status: o.status ?? "Active",
    pledgee: o.pledgee ?? null,
    pledgedQuantity: o.pledgee ? "100" : null,
    frozen: o.frozen ?? false,
    lastAttestedQuantity: "100",
    issuedAt: new Date(now - 8 * DAY),
    issuedBlock: 60 + id,
    updatedBlock: 60 + id,
  };
}

export function contractAddress(config: BackendConfig, name: "factoring" | "orderFinancing" | "receiptFinancing") {
  return config.deployment.contracts[name];
}

async function seed(db: Database, config: BackendConfig): Promise<void> {
  const now = Date.now();
  await db
    .insert(schema.members)
    .values([
      member(A.core1, 2),
      member(A.core2, 2, "Active", true),
      member(A.core3, 2, "Suspended"),
      member(A.sup1, 4),
      member(A.sup2, 4),
      member(A.bank1, 8),
      member(A.bank2, 8),
      member(A.bank3, 8, "Suspended"),
      member(A.bank4, 8),
      member(A.regulator, 32),
      member(A.warehouse, 16),
      member(A.operator, 1),
    ]);

  const recs = [
    receivable(1, now, { holder: A.sup2 }),
    receivable(2, now, { status: "Overdue" }),
    receivable(3, now, { maturityMs: now + DAY / 2 }),
    receivable(4, now, { obligor: A.core2 }),
    receivable(5, now, { holder: contractAddress(config, "factoring") }),
    receivable(6, now, { holder: A.sup2 }),
    receivable(8, now, { partStatus: "Redeemed" }),
    receivable(9, now, { obligor: A.core3 }),
  ];
  for (let id = 10; id <= 30; id++) recs.push(receivable(id, now));
  await db.insert(schema.receivables).values(recs.map((r) => r.receivable));
  // Receivable 1 was split: 1 (sup2, 40 000 left) -> 101 (sup1, 40 000 left) -> 102 (sup1, 20 000).
  const parts = recs.map((r) => r.part);
  parts[0] = { ...parts[0], amount: "40000" };
  // Part 21 is small: 1 bps of it rounds down to nothing.
  const small = parts.findIndex((p) => p.id === 21);
  parts[small] = { ...parts[small], face: "5000", amount: "5000" };
  parts.push(part(101, 1, 1, 1, A.sup1, "60000", "40000", "Active", now));
  parts.push(part(102, 1, 101, 2, A.sup1, "20000", "20000", "Active", now));
  await db.insert(schema.receivableParts).values(parts);

  await db
    .insert(schema.purchaseOrders)
    .values([
      order(1, now),
      order(2, now, { status: "Pending" }),
      order(3, now, { lienHolder: contractAddress(config, "orderFinancing") }),
      order(4, now, { supplier: A.sup2 }),
      order(5, now),
      order(6, now),
      order(7, now),
    ]);
  await db
    .insert(schema.warehouseReceipts)
    .values([
      receipt(1, now),
      receipt(2, now, { frozen: true }),
      receipt(3, now, { pledgee: A.bank2 }),
      receipt(4, now, { status: "Released" }),
      receipt(5, now, { pledgee: A.bank1 }),
      receipt(6, now),
    ]);
  // Receipt 5 has a drawing requested from bank1 and not yet funded.
  await db.insert(schema.financings).values(
    financingRow({
      product: "RECEIPT",
      id: 900,
      assetType: "receipt",
      assetId: 5,
      party: A.sup1,
      bank: A.bank1,
      status: "Requested",
      requestedAmount: "1000",
      maxRateBps: 900,
      tenorDays: 90,
      expiresAt: new Date(now + 10 * DAY),
    }),
  );
  await db.insert(schema.creditLines).values([
    { bank: A.bank1, counterparty: A.core1, kind: "Obligor", limit: "1000000", used: "0", updatedBlock: 5 },
    { bank: A.bank1, counterparty: A.sup1, kind: "Borrower", limit: "500000", used: "0", updatedBlock: 5 },
    { bank: A.bank2, counterparty: A.core1, kind: "Obligor", limit: "1000000", used: "0", updatedBlock: 5 },
    { bank: A.bank2, counterparty: A.sup1, kind: "Borrower", limit: "100", used: "0", updatedBlock: 5 },
  ]);
  await db.insert(schema.chainEvents).values({
    chainId: 31337,
    blockNumber: 11,
    logIndex: 0,
    blockHash: `0x${"11".repeat(32)}`,
    blockTime: new Date(now - 10 * DAY),
    txHash: `0x${"aa".repeat(32)}`,
    txIndex: 0,
    contract: "receivables",
    address: addr("contract:receivables"),
    name: "ReceivableIssued",
    args: { receivableId: "1" },
    refs: ["receivable:1", "part:1", `member:${A.core1}`],
  });
}

/** A financings row as the indexer writes it (request fields; funding fields null unless given). */
export function financingRow(
  f: Pick<
    typeof schema.financings.$inferInsert,
    | "product"
    | "id"
    | "assetType"
    | "assetId"
    | "party"
    | "bank"
    | "status"
    | "requestedAmount"
    | "maxRateBps"
    | "expiresAt"
  > &
    Partial<typeof schema.financings.$inferInsert>,
): typeof schema.financings.$inferInsert {
  return {
    receivableId: null,
    obligor: null,
    minAdvanceBps: null,
    tenorDays: null,
    recourse: null,
    advanceBps: null,
    rateBps: null,
    capBps: null,
    principal: null,
    discount: null,
    price: null,
    daysToMaturity: null,
    dueAt: null,
    outstanding: "0",
    repaidPrincipal: "0",
    repaidInterest: "0",
    amountDue: null,
    registryRef: null,
    declineReason: null,
    requestedAt: new Date(),
    fundedAt: null,
    closedAt: null,
    requestedBlock: 100,
    updatedBlock: 100,
    ...f,
  };
}

/** The live OrderFinancing request of sup1 to bank1 for 50 000 on order `assetId`, at the approved 75 % and 7 %. */
export function orderRequestRow(id: number, assetId: number, tenorDays: number, expiresAt: Date) {
  return financingRow({
    product: "ORDER",
    id,
    assetType: "order",
    assetId,
    party: A.sup1,
    bank: A.bank1,
    obligor: A.core1,
    status: "Requested",
    requestedAmount: "50000",
    minAdvanceBps: 7500,
    maxRateBps: 700,
    tenorDays,
    expiresAt,
  });
}

/** The live ReceiptFinancing request of sup1 to bank1 for `amount` on receipt `assetId`, at the approved 8 %. */
export function receiptRequestRow(id: number, assetId: number, amount: string, tenorDays: number, expiresAt: Date) {
  return financingRow({
    product: "RECEIPT",
    id,
    assetType: "receipt",
    assetId,
    party: A.sup1,
    bank: A.bank1,
    status: "Requested",
    requestedAmount: amount,
    maxRateBps: 800,
    tenorDays,
    expiresAt,
  });
}

export interface GqlResult<T = any> {
  data?: T;
  errors?: { message: string; extensions?: Record<string, any> }[];
}

export interface AppsApi {
  kind: DatabaseKind;
  db: Database;
  config: BackendConfig;
  sync: SyncState;
  reconciler: ApplicationsReconciler;
  gql<T = any>(actor: Actor | null, query: string, variables?: Record<string, unknown>): Promise<GqlResult<T>>;
  /** The indexer writing a financing row (insert, or update of an existing one). */
  indexFinancing(row: typeof schema.financings.$inferInsert): Promise<void>;
  updateFinancing(product: string, id: number, change: Partial<typeof schema.financings.$inferInsert>): Promise<void>;
  close(): Promise<void>;
}

export async function startAppsApi(kind: DatabaseKind): Promise<AppsApi> {
  const testDatabase = await createTestDatabase(kind, "apps");
  const dir = testDatabase.dir ?? fs.mkdtempSync(path.join(os.tmpdir(), "scf-apps-test-"));
  const handle: DatabaseHandle = await openDatabase({
    databaseUrl: testDatabase.url,
    pgliteDir: path.join(dir, "pglite"),
  });
  const config = testConfig(dir, testDatabase.url);
  await seed(handle.db, config);
  const sync = new SyncState(config.chainId);

  @Module({ imports: [AppModule.forRoot({ config, database: handle, sync }), ApplicationsModule] })
  class TestRoot {}

  const app: INestApplication = await NestFactory.create(TestRoot, {
    logger: process.env.API_TEST_LOG ? undefined : false,
  });
  await app.listen(0, "127.0.0.1");
  const url = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}/graphql`;
  const sessions = app.get(SessionService);
  const tokens = new Map<Actor, string>();
  for (const actor of ACTORS) {
    const { token } = await sessions.create(handle.db, A[actor], new Date(Date.now() + 3600_000));
    tokens.set(actor, token);
  }
  return {
    kind,
    db: handle.db,
    config,
    sync,
    reconciler: app.get(ApplicationsReconciler),
    async gql(actor, query, variables) {
      const headers: Record<string, string> = { "content-type": "application/json" };
      if (actor) headers.authorization = `Bearer ${tokens.get(actor)}`;
      const response = await fetch(url, { method: "POST", headers, body: JSON.stringify({ query, variables }) });
      return (await response.json()) as GqlResult;
    },
    async indexFinancing(row) {
      await handle.db.insert(schema.financings).values(row);
    },
    async updateFinancing(product, id, change) {
      await handle.db
        .update(schema.financings)
        .set(change)
        .where(and(eq(schema.financings.product, product), eq(schema.financings.id, id)));
    },
    async close() {
      await app.close();
      await handle.close();
      await testDatabase.drop();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The data of a response that must have no errors. */
export function ok<T = any>(result: GqlResult<T>): T {
  if (result.errors?.length) throw new Error(`unexpected errors: ${JSON.stringify(result.errors, null, 2)}`);
  return result.data as T;
}

/** The single error of a failed call: its code, reason and message. */
export function failure(result: GqlResult): { code: string; reason?: string; message: string } {
  if (!result.errors?.length) throw new Error(`expected an error, got ${JSON.stringify(result.data)}`);
  const e = result.errors[0];
  return { code: e.extensions?.code, reason: e.extensions?.reason, message: e.message };
}

/** Asserts that a call was refused with CONFLICT for `reason` (an application or offer in the wrong state). */
export function expectConflict(result: GqlResult, reason: string): void {
  expect(failure(result)).to.include({ code: "CONFLICT", reason });
}
