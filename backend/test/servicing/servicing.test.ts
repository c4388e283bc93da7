/**
 * Servicing steps as wallet transactions: each mutation's prepared transactions decode to the exact
 * contract calls (a repayment's approval equals principal plus interest as LoanBook._interest computes
 * it one day after the chain's present), each rule the contracts enforce is refused first with a clear
 * code, and each role that may not take a step is refused. The chain's present is set ahead of the wall
 * clock through SyncState (as an indexed block time would), so the rules are shown to use chain time.
 */
import { expect } from "chai";
import { currencyCode } from "../../../scripts/lib/consortium";
import { loanInterest } from "../../../scripts/lib/pricing";
import type { Database } from "../../src/database/database";
import * as schema from "../../src/database/schema";
import { SyncState } from "../../src/indexer/sync-state";
import { financingRow } from "../applications/support";
import type { DatabaseKind } from "../support/backend";
import { labelAddress, memberRow, startTestApp, type GqlAnswer, type TestApp } from "../support/app";
import {
  code,
  copperReceipt,
  decodeStep,
  expectRoleMatrix,
  openSessions,
  orderRow,
  partRow,
  receivableRow,
  TX,
  type RoleCase,
} from "../support/steps";

const SUPPLIER = labelAddress("servicing:supplier");
const BANK = labelAddress("servicing:bank");
const BANK2 = labelAddress("servicing:bank2");
const CORE = labelAddress("servicing:core");
const WAREHOUSE = labelAddress("servicing:warehouse");
const REGULATOR = labelAddress("servicing:regulator");
const SUSPENDED = labelAddress("servicing:suspended");
const SUSPENDED_BANK = labelAddress("servicing:suspended-bank");
const BLACKLISTED = labelAddress("servicing:blacklisted");
const STRANGER = labelAddress("servicing:stranger");
const DAY = 86_400_000;
/** The chain's present: two days ahead of the wall clock, in whole seconds. */
const CHAIN = Math.floor((Date.now() + 2 * DAY) / 1000) * 1000;
const chainDay = (days: number) => new Date(CHAIN + days * DAY);
const MARGIN_AT = CHAIN / 1000 + 86_400;
const BALANCE = 200_000n;

type Row = Parameters<typeof financingRow>[0];

function loan(product: "ORDER" | "RECEIPT", id: number, change: Partial<Row> = {}): Row {
  return {
    product,
    id,
    assetType: product === "ORDER" ? "order" : "receipt",
    assetId: id,
    party: SUPPLIER,
    bank: BANK,
    obligor: product === "ORDER" ? CORE : null,
    status: "Active",
    requestedAmount: "100000",
    maxRateBps: 1500,
    tenorDays: 90,
    expiresAt: chainDay(-60),
    rateBps: 1000,
    capBps: 8000,
    principal: "80000",
    outstanding: "80000",
    fundedAt: chainDay(-40),
    dueAt: chainDay(50),
    ...change,
  };
}

function deal(id: number, receivableId: number, change: Partial<Row> = {}): Row {
  return {
    product: "FACTORING",
    id,
    assetType: "part",
    assetId: receivableId,
    receivableId,
    party: SUPPLIER,
    bank: BANK,
    obligor: CORE,
    status: "Funded",
    requestedAmount: "50000",
    minAdvanceBps: 8000,
    maxRateBps: 1200,
    recourse: true,
    expiresAt: chainDay(-60),
    advanceBps: 9000,
    rateBps: 1000,
    principal: "45000",
    outstanding: "45000",
    fundedAt: chainDay(-30),
    dueAt: chainDay(30),
    ...change,
  };
}

