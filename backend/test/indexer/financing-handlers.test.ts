/**
 * The financing handlers, driven with hand-built decoded events through an EntityStore on PGlite:
 * every write goes through the store's journal (journalFrom 0), so a row written without being read
 * first fails the test.
 */
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { and, eq } from "drizzle-orm";
import { encodeBytes32String, getAddress, ZeroAddress } from "ethers";
import { CONTRACT_INTERFACES, type DecodedEvent } from "../../src/chain/contracts";
import type { ContractName } from "../../src/config/config";
import { openDatabase, type DatabaseHandle } from "../../src/database/database";
import { creditLines, financings, heldPayouts, repayments } from "../../src/database/schema";
import { FINANCING_CONTRACTS, financingHandlers } from "../../src/indexer/handlers/financing";
import type { EventContext } from "../../src/indexer/handlers/types";
import { EntityStore, ProjectionError } from "../../src/indexer/store";

const addr = (byte: string) => getAddress("0x" + byte.repeat(20));
const SELLER = addr("11");
const OBLIGOR = addr("22");
const BANK = addr("33");
const BANK2 = addr("44");
const BORROWER = addr("55");
const CNY = "0x434e59";
const DAY = 86_400;
const T0 = 1_750_000_000;

const timeOf = (block: number) => new Date((T0 + block * 60) * 1000);

interface Emitted {
  contract: ContractName;
  name: string;
  args: Record<string, unknown>;
}

