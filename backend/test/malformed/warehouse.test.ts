/**
 * The warehouse receipt mutations against malformed input, on PGlite and PostgreSQL (the cases of
 * MUTATIONS_TESTED_ELSEWHERE["warehouse.test.ts"]). Per mutation: one valid baseline call, seeded so that
 * it is accepted, and at least 20 variants that each change one argument or input field (or the caller).
 * A variant must be refused with a client code, answer no data for the field, and change no row of any
 * workflow table; the baseline runs after its variants, so its acceptance proves each variant differed
 * from a valid call only by what it broke. The live schema is introspected for coverage.
 */
import { expect } from "chai";
import type { Database } from "../../src/database/database";
import * as schema from "../../src/database/schema";
import { documentRows, labelAddress, memberRow, startTestApp, type TestApp } from "../support/app";
import type { DatabaseKind } from "../support/backend";
import { insertDocuments, receiptRow } from "../support/steps";
import {
  addressVariants,
  amountVariants,
  expectCoverage,
  idVariants,
  MUTATIONS_TESTED_ELSEWHERE,
  intVariants,
  OMIT,
  runMalformedCases,
  settled,
  SQL_INJECTION,
  textVariants,
  trackedTables,
  txFrom,
  variant as field,
  type MalformedCase,
  type Variant,
} from "./support";

const NAMES = MUTATIONS_TESTED_ELSEWHERE["warehouse.test.ts"];
const MIN_VARIANTS = 20;
const NOW = Date.now();

const A = {
  supplier: labelAddress("malformed-warehouse:supplier"),
  supplier2: labelAddress("malformed-warehouse:supplier2"),
  bank: labelAddress("malformed-warehouse:bank"),
  warehouse: labelAddress("malformed-warehouse:warehouse"),
  warehouse2: labelAddress("malformed-warehouse:warehouse2"),
  regulator: labelAddress("malformed-warehouse:regulator"),
  suspended: labelAddress("malformed-warehouse:suspended"),
};
type Who = keyof typeof A;
const ROLES: Record<Who, number> = {
  supplier: 4,
  supplier2: 4,
  bank: 8,
  warehouse: 16,
  warehouse2: 16,
  regulator: 32,
  suspended: 4 | 16,
};

/** Receipts of `warehouse` for `supplier`: 1 active; 2 pledged to `bank`; 3 pledged and frozen; 4 release requested; 5 released; 6 of `warehouse2`. */
async function seed(db: Database): Promise<void> {
  await db
    .insert(schema.members)
    .values(
      (Object.keys(A) as Who[]).map((who) =>
        memberRow(A[who], ROLES[who], { status: who === "suspended" ? "Suspended" : "Active" }),
      ),
    );
  const receipt = (id: number, change: Partial<typeof schema.warehouseReceipts.$inferInsert> = {}) =>
    receiptRow({
      id,
      warehouse: A.warehouse,
      owner: A.supplier,
      goods: "copper cathodes",
      quantity: "1000",
      unit: "t",
      valuation: "700000",
      issuedAt: new Date(NOW - 86_400_000),
      ...change,
    });
  await db
    .insert(schema.warehouseReceipts)
    .values([
      receipt(1, { documentHash: documentRows("used-scan", A.warehouse, []).row.commitment }),
      receipt(2, { pledgee: A.bank, pledgedQuantity: "1000" }),
      receipt(3, { pledgee: A.bank, pledgedQuantity: "1000", frozen: true }),
      receipt(4, { status: "ReleaseRequested" }),
      receipt(5, { status: "Released" }),
      receipt(6, { warehouse: A.warehouse2 }),
    ]);
  await insertDocuments(db, [
    documentRows("receipt-scan", A.warehouse, [A.warehouse]),
    documentRows("report-doc", A.warehouse, [A.warehouse]),
    documentRows("used-scan", A.warehouse, [A.warehouse]),
    documentRows("other-doc", A.warehouse2, [A.warehouse2]),
  ]);
}

const TX = "chainId from to data value method description";

