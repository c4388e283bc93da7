/**
 * Warehouse receipt steps as wallet transactions: each mutation's prepared transaction decodes to the
 * exact WarehouseReceipts call, each rule the contract enforces is refused first with a clear code, and
 * each member that may not take a step is refused (a role matrix per mutation). Indexed state is seeded
 * directly; the end-to-end suite sends such transactions to a real chain.
 */
import { expect } from "chai";
import { decodeBytes32String } from "ethers";
import { currencyCode } from "../../../scripts/lib/consortium";
import type { Database } from "../../src/database/database";
import * as schema from "../../src/database/schema";
import type { DatabaseKind } from "../support/backend";
import { documentRows, labelAddress, memberRow, startTestApp, type GqlAnswer, type TestApp } from "../support/app";
import {
  code,
  decodeStep,
  expectRoleMatrix,
  gqlInput,
  insertDocuments,
  itRefuses,
  openSessions,
  outsiders,
  receiptRow,
  TX,
  type RoleCase,
} from "../support/steps";

const SUPPLIER = labelAddress("warehouse:supplier");
const SUPPLIER2 = labelAddress("warehouse:supplier2");
const CORE = labelAddress("warehouse:core");
const BANK = labelAddress("warehouse:bank");
const BANK2 = labelAddress("warehouse:bank2");
const WAREHOUSE = labelAddress("warehouse:warehouse");
const WAREHOUSE2 = labelAddress("warehouse:warehouse2");
const REGULATOR = labelAddress("warehouse:regulator");
const SUSPENDED = labelAddress("warehouse:suspended");
const BLACKLISTED = labelAddress("warehouse:blacklisted");
const STRANGER = labelAddress("warehouse:stranger");
const DAY = 86_400_000;
const NOW = Date.now();
const UINT128_MAX = (1n << 128n) - 1n;

const commitment = (id: string) => documentRows(id, WAREHOUSE, []).row.commitment;

/**
 * Receipts of WAREHOUSE unless said: 1 active; 2 pledged to BANK (1000 kg), not frozen; 3 pledged and
 * frozen; 4 release requested; 5 released; 6 of WAREHOUSE2 for SUPPLIER; 7 of WAREHOUSE2 for WAREHOUSE.
 */
async function seed(db: Database): Promise<void> {
  await db
    .insert(schema.members)
    .values([
      memberRow(SUPPLIER, 4),
      memberRow(SUPPLIER2, 4),
      memberRow(CORE, 2),
      memberRow(BANK, 8),
      memberRow(BANK2, 8),
      memberRow(WAREHOUSE, 16),
      memberRow(WAREHOUSE2, 16),
      memberRow(REGULATOR, 32),
      memberRow(SUSPENDED, 4 | 16, { status: "Suspended" }),
      memberRow(BLACKLISTED, 4, { blacklisted: true }),
    ]);
  const receipt = (id: number, change: Partial<typeof schema.warehouseReceipts.$inferInsert> = {}) =>
    receiptRow({
      id,
      warehouse: WAREHOUSE,
      owner: SUPPLIER,
      goods: "soybeans",
      quantity: "1000",
      unit: "kg",
      valuation: "500000",
      issuedAt: new Date(NOW - 10 * DAY),
      ...change,
    });
  await db
    .insert(schema.warehouseReceipts)
    .values([
      receipt(1, { documentHash: commitment("used-scan") }),
      receipt(2, { pledgee: BANK, pledgedQuantity: "1000" }),
      receipt(3, { pledgee: BANK, pledgedQuantity: "1000", frozen: true }),
      receipt(4, { status: "ReleaseRequested" }),
      receipt(5, { status: "Released" }),
      receipt(6, { warehouse: WAREHOUSE2 }),
      receipt(7, { warehouse: WAREHOUSE2, owner: WAREHOUSE }),
    ]);
  await insertDocuments(db, [
    documentRows("receipt-scan", WAREHOUSE, [WAREHOUSE, WAREHOUSE2]),
    documentRows("report-doc", WAREHOUSE, [WAREHOUSE, WAREHOUSE2]),
    documentRows("used-scan", WAREHOUSE, [WAREHOUSE]),
    documentRows("other-doc", WAREHOUSE2, [WAREHOUSE2]),
  ]);
}