describe("financing handlers", function () {
  let dir: string;
  let handle: DatabaseHandle;
  let store: EntityStore;
  let block = 0;
  /** Refs of the events of the last `run`, one array per event. */
  let refs: string[][] = [];

  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "financing-handlers-"));
    handle = await openDatabase({ pgliteDir: dir });
    store = new EntityStore();
  });

  after(async () => {
    await handle?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  /** Applies `events` in one new block, in one batch (transaction). */
  async function run(...events: Emitted[]): Promise<void> {
    block++;
    refs = [];
    try {
      await handle.db.transaction(async (tx) => {
        store.begin(tx, 0);
        let logIndex = 0;
        for (const e of events) {
          const handler = financingHandlers[`${e.contract}.${e.name}`];
          assert.ok(handler, `no handler for ${e.contract}.${e.name}`);
          const event: DecodedEvent = {
            contract: e.contract,
            address: ZeroAddress,
            name: e.name,
            args: e.args,
            json: {},
            blockNumber: block,
            blockHash: "0x" + block.toString(16).padStart(64, "0"),
            logIndex: logIndex++,
            txHash: "0x" + "ab".repeat(32),
            txIndex: 0,
          };
          const eventRefs: string[] = [];
          refs.push(eventRefs);
          const ctx: EventContext = {
            chainId: 31337,
            store,
            event,
            args: e.args,
            block,
            time: timeOf(block),
            ref: (kind, id) => void eventRefs.push(`${kind}:${id}`),
          };
          await handler(ctx);
        }
        await store.flush();
      });
      store.committed();
    } catch (error) {
      store.reset();
      throw error;
    }
  }

  /** Rows the asset handlers would have written: a receivable with parts, a purchase order. */
  async function seedAssets(): Promise<void> {
    block++;
    await handle.db.transaction(async (tx) => {
      store.begin(tx, 0);
      const receivable = (id: number, orderId: number | null) =>
        store.put(
          "receivables",
          {
            id,
            obligor: OBLIGOR,
            creditor: SELLER,
            face: "10000",
            currency: "CNY",
            maturity: new Date((T0 + 90 * DAY) * 1000),
            longTerm: false,
            orderId,
            invoiceHash: "0x" + "00".repeat(32),
            invoiceUri: "",
            status: "Outstanding",
            redeemed: "0",
            paidAt: null,
            paidBy: null,
            paidLate: null,
            defaultedBy: null,
            issuedAt: timeOf(block),
            issuedBlock: block,
            updatedBlock: block,
          },
          block,
          true,
        );
      const part = (id: number, receivableId: number, amount: string) =>
        store.put(
          "receivableParts",
          {
            id,
            receivableId,
            parentId: id === receivableId ? null : receivableId,
            depth: id === receivableId ? 0 : 1,
            holder: SELLER,
            face: amount,
            amount,
            status: "Active",
            createdAt: timeOf(block),
            createdBlock: block,
            updatedBlock: block,
          },
          block,
          true,
        );
      receivable(1, null);
      part(1, 1, "5000");
      part(2, 1, "3000");
      part(3, 1, "2000");
      store.put(
        "purchaseOrders",
        {
          id: 7,
          supplier: BORROWER,
          buyer: OBLIGOR,
          orderNumber: "PO-7",
          amount: "10000",
          currency: "CNY",
          deliveryDate: new Date((T0 + 30 * DAY) * 1000),
          paymentTermDays: 60,
          documentHash: "0x" + "00".repeat(32),
          documentUri: "",
          status: "Confirmed",
          lienHolder: null,
          receivableId: null,
          rejectionReason: null,
          submittedAt: timeOf(block),
          submittedBlock: block,
          updatedBlock: block,
        },
        block,
        true,
      );
      await store.flush();
    });
    store.committed();
  }

  /** What the asset handlers do when order 7 converts into receivable 9 and the buyer pays it. */
  async function convertAndPayOrder(): Promise<void> {
    block++;
    await handle.db.transaction(async (tx) => {
      store.begin(tx, 0);
      const order = await store.require("purchaseOrders", { id: 7 });
      store.put("purchaseOrders", { ...order, status: "Converted", receivableId: 9, updatedBlock: block }, block);
      const r1 = await store.require("receivables", { id: 1 });
      store.put("receivables", { ...r1, id: 9, orderId: 7, status: "Paid", paidBy: OBLIGOR }, block, true);
      await store.flush();
    });
    store.committed();
  }

  /** What the asset handlers do when the obligor pays receivable 1. */
  async function payReceivable1(): Promise<void> {
    block++;
    await handle.db.transaction(async (tx) => {
      store.begin(tx, 0);
      const r1 = await store.require("receivables", { id: 1 });
      store.put("receivables", { ...r1, status: "Paid", paidBy: OBLIGOR, updatedBlock: block }, block);
      await store.flush();
    });
    store.committed();
  }

  async function financing(product: string, id: number) {
    const rows = await handle.db
      .select()
      .from(financings)
      .where(and(eq(financings.product, product), eq(financings.id, id)));
    assert.equal(rows.length, 1, `financing ${product} ${id} not found`);
    return rows[0];
  }

  async function repaymentsOf(product: string, id: number) {
    const rows = await handle.db
      .select()
      .from(repayments)
      .where(and(eq(repayments.product, product), eq(repayments.financingId, id)));
    return rows.sort((a, b) => a.blockNumber - b.blockNumber || a.logIndex - b.logIndex);
  }

  const offered = (dealId: bigint, partId: bigint, face: bigint, bank = ZeroAddress): Emitted => ({
    contract: "factoring",
    name: "FactoringOffered",
    args: {
      dealId,
      partId,
      seller: SELLER,
      bank,
      obligor: OBLIGOR,
      face,
      minAdvanceBps: 8000n,
      maxDiscountBps: 1200n,
      recourseAccepted: true,
      expiresAt: BigInt(T0 + 7 * DAY),
    },
  });

  const funded = (dealId: bigint, advance: bigint, discount: bigint, withRecourse: boolean): Emitted => ({
    contract: "factoring",
    name: "FactoringFunded",
    args: {
      dealId,
      bank: BANK,
      seller: SELLER,
      advanceBps: 9000n,
      discountBps: 800n,
      daysToMaturity: 90n,
      advance,
      discount,
      price: advance - discount,
      withRecourse,
      registryRef: encodeBytes32String("REG-1"),
    },
  });

  before(seedAssets);

  it("handles every event of the financing contracts", () => {
    for (const contract of FINANCING_CONTRACTS) {
      CONTRACT_INTERFACES[contract].forEachEvent((event) => {
        assert.ok(financingHandlers[`${contract}.${event.name}`], `${contract}.${event.name} has no handler`);
      });
    }
  });

  it("factoring: offered, funded, collected", async () => {
    await run(offered(1n, 1n, 5000n));
    let deal = await financing("FACTORING", 1);
    assert.equal(deal.status, "Offered");
    assert.equal(deal.assetType, "part");
    assert.equal(deal.assetId, 1);
    assert.equal(deal.receivableId, 1);
    assert.equal(deal.party, SELLER);
    assert.equal(deal.bank, ZeroAddress);
    assert.equal(deal.obligor, OBLIGOR);
    assert.equal(deal.requestedAmount, "5000");
    assert.equal(deal.minAdvanceBps, 8000);
    assert.equal(deal.maxRateBps, 1200);
    assert.equal(deal.recourse, true);
    assert.equal(deal.outstanding, "0");
    assert.equal(deal.requestedBlock, block);
    assert.deepEqual(deal.expiresAt, new Date((T0 + 7 * DAY) * 1000));
    assert.deepEqual(
      refs[0].sort(),
      ["factoring:1", "member:" + OBLIGOR, "member:" + SELLER, "part:1", "receivable:1"].sort(),
    );

    await run(funded(1n, 4500n, 89n, false));
    deal = await financing("FACTORING", 1);
    assert.equal(deal.status, "Funded");
    assert.equal(deal.bank, BANK);
    assert.equal(deal.principal, "4500");
    assert.equal(deal.discount, "89");
    assert.equal(deal.price, "4411");
    assert.equal(deal.advanceBps, 9000);
    assert.equal(deal.rateBps, 800);
    assert.equal(deal.daysToMaturity, 90);
    assert.equal(deal.recourse, false);
    assert.equal(deal.outstanding, "4500");
    assert.equal(deal.registryRef, "REG-1");
    assert.deepEqual(deal.dueAt, new Date((T0 + 90 * DAY) * 1000));
    assert.deepEqual(deal.fundedAt, timeOf(block));
    assert.ok(refs[0].includes("member:" + BANK));

    await payReceivable1();
    await run({
      contract: "factoring",
      name: "FactoringCollected",
      args: { dealId: 1n, toBank: 4500n, toSeller: 500n },
    });
    deal = await financing("FACTORING", 1);
    assert.equal(deal.status, "Collected");
    assert.equal(deal.outstanding, "0");
    assert.equal(deal.repaidPrincipal, "4500");
    assert.deepEqual(deal.closedAt, timeOf(block));
    const flows = await repaymentsOf("FACTORING", 1);
    assert.equal(flows.length, 1);
    assert.equal(flows[0].kind, "COLLECTED");
    assert.equal(flows[0].payer, OBLIGOR, "payer from the receivable's row");
    assert.equal(flows[0].toBank, "4500");
    assert.equal(flows[0].toParty, "500");
    assert.equal(flows[0].principal, "4500");
    assert.equal(flows[0].interest, "0");
    assert.equal(flows[0].blockNumber, block);
  });

  it("factoring: offered, declined", async () => {
    await run(offered(2n, 2n, 3000n, BANK2));
    await run({
      contract: "factoring",
      name: "FactoringDeclined",
      args: { dealId: 2n, bank: BANK2, reasonRef: encodeBytes32String("no appetite") },
    });
    const deal = await financing("FACTORING", 2);
    assert.equal(deal.status, "Declined");
    assert.equal(deal.bank, BANK2);
    assert.equal(deal.declineReason, "no appetite");
    assert.deepEqual(deal.closedAt, timeOf(block));
    assert.equal(deal.principal, null);
    assert.deepEqual((await repaymentsOf("FACTORING", 2)).length, 0);
  });

  it("factoring with recourse: claimed, settled", async () => {
    await run(offered(3n, 3n, 2000n));
    await run(funded(3n, 1800n, 36n, true));
    await run({
      contract: "factoring",
      name: "FactoringRecourseClaimed",
      args: { dealId: 3n, seller: SELLER, amount: 1800n },
    });
    let deal = await financing("FACTORING", 3);
    assert.equal(deal.status, "RecourseClaimed");
    assert.equal(deal.recourse, true);
    assert.equal(deal.amountDue, "1800");
    assert.equal(deal.outstanding, "1800");
    assert.equal(deal.closedAt, null);

    await run({
      contract: "factoring",
      name: "FactoringRecourseSettled",
      args: { dealId: 3n, seller: SELLER, amount: 1800n },
    });
    deal = await financing("FACTORING", 3);
    assert.equal(deal.status, "RecourseSettled");
    assert.equal(deal.outstanding, "0");
    assert.equal(deal.repaidPrincipal, "1800");
    const flows = await repaymentsOf("FACTORING", 3);
    assert.deepEqual(
      flows.map((f) => [f.kind, f.payer, f.principal, f.toBank]),
      [
        ["RECOURSE_CLAIMED", null, "1800", "0"],
        ["RECOURSE_SETTLED", SELLER, "1800", "1800"],
      ],
    );
  });

  const orderRequested = (loanId: bigint): Emitted => ({
    contract: "orderFinancing",
    name: "OrderFinancingRequested",
    args: {
      loanId,
      orderId: 7n,
      borrower: BORROWER,
      bank: BANK,
      orderAmount: 10000n,
      minAdvanceBps: 7000n,
      maxRateBps: 1000n,
      tenorDays: 60n,
      expiresAt: BigInt(T0 + 3 * DAY),
    },
  });

  const loanFunded = (contract: ContractName, loanId: bigint, principal: bigint, capBps: bigint): Emitted => ({
    contract,
    name: "LoanFunded",
    args: {
      loanId,
      bank: BANK,
      borrower: BORROWER,
      principal,
      rateBps: 900n,
      capBps,
      dueAt: BigInt(T0 + 60 * DAY),
      registryRef: encodeBytes32String("REG-L"),
    },
  });

  it("order financing: requested, funded, collected short, repaid", async () => {
    await run(orderRequested(1n));
    let loan = await financing("ORDER", 1);
    assert.equal(loan.status, "Requested");
    assert.equal(loan.assetType, "order");
    assert.equal(loan.assetId, 7);
    assert.equal(loan.obligor, OBLIGOR, "obligor from the order's row");
    assert.equal(loan.receivableId, null);
    assert.equal(loan.requestedAmount, "10000");
    assert.equal(loan.minAdvanceBps, 7000);
    assert.equal(loan.maxRateBps, 1000);
    assert.equal(loan.tenorDays, 60);
    assert.equal(loan.outstanding, "0");
    assert.equal(loan.repaidPrincipal, "0");
    assert.deepEqual(
      refs[0].sort(),
      ["member:" + OBLIGOR, "member:" + BANK, "member:" + BORROWER, "order-loan:1", "order:7"].sort(),
    );

    await run(loanFunded("orderFinancing", 1n, 8000n, 8000n));
    loan = await financing("ORDER", 1);
    assert.equal(loan.status, "Active");
    assert.equal(loan.principal, "8000");
    assert.equal(loan.outstanding, "8000");
    assert.equal(loan.rateBps, 900);
    assert.equal(loan.capBps, 8000);
    assert.equal(loan.advanceBps, 8000);
    assert.deepEqual(loan.dueAt, new Date((T0 + 60 * DAY) * 1000));
    assert.equal(loan.registryRef, "REG-L");

    await convertAndPayOrder();
    // Due 8000 + 100 interest; the receivable paid 5000: 100 interest, 4900 principal, 3100 left.
    await run({
      contract: "orderFinancing",
      name: "OrderFinancingCollected",
      args: { loanId: 1n, proceeds: 5000n, toBank: 5000n, toBorrower: 0n, remainingPrincipal: 3100n },
    });
    loan = await financing("ORDER", 1);
    assert.equal(loan.status, "Active");
    assert.equal(loan.receivableId, 9);
    assert.equal(loan.outstanding, "3100");
    assert.equal(loan.repaidPrincipal, "4900");
    assert.equal(loan.repaidInterest, "100");
    assert.equal(loan.closedAt, null);
    assert.ok(refs[0].includes("receivable:9"));

    await run({
      contract: "orderFinancing",
      name: "LoanRepaid",
      args: { loanId: 1n, payer: BORROWER, principal: 3100n, interest: 20n, afterDefault: false },
    });
    loan = await financing("ORDER", 1);
    assert.equal(loan.status, "Repaid");
    assert.equal(loan.outstanding, "0");
    assert.equal(loan.repaidPrincipal, "8000");
    assert.equal(loan.repaidInterest, "120");
    assert.deepEqual(loan.closedAt, timeOf(block));
    const flows = await repaymentsOf("ORDER", 1);
    assert.deepEqual(
      flows.map((f) => [f.kind, f.payer, f.principal, f.interest, f.toBank, f.toParty]),
      [
        ["COLLECTED", OBLIGOR, "4900", "100", "5000", "0"],
        ["REPAID", BORROWER, "3100", "20", "3120", "0"],
      ],
    );
  });

  it("order financing: collected in full closes the loan", async () => {
    await run(orderRequested(2n));
    await run(loanFunded("orderFinancing", 2n, 7000n, 7000n));
    await run({
      contract: "orderFinancing",
      name: "OrderFinancingCollected",
      args: { loanId: 2n, proceeds: 10000n, toBank: 7150n, toBorrower: 2850n, remainingPrincipal: 0n },
    });
    const loan = await financing("ORDER", 2);
    assert.equal(loan.status, "Repaid");
    assert.equal(loan.receivableId, 9, "receivable from the converted order's row");
    assert.equal(loan.outstanding, "0");
    assert.equal(loan.repaidPrincipal, "7000");
    assert.equal(loan.repaidInterest, "150");
    assert.deepEqual(loan.closedAt, timeOf(block));
    const flows = await repaymentsOf("ORDER", 2);
    assert.deepEqual(
      flows.map((f) => [f.kind, f.principal, f.interest, f.toBank, f.toParty]),
      [["COLLECTED", "7000", "150", "7150", "2850"]],
    );
  });

  const receiptRequested = (loanId: bigint, receiptId: bigint, amount: bigint): Emitted => ({
    contract: "receiptFinancing",
    name: "ReceiptLoanRequested",
    args: {
      loanId,
      receiptId,
      borrower: BORROWER,
      bank: BANK,
      amount,
      maxRateBps: 1100n,
      tenorDays: 90n,
      expiresAt: BigInt(T0 + 2 * DAY),
    },
  });

  it("receipt loan: requested, funded, repaid (ids apart from order loans)", async () => {
    await run(receiptRequested(1n, 1n, 5000n));
    let loan = await financing("RECEIPT", 1);
    assert.equal(loan.status, "Requested");
    assert.equal(loan.assetType, "receipt");
    assert.equal(loan.requestedAmount, "5000");
    assert.equal(loan.minAdvanceBps, null);
    assert.ok(refs[0].includes("receipt-loan:1") && refs[0].includes("receipt:1"));

    await run(loanFunded("receiptFinancing", 1n, 5000n, 6000n));
    loan = await financing("RECEIPT", 1);
    assert.equal(loan.status, "Active");
    assert.equal(loan.capBps, 6000);
    assert.equal(loan.advanceBps, null);
    assert.equal(loan.outstanding, "5000");

    await run({
      contract: "receiptFinancing",
      name: "LoanRepaid",
      args: { loanId: 1n, payer: BORROWER, principal: 5000n, interest: 50n, afterDefault: false },
    });
    loan = await financing("RECEIPT", 1);
    assert.equal(loan.status, "Repaid");
    assert.equal(loan.outstanding, "0");
    assert.equal(loan.repaidPrincipal, "5000");
    assert.equal(loan.repaidInterest, "50");
    assert.equal((await financing("ORDER", 1)).status, "Repaid", "order loan 1 untouched");
    const flows = await repaymentsOf("RECEIPT", 1);
    assert.deepEqual(
      flows.map((f) => [f.kind, f.toBank]),
      [["REPAID", "5050"]],
    );
  });

  it("receipt loans: default, then enforcement of every open drawing", async () => {
    await run(receiptRequested(2n, 2n, 3000n), receiptRequested(3n, 2n, 2000n), receiptRequested(4n, 2n, 1000n));
    await run(loanFunded("receiptFinancing", 2n, 3000n, 6000n), loanFunded("receiptFinancing", 3n, 2000n, 6000n));
    await run({
      contract: "receiptFinancing",
      name: "LoanDefaulted",
      args: { loanId: 3n, bank: BANK, amountDue: 2080n },
    });
    let loan = await financing("RECEIPT", 3);
    assert.equal(loan.status, "Defaulted");
    assert.equal(loan.amountDue, "2080");

    // A principal that does not match the indexed drawings is a projection error (nothing written).
    const before = block;
    await assert.rejects(
      run({
        contract: "receiptFinancing",
        name: "ReceiptLoansEnforced",
        args: { receiptId: 2n, bank: BANK, loanIds: [2n, 3n, 4n], principal: 4000n },
      }),
      ProjectionError,
    );
    assert.equal((await financing("RECEIPT", 2)).status, "Active");
    block = before;

    await run({
      contract: "receiptFinancing",
      name: "ReceiptLoansEnforced",
      args: { receiptId: 2n, bank: BANK, loanIds: [2n, 3n, 4n], principal: 5000n },
    });
    for (const id of [2, 3, 4]) {
      loan = await financing("RECEIPT", id);
      assert.equal(loan.status, "Enforced");
      assert.equal(loan.outstanding, "0");
      assert.deepEqual(loan.closedAt, timeOf(block));
    }
    const flows = [2, 3, 4].map((id) => repaymentsOf("RECEIPT", id));
    const [f2, f3, f4] = await Promise.all(flows);
    assert.deepEqual(
      f2.map((f) => [f.kind, f.principal, f.toBank]),
      [["ENFORCED", "3000", "0"]],
    );
    assert.deepEqual(
      f3.map((f) => [f.kind, f.principal]),
      [["ENFORCED", "2000"]],
    );
    assert.equal(f4.length, 0, "the unfunded request has no cash flow");
    assert.ok(refs[0].includes("receipt:2") && refs[0].includes("receipt-loan:4"));
  });

  it("loans: withdrawn and declined", async () => {
    await run(receiptRequested(5n, 3n, 100n), receiptRequested(6n, 3n, 100n));
    await run(
      { contract: "receiptFinancing", name: "LoanWithdrawn", args: { loanId: 5n, borrower: BORROWER } },
      {
        contract: "receiptFinancing",
        name: "LoanDeclined",
        args: { loanId: 6n, bank: BANK, reasonRef: encodeBytes32String("collateral") },
      },
    );
    assert.equal((await financing("RECEIPT", 5)).status, "Withdrawn");
    const declined = await financing("RECEIPT", 6);
    assert.equal(declined.status, "Declined");
    assert.equal(declined.declineReason, "collateral");
  });

  it("credit lines: set, consumed, released, reset", async () => {
    const line = async (counterparty: string, kind: string) =>
      (
        await handle.db
          .select()
          .from(creditLines)
          .where(
            and(eq(creditLines.bank, BANK), eq(creditLines.counterparty, counterparty), eq(creditLines.kind, kind)),
          )
      )[0];
    await run(
      {
        contract: "creditLimits",
        name: "CreditLimitSet",
        args: { bank: BANK, counterparty: OBLIGOR, kind: 0n, limit: 100000n },
      },
      {
        contract: "creditLimits",
        name: "CreditLimitSet",
        args: { bank: BANK, counterparty: SELLER, kind: 1n, limit: 5000n },
      },
    );
    assert.deepEqual(
      refs[0].sort(),
      [`credit-line:${BANK}:${OBLIGOR}:Obligor`, "member:" + OBLIGOR, "member:" + BANK].sort(),
    );
    let obligorLine = await line(OBLIGOR, "Obligor");
    assert.equal(obligorLine.limit, "100000");
    assert.equal(obligorLine.used, "0");
    assert.equal((await line(SELLER, "Borrower")).limit, "5000");

    const used = (counterparty: string, kind: bigint, consumed: boolean, amount: bigint, total: bigint): Emitted => ({
      contract: "creditLimits",
      name: "CreditLineUsed",
      args: { bank: BANK, counterparty, kind, consumed, amount, used: total },
    });
    await run(used(OBLIGOR, 0n, true, 4500n, 4500n), used(OBLIGOR, 0n, true, 1800n, 6300n));
    assert.equal((await line(OBLIGOR, "Obligor")).used, "6300");
    await run(used(OBLIGOR, 0n, false, 4500n, 1800n));
    await run({
      contract: "creditLimits",
      name: "CreditLimitSet",
      args: { bank: BANK, counterparty: OBLIGOR, kind: 0n, limit: 1000n },
    });
    obligorLine = await line(OBLIGOR, "Obligor");
    assert.equal(obligorLine.limit, "1000", "a limit may be lowered below its use");
    assert.equal(obligorLine.used, "1800");
    assert.equal(obligorLine.updatedBlock, block);

    await run(used(BORROWER, 1n, false, 0n, 0n));
    const unset = await line(BORROWER, "Borrower");
    assert.equal(unset.limit, "0");
    assert.equal(unset.used, "0");
  });

  it("held payouts: held twice, claimed in full, per contract", async () => {
    const held = async (contract: string) =>
      (
        await handle.db
          .select()
          .from(heldPayouts)
          .where(
            and(eq(heldPayouts.contract, contract), eq(heldPayouts.account, SELLER), eq(heldPayouts.currency, "CNY")),
          )
      )[0];
    await run(
      { contract: "factoring", name: "PayoutHeld", args: { account: SELLER, currency: CNY, amount: 500n } },
      { contract: "orderFinancing", name: "PayoutHeld", args: { account: SELLER, currency: CNY, amount: 70n } },
    );
    await run({ contract: "factoring", name: "PayoutHeld", args: { account: SELLER, currency: CNY, amount: 250n } });
    assert.equal((await held("factoring")).amount, "750");
    assert.equal((await held("orderFinancing")).amount, "70");
    assert.deepEqual(refs[0], ["member:" + SELLER]);

    await run({ contract: "factoring", name: "PayoutClaimed", args: { account: SELLER, currency: CNY, amount: 750n } });
    assert.equal((await held("factoring")).amount, "0");
    assert.equal((await held("orderFinancing")).amount, "70");
    await assert.rejects(
      run({
        contract: "receiptFinancing",
        name: "PayoutClaimed",
        args: { account: SELLER, currency: CNY, amount: 1n },
      }),
      ProjectionError,
    );
  });
});
