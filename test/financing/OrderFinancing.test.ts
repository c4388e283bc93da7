/**
 * OrderFinancing: prepayment financing against a confirmed purchase order (request, accept, decline,
 * withdraw, repay, declareDefault, collect and the views), with the shared loan lifecycle of LoanBook.
 */
import { expect } from "chai";
import { loadFixture, time } from "@nomicfoundation/hardhat-network-helpers";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/signers";
import { id, ZeroAddress as ethersZero, ZeroHash } from "ethers";
import {
  confirmedOrder,
  consortiumFixture,
  CNY,
  DAY,
  DEFAULT_LIMIT,
  docHash,
  LimitKind,
  LoanStatus,
  noon,
  OrderStatus,
  pricing,
  Role,
  text32,
  type Fixture,
} from "../helpers/fixture";
import { shouldBehaveLikeALoanBook, type LoanProduct } from "./loans.behavior";

const { Requested, Active, Repaid, Defaulted, Withdrawn, Declined } = LoanStatus;
const { Obligor, Borrower } = LimitKind;

const GRACE = 30 * DAY;
const REF = text32("MPR-2025-OF-0001");

interface RequestOpts {
  amount?: bigint;
  supplier?: HardhatEthersSigner;
  bank?: HardhatEthersSigner;
  minAdvanceBps?: bigint;
  maxRateBps?: bigint;
  tenorDays?: bigint;
  paymentTermDays?: number;
}

/** A confirmed order of `amount` and a request to finance it. */
async function requested(f: Fixture, opts: RequestOpts = {}) {
  const supplier = opts.supplier ?? f.supplier1;
  const bank = opts.bank ?? f.bank1;
  const amount = opts.amount ?? 2_000_000n;
  const orderId = await confirmedOrder(f, { amount, supplier, paymentTermDays: opts.paymentTermDays });
  const expiresAt = BigInt((await time.latest()) + 7 * DAY);
  const args = [
    orderId,
    bank.address,
    opts.minAdvanceBps ?? 7_000n,
    opts.maxRateBps ?? 600n,
    opts.tenorDays ?? 90n,
    expiresAt,
  ] as const;
  const loanId = await f.orderFinancing.connect(supplier).request.staticCall(...args);
  await f.orderFinancing.connect(supplier).request(...args);
  return { orderId, loanId, expiresAt, amount, supplier, bank };
}

/** A request funded at `advanceBps` and `rateBps`, at noon tomorrow. The borrower first gets 1 000 000
 * of its own cash (from a bank2 deposit) so that it can pay interest. */
async function funded(f: Fixture, opts: RequestOpts & { advanceBps?: bigint; rateBps?: bigint } = {}) {
  const r = await requested(f, { maxRateBps: opts.rateBps, ...opts });
  await f.settlementToken.connect(f.bank2).mint(r.supplier.address, 1_000_000n, id(`deposit:${r.loanId}`));
  const advanceBps = opts.advanceBps ?? 8_000n;
  const rateBps = opts.rateBps ?? 600n;
  const fundedAt = await noon(1);
  await time.setNextBlockTimestamp(fundedAt);
  await f.orderFinancing.connect(r.bank).accept(r.loanId, advanceBps, rateBps, REF);
  const principal = (r.amount * advanceBps) / 10_000n;
  const dueAt = fundedAt + Number(opts.tenorDays ?? 90n) * DAY;
  return { ...r, advanceBps, rateBps, fundedAt, principal, dueAt };
}

/** The buyer accepts delivery of `orderId`; returns the receivable it becomes. */
async function deliver(f: Fixture, orderId: bigint): Promise<bigint> {
  const receivableId = await f.purchaseOrders
    .connect(f.core)
    .acceptDelivery.staticCall(orderId, docHash("inv"), "ipfs://inv");
  await f.purchaseOrders.connect(f.core).acceptDelivery(orderId, docHash("inv"), "ipfs://inv");
  return receivableId;
}

async function balance(f: Fixture, who: { getAddress(): Promise<string> }): Promise<bigint> {
  return f.settlementToken.balanceOf(await who.getAddress());
}

async function used(f: Fixture, bank: HardhatEthersSigner, who: HardhatEthersSigner, kind: number): Promise<bigint> {
  return (await f.creditLimits.creditLine(bank.address, who.address, kind)).used;
}

/** OrderFinancing as a loan book: supplier1 finances a confirmed order of its own with bank1. */
const orderLoans: LoanProduct = {
  name: "OrderFinancing",
  loans: (f) => f.orderFinancing,
  borrower: (f) => f.supplier1,
  bank: (f) => f.bank1,
  requestedEvent: "OrderFinancingRequested",
  maxRateBps: 600n,
  newAsset: (f) => confirmedOrder(f),
  request: async (f, orderId, t = {}) =>
    f.orderFinancing
      .connect(f.supplier1)
      .request(
        orderId,
        t.bank ?? f.bank1.address,
        7_000n,
        t.maxRateBps ?? 600n,
        t.tenorDays ?? 90n,
        t.expiresAt ?? (await time.latest()) + 7 * DAY,
      ),
  requested: async (f, t) => {
    const r = await requested(f, t);
    return { loanId: r.loanId, assetId: r.orderId, expiresAt: r.expiresAt };
  },
  accept: (f, loanId, o = {}) =>
    f.orderFinancing.connect(o.by ?? f.bank1).accept(loanId, 8_000n, o.rateBps ?? 600n, REF),
  funded: async (f, t) => {
    const r = await funded(f, t);
    return { loanId: r.loanId, assetId: r.orderId, dueAt: r.dueAt };
  },
  encumbrancer: async (f, orderId) => (await f.purchaseOrders.order(orderId)).lienHolder,
};