for (const kind of ["pglite", "postgres"] as DatabaseKind[]) {
  describe(`warehouse steps as wallet transactions on ${kind}`, function () {
    let t: TestApp;
    const tokens: Record<string, string> = {};

    before(async function () {
      t = await startTestApp(kind, seed);
      await openSessions(t, tokens, [
        SUPPLIER,
        SUPPLIER2,
        CORE,
        BANK,
        BANK2,
        WAREHOUSE,
        WAREHOUSE2,
        REGULATOR,
        SUSPENDED,
        BLACKLISTED,
      ]);
    });
    after(async () => t?.close());

    const decoded = (answer: GqlAnswer, field: string) =>
      decodeStep(t, answer, field, { count: 1, contract: "warehouseReceipts" });

    const issue = (input: Record<string, unknown>) => `mutation { issueReceipt(input: ${gqlInput(input)}) { ${TX} } }`;
    const receipt = {
      owner: SUPPLIER,
      lot: "LOT-NEW",
      goods: "Soybeans, grade 2, 40 bags",
      quantity: "2000",
      unit: "kg",
      valuation: "900000",
      documentId: "receipt-scan",
    };
    const attest = (input: Record<string, unknown>) =>
      `mutation { attestReceipt(input: ${gqlInput(input)}) { ${TX} } }`;
    const attestation = { receiptId: "1", quantity: "1000", anomaly: 0, reportDocumentId: "report-doc" };

    it("issueReceipt: the warehouse's call carries the terms, the currency and the scan's commitment and location", async function () {
      const { tx, call } = decoded(await t.gql(tokens[WAREHOUSE], issue(receipt)), "issueReceipt");
      expect(tx.from).to.equal(WAREHOUSE);
      expect(call.name).to.equal("issue");
      expect(call.args.owner).to.equal(SUPPLIER);
      const terms = call.args.terms;
      expect(terms.lot).to.equal("LOT-NEW");
      expect(terms.goods).to.equal("Soybeans, grade 2, 40 bags");
      expect(terms.quantity).to.equal(2000n);
      expect(decodeBytes32String(terms.unit)).to.equal("kg");
      expect(terms.valuation).to.equal(900000n);
      expect(terms.currency).to.equal(currencyCode("CNY"));
      expect(terms.documentHash).to.equal(commitment("receipt-scan"));
      expect(terms.documentUri).to.equal("ipfs://bafyreceipt-scan");
      expect(tx.description).to.contain("LOT-NEW").and.contain(SUPPLIER);
    });

    it("issueReceipt: accepts the bounds (quantity 2^128 - 1, valuation 2^96 - 1, 200 characters of goods, 31-byte unit)", async function () {
      const { call } = decoded(
        await t.gql(
          tokens[WAREHOUSE],
          issue({
            ...receipt,
            quantity: UINT128_MAX.toString(),
            valuation: ((1n << 96n) - 1n).toString(),
            goods: "大豆".repeat(100),
            unit: "u".repeat(31),
          }),
        ),
        "issueReceipt",
      );
      expect(call.args.terms.quantity).to.equal(UINT128_MAX);
      expect(call.args.terms.valuation).to.equal((1n << 96n) - 1n);
      expect(call.args.terms.goods).to.equal("大豆".repeat(100));
      expect(decodeBytes32String(call.args.terms.unit)).to.equal("u".repeat(31));
    });

    it("issueReceipt: a lot is unique per warehouse, so another warehouse may reuse LOT-1", async function () {
      const { tx, call } = decoded(
        await t.gql(tokens[WAREHOUSE2], issue({ ...receipt, lot: "LOT-1" })),
        "issueReceipt",
      );
      expect(tx.from).to.equal(WAREHOUSE2);
      expect(call.args.terms.lot).to.equal("LOT-1");
    });

    it("issueReceipt: a lot issued before is a CONFLICT naming the existing receipt", async function () {
      const answer = await t.gql(tokens[WAREHOUSE], issue({ ...receipt, lot: "LOT-1" }));
      expect(code(answer)).to.equal("CONFLICT");
      expect(answer.errors![0].message).to.contain("receipt 1");
    });

    const issueFailures: [string, Record<string, unknown>, string][] = [
      ["the warehouse itself as owner", { owner: WAREHOUSE }, "BAD_USER_INPUT"],
      ["a suspended owner", { owner: SUSPENDED }, "BAD_USER_INPUT"],
      ["a blacklisted owner", { owner: BLACKLISTED }, "BAD_USER_INPUT"],
      ["an owner that is no member", { owner: STRANGER }, "BAD_USER_INPUT"],
      ["a malformed owner", { owner: "0x12" }, "BAD_USER_INPUT"],
      ["an empty lot", { lot: "" }, "BAD_USER_INPUT"],
      ["a blank lot", { lot: "   " }, "BAD_USER_INPUT"],
      ["a 65-character lot", { lot: "L".repeat(65) }, "BAD_USER_INPUT"],
      ["a non-ASCII lot", { lot: "批次-1" }, "BAD_USER_INPUT"],
      ["empty goods", { goods: "" }, "BAD_USER_INPUT"],
      ["blank goods", { goods: " \t " }, "BAD_USER_INPUT"],
      ["201 characters of goods", { goods: "g".repeat(201) }, "BAD_USER_INPUT"],
      ["goods with a NUL byte", { goods: "soy\u0000beans" }, "BAD_USER_INPUT"],
      ["a zero quantity", { quantity: "0" }, "BAD_USER_INPUT"],
      ["a quantity of 2^128", { quantity: (1n << 128n).toString() }, "BAD_USER_INPUT"],
      ["a fractional quantity", { quantity: "1.5" }, "BAD_USER_INPUT"],
      ["an empty unit", { unit: "" }, "BAD_USER_INPUT"],
      ["a blank unit", { unit: "  " }, "BAD_USER_INPUT"],
      ["a 32-byte unit", { unit: "u".repeat(32) }, "BAD_USER_INPUT"],
      ["a non-ASCII unit", { unit: "公斤" }, "BAD_USER_INPUT"],
      ["a zero valuation", { valuation: "0" }, "BAD_USER_INPUT"],
      ["a valuation of 2^96", { valuation: (1n << 96n).toString() }, "BAD_USER_INPUT"],
      ["a scan already backing a receipt", { documentId: "used-scan" }, "CONFLICT"],
      ["someone else's document", { documentId: "other-doc" }, "BAD_USER_INPUT"],
      ["a document that does not exist", { documentId: "nope" }, "BAD_USER_INPUT"],
    ];
    itRefuses("issueReceipt", issueFailures, (change) => t.gql(tokens[WAREHOUSE], issue({ ...receipt, ...change })));

    it("attestReceipt: the issuing warehouse's call carries the count, the anomaly and the report's commitment", async function () {
      const { tx, call } = decoded(
        await t.gql(tokens[WAREHOUSE], attest({ ...attestation, quantity: "0", anomaly: 7 })),
        "attestReceipt",
      );
      expect(tx.from).to.equal(WAREHOUSE);
      expect(call.name).to.equal("attest");
      expect(call.args.receiptId).to.equal(1n);
      expect(call.args.quantity).to.equal(0n);
      expect(call.args.anomaly).to.equal(7n);
      expect(call.args.reportHash).to.equal(commitment("report-doc"));
      // Not pledged: nothing freezes, and the wallet prompt says when an attestation would.
      expect(tx.description).to.contain("a count below the pledged quantity or an anomaly freezes a pledge");
      const max = decoded(
        await t.gql(tokens[WAREHOUSE], attest({ ...attestation, quantity: UINT128_MAX.toString(), anomaly: 65535 })),
        "attestReceipt",
      );
      expect(max.call.args.quantity).to.equal(UINT128_MAX);
      expect(max.call.args.anomaly).to.equal(65535n);
    });

    it("attestReceipt: the description says when the attestation freezes the pledge (short count or anomaly)", async function () {
      const attestTwo = async (quantity: string, anomaly: number) =>
        decoded(
          await t.gql(tokens[WAREHOUSE], attest({ ...attestation, receiptId: "2", quantity, anomaly })),
          "attestReceipt",
        ).tx.description as string;
      expect(await attestTwo("999", 0)).to.contain(`freezes the pledge to ${BANK}`);
      expect(await attestTwo("1000", 3)).to.contain(`freezes the pledge to ${BANK}`);
      expect(await attestTwo("1000", 0)).to.not.contain(`freezes the pledge to ${BANK}`);
      // Already frozen: a further short count freezes nothing more.
      const frozen = decoded(
        await t.gql(tokens[WAREHOUSE], attest({ ...attestation, receiptId: "3", quantity: "10" })),
        "attestReceipt",
      );
      expect(frozen.tx.description).to.not.contain(`freezes the pledge to ${BANK}`);
      // A release requested receipt may still be attested (only Released may not).
      decoded(await t.gql(tokens[WAREHOUSE], attest({ ...attestation, receiptId: "4" })), "attestReceipt");
    });

    const attestFailures: [string, string, Record<string, unknown>, string][] = [
      ["a receipt that does not exist", WAREHOUSE, { receiptId: "99" }, "NOT_FOUND"],
      ["a released receipt", WAREHOUSE, { receiptId: "5" }, "CONFLICT"],
      ["a receipt of another warehouse", WAREHOUSE, { receiptId: "6" }, "NOT_FOUND"],
      ["a receipt the caller owns but did not issue", WAREHOUSE, { receiptId: "7" }, "FORBIDDEN"],
      ["a quantity of 2^128", WAREHOUSE, { quantity: (1n << 128n).toString() }, "BAD_USER_INPUT"],
      ["a negative quantity", WAREHOUSE, { quantity: "-1" }, "BAD_USER_INPUT"],
      ["an anomaly of 65536", WAREHOUSE, { anomaly: 65536 }, "BAD_USER_INPUT"],
      ["a negative anomaly", WAREHOUSE, { anomaly: -1 }, "BAD_USER_INPUT"],
      ["someone else's report", WAREHOUSE, { reportDocumentId: "other-doc" }, "BAD_USER_INPUT"],
      ["a report that does not exist", WAREHOUSE, { reportDocumentId: "nope" }, "BAD_USER_INPUT"],
    ];
    itRefuses(
      "attestReceipt",
      attestFailures.map(([what, who, change, expected]) => [what, { who, change }, expected]),
      ({ who, change }) => t.gql(tokens[who], attest({ ...attestation, ...change })),
    );

    const byId = (name: string, id: string | number, extra = "") =>
      `mutation { ${name}(receiptId: ${JSON.stringify(String(id))}${extra}) { ${TX} } }`;

    it("releaseGoods: the issuing warehouse, once the owner asked for the goods", async function () {
      const { tx, call } = decoded(await t.gql(tokens[WAREHOUSE], byId("releaseGoods", 4)), "releaseGoods");
      expect(tx.from).to.equal(WAREHOUSE);
      expect(call.name).to.equal("releaseGoods");
      expect(call.args.receiptId).to.equal(4n);
      for (const [id, expected] of [
        [1, "CONFLICT"],
        [2, "CONFLICT"],
        [5, "CONFLICT"],
        [6, "NOT_FOUND"],
        [99, "NOT_FOUND"],
      ] as const) {
        expect(code(await t.gql(tokens[WAREHOUSE], byId("releaseGoods", id))), `receipt ${id}`).to.equal(expected);
      }
    });

    it("requestRelease: the owner of an active, unpledged receipt", async function () {
      const { tx, call } = decoded(await t.gql(tokens[SUPPLIER], byId("requestRelease", 1)), "requestRelease");
      expect(tx.from).to.equal(SUPPLIER);
      expect(call.name).to.equal("requestRelease");
      expect(call.args.receiptId).to.equal(1n);
      // The receipt 7 owner is a warehouse: owning goods elsewhere needs no role.
      expect(decoded(await t.gql(tokens[WAREHOUSE], byId("requestRelease", 7)), "requestRelease").tx.from).to.equal(
        WAREHOUSE,
      );
      for (const [id, expected] of [
        [2, "CONFLICT"],
        [3, "CONFLICT"],
        [4, "CONFLICT"],
        [5, "CONFLICT"],
        [99, "NOT_FOUND"],
      ] as const) {
        expect(code(await t.gql(tokens[SUPPLIER], byId("requestRelease", id))), `receipt ${id}`).to.equal(expected);
      }
      const pledged = await t.gql(tokens[SUPPLIER], byId("requestRelease", 2));
      expect(pledged.errors![0].message).to.contain(`pledged to ${BANK}`);
    });

    it("transferReceipt: the owner of an active, unpledged receipt, to another active member", async function () {
      const { tx, call } = decoded(
        await t.gql(tokens[SUPPLIER], byId("transferReceipt", 1, `, to: "${SUPPLIER2}"`)),
        "transferReceipt",
      );
      expect(tx.from).to.equal(SUPPLIER);
      expect(call.name).to.equal("transfer");
      expect(call.args.receiptId).to.equal(1n);
      expect(call.args.to).to.equal(SUPPLIER2);
      // A lower-case address is normalised to its checksum form.
      const lower = decoded(
        await t.gql(tokens[SUPPLIER], byId("transferReceipt", 1, `, to: "${BANK.toLowerCase()}"`)),
        "transferReceipt",
      );
      expect(lower.call.args.to).to.equal(BANK);
      const cases: [number, string, string][] = [
        [1, SUPPLIER, "BAD_USER_INPUT"],
        [1, SUSPENDED, "BAD_USER_INPUT"],
        [1, BLACKLISTED, "BAD_USER_INPUT"],
        [1, STRANGER, "BAD_USER_INPUT"],
        [1, "0x12", "BAD_USER_INPUT"],
        [2, SUPPLIER2, "CONFLICT"],
        [4, SUPPLIER2, "CONFLICT"],
        [5, SUPPLIER2, "CONFLICT"],
        [99, SUPPLIER2, "NOT_FOUND"],
      ];
      for (const [id, to, expected] of cases) {
        const answer = await t.gql(tokens[SUPPLIER], byId("transferReceipt", id, `, to: "${to}"`));
        expect(code(answer), `receipt ${id} to ${to}`).to.equal(expected);
      }
    });

    it("unfreezeReceipt: the pledgee bank of a pledged, frozen receipt", async function () {
      const { tx, call } = decoded(await t.gql(tokens[BANK], byId("unfreezeReceipt", 3)), "unfreezeReceipt");
      expect(tx.from).to.equal(BANK);
      expect(call.name).to.equal("unfreeze");
      expect(call.args.receiptId).to.equal(3n);
      expect(code(await t.gql(tokens[BANK], byId("unfreezeReceipt", 2)))).to.equal("CONFLICT");
      expect(code(await t.gql(tokens[BANK], byId("unfreezeReceipt", 99)))).to.equal("NOT_FOUND");
      expect(code(await t.gql(tokens[SUPPLIER], byId("unfreezeReceipt", 1)))).to.equal("CONFLICT");
    });

    // Who may take each step: "ok", or the code every other caller gets. A member that is no party of
    // the receipt is told it does not exist (as the read API does); a party on the wrong side FORBIDDEN.
    const matrix: [string, string, Record<string, string>][] = [
      [
        "issueReceipt",
        issue({ ...receipt, lot: "LOT-MATRIX", owner: SUPPLIER2 }),
        {
          [SUPPLIER]: "FORBIDDEN",
          [CORE]: "FORBIDDEN",
          [BANK]: "FORBIDDEN",
          [WAREHOUSE]: "ok",
          [WAREHOUSE2]: "ok",
          [REGULATOR]: "FORBIDDEN",
        },
      ],
      [
        "attestReceipt",
        attest({ ...attestation, receiptId: "2" }),
        {
          [SUPPLIER]: "FORBIDDEN",
          [CORE]: "FORBIDDEN",
          [BANK]: "FORBIDDEN",
          [WAREHOUSE]: "ok",
          [WAREHOUSE2]: "NOT_FOUND",
          [REGULATOR]: "FORBIDDEN",
        },
      ],
      [
        "releaseGoods",
        byId("releaseGoods", 4),
        {
          [SUPPLIER]: "FORBIDDEN",
          [CORE]: "FORBIDDEN",
          [BANK]: "FORBIDDEN",
          [WAREHOUSE]: "ok",
          [WAREHOUSE2]: "NOT_FOUND",
          [REGULATOR]: "FORBIDDEN",
        },
      ],
      [
        "requestRelease",
        byId("requestRelease", 1),
        {
          [SUPPLIER]: "ok",
          [CORE]: "NOT_FOUND",
          [BANK]: "NOT_FOUND",
          [WAREHOUSE]: "FORBIDDEN",
          [WAREHOUSE2]: "NOT_FOUND",
          [REGULATOR]: "FORBIDDEN",
        },
      ],
      [
        "transferReceipt",
        byId("transferReceipt", 1, `, to: "${SUPPLIER2}"`),
        {
          [SUPPLIER]: "ok",
          [CORE]: "NOT_FOUND",
          [BANK]: "NOT_FOUND",
          [WAREHOUSE]: "FORBIDDEN",
          [WAREHOUSE2]: "NOT_FOUND",
          [REGULATOR]: "FORBIDDEN",
        },
      ],
      [
        "unfreezeReceipt",
        byId("unfreezeReceipt", 3),
        {
          [SUPPLIER]: "FORBIDDEN",
          [CORE]: "NOT_FOUND",
          [BANK]: "ok",
          [BANK2]: "NOT_FOUND",
          [WAREHOUSE]: "FORBIDDEN",
          [WAREHOUSE2]: "NOT_FOUND",
          [REGULATOR]: "FORBIDDEN",
        },
      ],
    ];
    for (const [name, mutation, expected] of matrix) {
      const refused = Object.values(expected).filter((x) => x !== "ok").length;
      it(`${name}: the role matrix (${refused} callers refused, suspended and blacklisted members FORBIDDEN, anonymous UNAUTHENTICATED)`, async function () {
        await expectRoleMatrix(t, name, mutation, [
          ...Object.entries(expected).map(([who, outcome]): RoleCase => [
            who,
            tokens[who],
            outcome === "ok" ? null : outcome,
          ]),
          ...outsiders(tokens, SUSPENDED, BLACKLISTED),
        ]);
      });
    }
  });
}
