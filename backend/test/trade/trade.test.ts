/**
 * Trade steps as wallet transactions: each mutation's prepared transaction decodes to the exact contract
 * call, each rule the contracts enforce is refused first with a clear code, and each role that may not
 * take a step is refused. Indexed state is seeded directly; the end-to-end suite sends such
 * transactions to a real chain.
 */
import { expect } from "chai";
import { encodeBytes32String } from "ethers";
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
  orderRow,
  outsiders,
  partRow,
  receivableRow,
  TX,
  type RoleCase,
} from "../support/steps";

const SUPPLIER = labelAddress("trade:supplier");
const SUPPLIER2 = labelAddress("trade:supplier2");
const CORE = labelAddress("trade:core");
const CORE2 = labelAddress("trade:core2");
const BANK = labelAddress("trade:bank");
const REGULATOR = labelAddress("trade:regulator");
const SUSPENDED = labelAddress("trade:suspended");
const BLACKLISTED = labelAddress("trade:blacklisted");
const STRANGER = labelAddress("trade:stranger");
const DAY = 86_400_000;
const NOW = Date.now();

async function seed(db: Database, settlementToken: string): Promise<void> {
  await db
    .insert(schema.members)
    .values([
      memberRow(SUPPLIER, 4),
      memberRow(SUPPLIER2, 4),
      memberRow(CORE, 2),
      memberRow(CORE2, 2 | 4),
      memberRow(BANK, 8),
      memberRow(REGULATOR, 32),
      memberRow(SUSPENDED, 2 | 4, { status: "Suspended" }),
      memberRow(BLACKLISTED, 2 | 4, { blacklisted: true }),
    ]);
  const order = (id: number, status: string) =>
    orderRow({
      id,
      supplier: SUPPLIER,
      buyer: CORE,
      status,
      deliveryDate: new Date(NOW + 10 * DAY),
      submittedAt: new Date(NOW - DAY),
    });
  await db.insert(schema.purchaseOrders).values([order(1, "Pending"), order(2, "Confirmed"), order(3, "Rejected")]);
  const receivable = (id: number, status: string, face: string) =>
    receivableRow({
      id,
      obligor: CORE,
      creditor: SUPPLIER,
      face,
      status,
      maturity: new Date(NOW + 60 * DAY),
      invoiceHash: `0x${Buffer.from(`used-invoice-${id}`.padEnd(32, "-")).toString("hex")}`,
      invoiceUri: "ipfs://inv",
      issuedAt: new Date(NOW - DAY),
    });
  await db
    .insert(schema.receivables)
    .values([
      receivable(10, "Outstanding", "50000"),
      receivable(11, "Paid", "7000"),
      receivable(12, "Outstanding", "900000"),
    ]);
  const part = (id: number, receivableId: number, holder: string, amount: string, status = "Active") =>
    partRow({ id, receivableId, holder, amount, status, createdAt: new Date(NOW - DAY) });
  await db
    .insert(schema.receivableParts)
    .values([
      part(10, 10, SUPPLIER, "50000"),
      part(11, 11, SUPPLIER, "7000"),
      part(12, 12, SUPPLIER2, "900000"),
      part(13, 10, SUPPLIER, "0", "Redeemed"),
    ]);
  await db
    .insert(schema.tokenBalances)
    .values([{ token: settlementToken, account: CORE, currency: "CNY", balance: "60000", updatedBlock: 7 }]);
  await insertDocuments(db, [
    documentRows("order-doc", SUPPLIER, [SUPPLIER, CORE]),
    documentRows("invoice-doc", CORE, [CORE, SUPPLIER]),
    documentRows("other-doc", SUPPLIER2, [SUPPLIER2]),
    documentRows("used-invoice", CORE, [CORE]),
  ]);
  // A receivable already issued against "used-invoice".
  await db.insert(schema.receivables).values({
    ...receivable(20, "Outstanding", "1"),
    invoiceHash: documentRows("used-invoice", CORE, []).row.commitment,
  });
}