describe("OrderFinancing", () => {
  describe("deployment", () => {
    it("is wired to the registry, receivables, credit limits and purchase orders, with 180 days tenor and 30 days grace", async () => {
      const f = await loadFixture(consortiumFixture);
      expect(await f.orderFinancing.registry()).to.equal(await f.registry.getAddress());
      expect(await f.orderFinancing.receivables()).to.equal(await f.receivables.getAddress());
      expect(await f.orderFinancing.creditLimits()).to.equal(await f.creditLimits.getAddress());
      expect(await f.orderFinancing.orders()).to.equal(await f.purchaseOrders.getAddress());
      expect(await f.orderFinancing.MAX_TENOR_DAYS()).to.equal(180n);
      expect(await f.orderFinancing.DEFAULT_GRACE_PERIOD()).to.equal(BigInt(GRACE));
    });
  });

  describe("request", () => {
    it("records the request, puts the financing contract's lien on the order and emits both events", async () => {
      const f = await loadFixture(consortiumFixture);
      const orderId = await confirmedOrder(f, { amount: 2_000_000n });
      const expiresAt = BigInt((await time.latest()) + 7 * DAY);
      const of = await f.orderFinancing.getAddress();
      await expect(
        f.orderFinancing.connect(f.supplier1).request(orderId, f.bank1.address, 7_000n, 600n, 90n, expiresAt),
      )
        .to.emit(f.orderFinancing, "OrderFinancingRequested")
        .withArgs(1n, orderId, f.supplier1.address, f.bank1.address, 2_000_000n, 7_000n, 600n, 90n, expiresAt)
        .and.to.emit(f.purchaseOrders, "OrderLienChanged")
        .withArgs(orderId, of, true);
      const ln = await f.orderFinancing.loan(1n);
      expect(ln.borrower).to.equal(f.supplier1.address);
      expect(ln.assetId).to.equal(orderId);
      expect(ln.boundBps).to.equal(7_000n);
      expect(ln.maxRateBps).to.equal(600n);
      expect(ln.bank).to.equal(f.bank1.address);
      expect(ln.expiresAt).to.equal(expiresAt);
      expect(ln.status).to.equal(Requested);
      expect(ln.tenorDays).to.equal(90n);
      expect(ln.obligor).to.equal(f.core.address);
      expect(ln.currency).to.equal(CNY);
      expect(ln.principal).to.equal(0n);
      expect(ln.exposure).to.equal(0n);
      expect((await f.purchaseOrders.order(orderId)).lienHolder).to.equal(of);
      // Nothing is lent yet.
      expect(await used(f, f.bank1, f.core, Obligor)).to.equal(0n);
    });

    it("numbers loans one after the other", async () => {
      const f = await loadFixture(consortiumFixture);
      const a = await requested(f);
      const b = await requested(f, { supplier: f.supplier2, bank: f.bank2 });
      expect(a.loanId).to.equal(1n);
      expect(b.loanId).to.equal(2n);
      expect((await f.orderFinancing.loan(2n)).borrower).to.equal(f.supplier2.address);
    });

    it("accepts the longest tenor (180 days) and the bounds 1..10 000 bps", async () => {
      const f = await loadFixture(consortiumFixture);
      const r = await requested(f, { tenorDays: 180n, minAdvanceBps: 10_000n, maxRateBps: 65_535n });
      const ln = await f.orderFinancing.loan(r.loanId);
      expect(ln.tenorDays).to.equal(180n);
      expect(ln.boundBps).to.equal(10_000n);
      expect(ln.maxRateBps).to.equal(65_535n);
      const s = await requested(f, { tenorDays: 1n, minAdvanceBps: 1n, maxRateBps: 0n });
      expect((await f.orderFinancing.loan(s.loanId)).tenorDays).to.equal(1n);
    });

    it("reverts when the order already carries a financing (one financing per order)", async () => {
      const f = await loadFixture(consortiumFixture);
      const r = await requested(f);
      const expiresAt = (await time.latest()) + DAY;
      const of = await f.orderFinancing.getAddress();
      for (const bank of [f.bank1, f.bank2]) {
        await expect(
          f.orderFinancing.connect(f.supplier1).request(r.orderId, bank.address, 7_000n, 600n, 90n, expiresAt),
        )
          .to.be.revertedWithCustomError(f.purchaseOrders, "OrderAlreadyEncumbered")
          .withArgs(r.orderId, of);
      }
    });

    it("reverts when the order is financed and funded already", async () => {
      const f = await loadFixture(consortiumFixture);
      const r = await funded(f);
      const expiresAt = (await time.latest()) + DAY;
      await expect(
        f.orderFinancing.connect(f.supplier1).request(r.orderId, f.bank2.address, 7_000n, 600n, 90n, expiresAt),
      )
        .to.be.revertedWithCustomError(f.purchaseOrders, "OrderAlreadyEncumbered")
        .withArgs(r.orderId, await f.orderFinancing.getAddress());
    });

    it("lets the order be financed again once the request was withdrawn or declined", async () => {
      const f = await loadFixture(consortiumFixture);
      const r = await requested(f);
      await f.orderFinancing.connect(f.supplier1).withdraw(r.loanId);
      const expiresAt = (await time.latest()) + DAY;
      await expect(
        f.orderFinancing.connect(f.supplier1).request(r.orderId, f.bank2.address, 7_000n, 600n, 90n, expiresAt),
      )
        .to.emit(f.orderFinancing, "OrderFinancingRequested")
        .withArgs(2n, r.orderId, f.supplier1.address, f.bank2.address, r.amount, 7_000n, 600n, 90n, expiresAt);
      await f.orderFinancing.connect(f.bank2).decline(2n, ZeroHash);
      await expect(
        f.orderFinancing.connect(f.supplier1).request(r.orderId, f.bank1.address, 7_000n, 600n, 90n, expiresAt),
      ).to.emit(f.orderFinancing, "OrderFinancingRequested");
      expect((await f.orderFinancing.loan(3n)).assetId).to.equal(r.orderId);
    });

    it("reverts for an order that is not confirmed: pending, rejected, cancelled or converted", async () => {
      const f = await loadFixture(consortiumFixture);
      const expiresAt = (await time.latest()) + 7 * DAY;
      const delivery = (await time.latest()) + 30 * DAY;
      const ids: [bigint, bigint][] = [];
      for (const [n, status] of [
        ["PO-P", OrderStatus.Pending],
        ["PO-R", OrderStatus.Rejected],
        ["PO-C", OrderStatus.Cancelled],
      ] as const) {
        await f.purchaseOrders
          .connect(f.supplier1)
          .submit(f.core.address, n, 1_000_000n, CNY, delivery, 60, docHash("po"), "ipfs://po");
        const orderId = await f.purchaseOrders.orderIdOf(f.core.address, f.supplier1.address, n);
        if (status === OrderStatus.Rejected) await f.purchaseOrders.connect(f.core).reject(orderId, ZeroHash);
        if (status === OrderStatus.Cancelled) await f.purchaseOrders.connect(f.supplier1).cancel(orderId);
        ids.push([orderId, status]);
      }
      const converted = await confirmedOrder(f);
      await deliver(f, converted);
      ids.push([converted, OrderStatus.Converted]);
      for (const [orderId, status] of ids) {
        await expect(
          f.orderFinancing.connect(f.supplier1).request(orderId, f.bank1.address, 7_000n, 600n, 90n, expiresAt),
        )
          .to.be.revertedWithCustomError(f.purchaseOrders, "OrderInvalidStatus")
          .withArgs(orderId, status);
      }
    });

    it("reverts when the caller is not the order's supplier", async () => {
      const f = await loadFixture(consortiumFixture);
      const orderId = await confirmedOrder(f);
      const expiresAt = (await time.latest()) + 7 * DAY;
      await expect(
        f.orderFinancing.connect(f.supplier2).request(orderId, f.bank1.address, 7_000n, 600n, 90n, expiresAt),
      )
        .to.be.revertedWithCustomError(f.orderFinancing, "OrderUnauthorized")
        .withArgs(orderId, f.supplier2.address, f.supplier1.address);
    });

    it("reverts for an order that does not exist", async () => {
      const f = await loadFixture(consortiumFixture);
      const expiresAt = (await time.latest()) + 7 * DAY;
      await expect(f.orderFinancing.connect(f.supplier1).request(42n, f.bank1.address, 7_000n, 600n, 90n, expiresAt))
        .to.be.revertedWithCustomError(f.orderFinancing, "OrderUnauthorized")
        .withArgs(42n, f.supplier1.address, ethersZero);
    });

    it("reverts when the minimum advance rate is 0 or above 100 %", async () => {
      const f = await loadFixture(consortiumFixture);
      const orderId = await confirmedOrder(f);
      const expiresAt = (await time.latest()) + 7 * DAY;
      for (const bps of [0n, 10_001n]) {
        await expect(f.orderFinancing.connect(f.supplier1).request(orderId, f.bank1.address, bps, 600n, 90n, expiresAt))
          .to.be.revertedWithCustomError(f.orderFinancing, "FinancingInvalidTerm")
          .withArgs("minAdvanceBps", bps);
      }
    });

    it("reverts when the caller is an outsider or a suspended supplier", async () => {
      const f = await loadFixture(consortiumFixture);
      const orderId = await confirmedOrder(f);
      const expiresAt = (await time.latest()) + 7 * DAY;
      await expect(f.orderFinancing.connect(f.outsider).request(orderId, f.bank1.address, 7_000n, 600n, 90n, expiresAt))
        .to.be.revertedWithCustomError(f.registry, "MemberNotActive")
        .withArgs(f.outsider.address);
      await f.registry.suspend(f.supplier1.address, ZeroHash);
      await expect(
        f.orderFinancing.connect(f.supplier1).request(orderId, f.bank1.address, 7_000n, 600n, 90n, expiresAt),
      )
        .to.be.revertedWithCustomError(f.registry, "MemberNotActive")
        .withArgs(f.supplier1.address);
    });

    it("reverts when the caller is not a supplier (bank, core enterprise, warehouse, regulator, operator)", async () => {
      const f = await loadFixture(consortiumFixture);
      const orderId = await confirmedOrder(f);
      const expiresAt = (await time.latest()) + 7 * DAY;
      for (const caller of [f.bank1, f.core, f.warehouse, f.regulator, f.operator]) {
        await expect(f.orderFinancing.connect(caller).request(orderId, f.bank1.address, 7_000n, 600n, 90n, expiresAt))
          .to.be.revertedWithCustomError(f.registry, "MemberLacksRole")
          .withArgs(caller.address, Role.SUPPLIER);
      }
    });

    it("reverts when the supplier lost its supplier role", async () => {
      const f = await loadFixture(consortiumFixture);
      const orderId = await confirmedOrder(f);
      const expiresAt = (await time.latest()) + 7 * DAY;
      await f.registry.setRoles(f.supplier1.address, Role.CORE_ENTERPRISE); // core enterprise only
      await expect(
        f.orderFinancing.connect(f.supplier1).request(orderId, f.bank1.address, 7_000n, 600n, 90n, expiresAt),
      )
        .to.be.revertedWithCustomError(f.registry, "MemberLacksRole")
        .withArgs(f.supplier1.address, Role.SUPPLIER);
    });

    it("reverts when the supplier is blacklisted", async () => {
      const f = await loadFixture(consortiumFixture);
      const orderId = await confirmedOrder(f);
      const expiresAt = (await time.latest()) + 7 * DAY;
      await f.registry.setBlacklisted(f.supplier1.address, true, id("aml"));
      await expect(
        f.orderFinancing.connect(f.supplier1).request(orderId, f.bank1.address, 7_000n, 600n, 90n, expiresAt),
      )
        .to.be.revertedWithCustomError(f.registry, "MemberBlacklisted")
        .withArgs(f.supplier1.address);
    });

    it("reverts when the buyer (obligor) is blacklisted", async () => {
      const f = await loadFixture(consortiumFixture);
      const orderId = await confirmedOrder(f);
      const expiresAt = (await time.latest()) + 7 * DAY;
      await f.registry.setBlacklisted(f.core.address, true, id("fraud"));
      await expect(
        f.orderFinancing.connect(f.supplier1).request(orderId, f.bank1.address, 7_000n, 600n, 90n, expiresAt),
      )
        .to.be.revertedWithCustomError(f.registry, "MemberBlacklisted")
        .withArgs(f.core.address);
    });
  });

  describe("accept", () => {
    it("pays floor(amount x advance rate) to the supplier, consumes both credit lines and records the registry reference", async () => {
      const f = await loadFixture(consortiumFixture);
      const r = await requested(f, { amount: 2_000_003n });
      const fundedAt = await noon(1);
      const principal = 1_600_002n; // floor(2 000 003 x 0.8)
      const dueAt = fundedAt + 90 * DAY;
      const bankBefore = await balance(f, f.bank1);
      const supplierBefore = await balance(f, f.supplier1);
      await time.setNextBlockTimestamp(fundedAt);
      await expect(f.orderFinancing.connect(f.bank1).accept(r.loanId, 8_000n, 450n, REF))
        .to.emit(f.orderFinancing, "LoanFunded")
        .withArgs(r.loanId, f.bank1.address, f.supplier1.address, principal, 450n, 8_000n, dueAt, REF)
        .and.to.emit(f.creditLimits, "CreditLineUsed")
        .withArgs(f.bank1.address, f.core.address, Obligor, true, principal, principal)
        .and.to.emit(f.creditLimits, "CreditLineUsed")
        .withArgs(f.bank1.address, f.supplier1.address, Borrower, true, principal, principal);
      expect(await balance(f, f.bank1)).to.equal(bankBefore - principal);
      expect(await balance(f, f.supplier1)).to.equal(supplierBefore + principal);
      const ln = await f.orderFinancing.loan(r.loanId);
      expect(ln.status).to.equal(Active);
      expect(ln.principal).to.equal(principal);
      expect(ln.exposure).to.equal(principal);
      expect(ln.rateBps).to.equal(450n);
      expect(ln.capBps).to.equal(8_000n);
      expect(ln.disbursedAt).to.equal(fundedAt);
      expect(ln.interestFrom).to.equal(fundedAt);
      expect(ln.dueAt).to.equal(dueAt);
      expect(ln.registryRef).to.equal(REF);
      expect(await used(f, f.bank1, f.core, Obligor)).to.equal(principal);
      expect(await used(f, f.bank1, f.supplier1, Borrower)).to.equal(principal);
      expect(await f.creditLimits.available(f.bank1.address, f.core.address, Obligor)).to.equal(
        DEFAULT_LIMIT - principal,
      );
    });

    it("funds at the borrower's exact bounds: advance = minimum, rate = maximum, advance up to 100 %", async () => {
      const f = await loadFixture(consortiumFixture);
      const r = await requested(f, { minAdvanceBps: 10_000n, maxRateBps: 600n, tenorDays: 180n });
      const at = await noon(2);
      await time.setNextBlockTimestamp(at);
      await expect(f.orderFinancing.connect(f.bank1).accept(r.loanId, 10_000n, 600n, REF))
        .to.emit(f.orderFinancing, "LoanFunded")
        .withArgs(r.loanId, f.bank1.address, f.supplier1.address, r.amount, 600n, 10_000n, at + 180 * DAY, REF);
      expect((await f.orderFinancing.loan(r.loanId)).principal).to.equal(r.amount);
    });

    it("reverts when the advance rate is below the borrower's minimum", async () => {
      const f = await loadFixture(consortiumFixture);
      const r = await requested(f, { minAdvanceBps: 7_000n });
      await expect(f.orderFinancing.connect(f.bank1).accept(r.loanId, 6_999n, 600n, REF))
        .to.be.revertedWithCustomError(f.orderFinancing, "FinancingTermOutOfBounds")
        .withArgs(r.loanId, "advanceBps", 6_999n, 7_000n);
    });

    it("reverts when the advance rate is 0 or above 100 %", async () => {
      const f = await loadFixture(consortiumFixture);
      const r = await requested(f);
      for (const bps of [0n, 10_001n]) {
        await expect(f.orderFinancing.connect(f.bank1).accept(r.loanId, bps, 600n, REF))
          .to.be.revertedWithCustomError(f.orderFinancing, "FinancingInvalidTerm")
          .withArgs("advanceBps", bps);
      }
    });

    it("reverts when the advance rounds down to a zero principal", async () => {
      const f = await loadFixture(consortiumFixture);
      const r = await requested(f, { amount: 1n, minAdvanceBps: 5_000n });
      await expect(f.orderFinancing.connect(f.bank1).accept(r.loanId, 5_000n, 600n, REF))
        .to.be.revertedWithCustomError(f.orderFinancing, "FinancingInvalidTerm")
        .withArgs("principal", 0n);
    });

    it("reverts when the principal exceeds the bank's remaining limit for the buyer (obligor)", async () => {
      const f = await loadFixture(consortiumFixture);
      await f.creditLimits.connect(f.bank1).setLimit(f.core.address, Obligor, 2_500_000n);
      await funded(f); // uses 1 600 000 of the core's line
      const r = await requested(f, { minAdvanceBps: 4_000n });
      await expect(f.orderFinancing.connect(f.bank1).accept(r.loanId, 8_000n, 600n, REF))
        .to.be.revertedWithCustomError(f.creditLimits, "CreditLimitExceeded")
        .withArgs(f.bank1.address, f.core.address, Obligor, 1_600_000n, 900_000n);
      // At a lower advance rate the principal fits the remaining line exactly.
      await expect(f.orderFinancing.connect(f.bank1).accept(r.loanId, 4_500n, 600n, REF))
        .to.emit(f.creditLimits, "CreditLineUsed")
        .withArgs(f.bank1.address, f.core.address, Obligor, true, 900_000n, 2_500_000n);
      expect(await f.creditLimits.available(f.bank1.address, f.core.address, Obligor)).to.equal(0n);
    });

    it("funds exactly up to the obligor limit", async () => {
      const f = await loadFixture(consortiumFixture);
      await f.creditLimits.connect(f.bank1).setLimit(f.core.address, Obligor, 1_600_000n);
      const r = await funded(f);
      expect(await f.creditLimits.available(f.bank1.address, f.core.address, Obligor)).to.equal(0n);
      expect((await f.orderFinancing.loan(r.loanId)).principal).to.equal(1_600_000n);
    });

    it("reverts when the principal exceeds the bank's limit for the supplier (borrower)", async () => {
      const f = await loadFixture(consortiumFixture);
      await f.creditLimits.connect(f.bank1).setLimit(f.supplier1.address, Borrower, 1_000_000n);
      const r = await requested(f);
      await expect(f.orderFinancing.connect(f.bank1).accept(r.loanId, 8_000n, 600n, REF))
        .to.be.revertedWithCustomError(f.creditLimits, "CreditLimitExceeded")
        .withArgs(f.bank1.address, f.supplier1.address, Borrower, 1_600_000n, 1_000_000n);
    });

    it("reverts when the bank set no limit at all for this buyer", async () => {
      const f = await loadFixture(consortiumFixture);
      await f.creditLimits.connect(f.bank1).setLimit(f.core.address, Obligor, 0n);
      const r = await requested(f);
      await expect(f.orderFinancing.connect(f.bank1).accept(r.loanId, 8_000n, 600n, REF))
        .to.be.revertedWithCustomError(f.creditLimits, "CreditLimitExceeded")
        .withArgs(f.bank1.address, f.core.address, Obligor, 1_600_000n, 0n);
    });

    it("reverts when the buyer accepted delivery before the loan was funded", async () => {
      const f = await loadFixture(consortiumFixture);
      const r = await requested(f);
      await deliver(f, r.orderId);
      await expect(f.orderFinancing.connect(f.bank1).accept(r.loanId, 8_000n, 600n, REF))
        .to.be.revertedWithCustomError(f.orderFinancing, "FinancingAssetNotReady")
        .withArgs(r.loanId);
    });

    it("reverts when the buyer was blacklisted after the request", async () => {
      const f = await loadFixture(consortiumFixture);
      const r = await requested(f);
      await f.registry.setBlacklisted(f.core.address, true, ZeroHash);
      await expect(f.orderFinancing.connect(f.bank1).accept(r.loanId, 8_000n, 600n, REF))
        .to.be.revertedWithCustomError(f.registry, "MemberBlacklisted")
        .withArgs(f.core.address);
    });

    it("reverts when the bank has not approved the settlement token", async () => {
      const f = await loadFixture(consortiumFixture);
      const r = await requested(f);
      const of = await f.orderFinancing.getAddress();
      await f.settlementToken.connect(f.bank1).approve(of, 0n);
      await expect(f.orderFinancing.connect(f.bank1).accept(r.loanId, 8_000n, 600n, REF))
        .to.be.revertedWithCustomError(f.settlementToken, "ERC20InsufficientAllowance")
        .withArgs(of, 0n, 1_600_000n);
    });
  });

  describe("withdraw", () => {
    it("lets the borrower withdraw a request and releases the lien", async () => {
      const f = await loadFixture(consortiumFixture);
      const r = await requested(f);
      const of = await f.orderFinancing.getAddress();
      await expect(f.orderFinancing.connect(f.supplier1).withdraw(r.loanId))
        .to.emit(f.orderFinancing, "LoanWithdrawn")
        .withArgs(r.loanId, f.supplier1.address)
        .and.to.emit(f.purchaseOrders, "OrderLienChanged")
        .withArgs(r.orderId, of, false);
      expect((await f.orderFinancing.loan(r.loanId)).status).to.equal(Withdrawn);
      expect((await f.purchaseOrders.order(r.orderId)).lienHolder).to.equal(ethersZero);
    });

    it("hands the receivable back to the supplier when the order converted while requested", async () => {
      const f = await loadFixture(consortiumFixture);
      const r = await requested(f);
      const receivableId = await deliver(f, r.orderId);
      const of = await f.orderFinancing.getAddress();
      // The receivable was issued to the lien holder.
      expect((await f.receivables.part(receivableId)).holder).to.equal(of);
      await expect(f.orderFinancing.connect(f.supplier1).withdraw(r.loanId))
        .to.emit(f.receivables, "PartTransferred")
        .withArgs(receivableId, of, f.supplier1.address)
        .and.to.emit(f.purchaseOrders, "OrderLienChanged")
        .withArgs(r.orderId, of, false);
      expect((await f.receivables.part(receivableId)).holder).to.equal(f.supplier1.address);
    });
  });

  describe("decline", () => {
    it("lets the addressed bank decline with a reason and releases the lien", async () => {
      const f = await loadFixture(consortiumFixture);
      const r = await requested(f);
      const reason = id("reason:thin-margin");
      const of = await f.orderFinancing.getAddress();
      await expect(f.orderFinancing.connect(f.bank1).decline(r.loanId, reason))
        .to.emit(f.orderFinancing, "LoanDeclined")
        .withArgs(r.loanId, f.bank1.address, reason)
        .and.to.emit(f.purchaseOrders, "OrderLienChanged")
        .withArgs(r.orderId, of, false);
      expect((await f.orderFinancing.loan(r.loanId)).status).to.equal(Declined);
      expect((await f.purchaseOrders.order(r.orderId)).lienHolder).to.equal(ethersZero);
    });
  });

  describe("collect (waterfall)", () => {
    it("repays the bank first from the paid receivable and pays the rest to the supplier", async () => {
      const f = await loadFixture(consortiumFixture);
      const r = await funded(f, { amount: 2_000_000n, advanceBps: 8_000n, rateBps: 600n });
      const of = await f.orderFinancing.getAddress();
      await time.setNextBlockTimestamp(r.fundedAt + 10 * DAY);
      const receivableId = await deliver(f, r.orderId);
      // The receivable the order becomes is issued to the financing contract, not to the supplier.
      const rc = await f.receivables.receivable(receivableId);
      expect(rc.orderId).to.equal(r.orderId);
      expect(rc.face).to.equal(2_000_000n);
      expect((await f.receivables.part(receivableId)).holder).to.equal(of);
      await time.setNextBlockTimestamp(Number(rc.maturity));
      await f.receivables.connect(f.core).pay(receivableId);
      const collectAt = r.fundedAt + 70 * DAY + 3600;
      expect(Number(rc.maturity)).to.be.lessThan(collectAt);
      const interest = pricing.loanInterest(1_600_000n, 600n, r.fundedAt, collectAt);
      expect(interest).to.equal(18_667n); // 1 600 000 x 6 % x 70 / 360, rounded up
      const toBank = 1_600_000n + interest;
      const toBorrower = 2_000_000n - toBank;
      const bankBefore = await balance(f, f.bank1);
      const supplierBefore = await balance(f, f.supplier1);
      await time.setNextBlockTimestamp(collectAt);
      // Anyone may call collect, even an outsider.
      await expect(f.orderFinancing.connect(f.outsider).collect(r.loanId))
        .to.emit(f.orderFinancing, "OrderFinancingCollected")
        .withArgs(r.loanId, 2_000_000n, toBank, toBorrower, 0n)
        .and.to.emit(f.receivables, "PartRedeemed")
        .withArgs(receivableId, receivableId, of, 2_000_000n)
        .and.to.emit(f.purchaseOrders, "OrderLienChanged")
        .withArgs(r.orderId, of, false)
        .and.to.emit(f.creditLimits, "CreditLineUsed")
        .withArgs(f.bank1.address, f.core.address, Obligor, false, 1_600_000n, 0n);
      expect(await balance(f, f.bank1)).to.equal(bankBefore + toBank);
      expect(await balance(f, f.supplier1)).to.equal(supplierBefore + toBorrower);
      expect(await balance(f, f.orderFinancing)).to.equal(0n);
      const ln = await f.orderFinancing.loan(r.loanId);
      expect(ln.status).to.equal(Repaid);
      expect(ln.exposure).to.equal(0n);
      expect(await used(f, f.bank1, f.core, Obligor)).to.equal(0n);
      expect(await used(f, f.bank1, f.supplier1, Borrower)).to.equal(0n);
      expect(await f.orderFinancing.amountDue(r.loanId)).to.deep.equal([0n, 0n]);
      expect((await f.purchaseOrders.order(r.orderId)).lienHolder).to.equal(ethersZero);
    });

    it("keeps the receivable out of the supplier's hands while the loan runs: it cannot be transferred or factored", async () => {
      const f = await loadFixture(consortiumFixture);
      const r = await funded(f);
      const receivableId = await deliver(f, r.orderId);
      const of = await f.orderFinancing.getAddress();
      await expect(f.receivables.connect(f.supplier1).transfer(receivableId, f.supplier2.address))
        .to.be.revertedWithCustomError(f.receivables, "ReceivableNotHolder")
        .withArgs(receivableId, f.supplier1.address, of);
      const expiresAt = (await time.latest()) + DAY;
      await expect(
        f.factoring.connect(f.supplier1).offer(receivableId, f.bank2.address, 8_000n, 500n, false, expiresAt),
      )
        .to.be.revertedWithCustomError(f.receivables, "ReceivableNotHolder")
        .withArgs(receivableId, f.supplier1.address, of);
    });

    it("turns a shortfall (interest included) into the new principal, accruing from the collection day", async () => {
      const f = await loadFixture(consortiumFixture);
      const r = await funded(f, { amount: 2_000_000n, minAdvanceBps: 10_000n, advanceBps: 10_000n, rateBps: 600n });
      const receivableId = await deliver(f, r.orderId);
      await f.receivables.connect(f.core).pay(receivableId);
      const collectAt = r.fundedAt + 70 * DAY;
      const interest = pricing.loanInterest(2_000_000n, 600n, r.fundedAt, collectAt);
      expect(interest).to.equal(23_334n);
      const bankBefore = await balance(f, f.bank1);
      const supplierBefore = await balance(f, f.supplier1);
      await time.setNextBlockTimestamp(collectAt);
      await expect(f.orderFinancing.connect(f.bank1).collect(r.loanId))
        .to.emit(f.orderFinancing, "OrderFinancingCollected")
        .withArgs(r.loanId, 2_000_000n, 2_000_000n, 0n, interest);
      expect(await balance(f, f.bank1)).to.equal(bankBefore + 2_000_000n);
      expect(await balance(f, f.supplier1)).to.equal(supplierBefore);
      let ln = await f.orderFinancing.loan(r.loanId);
      expect(ln.status).to.equal(Active);
      expect(ln.principal).to.equal(interest);
      expect(ln.interestFrom).to.equal(collectAt);
      expect(ln.disbursedAt).to.equal(r.fundedAt);
      // The lien and the credit lines stay in place until the rest is repaid.
      expect((await f.purchaseOrders.order(r.orderId)).lienHolder).to.equal(await f.orderFinancing.getAddress());
      expect(await used(f, f.bank1, f.core, Obligor)).to.equal(2_000_000n);
      // A second collection finds the receivable redeemed already.
      await expect(f.orderFinancing.collect(r.loanId))
        .to.be.revertedWithCustomError(f.receivables, "ReceivablePartNotRedeemable")
        .withArgs(receivableId);
      // The supplier repays the rest one day later.
      const repayAt = collectAt + DAY;
      const interest2 = pricing.loanInterest(interest, 600n, collectAt, repayAt);
      expect(interest2).to.equal(4n);
      await time.setNextBlockTimestamp(repayAt);
      await expect(f.orderFinancing.connect(f.supplier1).repay(r.loanId))
        .to.emit(f.orderFinancing, "LoanRepaid")
        .withArgs(r.loanId, f.supplier1.address, interest, interest2, false)
        .and.to.emit(f.purchaseOrders, "OrderLienChanged")
        .withArgs(r.orderId, await f.orderFinancing.getAddress(), false);
      ln = await f.orderFinancing.loan(r.loanId);
      expect(ln.status).to.equal(Repaid);
      expect(await used(f, f.bank1, f.core, Obligor)).to.equal(0n);
      expect(await used(f, f.bank1, f.supplier1, Borrower)).to.equal(0n);
      expect(await balance(f, f.bank1)).to.equal(bankBefore + 2_000_000n + interest + interest2);
    });

    it("collects a loan already declared in default once the receivable is paid late", async () => {
      const f = await loadFixture(consortiumFixture);
      const r = await funded(f, { tenorDays: 30n, paymentTermDays: 90 });
      const receivableId = await deliver(f, r.orderId);
      await time.setNextBlockTimestamp(r.dueAt + GRACE + 1);
      await f.orderFinancing.connect(f.bank1).declareDefault(r.loanId);
      const rc = await f.receivables.receivable(receivableId);
      await time.setNextBlockTimestamp(Number(rc.maturity) + DAY);
      await f.receivables.connect(f.core).pay(receivableId);
      const collectAt = Number(rc.maturity) + DAY + 60;
      const due = r.principal + pricing.loanInterest(r.principal, r.rateBps, r.fundedAt, collectAt);
      await time.setNextBlockTimestamp(collectAt);
      await expect(f.orderFinancing.connect(f.supplier2).collect(r.loanId))
        .to.emit(f.orderFinancing, "OrderFinancingCollected")
        .withArgs(r.loanId, r.amount, due, r.amount - due, 0n);
      expect((await f.orderFinancing.loan(r.loanId)).status).to.equal(Repaid);
    });

    it("holds the surplus of a suspended supplier; the bank is still repaid first", async () => {
      const f = await loadFixture(consortiumFixture);
      const r = await funded(f);
      const receivableId = await deliver(f, r.orderId);
      await f.receivables.connect(f.core).pay(receivableId);
      await f.registry.suspend(f.supplier1.address, ZeroHash);
      const collectAt = r.fundedAt + 30 * DAY;
      const toBank = r.principal + pricing.loanInterest(r.principal, r.rateBps, r.fundedAt, collectAt);
      const surplus = r.amount - toBank;
      const bankBefore = await balance(f, f.bank1);
      const supplierBefore = await balance(f, f.supplier1);
      await time.setNextBlockTimestamp(collectAt);
      await expect(f.orderFinancing.connect(f.bank1).collect(r.loanId))
        .to.emit(f.orderFinancing, "OrderFinancingCollected")
        .withArgs(r.loanId, r.amount, toBank, surplus, 0n)
        .and.to.emit(f.orderFinancing, "PayoutHeld")
        .withArgs(f.supplier1.address, CNY, surplus);
      expect(await balance(f, f.bank1)).to.equal(bankBefore + toBank);
      expect(await balance(f, f.supplier1)).to.equal(supplierBefore);
      expect(await f.orderFinancing.heldFor(f.supplier1.address, CNY)).to.equal(surplus);
      expect(await balance(f, f.orderFinancing)).to.equal(surplus);
      expect((await f.orderFinancing.loan(r.loanId)).status).to.equal(Repaid);
    });

    it("holds the bank's share while the bank is suspended and pays the supplier its surplus", async () => {
      const f = await loadFixture(consortiumFixture);
      const r = await funded(f);
      const receivableId = await deliver(f, r.orderId);
      await f.receivables.connect(f.core).pay(receivableId);
      await f.registry.suspend(f.bank1.address, ZeroHash);
      const collectAt = r.fundedAt + 30 * DAY;
      const toBank = r.principal + pricing.loanInterest(r.principal, r.rateBps, r.fundedAt, collectAt);
      const supplierBefore = await balance(f, f.supplier1);
      await time.setNextBlockTimestamp(collectAt);
      await expect(f.orderFinancing.connect(f.supplier1).collect(r.loanId))
        .to.emit(f.orderFinancing, "PayoutHeld")
        .withArgs(f.bank1.address, CNY, toBank);
      expect(await balance(f, f.supplier1)).to.equal(supplierBefore + r.amount - toBank);
      expect(await f.orderFinancing.heldFor(f.bank1.address, CNY)).to.equal(toBank);
      await f.registry.reinstate(f.bank1.address);
      await expect(f.orderFinancing.connect(f.bank1).claimHeld(CNY))
        .to.emit(f.orderFinancing, "PayoutClaimed")
        .withArgs(f.bank1.address, CNY, toBank);
    });

    it("reverts before the order converted and while its receivable is unpaid", async () => {
      const f = await loadFixture(consortiumFixture);
      const r = await funded(f);
      await expect(f.orderFinancing.collect(r.loanId))
        .to.be.revertedWithCustomError(f.orderFinancing, "FinancingAssetNotReady")
        .withArgs(r.loanId);
      const receivableId = await deliver(f, r.orderId);
      await expect(f.orderFinancing.collect(r.loanId))
        .to.be.revertedWithCustomError(f.orderFinancing, "FinancingAssetNotReady")
        .withArgs(r.loanId);
      // Overdue and defaulted receivables are not paid either.
      const rc = await f.receivables.receivable(receivableId);
      await time.increaseTo(Number(rc.maturity) + GRACE + 1);
      await f.receivables.connect(f.bank1).declareDefault(receivableId);
      await expect(f.orderFinancing.collect(r.loanId))
        .to.be.revertedWithCustomError(f.orderFinancing, "FinancingAssetNotReady")
        .withArgs(r.loanId);
    });

    it("reverts for an unknown loan and a loan that is not active or defaulted", async () => {
      const f = await loadFixture(consortiumFixture);
      await expect(f.orderFinancing.collect(7n))
        .to.be.revertedWithCustomError(f.orderFinancing, "FinancingNotFound")
        .withArgs(7n);
      const a = await requested(f);
      await expect(f.orderFinancing.collect(a.loanId))
        .to.be.revertedWithCustomError(f.orderFinancing, "FinancingInvalidStatus")
        .withArgs(a.loanId, Requested);
      await f.orderFinancing.connect(f.supplier1).withdraw(a.loanId);
      await expect(f.orderFinancing.collect(a.loanId))
        .to.be.revertedWithCustomError(f.orderFinancing, "FinancingInvalidStatus")
        .withArgs(a.loanId, Withdrawn);
    });

    it("reverts after the loan was repaid by hand; the supplier then redeems the receivable itself", async () => {
      const f = await loadFixture(consortiumFixture);
      const r = await funded(f);
      const receivableId = await deliver(f, r.orderId);
      await f.orderFinancing.connect(f.supplier1).repay(r.loanId);
      await f.receivables.connect(f.core).pay(receivableId);
      await expect(f.orderFinancing.collect(r.loanId))
        .to.be.revertedWithCustomError(f.orderFinancing, "FinancingInvalidStatus")
        .withArgs(r.loanId, Repaid);
      await expect(f.receivables.redeem(receivableId))
        .to.emit(f.receivables, "PartRedeemed")
        .withArgs(receivableId, receivableId, f.supplier1.address, r.amount);
    });
  });

  describe("repay", () => {
    it("repays principal plus ACT/360 interest to the bank, releases lines and lien", async () => {
      const f = await loadFixture(consortiumFixture);
      const r = await funded(f, { rateBps: 800n });
      const repayAt = r.fundedAt + 30 * DAY;
      const interest = pricing.loanInterest(1_600_000n, 800n, r.fundedAt, repayAt);
      expect(interest).to.equal(10_667n); // 1 600 000 x 8 % x 30 / 360 = 10 666.67, rounded up
      const bankBefore = await balance(f, f.bank1);
      const supplierBefore = await balance(f, f.supplier1);
      const of = await f.orderFinancing.getAddress();
      await time.setNextBlockTimestamp(repayAt);
      await expect(f.orderFinancing.connect(f.supplier1).repay(r.loanId))
        .to.emit(f.orderFinancing, "LoanRepaid")
        .withArgs(r.loanId, f.supplier1.address, 1_600_000n, interest, false)
        .and.to.emit(f.purchaseOrders, "OrderLienChanged")
        .withArgs(r.orderId, of, false)
        .and.to.emit(f.creditLimits, "CreditLineUsed")
        .withArgs(f.bank1.address, f.supplier1.address, Borrower, false, 1_600_000n, 0n);
      expect(await balance(f, f.bank1)).to.equal(bankBefore + 1_600_000n + interest);
      expect(await balance(f, f.supplier1)).to.equal(supplierBefore - 1_600_000n - interest);
      const ln = await f.orderFinancing.loan(r.loanId);
      expect(ln.status).to.equal(Repaid);
      expect(ln.exposure).to.equal(0n);
      expect(await used(f, f.bank1, f.core, Obligor)).to.equal(0n);
      expect((await f.purchaseOrders.order(r.orderId)).lienHolder).to.equal(ethersZero);
    });

    it("charges at least one day of interest on a same-day repayment", async () => {
      const f = await loadFixture(consortiumFixture);
      const r = await funded(f, { rateBps: 600n });
      await time.setNextBlockTimestamp(r.fundedAt + 60);
      await expect(f.orderFinancing.connect(f.supplier1).repay(r.loanId))
        .to.emit(f.orderFinancing, "LoanRepaid")
        .withArgs(r.loanId, f.supplier1.address, 1_600_000n, 267n, false); // 1 600 000 x 6 % / 360 = 266.67
    });

    it("hands the unpaid receivable back to the supplier when the loan is repaid after conversion", async () => {
      const f = await loadFixture(consortiumFixture);
      const r = await funded(f);
      const receivableId = await deliver(f, r.orderId);
      const of = await f.orderFinancing.getAddress();
      await expect(f.orderFinancing.connect(f.supplier1).repay(r.loanId))
        .to.emit(f.receivables, "PartTransferred")
        .withArgs(receivableId, of, f.supplier1.address);
      expect((await f.receivables.part(receivableId)).holder).to.equal(f.supplier1.address);
    });

    it("pays the supplier the proceeds of a receivable that was paid but not yet collected", async () => {
      const f = await loadFixture(consortiumFixture);
      const r = await funded(f);
      const receivableId = await deliver(f, r.orderId);
      await f.receivables.connect(f.core).pay(receivableId);
      const of = await f.orderFinancing.getAddress();
      const repayAt = r.fundedAt + 40 * DAY;
      const interest = pricing.loanInterest(r.principal, r.rateBps, r.fundedAt, repayAt);
      const supplierBefore = await balance(f, f.supplier1);
      await time.setNextBlockTimestamp(repayAt);
      await expect(f.orderFinancing.connect(f.supplier1).repay(r.loanId))
        .to.emit(f.receivables, "PartRedeemed")
        .withArgs(receivableId, receivableId, of, r.amount)
        .and.to.emit(f.orderFinancing, "LoanRepaid")
        .withArgs(r.loanId, f.supplier1.address, r.principal, interest, false);
      expect(await balance(f, f.supplier1)).to.equal(supplierBefore + r.amount - r.principal - interest);
      expect(await balance(f, f.orderFinancing)).to.equal(0n);
    });

    it("repays a defaulted loan in full (afterDefault true)", async () => {
      const f = await loadFixture(consortiumFixture);
      const r = await funded(f, { tenorDays: 30n });
      await time.setNextBlockTimestamp(r.dueAt + GRACE + 1);
      await f.orderFinancing.connect(f.bank1).declareDefault(r.loanId);
      const repayAt = r.dueAt + GRACE + DAY;
      const interest = pricing.loanInterest(r.principal, r.rateBps, r.fundedAt, repayAt);
      await time.setNextBlockTimestamp(repayAt);
      await expect(f.orderFinancing.connect(f.supplier1).repay(r.loanId))
        .to.emit(f.orderFinancing, "LoanRepaid")
        .withArgs(r.loanId, f.supplier1.address, r.principal, interest, true);
      expect((await f.orderFinancing.loan(r.loanId)).status).to.equal(Repaid);
    });

    it("reverts when the borrower cannot pay principal plus interest", async () => {
      const f = await loadFixture(consortiumFixture);
      const r = await funded(f, { rateBps: 600n });
      // The supplier spends part of the cash it received.
      const spend = (await balance(f, f.supplier1)) - 1_600_000n;
      await f.settlementToken.connect(f.supplier1).transfer(f.supplier2.address, spend);
      await time.setNextBlockTimestamp(r.fundedAt + 60);
      await expect(f.orderFinancing.connect(f.supplier1).repay(r.loanId))
        .to.be.revertedWithCustomError(f.settlementToken, "ERC20InsufficientBalance")
        .withArgs(f.supplier1.address, 1_600_000n, 1_600_267n);
      expect((await f.orderFinancing.loan(r.loanId)).status).to.equal(Active);
    });

    it("reverts while the borrower is suspended (it cannot move settlement tokens)", async () => {
      const f = await loadFixture(consortiumFixture);
      const r = await funded(f);
      await f.registry.suspend(f.supplier1.address, ZeroHash);
      await expect(f.orderFinancing.connect(f.supplier1).repay(r.loanId))
        .to.be.revertedWithCustomError(f.registry, "MemberNotActive")
        .withArgs(f.supplier1.address);
      await f.registry.reinstate(f.supplier1.address);
      await expect(f.orderFinancing.connect(f.supplier1).repay(r.loanId)).to.emit(f.orderFinancing, "LoanRepaid");
    });
  });

  describe("declareDefault", () => {
    it("lets the bank declare default only after due date plus 30 days of grace", async () => {
      const f = await loadFixture(consortiumFixture);
      const r = await funded(f, { tenorDays: 60n });
      const graceEndsAt = r.dueAt + GRACE;
      await time.setNextBlockTimestamp(r.dueAt + 1);
      await expect(f.orderFinancing.connect(f.bank1).declareDefault(r.loanId))
        .to.be.revertedWithCustomError(f.orderFinancing, "FinancingGracePeriodNotOver")
        .withArgs(r.loanId, graceEndsAt);
      await time.setNextBlockTimestamp(graceEndsAt);
      await expect(f.orderFinancing.connect(f.bank1).declareDefault(r.loanId))
        .to.be.revertedWithCustomError(f.orderFinancing, "FinancingGracePeriodNotOver")
        .withArgs(r.loanId, graceEndsAt);
      const at = graceEndsAt + 1;
      const due = r.principal + pricing.loanInterest(r.principal, r.rateBps, r.fundedAt, at);
      await time.setNextBlockTimestamp(at);
      await expect(f.orderFinancing.connect(f.bank1).declareDefault(r.loanId))
        .to.emit(f.orderFinancing, "LoanDefaulted")
        .withArgs(r.loanId, f.bank1.address, due);
      const ln = await f.orderFinancing.loan(r.loanId);
      expect(ln.status).to.equal(Defaulted);
      // The credit lines stay consumed and the lien stays on the order.
      expect(ln.exposure).to.equal(r.principal);
      expect(await used(f, f.bank1, f.core, Obligor)).to.equal(r.principal);
      expect((await f.purchaseOrders.order(r.orderId)).lienHolder).to.equal(await f.orderFinancing.getAddress());
      // Interest keeps running on a defaulted loan.
      await time.increaseTo(at + 10 * DAY);
      const [p, i] = await f.orderFinancing.amountDue(r.loanId);
      expect(p).to.equal(r.principal);
      expect(i).to.equal(pricing.loanInterest(r.principal, r.rateBps, r.fundedAt, await time.latest()));
    });
  });

  describe("claimHeld and heldFor", () => {
    /** A collection while supplier1 is suspended: its surplus is held. */
    async function heldSurplus(f: Fixture) {
      const r = await funded(f);
      const receivableId = await deliver(f, r.orderId);
      await f.receivables.connect(f.core).pay(receivableId);
      await f.registry.suspend(f.supplier1.address, ZeroHash);
      await f.orderFinancing.collect(r.loanId);
      return f.orderFinancing.heldFor(f.supplier1.address, CNY);
    }

    it("pays the held surplus to the reinstated supplier, once", async () => {
      const f = await loadFixture(consortiumFixture);
      const held = await heldSurplus(f);
      expect(held).to.be.greaterThan(0n);
      await f.registry.reinstate(f.supplier1.address);
      const before = await balance(f, f.supplier1);
      expect(await f.orderFinancing.connect(f.supplier1).claimHeld.staticCall(CNY)).to.equal(held);
      await expect(f.orderFinancing.connect(f.supplier1).claimHeld(CNY))
        .to.emit(f.orderFinancing, "PayoutClaimed")
        .withArgs(f.supplier1.address, CNY, held);
      expect(await balance(f, f.supplier1)).to.equal(before + held);
      expect(await f.orderFinancing.heldFor(f.supplier1.address, CNY)).to.equal(0n);
      expect(await balance(f, f.orderFinancing)).to.equal(0n);
      await expect(f.orderFinancing.connect(f.supplier1).claimHeld(CNY))
        .to.be.revertedWithCustomError(f.orderFinancing, "FinancingNothingHeld")
        .withArgs(f.supplier1.address, CNY);
    });

    it("reverts while the claimant is still suspended", async () => {
      const f = await loadFixture(consortiumFixture);
      const held = await heldSurplus(f);
      await expect(f.orderFinancing.connect(f.supplier1).claimHeld(CNY))
        .to.be.revertedWithCustomError(f.registry, "MemberNotActive")
        .withArgs(f.supplier1.address);
      expect(await f.orderFinancing.heldFor(f.supplier1.address, CNY)).to.equal(held);
    });

    it("reverts for a member with nothing held, in any currency, and for an outsider", async () => {
      const f = await loadFixture(consortiumFixture);
      await heldSurplus(f);
      for (const caller of [f.supplier2, f.bank1, f.core]) {
        await expect(f.orderFinancing.connect(caller).claimHeld(CNY))
          .to.be.revertedWithCustomError(f.orderFinancing, "FinancingNothingHeld")
          .withArgs(caller.address, CNY);
      }
      await f.registry.reinstate(f.supplier1.address);
      const USD = "0x555344";
      await expect(f.orderFinancing.connect(f.supplier1).claimHeld(USD))
        .to.be.revertedWithCustomError(f.orderFinancing, "FinancingNothingHeld")
        .withArgs(f.supplier1.address, USD);
      await expect(f.orderFinancing.connect(f.outsider).claimHeld(CNY))
        .to.be.revertedWithCustomError(f.registry, "MemberNotActive")
        .withArgs(f.outsider.address);
    });

    it("holds the proceeds of a paid receivable for a suspended supplier when the bank declines", async () => {
      const f = await loadFixture(consortiumFixture);
      const r = await requested(f);
      const receivableId = await deliver(f, r.orderId);
      await f.receivables.connect(f.core).pay(receivableId);
      await f.registry.suspend(f.supplier1.address, ZeroHash);
      await expect(f.orderFinancing.connect(f.bank1).decline(r.loanId, ZeroHash))
        .to.emit(f.orderFinancing, "PayoutHeld")
        .withArgs(f.supplier1.address, CNY, r.amount)
        .and.to.emit(f.orderFinancing, "LoanDeclined")
        .withArgs(r.loanId, f.bank1.address, ZeroHash);
      expect(await f.orderFinancing.heldFor(f.supplier1.address, CNY)).to.equal(r.amount);
    });
  });

  describe("loan and amountDue", () => {
    it("quotes principal and interest to date for an active loan", async () => {
      const f = await loadFixture(consortiumFixture);
      const r = await funded(f, { rateBps: 800n });
      await time.increaseTo(r.fundedAt + 30 * DAY);
      expect(await f.orderFinancing.amountDue(r.loanId)).to.deep.equal([1_600_000n, 10_667n]);
    });
  });

  shouldBehaveLikeALoanBook(orderLoans);
});
