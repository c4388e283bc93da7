/**
 * The servicing mutations against malformed input, on PGlite and PostgreSQL (the file named for them
 * in MUTATIONS_TESTED_ELSEWHERE). Per mutation: a valid baseline call, seeded so that it is accepted,
 * and at least 20 variants that each change one argument (or the caller). Every variant must be
 * refused with a client code, answer no data and change no workflow table; the baseline, run after
 * them, must be accepted. The live schema is introspected so that an argument without cases fails.
 */
import { expect } from "chai";
import { ApplicationsReconciler } from "../../src/applications/applications.reconciler";
import type { Database } from "../../src/database/database";
import * as schema from "../../src/database/schema";
import { financingRow } from "../applications/support";
import { labelAddress, memberRow, startTestApp, type TestApp } from "../support/app";
import type { DatabaseKind } from "../support/backend";
import { copperReceipt, partRow, receivableRow } from "../support/steps";
import {
  addressVariants,
  amountVariants,
  expectCoverage,
  HUGE,
  idVariants,
  MUTATIONS_TESTED_ELSEWHERE,
  OMIT,
  runMalformedCases,
  SCRIPT,
  settled,
  SQL_INJECTION,
  trackedTables,
  txFrom,
  variant as v,
  type MalformedCase,
  type Variant,
} from "./support";

const DAY = 86_400_000;
const NOW = Date.now();
const at = (days: number) => new Date(NOW + days * DAY);

const A = {
  supplier: labelAddress("malformed-servicing:supplier"),
  bank: labelAddress("malformed-servicing:bank"),
  bank2: labelAddress("malformed-servicing:bank2"),
  core: labelAddress("malformed-servicing:core"),
  regulator: labelAddress("malformed-servicing:regulator"),
};
type Who = keyof typeof A;
const ROLES: Record<Who, number> = { supplier: 4, bank: 8, bank2: 8, core: 2, regulator: 32 };

const NAMES = MUTATIONS_TESTED_ELSEWHERE["servicing.test.ts"];
const TX = "chainId from to data value method";

async function seed(db: Database, contracts: TestApp["config"]["deployment"]["contracts"]): Promise<void> {
  await db.insert(schema.members).values((Object.keys(A) as Who[]).map((who) => memberRow(A[who], ROLES[who])));
  // Receivables (root part = same id): 40 paid, 41..43 defaulted, each in the factoring contract's custody.
  const receivables: [number, string][] = [
    [40, "Paid"],
    [41, "Defaulted"],
    [42, "Defaulted"],
    [43, "Defaulted"],
  ];
  await db.insert(schema.receivables).values(
    receivables.map(([id, status]) =>
      receivableRow({
        id,
        obligor: A.core,
        creditor: A.supplier,
        face: "50000",
        status,
        maturity: at(-5),
        issuedAt: at(-60),
      }),
    ),
  );
  await db.insert(schema.receivableParts).values(
    receivables.map(([id]) =>
      partRow({
        id,
        receivableId: id,
        holder: contracts.factoring,
        amount: "50000",
        status: "Active",
        createdAt: at(-60),
      }),
    ),
  );
  await db.insert(schema.warehouseReceipts).values(
    [1, 2].map((id) =>
      copperReceipt(id, {
        warehouse: A.core,
        owner: A.supplier,
        pledgee: id === 1 ? A.bank : null,
        issuedAt: at(-120),
      }),
    ),
  );
  const common = {
    party: A.supplier,
    bank: A.bank,
    requestedAmount: "100000",
    maxRateBps: 1500,
    expiresAt: at(-60),
    rateBps: 1000,
    principal: "45000",
    outstanding: "45000",
    fundedAt: at(-40),
  };
  const loan = (product: "ORDER" | "RECEIPT", id: number, status: string) =>
    financingRow({
      ...common,
      product,
      id,
      assetType: product === "ORDER" ? "order" : "receipt",
      assetId: id,
      status,
      tenorDays: 90,
      dueAt: at(-35),
    });
  const deal = (id: number, receivableId: number, status: string, recourse: boolean) =>
    financingRow({
      ...common,
      product: "FACTORING",
      id,
      assetType: "part",
      assetId: receivableId,
      receivableId,
      obligor: A.core,
      status,
      recourse,
      dueAt: at(-5),
    });
  await db
    .insert(schema.financings)
    .values([
      loan("ORDER", 1, "Active"),
      loan("ORDER", 4, "Repaid"),
      loan("RECEIPT", 1, "Defaulted"),
      deal(1, 40, "Funded", true),
      deal(2, 41, "Funded", true),
      deal(3, 42, "Funded", false),
      deal(4, 43, "RecourseClaimed", true),
    ]);
  await db.insert(schema.tokenBalances).values({
    token: contracts.settlementToken,
    account: A.supplier,
    currency: "CNY",
    balance: "200000",
    updatedBlock: 7,
  });
  await db
    .insert(schema.heldPayouts)
    .values({ contract: "factoring", account: A.supplier, currency: "CNY", amount: "500", updatedBlock: 8 });
}