async function seed(db: Database, contracts: TestApp["config"]["deployment"]["contracts"]): Promise<void> {
  await db
    .insert(schema.members)
    .values([
      memberRow(SUPPLIER, 4),
      memberRow(BANK, 8),
      memberRow(BANK2, 8),
      memberRow(CORE, 2),
      memberRow(WAREHOUSE, 16),
      memberRow(REGULATOR, 32),
      memberRow(SUSPENDED, 4, { status: "Suspended" }),
      memberRow(SUSPENDED_BANK, 8, { status: "Suspended" }),
      memberRow(BLACKLISTED, 2, { blacklisted: true }),
    ]);
  const order = (id: number, status: string, receivableId: number | null) =>
    orderRow({
      id,
      supplier: SUPPLIER,
      buyer: CORE,
      status,
      deliveryDate: chainDay(-45),
      submittedAt: chainDay(-60),
      lienHolder: contracts.orderFinancing,
      receivableId,
    });
  await db
    .insert(schema.purchaseOrders)
    .values([
      order(1, "Confirmed", null),
      order(2, "Converted", 32),
      order(3, "Converted", 30),
      order(5, "Confirmed", null),
      order(6, "Converted", 31),
    ]);
  // Receivables and their root parts (same id): 30..32 behind order loans, 40..45 behind factoring deals.
  const receivables: [number, string, string, string][] = [
    [30, "Paid", contracts.orderFinancing, "Active"],
    [31, "Outstanding", contracts.orderFinancing, "Active"],
    [32, "Paid", contracts.orderFinancing, "Redeemed"],
    [40, "Paid", contracts.factoring, "Active"],
    [41, "Defaulted", contracts.factoring, "Active"],
    [42, "Defaulted", contracts.factoring, "Active"],
    [43, "Defaulted", contracts.factoring, "Active"],
    [44, "Paid", contracts.factoring, "Redeemed"],
    [45, "Paid", contracts.factoring, "Redeemed"],
  ];
  await db.insert(schema.receivables).values(
    receivables.map(([id, status]) =>
      receivableRow({
        id,
        obligor: CORE,
        creditor: SUPPLIER,
        face: "50000",
        status,
        maturity: chainDay(-5),
        issuedAt: chainDay(-60),
      }),
    ),
  );
  await db
    .insert(schema.receivableParts)
    .values(
      receivables.map(([id, , holder, status]) =>
        partRow({ id, receivableId: id, holder, amount: "50000", status, createdAt: chainDay(-60) }),
      ),
    );
  const receipt = (id: number, pledgee: string | null) =>
    copperReceipt(id, { warehouse: WAREHOUSE, owner: SUPPLIER, pledgee, issuedAt: chainDay(-120) });
  await db.insert(schema.warehouseReceipts).values([receipt(1, BANK), receipt(2, BANK), receipt(3, null)]);
  await db.insert(schema.financings).values(
    [
      // Past its due date and the 30-day grace period.
      loan("ORDER", 1, { dueAt: chainDay(-35) }),
      // Collected short 3 days ago: 30 000 left, interest running again from then.
      loan("ORDER", 2, { outstanding: "30000", receivableId: 32, fundedAt: chainDay(-50), dueAt: chainDay(10) }),
      loan("ORDER", 3, { receivableId: 30 }),
      loan("ORDER", 4, { status: "Repaid", outstanding: "0" }),
      loan("ORDER", 5),
      loan("ORDER", 6),
      loan("ORDER", 7, { bank: SUSPENDED_BANK }),
      // Covered by the balance today, not with the day of margin.
      loan("ORDER", 8, { principal: "199900", outstanding: "199900", fundedAt: chainDay(-1) }),
      // The grace period ends exactly now (not over), and one second ago (over).
      loan("ORDER", 9, { dueAt: chainDay(-30) }),
      loan("ORDER", 10, { dueAt: new Date(CHAIN - 30 * DAY - 1000) }),
      loan("RECEIPT", 1, {
        status: "Defaulted",
        principal: "50000",
        outstanding: "50000",
        rateBps: 1200,
        fundedAt: chainDay(-100),
        dueAt: chainDay(-10),
      }),
      loan("RECEIPT", 2, { dueAt: chainDay(-20) }),
      deal(1, 40),
      deal(2, 41),
      deal(3, 42, { recourse: false }),
      deal(4, 43, { status: "RecourseClaimed", amountDue: "45000" }),
      deal(5, 44, { status: "Collected", outstanding: "0" }),
      deal(6, 45),
      deal(7, 43, { status: "RecourseClaimed", bank: SUSPENDED_BANK }),
    ].map(financingRow),
  );
  await db.insert(schema.repayments).values({
    blockNumber: 50,
    logIndex: 0,
    product: "ORDER",
    financingId: 2,
    kind: "COLLECTED",
    payer: CORE,
    principal: "50000",
    interest: "0",
    toBank: "50000",
    toParty: "0",
    paidAt: chainDay(-3),
  });
  await db.insert(schema.tokenBalances).values([
    {
      token: contracts.settlementToken,
      account: SUPPLIER,
      currency: "CNY",
      balance: BALANCE.toString(),
      updatedBlock: 7,
    },
  ]);
  await db.insert(schema.heldPayouts).values([
    { contract: "factoring", account: SUPPLIER, currency: "CNY", amount: "500", updatedBlock: 8 },
    { contract: "factoring", account: BANK, currency: "CNY", amount: "70", updatedBlock: 8 },
    // Claimed already (the indexer keeps the row at zero).
    { contract: "orderFinancing", account: SUPPLIER, currency: "CNY", amount: "0", updatedBlock: 9 },
    // Held in another currency than the deployment's.
    { contract: "receiptFinancing", account: SUPPLIER, currency: "USD", amount: "100", updatedBlock: 9 },
  ]);
  await db
    .insert(schema.creditLines)
    .values([{ bank: BANK, counterparty: SUSPENDED, kind: "Borrower", limit: "1000", used: "0", updatedBlock: 3 }]);
}