for (const kind of ["pglite", "postgres"] as DatabaseKind[]) {
  describe(`malformed input to the warehouse mutations (${kind})`, function () {
    let t: TestApp;
    let tables: string[];
    const tokens = {} as Record<Who, string>;
    const cases: MalformedCase[] = [];

    before(async function () {
      t = await startTestApp(kind, seed);
      for (const who of Object.keys(A) as Who[]) tokens[who] = await t.session(A[who]);
      tables = await trackedTables(t.db);
      buildCases();
      await settled(t.db, tables);
    });
    after(async () => t?.close());

    /** Callers that may not take the step, whatever the arguments. */
    const callers = (path: string, denied: Who[]): Variant[] => [
      { path, label: "caller: anonymous", token: null },
      ...denied.map((who) => ({ path, label: `caller: ${who}`, token: tokens[who] })),
    ];

    function buildCases(): void {
      cases.length = 0;
      const issue = {
        owner: A.supplier,
        lot: "LOT-NEW",
        goods: "Copper cathodes, LME grade A",
        quantity: "25",
        unit: "t",
        valuation: "1500000",
        documentId: "receipt-scan",
      };
      cases.push({
        name: "issueReceipt",
        token: tokens.warehouse,
        query: `mutation($input: IssueReceiptInput!) { issueReceipt(input: $input) { ${TX} } }`,
        vars: { input: issue },
        variants: [
          ...addressVariants("input.owner", A.supplier),
          field("input.owner", "the warehouse itself", A.warehouse),
          field("input.owner", "a suspended member", A.suspended),
          ...textVariants("input.lot", { maxBytes: 64 }),
          field("input.lot", "65 characters", "L".repeat(65)),
          field("input.lot", "non-ASCII", "批次-1"),
          field("input.lot", "a lot this warehouse issued before", "LOT-1"),
          ...textVariants("input.goods"),
          field("input.goods", "201 characters", "g".repeat(201)),
          ...amountVariants("input.quantity").filter((x) => !x.label.endsWith("2^96")),
          field("input.quantity", "2^128", (1n << 128n).toString()),
          ...textVariants("input.unit", { maxBytes: 31 }),
          field("input.unit", "32 ASCII bytes", "u".repeat(32)),
          field("input.unit", "non-ASCII", "公斤"),
          ...amountVariants("input.valuation"),
          ...textVariants("input.documentId"),
          field("input.documentId", "a document that does not exist", "nope"),
          field("input.documentId", "someone else's document", "other-doc"),
          field("input.documentId", "a scan already backing a receipt", "used-scan"),
          field("input.documentId", "SQL injection", `receipt-scan' OR '1'='1`),
          field("input", "an unknown input field", { ...issue, isAdmin: true }),
          field("input", "null", null),
          field("input", "a list", [issue]),
          ...callers("input", ["supplier", "bank", "regulator", "suspended"]),
        ],
        accepted: txFrom("issueReceipt", A.warehouse),
      });
      const attest = { receiptId: "2", quantity: "990", anomaly: 0, reportDocumentId: "report-doc" };
      cases.push({
        name: "attestReceipt",
        token: tokens.warehouse,
        query: `mutation($input: AttestReceiptInput!) { attestReceipt(input: $input) { ${TX} } }`,
        vars: { input: attest },
        variants: [
          ...idVariants("input.receiptId"),
          field("input.receiptId", "a released receipt", "5"),
          field("input.receiptId", "a receipt of another warehouse", "6"),
          ...amountVariants("input.quantity").filter((x) => !/: (zero|2\^96)$/.test(x.label)),
          field("input.quantity", "2^128", (1n << 128n).toString()),
          ...intVariants("input.anomaly", 0, 65_535),
          ...textVariants("input.reportDocumentId"),
          field("input.reportDocumentId", "a document that does not exist", "nope"),
          field("input.reportDocumentId", "someone else's document", "other-doc"),
          field("input.reportDocumentId", "SQL injection", SQL_INJECTION),
          field("input", "an unknown input field", { ...attest, freezes: false }),
          field("input", "null", null),
          ...callers("input", ["supplier", "bank", "warehouse2", "regulator", "suspended"]),
        ],
        accepted: (data) => {
          txFrom("attestReceipt", A.warehouse)(data);
          expect(data.attestReceipt[0].description).to.contain(`freezes the pledge to ${A.bank}`);
        },
      });
      const byId = (
        name: string,
        who: Who,
        receiptId: string,
        wrongState: [string, string][],
        denied: Who[],
        extra: Variant[] = [],
      ): MalformedCase => ({
        name,
        token: tokens[who],
        query: `mutation($receiptId: ID!) { ${name}(receiptId: $receiptId) { ${TX} } }`,
        vars: { receiptId },
        variants: [
          ...idVariants("receiptId"),
          ...wrongState.map(([id, label]) => field("receiptId", label, id)),
          field("receiptId", "left out", OMIT),
          ...callers("receiptId", denied),
          ...extra,
        ],
        accepted: txFrom(name, A[who]),
      });
      cases.push(
        byId(
          "releaseGoods",
          "warehouse",
          "4",
          [
            ["1", "an active receipt (no release asked)"],
            ["5", "a released receipt"],
            ["6", "a receipt of another warehouse"],
          ],
          ["supplier", "bank", "warehouse2", "regulator", "suspended"],
        ),
      );
      cases.push(
        byId(
          "requestRelease",
          "supplier",
          "1",
          [
            ["2", "a pledged receipt"],
            ["4", "a release already asked"],
            ["5", "a released receipt"],
          ],
          ["supplier2", "bank", "warehouse", "regulator", "suspended"],
        ),
      );
      cases.push(
        byId(
          "unfreezeReceipt",
          "bank",
          "3",
          [
            ["2", "a pledge not frozen"],
            ["1", "a receipt not pledged"],
          ],
          ["supplier", "warehouse", "regulator", "suspended"],
        ),
      );
      cases.push({
        name: "transferReceipt",
        token: tokens.supplier,
        query: `mutation($receiptId: ID!, $to: String!) { transferReceipt(receiptId: $receiptId, to: $to) { ${TX} } }`,
        vars: { receiptId: "1", to: A.supplier2 },
        variants: [
          ...idVariants("receiptId"),
          field("receiptId", "a pledged receipt", "2"),
          field("receiptId", "a receipt whose release was asked", "4"),
          ...addressVariants("to", A.supplier2),
          field("to", "the owner itself", A.supplier),
          field("to", "a suspended member", A.suspended),
          field("to", "left out", OMIT),
          ...callers("receiptId", ["supplier2", "bank", "warehouse", "regulator", "suspended"]),
        ],
        accepted: txFrom("transferReceipt", A.supplier),
      });
    }

    it("covers each warehouse mutation, each argument and input field, with at least 20 cases", async function () {
      expect(cases.map((c) => c.name).sort()).to.deep.equal([...NAMES].sort());
      await expectCoverage(t.base, tokens.regulator, cases, NAMES, MIN_VARIANTS);
    });

    it("refuses every malformed variant, changing nothing, and accepts each baseline", async function () {
      const problems = await runMalformedCases(t.base, t.db, tables, cases);
      expect(problems.length, `${problems.length} problems:\n${problems.join("\n")}\n`).to.equal(0);
    });
  });
}