/** Malformed values of a FinancingProduct argument (valid: `valid`). */
function productVariants(path: string, valid: string): Variant[] {
  return [
    v(path, "an unknown product", "LOAN"),
    v(path, "lower case", valid.toLowerCase()),
    v(path, "the applications' product name", "ORDER_FINANCING"),
    v(path, "trailing space", `${valid} `),
    v(path, "NUL byte", `${valid}\u0000`),
    v(path, "empty string", ""),
    v(path, "whitespace only", "   "),
    v(path, "an Int", 1),
    v(path, "a boolean", true),
    v(path, "an object", { product: valid }),
    v(path, "a list", [valid]),
    v(path, "100 kB string", HUGE),
    v(path, "SQL injection", SQL_INJECTION),
    v(path, "script", SCRIPT),
    v(path, "null", null),
    { path, label: `${path}: left out`, value: OMIT },
  ];
}

/** Malformed values of a CreditLineKind argument. */
function kindVariants(path: string): Variant[] {
  return [
    v(path, "an unknown kind", "Lender"),
    v(path, "lower case", "borrower"),
    v(path, "upper case", "BORROWER"),
    v(path, "the enum's number", 1),
    v(path, "the enum's number as a string", "1"),
    v(path, "empty string", ""),
    v(path, "a boolean", true),
    v(path, "a list", ["Borrower"]),
    v(path, "100 kB string", HUGE),
    v(path, "SQL injection", SQL_INJECTION),
    v(path, "null", null),
    { path, label: `${path}: left out`, value: OMIT },
  ];
}

/** Malformed values of a credit limit (0 is valid: it closes the line; at most 2^128 - 1). */
function limitVariants(path: string): Variant[] {
  return [
    ...amountVariants(path).filter((x) => !/: (zero|2\^96)$/.test(x.label)),
    v(path, "2^128", (1n << 128n).toString()),
  ];
}