for (const kind of ["pglite", "postgres"] as DatabaseKind[]) {
  describe(`servicing steps as wallet transactions on ${kind}`, function () {
    let t: TestApp;
    const tokens: Record<string, string> = {};

    before(async function () {
      t = await startTestApp(kind, async () => undefined);
      await seed(t.db, t.config.deployment.contracts);
      // As if the indexer had reached a block two days ahead of the wall clock (evm_increaseTime).
      t.app.get(SyncState).update({ indexedBlockTime: new Date(CHAIN) });
      await openSessions(t, tokens, [SUPPLIER, BANK, BANK2, CORE, WAREHOUSE, REGULATOR, SUSPENDED]);
    });
    after(async () => t?.close());

    const decoded = (answer: GqlAnswer, field: string, index = 0) => decodeStep(t, answer, field, { index });

    async function refused(who: string | null, mutation: string, expected: string): Promise<void> {
      const answer = await t.gql(who ? tokens[who] : null, `mutation { ${mutation} { ${TX} } }`);
      expect(code(answer), `${mutation} by ${who}: ${JSON.stringify(answer.errors)}`).to.equal(expected);
      expect(answer.data ?? null, mutation).to.equal(null);
    }

    const repay = (product: string, id: number) => `repayLoan(product: ${product}, id: ${id})`;

    it("repayLoan: approve principal + interest accrued one day past the chain's present, then repay", async function () {
      const answer = await t.gql(tokens[SUPPLIER], `mutation { ${repay("ORDER", 1)} { ${TX} } }`);
      expect(answer.data.repayLoan).to.have.length(2);
      const approve = decoded(answer, "repayLoan", 0);
      const call = decoded(answer, "repayLoan", 1);
      const interest = loanInterest(80_000n, 1000, chainDay(-40).getTime() / 1000, MARGIN_AT);
      // 41 days at 10 %: 80 000 x 1 000 x 41 / 3 600 000 = 911.1, rounded up.
      expect(interest).to.equal(912n);
      expect(approve.tx.method).to.equal("settlementToken.approve");
      expect(approve.tx.from).to.equal(SUPPLIER);
      expect(approve.call.args[0]).to.equal(t.config.deployment.contracts.orderFinancing);
      expect(approve.call.args[1]).to.equal(80_000n + interest);
      expect(approve.tx.description).to.match(/one day ahead/);
      expect(call.tx.method).to.equal("orderFinancing.repay");
      expect(call.tx.from).to.equal(SUPPLIER);
      expect(call.call.args.loanId).to.equal(1n);
    });

    it("repayLoan: after a short collection, interest runs on what is left from the collection", async function () {
      const answer = await t.gql(tokens[SUPPLIER], `mutation { ${repay("ORDER", 2)} { ${TX} } }`);
      const approve = decoded(answer, "repayLoan", 0);
      const interest = loanInterest(30_000n, 1000, chainDay(-3).getTime() / 1000, MARGIN_AT);
      expect(interest).to.equal(34n);
      expect(approve.call.args[1]).to.equal(30_034n);
    });

    it("repayLoan: a defaulted receipt loan, to the receipt financing contract", async function () {
      const answer = await t.gql(tokens[SUPPLIER], `mutation { ${repay("RECEIPT", 1)} { ${TX} } }`);
      const approve = decoded(answer, "repayLoan", 0);
      const call = decoded(answer, "repayLoan", 1);
      const interest = loanInterest(50_000n, 1200, chainDay(-100).getTime() / 1000, MARGIN_AT);
      expect(interest).to.equal(1684n);
      expect(approve.call.args[0]).to.equal(t.config.deployment.contracts.receiptFinancing);
      expect(approve.call.args[1]).to.equal(51_684n);
      expect(call.tx.method).to.equal("receiptFinancing.repay");
      expect(call.call.args.loanId).to.equal(1n);
    });

    it("repayLoan refuses what the contract would revert", async function () {
      await refused(SUPPLIER, repay("FACTORING", 1), "BAD_USER_INPUT");
      await refused(SUPPLIER, repay("ORDER", 4), "CONFLICT"); // repaid
      await refused(SUPPLIER, repay("ORDER", 99), "NOT_FOUND");
      await refused(SUPPLIER, repay("ORDER", 7), "CONFLICT"); // the bank is suspended: cannot be paid
      // 199 900 + 56 (one day) would fit the balance of 200 000; + 112 (with the day of margin) does not.
      expect(loanInterest(199_900n, 1000, chainDay(-1).getTime() / 1000, CHAIN / 1000)).to.equal(56n);
      await refused(SUPPLIER, repay("ORDER", 8), "CONFLICT");
      await refused(SUPPLIER, `repayLoan(product: LOAN, id: 1)`, "GRAPHQL_VALIDATION_FAILED");
    });

    const collect = (product: string, id: number) => `collectFinancing(product: ${product}, id: ${id})`;

    it("collectFinancing: a factoring deal or an order loan whose receivable is paid, by the bank or the party", async function () {
      for (const who of [BANK, SUPPLIER]) {
        const deal = decoded(
          await t.gql(tokens[who], `mutation { ${collect("FACTORING", 1)} { ${TX} } }`),
          "collectFinancing",
        );
        expect(deal.tx.from).to.equal(who);
        expect(deal.tx.method).to.equal("factoring.collect");
        expect(deal.call.args.dealId).to.equal(1n);
        const order = decoded(
          await t.gql(tokens[who], `mutation { ${collect("ORDER", 3)} { ${TX} } }`),
          "collectFinancing",
        );
        expect(order.tx.method).to.equal("orderFinancing.collect");
        expect(order.call.args.loanId).to.equal(3n);
      }
    });

    it("collectFinancing refuses what the contract would revert", async function () {
      await refused(BANK, collect("RECEIPT", 1), "BAD_USER_INPUT");
      await refused(BANK, collect("FACTORING", 2), "CONFLICT"); // receivable defaulted, not paid
      await refused(BANK, collect("FACTORING", 5), "CONFLICT"); // collected already
      await refused(BANK, collect("FACTORING", 6), "CONFLICT"); // part redeemed
      await refused(BANK, collect("FACTORING", 4), "CONFLICT"); // recourse claimed, receivable not paid
      await refused(BANK, collect("ORDER", 2), "CONFLICT"); // its receivable's part was redeemed already
      await refused(BANK, collect("ORDER", 4), "CONFLICT"); // repaid
      await refused(BANK, collect("ORDER", 5), "CONFLICT"); // the order has no receivable yet
      await refused(BANK, collect("ORDER", 6), "CONFLICT"); // receivable outstanding
      await refused(BANK, collect("ORDER", 99), "NOT_FOUND");
    });

    const declare = (product: string, id: number) => `declareDefault(product: ${product}, id: ${id})`;

    it("declareDefault: the bank, once the due date and the 30-day grace period are past", async function () {
      const { tx, call } = decoded(
        await t.gql(tokens[BANK], `mutation { ${declare("ORDER", 1)} { ${TX} } }`),
        "declareDefault",
      );
      expect(tx.from).to.equal(BANK);
      expect(tx.method).to.equal("orderFinancing.declareDefault");
      expect(call.args.loanId).to.equal(1n);
      const edge = decoded(
        await t.gql(tokens[BANK], `mutation { ${declare("ORDER", 10)} { ${TX} } }`),
        "declareDefault",
      );
      expect(edge.call.args.loanId).to.equal(10n);
      await refused(BANK, declare("ORDER", 9), "CONFLICT"); // the grace period ends exactly now
      await refused(BANK, declare("RECEIPT", 2), "CONFLICT"); // 20 days past due
      await refused(BANK, declare("ORDER", 2), "CONFLICT"); // not due yet
      await refused(BANK, declare("RECEIPT", 1), "CONFLICT"); // in default already
      await refused(BANK, declare("ORDER", 4), "CONFLICT"); // repaid
      await refused(BANK, declare("FACTORING", 1), "BAD_USER_INPUT");
      await refused(BANK, declare("ORDER", 99), "NOT_FOUND");
    });

    it("claimRecourse: the bank of a funded deal with recourse whose receivable defaulted", async function () {
      const { tx, call } = decoded(
        await t.gql(tokens[BANK], `mutation { claimRecourse(id: 2) { ${TX} } }`),
        "claimRecourse",
      );
      expect(tx.method).to.equal("factoring.claimRecourse");
      expect(tx.from).to.equal(BANK);
      expect(call.args.dealId).to.equal(2n);
      await refused(BANK, "claimRecourse(id: 1)", "CONFLICT"); // receivable paid
      await refused(BANK, "claimRecourse(id: 3)", "CONFLICT"); // without recourse
      await refused(BANK, "claimRecourse(id: 4)", "CONFLICT"); // claimed already
      await refused(BANK, "claimRecourse(id: 5)", "CONFLICT"); // collected
      await refused(BANK, "claimRecourse(id: 99)", "NOT_FOUND");
    });

    it("settleRecourse: the seller approves the advance, then settles", async function () {
      const answer = await t.gql(tokens[SUPPLIER], `mutation { settleRecourse(id: 4) { ${TX} } }`);
      const approve = decoded(answer, "settleRecourse", 0);
      const settle = decoded(answer, "settleRecourse", 1);
      expect(approve.tx.method).to.equal("settlementToken.approve");
      expect(approve.call.args[0]).to.equal(t.config.deployment.contracts.factoring);
      expect(approve.call.args[1]).to.equal(45_000n);
      expect(settle.tx.method).to.equal("factoring.settleRecourse");
      expect(settle.tx.from).to.equal(SUPPLIER);
      expect(settle.call.args.dealId).to.equal(4n);
      await refused(SUPPLIER, "settleRecourse(id: 2)", "CONFLICT"); // not claimed
      await refused(SUPPLIER, "settleRecourse(id: 7)", "CONFLICT"); // the bank is suspended
      await refused(SUPPLIER, "settleRecourse(id: 99)", "NOT_FOUND");
    });

    it("settleRecourse: refused when the seller's balance does not cover the advance", async function () {
      await t.db
        .insert(schema.financings)
        .values(financingRow(deal(8, 43, { status: "RecourseClaimed", principal: "200001" })));
      await refused(SUPPLIER, "settleRecourse(id: 8)", "CONFLICT");
    });

    it("enforceReceiptPledge: the pledgee bank of a receipt with a defaulted loan", async function () {
      const { tx, call } = decoded(
        await t.gql(tokens[BANK], `mutation { enforceReceiptPledge(receiptId: 1) { ${TX} } }`),
        "enforceReceiptPledge",
      );
      expect(tx.method).to.equal("receiptFinancing.enforce");
      expect(tx.from).to.equal(BANK);
      expect(call.args.receiptId).to.equal(1n);
      await refused(BANK, "enforceReceiptPledge(receiptId: 2)", "CONFLICT"); // no loan in default
      await refused(BANK, "enforceReceiptPledge(receiptId: 3)", "NOT_FOUND"); // not pledged
      await refused(BANK, "enforceReceiptPledge(receiptId: 99)", "NOT_FOUND");
    });

    it("claimHeldPayouts: what the product's contract holds for the member in the deployment currency", async function () {
      for (const who of [SUPPLIER, BANK]) {
        const { tx, call } = decoded(
          await t.gql(tokens[who], `mutation { claimHeldPayouts(product: FACTORING) { ${TX} } }`),
          "claimHeldPayouts",
        );
        expect(tx.from).to.equal(who);
        expect(tx.method).to.equal("factoring.claimHeld");
        expect(call.args.currency).to.equal(currencyCode("CNY"));
      }
      await refused(SUPPLIER, "claimHeldPayouts(product: ORDER)", "CONFLICT"); // claimed already
      await refused(SUPPLIER, "claimHeldPayouts(product: RECEIPT)", "CONFLICT"); // held in USD only
      await refused(BANK2, "claimHeldPayouts(product: FACTORING)", "CONFLICT"); // nothing held
    });

    const limit = (counterparty: string, lineKind: string, value: string) =>
      `setCreditLimit(counterparty: "${counterparty}", kind: ${lineKind}, limit: "${value}")`;

    it("setCreditLimit: the bank's line for a member, up to 2^128 - 1; 0 closes it", async function () {
      const { tx, call } = decoded(
        await t.gql(tokens[BANK], `mutation { ${limit(SUPPLIER, "Borrower", "1000000")} { ${TX} } }`),
        "setCreditLimit",
      );
      expect(tx.method).to.equal("creditLimits.setLimit");
      expect(tx.from).to.equal(BANK);
      expect(call.args.counterparty).to.equal(SUPPLIER);
      expect(call.args.kind).to.equal(1n);
      expect(call.args.limit).to.equal(1_000_000n);
      const max = ((1n << 128n) - 1n).toString();
      const top = decoded(
        await t.gql(tokens[BANK2], `mutation { ${limit(CORE, "Obligor", max)} { ${TX} } }`),
        "setCreditLimit",
      );
      expect(top.call.args.kind).to.equal(0n);
      expect(top.call.args.limit).to.equal((1n << 128n) - 1n);
      const close = decoded(
        await t.gql(tokens[BANK], `mutation { ${limit(CORE, "Obligor", "0")} { ${TX} } }`),
        "setCreditLimit",
      );
      expect(close.call.args.limit).to.equal(0n);
      expect(close.tx.description).to.match(/^Close/);
      // A suspended or blacklisted member's line may be lowered or closed, not raised.
      const lower = decoded(
        await t.gql(tokens[BANK], `mutation { ${limit(SUSPENDED, "Borrower", "500")} { ${TX} } }`),
        "setCreditLimit",
      );
      expect(lower.call.args.limit).to.equal(500n);
      decoded(
        await t.gql(tokens[BANK], `mutation { ${limit(BLACKLISTED, "Obligor", "0")} { ${TX} } }`),
        "setCreditLimit",
      );
      await refused(BANK, limit(SUSPENDED, "Borrower", "1001"), "CONFLICT");
      await refused(BANK, limit(BLACKLISTED, "Obligor", "1"), "CONFLICT");
      await refused(BANK, limit(SUPPLIER, "Borrower", (1n << 128n).toString()), "BAD_USER_INPUT");
      await refused(BANK, limit(BANK, "Borrower", "1"), "BAD_USER_INPUT");
      await refused(BANK, limit(STRANGER, "Borrower", "1"), "BAD_USER_INPUT");
      await refused(BANK, limit("0x1234", "Borrower", "1"), "BAD_USER_INPUT");
      await refused(BANK, limit(SUPPLIER, "Borrower", "-1"), "BAD_USER_INPUT");
      await refused(BANK, limit(SUPPLIER, "Lender", "1"), "GRAPHQL_VALIDATION_FAILED");
    });

    // Who may (null) and may not (the code) take each step: party, bank, another bank, a core
    // enterprise, a warehouse, the regulator. Members taking no part in a financing do not see it.
    const matrix: [string, string, Record<string, string | null>][] = [
      [
        "repayLoan",
        repay("ORDER", 1),
        { SUPPLIER: null, BANK: "FORBIDDEN", BANK2: "NOT_FOUND", CORE: "NOT_FOUND", WAREHOUSE: "NOT_FOUND" },
      ],
      [
        "collectFinancing",
        collect("FACTORING", 1),
        { SUPPLIER: null, BANK: null, BANK2: "NOT_FOUND", CORE: "NOT_FOUND", WAREHOUSE: "NOT_FOUND" },
      ],
      [
        "declareDefault",
        declare("ORDER", 1),
        { SUPPLIER: "FORBIDDEN", BANK: null, BANK2: "NOT_FOUND", CORE: "NOT_FOUND", WAREHOUSE: "NOT_FOUND" },
      ],
      [
        "claimRecourse",
        "claimRecourse(id: 2)",
        { SUPPLIER: "FORBIDDEN", BANK: null, BANK2: "NOT_FOUND", CORE: "NOT_FOUND", WAREHOUSE: "NOT_FOUND" },
      ],
      [
        "settleRecourse",
        "settleRecourse(id: 4)",
        { SUPPLIER: null, BANK: "FORBIDDEN", BANK2: "NOT_FOUND", CORE: "NOT_FOUND", WAREHOUSE: "NOT_FOUND" },
      ],
      [
        "enforceReceiptPledge",
        "enforceReceiptPledge(receiptId: 1)",
        { SUPPLIER: "FORBIDDEN", BANK: null, BANK2: "NOT_FOUND", CORE: "FORBIDDEN", WAREHOUSE: "FORBIDDEN" },
      ],
      [
        "claimHeldPayouts",
        "claimHeldPayouts(product: FACTORING)",
        { SUPPLIER: null, BANK: null, BANK2: "CONFLICT", CORE: "CONFLICT", WAREHOUSE: "CONFLICT" },
      ],
      [
        "setCreditLimit",
        limit(SUPPLIER, "Borrower", "1"),
        { SUPPLIER: "FORBIDDEN", BANK: null, BANK2: null, CORE: "FORBIDDEN", WAREHOUSE: "FORBIDDEN" },
      ],
    ];
    const ACTORS: Record<string, string> = { SUPPLIER, BANK, BANK2, CORE, WAREHOUSE };
    for (const [name, mutation, expected] of matrix) {
      it(`${name}: the role matrix (party, bank, other bank, core, warehouse, regulator, suspended, anonymous)`, async function () {
        await expectRoleMatrix(
          t,
          name,
          `mutation { ${mutation} { ${TX} } }`,
          Object.entries(expected).map(([label, outcome]): RoleCase => [ACTORS[label], tokens[ACTORS[label]], outcome]),
          (answer, who) => expect(decoded(answer, name).tx.from, `${name} by ${who}`).to.equal(who),
        );
        await refused(REGULATOR, mutation, "FORBIDDEN");
        await refused(SUSPENDED, mutation, "FORBIDDEN");
        await refused(null, mutation, "UNAUTHENTICATED");
      });
    }
  });
}
