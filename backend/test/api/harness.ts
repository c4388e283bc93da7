/**
 * Test harness of the GraphQL API: a database (PGlite in a temp folder, or a fresh PostgreSQL
 * database on 127.0.0.1:5432 when reachable) filled directly with Drizzle from a deterministic data
 * set, the Nest app booted on it with `createHttpApp`, and a `gql` helper querying it over HTTP,
 * signed in (with a session token as `Authorization: Bearer`) as the regulator unless told otherwise.
 * Every SQL statement the API issues is counted (to prove batching).
 */
import { AsyncLocalStorage } from "node:async_hooks";
import fs from "node:fs";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import type { INestApplication } from "@nestjs/common";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { drizzle as drizzlePostgres } from "drizzle-orm/node-postgres";
import { getAddress, keccak256, toUtf8Bytes } from "ethers";
import { createHttpApp } from "../../src/http-app";
import type { BackendConfig, ContractName } from "../../src/config/config";
import { CONTRACT_NAMES } from "../../src/config/config";
import { openDatabase, type Database, type DatabaseHandle } from "../../src/database/database";
import * as schema from "../../src/database/schema";
import { SessionService } from "../../src/auth/sessions";
import { SyncState } from "../../src/indexer/sync-state";
import { createTestDatabase, type DatabaseKind } from "../support/backend";

export type { DatabaseKind };
export const DATABASE_KINDS: DatabaseKind[] = ["pglite", "postgres"];

/** A deterministic EIP-55 address for a label. */
export function addr(label: string): string {
  return getAddress(keccak256(toUtf8Bytes(label)).slice(0, 42));
}

export const A = {
  operator: addr("operator"),
  core1: addr("core1"),
  core2: addr("core2"),
  sup1: addr("sup1"),
  sup2: addr("sup2"),
  sup3: addr("sup3"),
  bank1: addr("bank1"),
  bank2: addr("bank2"),
  wh: addr("warehouse"),
  regulator: addr("regulator"),
  factoring: addr("factoring-contract"),
  token: addr("token-contract"),
  stranger: addr("stranger"),
  ghost: addr("ghost"),
};

const DAY = 86_400_000;
export const T0 = new Date("2025-01-01T00:00:00.000Z");
export const AS_OF = new Date("2025-03-01T00:00:00.000Z");
const at = (base: Date, days: number, hours = 0) => new Date(base.getTime() + days * DAY + hours * 3_600_000);

const SUPPLIERS = [A.sup1, A.sup2, A.sup3];
const RECEIVABLE_STATUSES = ["Outstanding", "Outstanding", "Paid", "Overdue", "Defaulted"];
export const RECEIVABLE_COUNT = 120;