for (const kind of ["pglite", "postgres"] as DatabaseKind[]) {
  describe(`malformed input to the servicing mutations (${kind})`, function () {
    let t: TestApp;
    let tables: string[];
    const tokens = {} as Record<Who, string>;
    const cases: MalformedCase[] = [];

    before(async function () {
      t = await startTestApp(kind, async () => undefined);
      await seed(t.db, t.config.deployment.contracts);
      for (const who of Object.keys(A) as Who[]) tokens[who] = await t.session(A[who]);
      tables = await trackedTables(t.db);
      buildCases();
      // The reconciler's pass first, so that what it would write is written before the fingerprints.
      await t.app.get(ApplicationsReconciler).reconcile();
      await settled(t.db, tables);
    });
    after(async () => t?.close());

    function buildCases(): void {
      /** The same call by a member who may not make it, or by no one. */
      const callers = (path: string): Variant[] => [
        { path, label: `${path}: called by the regulator`, token: tokens.regulator },
        { path, label: `${path}: called anonymously`, token: null },
        { path, label: `${path}: called with a forged token`, token: "not-a-session-token" },
      ];
      const productAndId = `($product: FinancingProduct!, $id: ID!)`;
      const byProductAndId = `(product: $product, id: $id)`;

      cases.push({
        name: "repayLoan",
        token: tokens.supplier,
        query: `mutation${productAndId} { repayLoan${byProductAndId} { ${TX} } }`,
        vars: { product: "ORDER", id: "1" },
        variants: [
          ...productVariants("product", "ORDER"),
          v("product", "a factoring deal (not a loan)", "FACTORING"),
          ...idVariants("id"),
          v("id", "a repaid loan", "4"),
          ...callers("id"),
        ],
        accepted: txFrom("repayLoan", A.supplier, 2),
      });
      cases.push({
        name: "collectFinancing",
        token: tokens.bank,
        query: `mutation${productAndId} { collectFinancing${byProductAndId} { ${TX} } }`,
        vars: { product: "FACTORING", id: "1" },
        variants: [
          ...productVariants("product", "FACTORING"),
          v("product", "a receipt loan (nothing to collect)", "RECEIPT"),
          ...idVariants("id"),
          v("id", "a deal whose receivable is not paid", "2"),
          ...callers("id"),
        ],
        accepted: txFrom("collectFinancing", A.bank, 1),
      });
      cases.push({
        name: "declareDefault",
        token: tokens.bank,
        query: `mutation${productAndId} { declareDefault${byProductAndId} { ${TX} } }`,
        vars: { product: "ORDER", id: "1" },
        variants: [
          ...productVariants("product", "ORDER"),
          v("product", "a factoring deal", "FACTORING"),
          ...idVariants("id"),
          v("id", "a repaid loan", "4"),
          ...callers("id"),
        ],
        accepted: txFrom("declareDefault", A.bank, 1),
      });
      cases.push({
        name: "claimRecourse",
        token: tokens.bank,
        query: `mutation($id: ID!) { claimRecourse(id: $id) { ${TX} } }`,
        vars: { id: "2" },
        variants: [
          ...idVariants("id"),
          v("id", "a deal whose receivable was paid", "1"),
          v("id", "a deal without recourse", "3"),
          v("id", "a deal whose recourse is claimed already", "4"),
          { path: "id", label: "id: by the seller", token: tokens.supplier },
          ...callers("id"),
        ],
        accepted: txFrom("claimRecourse", A.bank, 1),
      });
      cases.push({
        name: "settleRecourse",
        token: tokens.supplier,
        query: `mutation($id: ID!) { settleRecourse(id: $id) { ${TX} } }`,
        vars: { id: "4" },
        variants: [
          ...idVariants("id"),
          v("id", "a deal without a recourse claim", "2"),
          { path: "id", label: "id: by the bank", token: tokens.bank },
          ...callers("id"),
        ],
        accepted: txFrom("settleRecourse", A.supplier, 2),
      });
      cases.push({
        name: "enforceReceiptPledge",
        token: tokens.bank,
        query: `mutation($receiptId: ID!) { enforceReceiptPledge(receiptId: $receiptId) { ${TX} } }`,
        vars: { receiptId: "1" },
        variants: [
          ...idVariants("receiptId"),
          v("receiptId", "a receipt not pledged", "2"),
          { path: "receiptId", label: "receiptId: by another bank", token: tokens.bank2 },
          ...callers("receiptId"),
        ],
        accepted: txFrom("enforceReceiptPledge", A.bank, 1),
      });
      cases.push({
        name: "claimHeldPayouts",
        token: tokens.supplier,
        query: `mutation($product: FinancingProduct!) { claimHeldPayouts(product: $product) { ${TX} } }`,
        vars: { product: "FACTORING" },
        variants: [
          ...productVariants("product", "FACTORING"),
          v("product", "a contract holding nothing for the caller", "ORDER"),
          v("product", "another contract holding nothing", "RECEIPT"),
          { path: "product", label: "product: by a member with nothing held", token: tokens.bank2 },
          ...callers("product"),
        ],
        accepted: txFrom("claimHeldPayouts", A.supplier, 1),
      });
      cases.push({
        name: "setCreditLimit",
        token: tokens.bank,
        query: `mutation($counterparty: String!, $kind: CreditLineKind!, $limit: BigInt!) { setCreditLimit(counterparty: $counterparty, kind: $kind, limit: $limit) { ${TX} } }`,
        vars: { counterparty: A.supplier, kind: "Borrower", limit: "1000" },
        variants: [
          ...addressVariants("counterparty", A.supplier),
          v("counterparty", "the bank itself", A.bank),
          ...kindVariants("kind"),
          ...limitVariants("limit"),
          { path: "limit", label: "limit: set by a supplier", token: tokens.supplier },
          ...callers("limit"),
        ],
        accepted: txFrom("setCreditLimit", A.bank, 1),
      });
    }

    it("covers each servicing mutation of the live schema, each argument, with at least 20 cases", async function () {
      await expectCoverage(t.base, tokens.regulator, cases, NAMES);
    });

    for (const name of NAMES) {
      it(`${name}: refuses every malformed variant, changing nothing, and accepts the baseline`, async function () {
        const own = cases.filter((c) => c.name === name);
        expect(own, name).to.have.length(1);
        const problems = await runMalformedCases(t.base, t.db, tables, own);
        expect(problems.length, `${problems.length} problems:\n${problems.join("\n")}\n`).to.equal(0);
      });
    }
  });
}