for (const kind of ["pglite", "postgres"] as DatabaseKind[]) {
  describe(`trade steps as wallet transactions on ${kind}`, function () {
    let t: TestApp;
    const tokens: Record<string, string> = {};

    before(async function () {
      let token = "";
      t = await startTestApp(kind, async (db) => {
        // The harness's configuration names its contracts deterministically; read them after start.
        void db;
      });
      token = t.config.deployment.contracts.settlementToken;
      await seed(t.db, token);
      await openSessions(t, tokens, [SUPPLIER, SUPPLIER2, CORE, CORE2, BANK, REGULATOR, SUSPENDED, BLACKLISTED]);
    });
    after(async () => t?.close());

    const decoded = (answer: GqlAnswer, field: string, index = 0) => decodeStep(t, answer, field, { index });

    const submit = (input: Record<string, unknown>) => `mutation { submitOrder(input: ${gqlInput(input)}) { ${TX} } }`;
    const order = {
      buyer: CORE,
      orderNumber: "PO-NEW",
      amount: "250000",
      deliveryDate: new Date(NOW + 5 * DAY).toISOString(),
      paymentTermDays: 45,
      documentId: "order-doc",
    };

    it("submitOrder: the supplier's call carries the document's commitment and IPFS location", async function () {
      const { tx, call } = decoded(await t.gql(tokens[SUPPLIER], submit(order)), "submitOrder");
      expect(tx.from).to.equal(SUPPLIER);
      expect(call.args.buyer).to.equal(CORE);
      expect(call.args.orderNumber).to.equal("PO-NEW");
      expect(call.args.amount).to.equal(250000n);
      expect(call.args.currency).to.equal(currencyCode("CNY"));
      expect(call.args.paymentTermDays).to.equal(45n);
      expect(call.args.documentHash).to.equal(`0x${Buffer.from("order-doc".padEnd(32, "-")).toString("hex")}`);
      expect(call.args.documentUri).to.equal("ipfs://bafyorder-doc");
    });

    const submitFailures: [string, Record<string, unknown>, string][] = [
      ["a buyer that is not a core enterprise", { buyer: BANK }, "BAD_USER_INPUT"],
      ["a suspended buyer", { buyer: SUSPENDED }, "BAD_USER_INPUT"],
      ["a blacklisted buyer", { buyer: BLACKLISTED }, "BAD_USER_INPUT"],
      ["an unknown buyer", { buyer: STRANGER }, "BAD_USER_INPUT"],
      ["a zero amount", { amount: "0" }, "BAD_USER_INPUT"],
      ["a negative amount", { amount: "-5" }, "BAD_USER_INPUT"],
      ["an amount of 2^96", { amount: (1n << 96n).toString() }, "BAD_USER_INPUT"],
      ["a delivery date in the past", { deliveryDate: new Date(NOW - 2 * DAY).toISOString() }, "BAD_USER_INPUT"],
      ["a payment term of 0 days", { paymentTermDays: 0 }, "BAD_USER_INPUT"],
      ["a payment term of 366 days", { paymentTermDays: 366 }, "BAD_USER_INPUT"],
      ["an empty order number", { orderNumber: "" }, "BAD_USER_INPUT"],
      ["an order number already registered", { orderNumber: "PO-1" }, "CONFLICT"],
      ["someone else's document", { documentId: "other-doc" }, "BAD_USER_INPUT"],
      ["a missing document", { documentId: "nope" }, "BAD_USER_INPUT"],
    ];
    itRefuses("submitOrder", submitFailures, (change) => t.gql(tokens[SUPPLIER], submit({ ...order, ...change })));

    it("submitOrder: a supplier cannot order from itself", async function () {
      const answer = await t.gql(tokens[CORE2], submit({ ...order, buyer: CORE2, documentId: "order-doc" }));
      expect(code(answer)).to.equal("BAD_USER_INPUT");
    });

    it("confirmOrder / rejectOrder: only the buyer, only a pending order", async function () {
      const { call } = decoded(
        await t.gql(tokens[CORE], `mutation { confirmOrder(orderId: "1") { ${TX} } }`),
        "confirmOrder",
      );
      expect(call.args.orderId).to.equal(1n);
      const reject = decoded(
        await t.gql(tokens[CORE], `mutation { rejectOrder(orderId: 1, reason: "price too high") { ${TX} } }`),
        "rejectOrder",
      );
      expect(reject.call.args.reasonRef).to.equal(encodeBytes32String("price too high"));
      expect(code(await t.gql(tokens[CORE], `mutation { confirmOrder(orderId: 2) { ${TX} } }`))).to.equal("CONFLICT");
      expect(code(await t.gql(tokens[CORE], `mutation { confirmOrder(orderId: 3) { ${TX} } }`))).to.equal("CONFLICT");
      expect(code(await t.gql(tokens[CORE], `mutation { confirmOrder(orderId: 99) { ${TX} } }`))).to.equal("NOT_FOUND");
      expect(code(await t.gql(tokens[CORE2], `mutation { confirmOrder(orderId: 1) { ${TX} } }`))).to.equal("NOT_FOUND");
      expect(code(await t.gql(tokens[SUPPLIER], `mutation { confirmOrder(orderId: 1) { ${TX} } }`))).to.equal(
        "FORBIDDEN",
      );
      expect(code(await t.gql(tokens[CORE], `mutation { rejectOrder(orderId: 1, reason: "") { ${TX} } }`))).to.equal(
        "BAD_USER_INPUT",
      );
      expect(
        code(await t.gql(tokens[CORE], `mutation { rejectOrder(orderId: 1, reason: "${"x".repeat(32)}") { ${TX} } }`)),
      ).to.equal("BAD_USER_INPUT");
      expect(code(await t.gql(tokens[CORE], `mutation { confirmOrder(orderId: "x") { ${TX} } }`))).to.equal(
        "BAD_USER_INPUT",
      );
    });

    it("acceptDelivery: the buyer of a confirmed order, against an invoice not used before", async function () {
      const { call } = decoded(
        await t.gql(
          tokens[CORE],
          `mutation { acceptDelivery(orderId: 2, invoiceDocumentId: "invoice-doc") { ${TX} } }`,
        ),
        "acceptDelivery",
      );
      expect(call.args.orderId).to.equal(2n);
      expect(call.args.invoiceUri).to.equal("ipfs://bafyinvoice-doc");
      expect(
        code(
          await t.gql(
            tokens[CORE],
            `mutation { acceptDelivery(orderId: 1, invoiceDocumentId: "invoice-doc") { ${TX} } }`,
          ),
        ),
      ).to.equal("CONFLICT");
      expect(
        code(
          await t.gql(
            tokens[CORE],
            `mutation { acceptDelivery(orderId: 2, invoiceDocumentId: "used-invoice") { ${TX} } }`,
          ),
        ),
      ).to.equal("CONFLICT");
    });

    const issue = (input: Record<string, unknown>) =>
      `mutation { issueReceivable(input: ${gqlInput(input)}) { ${TX} } }`;
    const payable = {
      creditor: SUPPLIER,
      face: "80000",
      maturity: new Date(NOW + 90 * DAY).toISOString(),
      invoiceDocumentId: "invoice-doc",
    };

    it("issueReceivable: the obligor confirms a payable against its invoice", async function () {
      const { call, tx } = decoded(await t.gql(tokens[CORE], issue(payable)), "issueReceivable");
      expect(tx.from).to.equal(CORE);
      expect(call.args.creditor).to.equal(SUPPLIER);
      expect(call.args.face).to.equal(80000n);
      expect(call.args.maturity).to.equal(BigInt(Math.floor(Date.parse(payable.maturity) / 1000)));
      for (const [change, expected] of [
        [{ maturity: new Date(NOW - DAY).toISOString() }, "BAD_USER_INPUT"],
        [{ maturity: new Date(NOW + 400 * DAY).toISOString() }, "BAD_USER_INPUT"],
        [{ creditor: CORE }, "BAD_USER_INPUT"],
        [{ creditor: SUSPENDED }, "BAD_USER_INPUT"],
        [{ face: "0" }, "BAD_USER_INPUT"],
        [{ invoiceDocumentId: "used-invoice" }, "CONFLICT"],
        [{ invoiceDocumentId: "other-doc" }, "BAD_USER_INPUT"],
      ] as [Record<string, unknown>, string][]) {
        const answer = await t.gql(tokens[CORE], issue({ ...payable, ...change }));
        expect(code(answer), JSON.stringify(change)).to.equal(expected);
      }
    });

    it("splitPart / transferPart: the holder of an active part of an unpaid receivable", async function () {
      const split = decoded(
        await t.gql(
          tokens[SUPPLIER],
          `mutation { splitPart(input: { partId: 10, to: "${SUPPLIER2}", amount: "20000" }) { ${TX} } }`,
        ),
        "splitPart",
      );
      expect(split.call.args.to).to.equal(SUPPLIER2);
      expect(split.call.args.amount).to.equal(20000n);
      const transfer = decoded(
        await t.gql(tokens[SUPPLIER], `mutation { transferPart(partId: 10, to: "${SUPPLIER2}") { ${TX} } }`),
        "transferPart",
      );
      expect(transfer.call.args.partId).to.equal(10n);
      const cases: [string, string, string][] = [
        [SUPPLIER, `splitPart(input: { partId: 10, to: "${SUPPLIER2}", amount: "50000" })`, "BAD_USER_INPUT"],
        [SUPPLIER, `splitPart(input: { partId: 10, to: "${SUPPLIER}", amount: "1" })`, "BAD_USER_INPUT"],
        [SUPPLIER, `splitPart(input: { partId: 10, to: "${BLACKLISTED}", amount: "1" })`, "BAD_USER_INPUT"],
        [SUPPLIER, `splitPart(input: { partId: 11, to: "${SUPPLIER2}", amount: "1" })`, "CONFLICT"],
        [SUPPLIER, `splitPart(input: { partId: 13, to: "${SUPPLIER2}", amount: "1" })`, "CONFLICT"],
        [SUPPLIER, `splitPart(input: { partId: 12, to: "${SUPPLIER2}", amount: "1" })`, "NOT_FOUND"],
        [SUPPLIER2, `transferPart(partId: 10, to: "${SUPPLIER}")`, "NOT_FOUND"],
        [SUPPLIER, `transferPart(partId: 10, to: "${STRANGER}")`, "BAD_USER_INPUT"],
        [SUPPLIER, `transferPart(partId: 10, to: "0x12")`, "BAD_USER_INPUT"],
      ];
      for (const [who, call, expected] of cases) {
        const answer = await t.gql(tokens[who], `mutation { ${call} { ${TX} } }`);
        expect(code(answer), call).to.equal(expected);
      }
    });

    it("payReceivable: approve then pay, only by the obligor with enough cash", async function () {
      const answer = await t.gql(tokens[CORE], `mutation { payReceivable(receivableId: 10) { ${TX} } }`);
      const approve = decoded(answer, "payReceivable", 0);
      const pay = decoded(answer, "payReceivable", 1);
      expect(approve.tx.method).to.equal("settlementToken.approve");
      expect(approve.call.args[0]).to.equal(t.config.deployment.contracts.receivables);
      expect(approve.call.args[1]).to.equal(50000n);
      expect(pay.tx.method).to.equal("receivables.pay");
      expect(pay.call.args.receivableId).to.equal(10n);
      expect(code(await t.gql(tokens[CORE], `mutation { payReceivable(receivableId: 11) { ${TX} } }`))).to.equal(
        "CONFLICT",
      );
      expect(code(await t.gql(tokens[CORE], `mutation { payReceivable(receivableId: 12) { ${TX} } }`))).to.equal(
        "CONFLICT",
      );
      expect(code(await t.gql(tokens[CORE2], `mutation { payReceivable(receivableId: 10) { ${TX} } }`))).to.equal(
        "NOT_FOUND",
      );
    });

    // Who may NOT take each step, whatever the arguments.
    const steps: [string, string, string[]][] = [
      ["submitOrder", submit(order), [CORE, BANK, REGULATOR]],
      ["confirmOrder", `mutation { confirmOrder(orderId: 1) { ${TX} } }`, [SUPPLIER, BANK, REGULATOR]],
      ["rejectOrder", `mutation { rejectOrder(orderId: 1, reason: "no") { ${TX} } }`, [SUPPLIER, BANK, REGULATOR]],
      ["issueReceivable", issue(payable), [SUPPLIER, BANK, REGULATOR]],
      ["payReceivable", `mutation { payReceivable(receivableId: 10) { ${TX} } }`, [SUPPLIER, BANK, REGULATOR]],
      [
        "splitPart",
        `mutation { splitPart(input: { partId: 10, to: "${SUPPLIER2}", amount: "1" }) { ${TX} } }`,
        [REGULATOR],
      ],
    ];
    for (const [name, mutation, denied] of steps) {
      it(`${name}: refused to ${denied.length} roles that do not own the step, to suspended members and to anonymous callers`, async function () {
        await expectRoleMatrix(t, name, mutation, [
          ...denied.map((who): RoleCase => [who, tokens[who], "FORBIDDEN"]),
          ...outsiders(tokens, SUSPENDED, BLACKLISTED),
        ]);
      });
    }
  });
}