/** The data set, as inserted. */
export function seedData() {
  const members: (typeof schema.members.$inferInsert)[] = [
    ["operator", A.operator, 1],
    ["core1", A.core1, 2],
    ["core2", A.core2, 2],
    ["sup1", A.sup1, 4],
    ["sup2", A.sup2, 4],
    ["sup3", A.sup3, 4],
    ["bank1", A.bank1, 8],
    ["bank2", A.bank2, 8],
    ["warehouse", A.wh, 16],
    ["regulator", A.regulator, 32],
  ].map(([org, address, roles], i) => ({
    address: address as string,
    orgId: `org:${org}`,
    roles: roles as number,
    status: org === "sup3" ? "Suspended" : "Active",
    blacklisted: false,
    kycRef: `kyc:${org}`,
    suspensionReason: org === "sup3" ? "audit" : null,
    blacklistReason: null,
    admittedAt: at(T0, -30 + i),
    admittedBlock: i + 1,
    updatedBlock: i + 1,
  }));
  // Blacklisted without ever being admitted.
  members.push({
    address: A.ghost,
    orgId: "",
    roles: 0,
    status: "None",
    blacklisted: true,
    kycRef: "",
    suspensionReason: null,
    blacklistReason: "sanctions",
    admittedAt: null,
    admittedBlock: null,
    updatedBlock: 30,
  });

  const receivables: (typeof schema.receivables.$inferInsert)[] = [];
  const parts: (typeof schema.receivableParts.$inferInsert)[] = [];
  const holdings: (typeof schema.holdings.$inferInsert)[] = [];
  for (let i = 1; i <= RECEIVABLE_COUNT; i++) {
    const obligor = i % 2 === 1 ? A.core1 : A.core2;
    const creditor = SUPPLIERS[i % 3];
    const face = String(1000 * ((i % 7) + 1));
    const status = RECEIVABLE_STATUSES[i % 5];
    receivables.push({
      id: i,
      obligor,
      creditor,
      face,
      currency: i % 10 === 0 ? "USD" : "CNY",
      maturity: at(T0, i * 3, i % 4),
      longTerm: i % 6 === 0,
      orderId: i <= 6 ? i : null,
      invoiceHash: `0x${i.toString(16).padStart(64, "0")}`,
      invoiceUri: `ipfs://invoice/${i}`,
      status,
      redeemed: status === "Paid" ? face : "0",
      paidAt: status === "Paid" ? at(T0, i * 3) : null,
      paidBy: status === "Paid" ? obligor : null,
      paidLate: status === "Paid" ? false : null,
      defaultedBy: status === "Defaulted" ? A.operator : null,
      issuedAt: at(T0, -10, i),
      issuedBlock: 100 + i,
      updatedBlock: 100 + i,
    });
    if (i !== 1) {
      const partStatus = status === "Paid" ? "Redeemed" : "Active";
      parts.push(part(i, i, null, 0, creditor, face, face, partStatus));
      holdings.push({
        holder: creditor,
        receivableId: i,
        amount: partStatus === "Active" ? face : "0",
        parts: 1,
        updatedBlock: 100 + i,
      });
    }
  }
  // Receivable 1 (face 2000, obligor core1, creditor sup2) was split: 1 -> 1001 -> 1002, 1 -> 1003.
  parts.push(
    part(1, 1, null, 0, A.sup2, "2000", "700", "Active"),
    part(1001, 1, 1, 1, A.sup3, "1000", "600", "Active"),
    part(1002, 1, 1001, 2, A.bank1, "400", "400", "Active"),
    part(1003, 1, 1, 1, A.bank2, "300", "300", "Active"),
  );
  holdings.push(
    { holder: A.sup2, receivableId: 1, amount: "700", parts: 1, updatedBlock: 6 },
    { holder: A.sup3, receivableId: 1, amount: "600", parts: 1, updatedBlock: 6 },
    { holder: A.bank1, receivableId: 1, amount: "400", parts: 1, updatedBlock: 6 },
    { holder: A.bank2, receivableId: 1, amount: "300", parts: 1, updatedBlock: 8 },
    // sup1 held a part of receivable 2 (creditor sup3) and passed it on: a zero holding remains.
    { holder: A.sup1, receivableId: 2, amount: "0", parts: 0, updatedBlock: 9 },
  );

  const orderStatuses = [
    "",
    "Converted",
    "Converted",
    "Converted",
    "Converted",
    "Converted",
    "Converted",
    "Pending",
    "Confirmed",
    "Rejected",
    "Cancelled",
  ];
  const orders: (typeof schema.purchaseOrders.$inferInsert)[] = [];
  for (let i = 1; i <= 10; i++) {
    orders.push({
      id: i,
      supplier: SUPPLIERS[i % 3],
      buyer: i % 2 === 1 ? A.core1 : A.core2,
      orderNumber: `PO-${i}`,
      amount: String(500 * i),
      currency: "CNY",
      deliveryDate: at(T0, i),
      paymentTermDays: 90,
      documentHash: `0x${"ab".repeat(32)}`,
      documentUri: `ipfs://po/${i}`,
      status: orderStatuses[i],
      lienHolder: i === 8 ? A.bank1 : null,
      receivableId: i <= 6 ? i : null,
      rejectionReason: i === 9 ? "wrong price" : null,
      submittedAt: at(T0, -20, i),
      submittedBlock: 50 + i,
      updatedBlock: 50 + i,
    });
  }

  const receipts: (typeof schema.warehouseReceipts.$inferInsert)[] = [
    receipt(1, A.sup1, "Active", A.bank1, "60"),
    receipt(2, A.sup1, "Released", null, null),
    receipt(3, A.sup3, "Active", null, null),
  ];
  const attestations: (typeof schema.attestations.$inferInsert)[] = [
    {
      blockNumber: 70,
      logIndex: 1,
      receiptId: 1,
      warehouse: A.wh,
      quantity: "100",
      anomaly: 0,
      reportHash: "0x01",
      freezes: false,
      attestedAt: at(T0, 5),
    },
    {
      blockNumber: 71,
      logIndex: 0,
      receiptId: 1,
      warehouse: A.wh,
      quantity: "95",
      anomaly: 2,
      reportHash: "0x02",
      freezes: false,
      attestedAt: at(T0, 6),
    },
    {
      blockNumber: 72,
      logIndex: 0,
      receiptId: 3,
      warehouse: A.wh,
      quantity: "10",
      anomaly: 0,
      reportHash: "0x03",
      freezes: false,
      attestedAt: at(T0, 7),
    },
  ];

  const financings: (typeof schema.financings.$inferInsert)[] = [
    financing("FACTORING", 1, "part", 1002, 1, A.sup3, A.bank1, A.core1, "Funded", "400", at(AS_OF, 10)),
    financing("FACTORING", 2, "part", 3, 3, A.sup1, A.bank1, A.core1, "Funded", "300", at(AS_OF, -5)),
    financing("ORDER", 1, "order", 8, null, A.sup3, A.bank1, A.core2, "Active", "1000", at(AS_OF, 60)),
    financing("RECEIPT", 1, "receipt", 1, null, A.sup1, A.bank1, null, "Active", "500", at(AS_OF, 20)),
    financing("FACTORING", 3, "part", 5, 5, A.sup3, A.bank1, A.core1, "Collected", "0", at(AS_OF, -30)),
    financing("FACTORING", 4, "part", 7, 7, A.sup2, A.bank1, A.core1, "Offered", "0", null),
    financing("ORDER", 2, "order", 7, null, A.sup2, A.bank2, A.core1, "Active", "800", at(AS_OF, 5)),
    // No due date of its own: the receivable's maturity (2025-01-28, before AS_OF) applies.
    financing("FACTORING", 5, "part", 9, 9, A.sup1, A.bank1, A.core1, "Funded", "250", null),
    // Repaid before its order was converted: the loan does not name receivable 3, its order does.
    financing("ORDER", 3, "order", 3, null, A.sup1, A.bank2, A.core1, "Repaid", "0", at(AS_OF, -20)),
  ];
  const repayments: (typeof schema.repayments.$inferInsert)[] = [
    {
      blockNumber: 90,
      logIndex: 0,
      product: "FACTORING",
      financingId: 3,
      kind: "COLLECTED",
      payer: A.core1,
      principal: "5000",
      interest: "0",
      toBank: "4500",
      toParty: "500",
      paidAt: at(AS_OF, -30),
    },
    {
      blockNumber: 91,
      logIndex: 2,
      product: "ORDER",
      financingId: 1,
      kind: "REPAID",
      payer: A.sup3,
      principal: "100",
      interest: "5",
      toBank: "105",
      toParty: "0",
      paidAt: at(AS_OF, -1),
    },
  ];
  const creditLines: (typeof schema.creditLines.$inferInsert)[] = [
    { bank: A.bank1, counterparty: A.core1, kind: "Obligor", limit: "5000", used: "950", updatedBlock: 80 },
    { bank: A.bank1, counterparty: A.core2, kind: "Obligor", limit: "800", used: "1000", updatedBlock: 80 },
    { bank: A.bank2, counterparty: A.core1, kind: "Obligor", limit: "3000", used: "800", updatedBlock: 80 },
    { bank: A.bank1, counterparty: A.sup3, kind: "Borrower", limit: "2000", used: "0", updatedBlock: 80 },
  ];
  const tokenBalances: (typeof schema.tokenBalances.$inferInsert)[] = members.map((m, i) => ({
    token: A.token,
    account: m.address,
    currency: "CNY",
    balance: i === 0 ? "0" : String(1_000_000 * i),
    updatedBlock: 10,
  }));
  const heldPayouts: (typeof schema.heldPayouts.$inferInsert)[] = [
    { contract: "factoring", account: A.sup3, currency: "CNY", amount: "500", updatedBlock: 90 },
    { contract: "factoring", account: A.bank2, currency: "CNY", amount: "70", updatedBlock: 91 },
  ];

  // Events: receivable 1's history spread over blocks, with noise in between.
  const events: (typeof schema.chainEvents.$inferInsert)[] = [];
  const event = (block: number, logIndex: number, name: string, refs: string[]) =>
    events.push({
      chainId: 31337,
      blockNumber: block,
      logIndex,
      blockHash: `0x${block.toString(16).padStart(64, "0")}`,
      blockTime: at(T0, 0, block),
      txHash: `0x${(block * 100 + logIndex).toString(16).padStart(64, "0")}`,
      txIndex: 0,
      contract: name.startsWith("Factoring") ? "factoring" : "receivables",
      address: name.startsWith("Factoring") ? A.factoring : A.token,
      name,
      args: { id: String(block), amount: "1000" },
      refs,
    });
  event(1, 0, "ReceivableIssued", ["receivable:1", "part:1", `member:${A.core1}`, `member:${A.sup2}`]);
  for (let b = 2; b <= 40; b++) event(b, 0, "ReceivableIssued", [`receivable:${b}`, `part:${b}`, `member:${A.core2}`]);
  event(5, 3, "PartSplit", ["receivable:1", "part:1", "part:1001", `member:${A.sup3}`]);
  event(6, 1, "PartSplit", ["receivable:1", "part:1001", "part:1002", `member:${A.bank1}`]);
  event(8, 2, "PartSplit", ["receivable:1", "part:1", "part:1003", `member:${A.bank2}`]);
  event(12, 1, "FactoringOffered", ["factoring:1", "part:1002", "receivable:1", `member:${A.sup3}`]);
  event(13, 1, "FactoringFunded", ["factoring:1", "part:1002", "receivable:1", `member:${A.bank1}`]);
  // A supplier's own activity: cash it was paid, an order it submitted, a receipt issued to it.
  event(41, 0, "Transfer", [`member:${A.bank1}`, `member:${A.sup1}`]);
  event(42, 0, "OrderSubmitted", ["order:3", `member:${A.sup1}`, `member:${A.core1}`]);
  event(43, 1, "ReceiptIssued", ["receipt:1", `member:${A.sup1}`, `member:${A.wh}`]);
  event(20, 4, "CreditLimitSet", [
    `credit-line:${A.bank1}:${A.core1}:Obligor`,
    `member:${A.bank1}`,
    `member:${A.core1}`,
  ]);

  return {
    members,
    receivables,
    parts,
    holdings,
    orders,
    receipts,
    attestations,
    financings,
    repayments,
    creditLines,
    tokenBalances,
    heldPayouts,
    events,
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
): typeof schema.receivableParts.$inferInsert {
  return {
    id,
    receivableId,
    parentId,
    depth,
    holder,
    face,
    amount,
    status,
    createdAt: at(T0, -10, id % 100),
    createdBlock: id,
    updatedBlock: id,
  };
}

function receipt(id: number, owner: string, status: string, pledgee: string | null, pledged: string | null) {
  return {
    id,
    warehouse: A.wh,
    owner,
    lot: `LOT-${id}`,
    goods: "copper",
    quantity: "100",
    unit: "t",
    valuation: String(10_000 * id),
    currency: "CNY",
    documentHash: "0x00",
    documentUri: `ipfs://wr/${id}`,
    status,
    pledgee,
    pledgedQuantity: pledged,
    frozen: false,
    lastAttestedQuantity: "95",
    issuedAt: at(T0, id),
    issuedBlock: 60 + id,
    updatedBlock: 60 + id,
  };
}

function financing(
  product: string,
  id: number,
  assetType: string,
  assetId: number,
  receivableId: number | null,
  party: string,
  bank: string,
  obligor: string | null,
  status: string,
  outstanding: string,
  dueAt: Date | null,
): typeof schema.financings.$inferInsert {
  const funded = status !== "Offered" && status !== "Requested";
  return {
    product,
    id,
    assetType,
    assetId,
    receivableId,
    party,
    bank,
    obligor,
    status,
    requestedAmount: "1000",
    minAdvanceBps: product === "RECEIPT" ? null : 8000,
    maxRateBps: 1200,
    tenorDays: product === "FACTORING" ? null : 90,
    recourse: product === "FACTORING" ? false : null,
    expiresAt: at(T0, 60),
    advanceBps: funded ? 9000 : null,
    rateBps: funded ? 1000 : null,
    capBps: null,
    principal: funded ? outstanding : null,
    discount: null,
    price: null,
    daysToMaturity: null,
    dueAt,
    outstanding,
    repaidPrincipal: "0",
    repaidInterest: "0",
    amountDue: null,
    registryRef: null,
    declineReason: null,
    requestedAt: at(T0, id, product.length),
    fundedAt: funded ? at(T0, id + 1) : null,
    closedAt: status === "Collected" ? at(AS_OF, -30) : null,
    requestedBlock: 80 + id,
    updatedBlock: 80 + id,
  };
}

async function seed(db: Database): Promise<void> {
  const d = seedData();
  await db.insert(schema.members).values(d.members);
  await db.insert(schema.receivables).values(d.receivables);
  await db.insert(schema.receivableParts).values(d.parts);
  await db.insert(schema.holdings).values(d.holdings);
  await db.insert(schema.purchaseOrders).values(d.orders);
  await db.insert(schema.warehouseReceipts).values(d.receipts);
  await db.insert(schema.attestations).values(d.attestations);
  await db.insert(schema.financings).values(d.financings);
  await db.insert(schema.repayments).values(d.repayments);
  await db.insert(schema.creditLines).values(d.creditLines);
  await db.insert(schema.tokenBalances).values(d.tokenBalances);
  await db.insert(schema.heldPayouts).values(d.heldPayouts);
  await db.insert(schema.chainEvents).values(d.events);
}

export function testConfig(pgliteDir: string, databaseUrl?: string): BackendConfig {
  const contracts = Object.fromEntries(CONTRACT_NAMES.map((n) => [n, addr(`contract:${n}`)])) as Record<
    ContractName,
    string
  >;
  return {
    rpcUrl: "http://127.0.0.1:1",
    chainId: 31337,
    deploymentFile: path.join(pgliteDir, "deployment.json"),
    deployment: { chainId: 31337, currency: "CNY", startBlock: 0, contracts },
    databaseUrl,
    pgliteDir,
    confirmations: 0,
    finalityDepth: 64,
    pollIntervalMs: 50,
    maxBlockRange: 5000,
    batchEvents: 5000,
    rpcTimeoutMs: 1000,
    minBlockTimeoutMs: 400,
    logLevel: "error",
    host: "127.0.0.1",
    port: 0,
    indexer: false,
    siweDomains: ["api.test"],
    sessionTtlSeconds: 3600,
    nonceTtlSeconds: 300,
    signInPerMinute: 1000,
    relayPerMinute: 1200,
    ipfsDir: path.join(pgliteDir, "ipfs"),
    uploadMaxBytes: 1024 * 1024,
    uploadsPerMinute: 1000,
  };
}

export interface GqlResponse<T = Record<string, any>> {
  status: number;
  headers: Headers;
  data?: T;
  errors?: { message: string; path?: string[]; extensions?: Record<string, any> }[];
}

export interface GqlOptions {
  headers?: Record<string, string>;
  extensions?: Record<string, unknown>;
  /**
   * Who asks: a member's address (signed in with a session of its own), or null for an anonymous
   * request. Default: the regulator, who reads everything. Ignored when `token` is given.
   */
  as?: string | null;
  /** A session token to send as is (e.g. an expired one, from `session`). */
  token?: string;
}

export interface TestApi {
  kind: DatabaseKind;
  url: string;
  sync: SyncState;
  /**
   * SQL statements issued through the API's database by HTTP requests since the last reset (the
   * background jobs of other modules, e.g. alert polling, are not counted).
   */
  statements: { count: number; log: string[] };
  gql<T = Record<string, any>>(
    query: string,
    variables?: Record<string, unknown>,
    options?: GqlOptions,
  ): Promise<GqlResponse<T>>;
  /** A new session token of `address`, valid until `expiresAt` (default: in an hour). */
  session(address: string, expiresAt?: Date): Promise<string>;
  close(): Promise<void>;
}

/** Opens a seeded database of `kind` (a fresh one: test/support/backend.ts) and boots the app on it. */
export async function startApi(kind: DatabaseKind): Promise<TestApi> {
  const testDatabase = await createTestDatabase(kind, "api");
  const dir = testDatabase.dir ?? fs.mkdtempSync(path.join(os.tmpdir(), "scf-api-test-"));
  const databaseUrl = testDatabase.url;
  const handle = await openDatabase({ databaseUrl, pgliteDir: path.join(dir, "pglite") });
  await seed(handle.db);

  // The API's database: the same client, through a Drizzle instance that counts the statements issued
  // while serving an HTTP request (marked by the middleware below).
  const statements = { count: 0, log: [] as string[] };
  const inRequest = new AsyncLocalStorage<true>();
  const logger = {
    logQuery(query: string) {
      if (!inRequest.getStore()) return;
      statements.count++;
      statements.log.push(query);
    },
  };
  const client = (handle.db as unknown as { $client: any }).$client;
  const countingDb = (kind === "pglite"
    ? drizzlePglite(client, { schema, logger })
    : drizzlePostgres(client, { schema, logger })) as unknown as Database;
  const database: DatabaseHandle = { ...handle, db: countingDb };

  const config = testConfig(dir, databaseUrl);
  const sync = new SyncState(config.chainId);
  const app: INestApplication = await createHttpApp(
    { config, database, sync },
    { logger: process.env.API_TEST_LOG ? undefined : false },
  );
  app.use((_req: unknown, _res: unknown, next: () => void) => inRequest.run(true, next));
  await app.listen(0, "127.0.0.1");
  const port = (app.getHttpServer().address() as AddressInfo).port;
  const url = `http://127.0.0.1:${port}/graphql`;

  // Sessions are written through the uncounted client: only the API's own statements are counted.
  const sessions = app.get(SessionService);
  const session = async (address: string, expiresAt = new Date(Date.now() + 3_600_000)) =>
    (await sessions.create(handle.db, address, expiresAt)).token;
  const tokens = new Map<string, Promise<string>>();
  const tokenOf = (address: string) => {
    let token = tokens.get(address);
    if (!token) {
      token = session(address);
      tokens.set(address, token);
    }
    return token;
  };

  return {
    kind,
    url,
    sync,
    statements,
    session,
    async gql(query, variables, options) {
      const as = options?.as === undefined ? A.regulator : options.as;
      const token = options?.token ?? (as === null ? null : await tokenOf(as));
      const response = await fetch(url, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          ...(token ? { authorization: `Bearer ${token}` } : {}),
          ...options?.headers,
        },
        body: JSON.stringify({ query, variables, extensions: options?.extensions }),
      });
      const body = (await response.json()) as { data?: any; errors?: any[] };
      return { status: response.status, headers: response.headers, data: body.data ?? undefined, errors: body.errors };
    },
    async close() {
      await app.close();
      await handle.close();
      await testDatabase.drop();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

const started = new Map<DatabaseKind, Promise<TestApi>>();

/** The API on a database of `kind`, started once for all the test files and closed at the end. */
export function sharedApi(kind: DatabaseKind): Promise<TestApi> {
  let api = started.get(kind);
  if (!api) {
    api = startApi(kind);
    started.set(kind, api);
  }
  return api;
}

// Root-level hook (under mocha): closes the shared APIs after every test file ran.
if (typeof after === "function") {
  after(async () => {
    for (const api of started.values()) await (await api.catch(() => null))?.close();
    started.clear();
  });
}

/** Declares `suite` once per database kind (PostgreSQL must be reachable: it fails, never skips). */
export function describeApi(title: string, suite: (api: () => TestApi) => void): void {
  for (const kind of DATABASE_KINDS) {
    describe(`${title} (${kind})`, function () {
      let api: TestApi;
      before(async function () {
        api = await sharedApi(kind);
      });
      suite(() => api);
    });
  }
}

/** Fails with the errors of a response that should have none. */
export function ok<T>(response: GqlResponse<T>): T {
  if (response.errors?.length) throw new Error(`unexpected errors: ${JSON.stringify(response.errors, null, 2)}`);
  return response.data as T;
}
