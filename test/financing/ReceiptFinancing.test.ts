/**
 * ReceiptFinancing: inventory loans (drawings) against a warehouse receipt pledged to one bank
 * (request, accept, decline, withdraw, repay, declareDefault, enforce and the views), with the freeze
 * that an inventory attestation puts on the pledge.
 */
import { expect } from "chai";
import { loadFixture, time } from "@nomicfoundation/hardhat-network-helpers";
import { anyValue } from "@nomicfoundation/hardhat-chai-matchers/withArgs";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/signers";
import { id, ZeroAddress, ZeroHash } from "ethers";
import {
  consortiumFixture,
  CNY,
  currencyCode,
  DAY,
  docHash,
  issueReceipt,
  LimitKind,
  LoanStatus,
  noon,
  pricing,
  ReceiptStatus,
  Role,
  text32,
  type Fixture,
} from "../helpers/fixture";
import { shouldBehaveLikeALoanBook, type LoanProduct } from "./loans.behavior";

const { Requested, Active, Repaid, Defaulted, Enforced, Withdrawn, Declined } = LoanStatus;
const { Obligor, Borrower } = LimitKind;

const GRACE = 30 * DAY;
const UINT96_MAX = 2n ** 96n - 1n;
const REF = text32("MPR-2025-WR-0001");
const VALUATION = 5_000_000n;
const QUANTITY = 1_000n;

interface DrawOpts {
  owner?: HardhatEthersSigner;
  bank?: HardhatEthersSigner;
  amount?: bigint;
  maxRateBps?: bigint;
  tenorDays?: bigint;
}

/** The receipt's owner asks for a drawing; returns its loan id and expiry. */
async function draw(f: Fixture, receiptId: bigint, opts: DrawOpts = {}) {
  const owner = opts.owner ?? f.supplier1;
  const bank = opts.bank ?? f.bank1;
  const amount = opts.amount ?? 2_000_000n;
  const expiresAt = BigInt((await time.latest()) + 7 * DAY);
  const args = [receiptId, bank.address, amount, opts.maxRateBps ?? 800n, opts.tenorDays ?? 60n, expiresAt] as const;
  const loanId = await f.receiptFinancing.connect(owner).request.staticCall(...args);
  await f.receiptFinancing.connect(owner).request(...args);
  return { loanId, expiresAt, amount, owner, bank, tenorDays: Number(opts.tenorDays ?? 60n) };
}

/** A receipt (valuation 5 000 000, 1 000 t) and one drawing funded at 70 % LTV and 600 bps at noon tomorrow. */
async function fundedReceiptLoan(f: Fixture, opts: DrawOpts & { ltvBps?: bigint; rateBps?: bigint } = {}) {
  const receiptId = await issueReceipt(f, { owner: opts.owner, valuation: VALUATION, quantity: QUANTITY });
  const d = await draw(f, receiptId, { maxRateBps: opts.rateBps, ...opts });
  const fundedAt = await fund(f, d.loanId, d.bank, opts.ltvBps ?? 7_000n, opts.rateBps ?? 600n);
  // Some own cash of the borrower, to pay interest with.
  await f.settlementToken.connect(f.bank2).mint(d.owner.address, 1_000_000n, id(`deposit:${d.loanId}`));
  return { ...d, receiptId, fundedAt, dueAt: fundedAt + d.tenorDays * DAY, rateBps: opts.rateBps ?? 600n };
}

/** The bank funds `loanId` at noon tomorrow (or `at`). */
async function fund(
  f: Fixture,
  loanId: bigint,
  bank: HardhatEthersSigner,
  ltvBps: bigint,
  rateBps: bigint,
  at?: number,
) {
  const fundedAt = at ?? (await noon(1));
  await time.setNextBlockTimestamp(fundedAt);
  await f.receiptFinancing.connect(bank).accept(loanId, ltvBps, rateBps, REF);
  return fundedAt;
}

async function balance(f: Fixture, who: { getAddress(): Promise<string> }): Promise<bigint> {
  return f.settlementToken.balanceOf(await who.getAddress());
}

async function book(f: Fixture, receiptId: bigint): Promise<[bigint, bigint, bigint]> {
  const b = await f.receiptFinancing.pledgeBook(receiptId);
  return [b.outstanding, b.openLoans, b.defaultedLoans];
}

async function borrowerUsed(f: Fixture, bank: HardhatEthersSigner, who: HardhatEthersSigner): Promise<bigint> {
  return (await f.creditLimits.creditLine(bank.address, who.address, Borrower)).used;
}

/** The warehouse reports `quantity` and `anomaly` for the receipt. */
async function attest(f: Fixture, receiptId: bigint, quantity: bigint, anomaly = 0) {
  return f.warehouseReceipts.connect(f.warehouse).attest(receiptId, quantity, anomaly, docHash("report"));
}

/** ReceiptFinancing as a loan book: supplier1 draws against a receipt of its own, pledged to bank1. */
const receiptLoans: LoanProduct = {
  name: "ReceiptFinancing",
  loans: (f) => f.receiptFinancing,
  borrower: (f) => f.supplier1,
  bank: (f) => f.bank1,
  requestedEvent: "ReceiptLoanRequested",
  maxRateBps: 800n,
  newAsset: (f) => issueReceipt(f),
  request: async (f, receiptId, t = {}) =>
    f.receiptFinancing
      .connect(f.supplier1)
      .request(
        receiptId,
        t.bank ?? f.bank1.address,
        1_000n,
        t.maxRateBps ?? 800n,
        t.tenorDays ?? 30n,
        t.expiresAt ?? (await time.latest()) + DAY,
      ),
  requested: async (f, t) => {
    const receiptId = await issueReceipt(f);
    const d = await draw(f, receiptId, t);
    return { loanId: d.loanId, assetId: receiptId, expiresAt: d.expiresAt };
  },
  accept: (f, loanId, o = {}) =>
    f.receiptFinancing.connect(o.by ?? f.bank1).accept(loanId, 7_000n, o.rateBps ?? 600n, REF),
  funded: async (f, t) => {
    const r = await fundedReceiptLoan(f, t);
    return { loanId: r.loanId, assetId: r.receiptId, dueAt: r.dueAt };
  },
  encumbrancer: async (f, receiptId) => (await f.warehouseReceipts.receipt(receiptId)).pledgee,
};

describe("ReceiptFinancing", () => {
  describe("deployment", () => {
    it("is wired to the warehouse receipts and allows at most 16 open drawings per receipt", async () => {
      const f = await loadFixture(consortiumFixture);
      expect(await f.receiptFinancing.receipts()).to.equal(await f.warehouseReceipts.getAddress());
      expect(await f.receiptFinancing.registry()).to.equal(await f.registry.getAddress());
      expect(await f.receiptFinancing.creditLimits()).to.equal(await f.creditLimits.getAddress());
      expect(await f.receiptFinancing.MAX_OPEN_LOANS()).to.equal(16n);
      expect(await f.receiptFinancing.MAX_TENOR_DAYS()).to.equal(180n);
    });
  });

  describe("request", () => {
    it("records the drawing and pledges the receipt to the addressed bank", async () => {
      const f = await loadFixture(consortiumFixture);
      const receiptId = await issueReceipt(f, { valuation: VALUATION, quantity: QUANTITY });
      const expiresAt = BigInt((await time.latest()) + 7 * DAY);
      await expect(
        f.receiptFinancing.connect(f.supplier1).request(receiptId, f.bank1.address, 2_000_000n, 800n, 60n, expiresAt),
      )
        .to.emit(f.receiptFinancing, "ReceiptLoanRequested")
        .withArgs(1n, receiptId, f.supplier1.address, f.bank1.address, 2_000_000n, 800n, 60n, expiresAt)
        .and.to.emit(f.warehouseReceipts, "ReceiptPledgeCreated")
        .withArgs(receiptId, f.supplier1.address, f.bank1.address, QUANTITY);
      const ln = await f.receiptFinancing.loan(1n);
      expect(ln.borrower).to.equal(f.supplier1.address);
      expect(ln.assetId).to.equal(receiptId);
      expect(ln.bank).to.equal(f.bank1.address);
      expect(ln.status).to.equal(Requested);
      expect(ln.principal).to.equal(2_000_000n);
      expect(ln.maxRateBps).to.equal(800n);
      expect(ln.tenorDays).to.equal(60n);
      expect(ln.expiresAt).to.equal(expiresAt);
      expect(ln.obligor).to.equal(ZeroAddress);
      expect(ln.currency).to.equal(CNY);
      expect(ln.exposure).to.equal(0n);
      expect(await book(f, receiptId)).to.deep.equal([0n, 1n, 0n]);
      const rc = await f.warehouseReceipts.receipt(receiptId);
      expect(rc.pledgee).to.equal(f.bank1.address);
      expect(rc.pledgedQuantity).to.equal(QUANTITY);
      expect(rc.owner).to.equal(f.supplier1.address);
    });

    it("adds a further drawing under the same pledge without pledging again", async () => {
      const f = await loadFixture(consortiumFixture);
      const receiptId = await issueReceipt(f);
      await draw(f, receiptId);
      const expiresAt = (await time.latest()) + DAY;
      await expect(
        f.receiptFinancing.connect(f.supplier1).request(receiptId, f.bank1.address, 500_000n, 800n, 30n, expiresAt),
      )
        .to.emit(f.receiptFinancing, "ReceiptLoanRequested")
        .withArgs(2n, receiptId, f.supplier1.address, f.bank1.address, 500_000n, 800n, 30n, expiresAt)
        .and.not.to.emit(f.warehouseReceipts, "ReceiptPledgeCreated");
      expect(await book(f, receiptId)).to.deep.equal([0n, 2n, 0n]);
    });

    it("reverts when a receipt pledged to one bank is pledged to another", async () => {
      const f = await loadFixture(consortiumFixture);
      const receiptId = await issueReceipt(f);
      await draw(f, receiptId, { bank: f.bank1 });
      const expiresAt = (await time.latest()) + DAY;
      await expect(
        f.receiptFinancing.connect(f.supplier1).request(receiptId, f.bank2.address, 1_000n, 800n, 30n, expiresAt),
      )
        .to.be.revertedWithCustomError(f.receiptFinancing, "ReceiptPledged")
        .withArgs(receiptId, f.bank1.address);
    });

    it("keeps a pledged receipt from being transferred or released", async () => {
      const f = await loadFixture(consortiumFixture);
      const receiptId = await issueReceipt(f);
      await draw(f, receiptId);
      await expect(f.warehouseReceipts.connect(f.supplier1).transfer(receiptId, f.supplier2.address))
        .to.be.revertedWithCustomError(f.warehouseReceipts, "ReceiptPledged")
        .withArgs(receiptId, f.bank1.address);
      await expect(f.warehouseReceipts.connect(f.supplier1).requestRelease(receiptId))
        .to.be.revertedWithCustomError(f.warehouseReceipts, "ReceiptPledged")
        .withArgs(receiptId, f.bank1.address);
    });

    it("reverts when the amount is 0 or does not fit 96 bits", async () => {
      const f = await loadFixture(consortiumFixture);
      const receiptId = await issueReceipt(f);
      const expiresAt = (await time.latest()) + DAY;
      for (const amount of [0n, UINT96_MAX + 1n]) {
        await expect(
          f.receiptFinancing.connect(f.supplier1).request(receiptId, f.bank1.address, amount, 800n, 30n, expiresAt),
        )
          .to.be.revertedWithCustomError(f.receiptFinancing, "FinancingInvalidTerm")
          .withArgs("amount", amount);
      }
    });

    it("reverts when the caller does not own the receipt, or the receipt does not exist", async () => {
      const f = await loadFixture(consortiumFixture);
      const receiptId = await issueReceipt(f);
      const expiresAt = (await time.latest()) + DAY;
      for (const caller of [f.supplier2, f.core]) {
        await expect(
          f.receiptFinancing.connect(caller).request(receiptId, f.bank1.address, 1_000n, 800n, 30n, expiresAt),
        )
          .to.be.revertedWithCustomError(f.receiptFinancing, "ReceiptUnauthorized")
          .withArgs(receiptId, caller.address, f.supplier1.address);
      }
      // Banks and warehouses are no traders: they never borrow against goods.
      for (const caller of [f.bank1, f.warehouse]) {
        await expect(
          f.receiptFinancing.connect(caller).request(receiptId, f.bank1.address, 1_000n, 800n, 30n, expiresAt),
        )
          .to.be.revertedWithCustomError(f.registry, "MemberLacksRole")
          .withArgs(caller.address, Role.CORE_ENTERPRISE | Role.SUPPLIER);
      }
      await expect(f.receiptFinancing.connect(f.supplier1).request(99n, f.bank1.address, 1_000n, 800n, 30n, expiresAt))
        .to.be.revertedWithCustomError(f.receiptFinancing, "ReceiptUnauthorized")
        .withArgs(99n, f.supplier1.address, ZeroAddress);
    });

    it("reverts when the caller is an outsider, suspended or blacklisted", async () => {
      const f = await loadFixture(consortiumFixture);
      const receiptId = await issueReceipt(f);
      const expiresAt = (await time.latest()) + DAY;
      await expect(
        f.receiptFinancing.connect(f.outsider).request(receiptId, f.bank1.address, 1_000n, 800n, 30n, expiresAt),
      )
        .to.be.revertedWithCustomError(f.registry, "MemberNotActive")
        .withArgs(f.outsider.address);
      await f.registry.suspend(f.supplier1.address, ZeroHash);
      await expect(
        f.receiptFinancing.connect(f.supplier1).request(receiptId, f.bank1.address, 1_000n, 800n, 30n, expiresAt),
      )
        .to.be.revertedWithCustomError(f.registry, "MemberNotActive")
        .withArgs(f.supplier1.address);
      await f.registry.reinstate(f.supplier1.address);
      await f.registry.setBlacklisted(f.supplier1.address, true, id("aml"));
      await expect(
        f.receiptFinancing.connect(f.supplier1).request(receiptId, f.bank1.address, 1_000n, 800n, 30n, expiresAt),
      )
        .to.be.revertedWithCustomError(f.registry, "MemberBlacklisted")
        .withArgs(f.supplier1.address);
    });

    it("lets any owning member borrow, e.g. a core enterprise that stores goods", async () => {
      const f = await loadFixture(consortiumFixture);
      const receiptId = await issueReceipt(f, { owner: f.core });
      const { loanId } = await draw(f, receiptId, { owner: f.core, bank: f.bank2 });
      expect((await f.receiptFinancing.loan(loanId)).borrower).to.equal(f.core.address);
      expect((await f.warehouseReceipts.receipt(receiptId)).pledgee).to.equal(f.bank2.address);
    });

    it("reverts when the receipt's currency has no settlement token", async () => {
      const f = await loadFixture(consortiumFixture);
      const USD = currencyCode("USD");
      await f.warehouseReceipts.connect(f.warehouse).issue(f.supplier1.address, {
        lot: "LOT-USD",
        goods: "Copper cathodes",
        quantity: 10n,
        unit: text32("t"),
        valuation: 1_000_000n,
        currency: USD,
        documentHash: docHash("receipt"),
        documentUri: "ipfs://receipt",
      });
      const receiptId = await f.warehouseReceipts.receiptIdOf(f.warehouse.address, "LOT-USD");
      const expiresAt = (await time.latest()) + DAY;
      await expect(
        f.receiptFinancing.connect(f.supplier1).request(receiptId, f.bank1.address, 1_000n, 800n, 30n, expiresAt),
      )
        .to.be.revertedWithCustomError(f.receiptFinancing, "FinancingCurrencyNotSupported")
        .withArgs(USD);
    });

    it("reverts when the owner asked the warehouse to release the goods", async () => {
      const f = await loadFixture(consortiumFixture);
      const receiptId = await issueReceipt(f);
      await f.warehouseReceipts.connect(f.supplier1).requestRelease(receiptId);
      const expiresAt = (await time.latest()) + DAY;
      await expect(
        f.receiptFinancing.connect(f.supplier1).request(receiptId, f.bank1.address, 1_000n, 800n, 30n, expiresAt),
      )
        .to.be.revertedWithCustomError(f.warehouseReceipts, "ReceiptInvalidStatus")
        .withArgs(receiptId, ReceiptStatus.ReleaseRequested);
      expect(await book(f, receiptId)).to.deep.equal([0n, 0n, 0n]);
    });

    it("reverts when the pledge is frozen", async () => {
      const f = await loadFixture(consortiumFixture);
      const receiptId = await issueReceipt(f, { quantity: QUANTITY });
      await draw(f, receiptId);
      await attest(f, receiptId, QUANTITY - 1n);
      const expiresAt = (await time.latest()) + DAY;
      await expect(
        f.receiptFinancing.connect(f.supplier1).request(receiptId, f.bank1.address, 1_000n, 800n, 30n, expiresAt),
      )
        .to.be.revertedWithCustomError(f.receiptFinancing, "ReceiptFinancingFrozen")
        .withArgs(receiptId);
    });

    it("reverts the 17th open drawing on one receipt", async () => {
      const f = await loadFixture(consortiumFixture);
      const receiptId = await issueReceipt(f);
      const expiresAt = (await time.latest()) + 7 * DAY;
      for (let i = 0; i < 16; i++) {
        await f.receiptFinancing.connect(f.supplier1).request(receiptId, f.bank1.address, 1_000n, 800n, 30n, expiresAt);
      }
      expect(await book(f, receiptId)).to.deep.equal([0n, 16n, 0n]);
      await expect(
        f.receiptFinancing.connect(f.supplier1).request(receiptId, f.bank1.address, 1_000n, 800n, 30n, expiresAt),
      )
        .to.be.revertedWithCustomError(f.receiptFinancing, "ReceiptFinancingTooManyLoans")
        .withArgs(receiptId);
      // Closing one makes room for another.
      await f.receiptFinancing.connect(f.supplier1).withdraw(3n);
      await expect(
        f.receiptFinancing.connect(f.supplier1).request(receiptId, f.bank1.address, 1_000n, 800n, 30n, expiresAt),
      ).to.emit(f.receiptFinancing, "ReceiptLoanRequested");
    });

    it("reverts when a regulator that holds a receipt asks for a loan: the regulator writes nothing", async () => {
      const f = await loadFixture(consortiumFixture);
      const receiptId = await issueReceipt(f, { owner: f.regulator });
      const expiresAt = (await time.latest()) + DAY;
      await expect(
        f.receiptFinancing.connect(f.regulator).request(receiptId, f.bank1.address, 1_000n, 800n, 30n, expiresAt),
      )
        .to.be.revertedWithCustomError(f.registry, "MemberLacksRole")
        .withArgs(f.regulator.address, Role.CORE_ENTERPRISE | Role.SUPPLIER);
    });
  });

  describe("accept", () => {
    it("pays the drawing to the borrower within the LTV cap and consumes only the borrower line", async () => {
      const f = await loadFixture(consortiumFixture);
      const receiptId = await issueReceipt(f, { valuation: VALUATION });
      const d = await draw(f, receiptId, { amount: 3_500_000n, tenorDays: 90n });
      const at = await noon(1);
      const bankBefore = await balance(f, f.bank1);
      const supplierBefore = await balance(f, f.supplier1);
      await time.setNextBlockTimestamp(at);
      // 70 % of 5 000 000 = 3 500 000: exactly at the cap.
      await expect(f.receiptFinancing.connect(f.bank1).accept(d.loanId, 7_000n, 550n, REF))
        .to.emit(f.receiptFinancing, "LoanFunded")
        .withArgs(d.loanId, f.bank1.address, f.supplier1.address, 3_500_000n, 550n, 7_000n, at + 90 * DAY, REF)
        .and.to.emit(f.creditLimits, "CreditLineUsed")
        .withArgs(f.bank1.address, f.supplier1.address, Borrower, true, 3_500_000n, 3_500_000n);
      expect(await balance(f, f.bank1)).to.equal(bankBefore - 3_500_000n);
      expect(await balance(f, f.supplier1)).to.equal(supplierBefore + 3_500_000n);
      const ln = await f.receiptFinancing.loan(d.loanId);
      expect(ln.status).to.equal(Active);
      expect(ln.principal).to.equal(3_500_000n);
      expect(ln.exposure).to.equal(3_500_000n);
      expect(ln.capBps).to.equal(7_000n);
      expect(ln.rateBps).to.equal(550n);
      expect(ln.disbursedAt).to.equal(at);
      expect(ln.dueAt).to.equal(at + 90 * DAY);
      expect(ln.registryRef).to.equal(REF);
      expect(await book(f, receiptId)).to.deep.equal([3_500_000n, 1n, 0n]);
      expect(await borrowerUsed(f, f.bank1, f.supplier1)).to.equal(3_500_000n);
      // No obligor behind an inventory loan.
      expect((await f.creditLimits.creditLine(f.bank1.address, f.core.address, Obligor)).used).to.equal(0n);
    });

    it("reverts when the drawing exceeds floor(valuation x LTV)", async () => {
      const f = await loadFixture(consortiumFixture);
      const receiptId = await issueReceipt(f, { valuation: 5_000_001n });
      const d = await draw(f, receiptId, { amount: 3_500_001n });
      // floor(5 000 001 x 0.7) = 3 500 000
      await expect(f.receiptFinancing.connect(f.bank1).accept(d.loanId, 7_000n, 600n, REF))
        .to.be.revertedWithCustomError(f.receiptFinancing, "FinancingExceedsCap")
        .withArgs(d.loanId, 3_500_001n, 3_500_000n);
    });

    it("counts every funded drawing on the receipt against the cap", async () => {
      const f = await loadFixture(consortiumFixture);
      const receiptId = await issueReceipt(f, { valuation: VALUATION });
      const a = await draw(f, receiptId, { amount: 2_000_000n });
      const b = await draw(f, receiptId, { amount: 1_600_000n });
      const c = await draw(f, receiptId, { amount: 1_500_000n });
      await fund(f, a.loanId, f.bank1, 7_000n, 600n);
      await expect(f.receiptFinancing.connect(f.bank1).accept(b.loanId, 7_000n, 600n, REF))
        .to.be.revertedWithCustomError(f.receiptFinancing, "FinancingExceedsCap")
        .withArgs(b.loanId, 3_600_000n, 3_500_000n);
      await f.receiptFinancing.connect(f.bank1).accept(c.loanId, 7_000n, 600n, REF);
      expect(await book(f, receiptId)).to.deep.equal([3_500_000n, 3n, 0n]);
      // Once the first drawing is repaid, the second fits.
      await f.settlementToken.connect(f.bank2).mint(f.supplier1.address, 100_000n, id("dep"));
      await f.receiptFinancing.connect(f.supplier1).repay(a.loanId);
      expect(await book(f, receiptId)).to.deep.equal([1_500_000n, 2n, 0n]);
      await expect(f.receiptFinancing.connect(f.bank1).accept(b.loanId, 7_000n, 600n, REF))
        .to.emit(f.receiptFinancing, "LoanFunded")
        .withArgs(b.loanId, f.bank1.address, f.supplier1.address, 1_600_000n, 600n, 7_000n, anyValue, REF);
      expect(await book(f, receiptId)).to.deep.equal([3_100_000n, 2n, 0n]);
    });

    it("reverts when the LTV is 0 or above 100 %", async () => {
      const f = await loadFixture(consortiumFixture);
      const receiptId = await issueReceipt(f);
      const d = await draw(f, receiptId);
      for (const ltv of [0n, 10_001n]) {
        await expect(f.receiptFinancing.connect(f.bank1).accept(d.loanId, ltv, 600n, REF))
          .to.be.revertedWithCustomError(f.receiptFinancing, "FinancingInvalidTerm")
          .withArgs("ltvBps", ltv);
      }
    });

    it("reverts when the drawing exceeds the bank's remaining limit for the borrower", async () => {
      const f = await loadFixture(consortiumFixture);
      await f.creditLimits.connect(f.bank1).setLimit(f.supplier1.address, Borrower, 2_500_000n);
      const receiptId = await issueReceipt(f);
      const a = await draw(f, receiptId, { amount: 2_000_000n });
      const b = await draw(f, receiptId, { amount: 600_000n });
      await fund(f, a.loanId, f.bank1, 7_000n, 600n);
      await expect(f.receiptFinancing.connect(f.bank1).accept(b.loanId, 7_000n, 600n, REF))
        .to.be.revertedWithCustomError(f.creditLimits, "CreditLimitExceeded")
        .withArgs(f.bank1.address, f.supplier1.address, Borrower, 600_000n, 500_000n);
    });

    it("reverts when the bank gave the borrower no line", async () => {
      const f = await loadFixture(consortiumFixture);
      await f.creditLimits.connect(f.bank1).setLimit(f.supplier1.address, Borrower, 0n);
      const receiptId = await issueReceipt(f);
      const d = await draw(f, receiptId, { amount: 1_000n });
      await expect(f.receiptFinancing.connect(f.bank1).accept(d.loanId, 7_000n, 600n, REF))
        .to.be.revertedWithCustomError(f.creditLimits, "CreditLimitExceeded")
        .withArgs(f.bank1.address, f.supplier1.address, Borrower, 1_000n, 0n);
    });
  });

  describe("freezing attestations", () => {
    it("freezes the pledge on an attestation below the pledged quantity: no new drawing, no funding", async () => {
      const f = await loadFixture(consortiumFixture);
      const receiptId = await issueReceipt(f, { quantity: QUANTITY });
      const d = await draw(f, receiptId);
      await expect(attest(f, receiptId, QUANTITY - 1n))
        .to.emit(f.warehouseReceipts, "ReceiptPledgeFrozen")
        .withArgs(receiptId, f.bank1.address, QUANTITY - 1n, QUANTITY, 0);
      expect((await f.warehouseReceipts.receipt(receiptId)).frozen).to.equal(true);
      await expect(f.receiptFinancing.connect(f.bank1).accept(d.loanId, 7_000n, 600n, REF))
        .to.be.revertedWithCustomError(f.receiptFinancing, "ReceiptFinancingFrozen")
        .withArgs(receiptId);
      const expiresAt = (await time.latest()) + DAY;
      await expect(
        f.receiptFinancing.connect(f.supplier1).request(receiptId, f.bank1.address, 1_000n, 800n, 30n, expiresAt),
      )
        .to.be.revertedWithCustomError(f.receiptFinancing, "ReceiptFinancingFrozen")
        .withArgs(receiptId);
    });

    it("freezes the pledge on an anomaly even at full quantity", async () => {
      const f = await loadFixture(consortiumFixture);
      const r = await fundedReceiptLoan(f, { amount: 1_000_000n });
      await expect(attest(f, r.receiptId, QUANTITY, 2))
        .to.emit(f.warehouseReceipts, "ReceiptPledgeFrozen")
        .withArgs(r.receiptId, f.bank1.address, QUANTITY, QUANTITY, 2);
      const expiresAt = (await time.latest()) + DAY;
      await expect(
        f.receiptFinancing.connect(f.supplier1).request(r.receiptId, f.bank1.address, 1_000n, 800n, 30n, expiresAt),
      )
        .to.be.revertedWithCustomError(f.receiptFinancing, "ReceiptFinancingFrozen")
        .withArgs(r.receiptId);
    });

    it("does not freeze on an attestation at the pledged quantity without anomaly", async () => {
      const f = await loadFixture(consortiumFixture);
      const receiptId = await issueReceipt(f, { quantity: QUANTITY });
      const d = await draw(f, receiptId);
      await expect(attest(f, receiptId, QUANTITY))
        .to.emit(f.warehouseReceipts, "InventoryAttested")
        .withArgs(receiptId, f.warehouse.address, QUANTITY, 0, anyValue, false)
        .and.not.to.emit(f.warehouseReceipts, "ReceiptPledgeFrozen");
      await expect(f.receiptFinancing.connect(f.bank1).accept(d.loanId, 7_000n, 600n, REF)).to.emit(
        f.receiptFinancing,
        "LoanFunded",
      );
    });

    it("lets the borrower repay while frozen; the last repayment releases and unfreezes the receipt", async () => {
      const f = await loadFixture(consortiumFixture);
      const r = await fundedReceiptLoan(f, { amount: 1_000_000n });
      await attest(f, r.receiptId, 10n);
      await expect(f.receiptFinancing.connect(f.supplier1).repay(r.loanId))
        .to.emit(f.warehouseReceipts, "ReceiptPledgeReleased")
        .withArgs(r.receiptId, f.bank1.address);
      const rc = await f.warehouseReceipts.receipt(r.receiptId);
      expect(rc.pledgee).to.equal(ZeroAddress);
      expect(rc.frozen).to.equal(false);
      expect(rc.pledgedQuantity).to.equal(0n);
    });

    it("allows drawing and funding again after the pledgee unfreezes, and freezes again on a new shortfall", async () => {
      const f = await loadFixture(consortiumFixture);
      const receiptId = await issueReceipt(f, { quantity: QUANTITY });
      const d = await draw(f, receiptId, { amount: 1_000_000n });
      await attest(f, receiptId, 900n);
      // Only the pledgee may lift the freeze.
      await expect(f.warehouseReceipts.connect(f.supplier1).unfreeze(receiptId))
        .to.be.revertedWithCustomError(f.warehouseReceipts, "ReceiptUnauthorized")
        .withArgs(receiptId, f.supplier1.address, f.bank1.address);
      await expect(f.warehouseReceipts.connect(f.bank1).unfreeze(receiptId))
        .to.emit(f.warehouseReceipts, "ReceiptPledgeUnfrozen")
        .withArgs(receiptId, f.bank1.address);
      await expect(f.receiptFinancing.connect(f.bank1).accept(d.loanId, 7_000n, 600n, REF)).to.emit(
        f.receiptFinancing,
        "LoanFunded",
      );
      const e = await draw(f, receiptId, { amount: 500_000n });
      expect(await book(f, receiptId)).to.deep.equal([1_000_000n, 2n, 0n]);
      // The pledged quantity is still the original one: the same shortfall freezes again.
      await expect(attest(f, receiptId, 900n))
        .to.emit(f.warehouseReceipts, "ReceiptPledgeFrozen")
        .withArgs(receiptId, f.bank1.address, 900n, QUANTITY, 0);
      await expect(f.receiptFinancing.connect(f.bank1).accept(e.loanId, 7_000n, 600n, REF))
        .to.be.revertedWithCustomError(f.receiptFinancing, "ReceiptFinancingFrozen")
        .withArgs(receiptId);
    });

    it("ends the freeze with the pledge: once every drawing is closed the receipt can be pledged afresh", async () => {
      // Documents current behaviour: a new pledge takes the receipt's issued quantity and valuation,
      // whatever the last attestation said.
      const f = await loadFixture(consortiumFixture);
      const receiptId = await issueReceipt(f, { quantity: QUANTITY });
      const d = await draw(f, receiptId, { bank: f.bank1 });
      await attest(f, receiptId, 100n);
      await f.receiptFinancing.connect(f.supplier1).withdraw(d.loanId);
      await expect(
        f.receiptFinancing
          .connect(f.supplier1)
          .request(receiptId, f.bank2.address, 1_000n, 800n, 30n, (await time.latest()) + DAY),
      )
        .to.emit(f.warehouseReceipts, "ReceiptPledgeCreated")
        .withArgs(receiptId, f.supplier1.address, f.bank2.address, QUANTITY);
      expect((await f.warehouseReceipts.receipt(receiptId)).frozen).to.equal(false);
    });
  });

  describe("withdraw", () => {
    it("withdraws the only drawing and releases the pledge", async () => {
      const f = await loadFixture(consortiumFixture);
      const receiptId = await issueReceipt(f);
      const d = await draw(f, receiptId);
      await expect(f.receiptFinancing.connect(f.supplier1).withdraw(d.loanId))
        .to.emit(f.receiptFinancing, "LoanWithdrawn")
        .withArgs(d.loanId, f.supplier1.address)
        .and.to.emit(f.warehouseReceipts, "ReceiptPledgeReleased")
        .withArgs(receiptId, f.bank1.address);
      expect((await f.receiptFinancing.loan(d.loanId)).status).to.equal(Withdrawn);
      expect(await book(f, receiptId)).to.deep.equal([0n, 0n, 0n]);
      expect((await f.warehouseReceipts.receipt(receiptId)).pledgee).to.equal(ZeroAddress);
      // The receipt moves freely again.
      await expect(f.warehouseReceipts.connect(f.supplier1).transfer(receiptId, f.supplier2.address))
        .to.emit(f.warehouseReceipts, "ReceiptTransferred")
        .withArgs(receiptId, f.supplier1.address, f.supplier2.address);
    });

    it("keeps the pledge while another drawing is open", async () => {
      const f = await loadFixture(consortiumFixture);
      const receiptId = await issueReceipt(f);
      const a = await draw(f, receiptId);
      await draw(f, receiptId);
      await expect(f.receiptFinancing.connect(f.supplier1).withdraw(a.loanId)).not.to.emit(
        f.warehouseReceipts,
        "ReceiptPledgeReleased",
      );
      expect(await book(f, receiptId)).to.deep.equal([0n, 1n, 0n]);
      expect((await f.warehouseReceipts.receipt(receiptId)).pledgee).to.equal(f.bank1.address);
    });
  });

  describe("decline", () => {
    it("declines the only drawing and releases the pledge", async () => {
      const f = await loadFixture(consortiumFixture);
      const receiptId = await issueReceipt(f);
      const d = await draw(f, receiptId);
      const reason = id("reason:valuation-stale");
      await expect(f.receiptFinancing.connect(f.bank1).decline(d.loanId, reason))
        .to.emit(f.receiptFinancing, "LoanDeclined")
        .withArgs(d.loanId, f.bank1.address, reason)
        .and.to.emit(f.warehouseReceipts, "ReceiptPledgeReleased")
        .withArgs(receiptId, f.bank1.address);
      expect((await f.receiptFinancing.loan(d.loanId)).status).to.equal(Declined);
      expect(await book(f, receiptId)).to.deep.equal([0n, 0n, 0n]);
      // Now another bank can take the pledge.
      const e = await draw(f, receiptId, { bank: f.bank2 });
      expect((await f.warehouseReceipts.receipt(receiptId)).pledgee).to.equal(f.bank2.address);
      expect((await f.receiptFinancing.loan(e.loanId)).bank).to.equal(f.bank2.address);
    });
  });

  describe("repay", () => {
    it("repays principal plus interest, releases the credit line and the pledge", async () => {
      const f = await loadFixture(consortiumFixture);
      const r = await fundedReceiptLoan(f, { amount: 3_000_000n, rateBps: 550n });
      const repayAt = r.fundedAt + 45 * DAY;
      const interest = pricing.loanInterest(3_000_000n, 550n, r.fundedAt, repayAt);
      expect(interest).to.equal(20_625n); // 3 000 000 x 5.5 % x 45 / 360
      const bankBefore = await balance(f, f.bank1);
      const supplierBefore = await balance(f, f.supplier1);
      await time.setNextBlockTimestamp(repayAt);
      await expect(f.receiptFinancing.connect(f.supplier1).repay(r.loanId))
        .to.emit(f.receiptFinancing, "LoanRepaid")
        .withArgs(r.loanId, f.supplier1.address, 3_000_000n, interest, false)
        .and.to.emit(f.warehouseReceipts, "ReceiptPledgeReleased")
        .withArgs(r.receiptId, f.bank1.address)
        .and.to.emit(f.creditLimits, "CreditLineUsed")
        .withArgs(f.bank1.address, f.supplier1.address, Borrower, false, 3_000_000n, 0n);
      expect(await balance(f, f.bank1)).to.equal(bankBefore + 3_000_000n + interest);
      expect(await balance(f, f.supplier1)).to.equal(supplierBefore - 3_000_000n - interest);
      const ln = await f.receiptFinancing.loan(r.loanId);
      expect(ln.status).to.equal(Repaid);
      expect(ln.exposure).to.equal(0n);
      expect(await book(f, r.receiptId)).to.deep.equal([0n, 0n, 0n]);
      expect(await borrowerUsed(f, f.bank1, f.supplier1)).to.equal(0n);
      expect((await f.warehouseReceipts.receipt(r.receiptId)).pledgee).to.equal(ZeroAddress);
      expect(await f.receiptFinancing.amountDue(r.loanId)).to.deep.equal([0n, 0n]);
    });

    it("keeps the pledge while another drawing is outstanding", async () => {
      const f = await loadFixture(consortiumFixture);
      const r = await fundedReceiptLoan(f, { amount: 1_000_000n });
      const e = await draw(f, r.receiptId, { amount: 800_000n });
      await f.receiptFinancing.connect(f.bank1).accept(e.loanId, 7_000n, 600n, REF);
      expect(await book(f, r.receiptId)).to.deep.equal([1_800_000n, 2n, 0n]);
      await expect(f.receiptFinancing.connect(f.supplier1).repay(r.loanId)).not.to.emit(
        f.warehouseReceipts,
        "ReceiptPledgeReleased",
      );
      expect(await book(f, r.receiptId)).to.deep.equal([800_000n, 1n, 0n]);
      expect((await f.warehouseReceipts.receipt(r.receiptId)).pledgee).to.equal(f.bank1.address);
      await expect(f.receiptFinancing.connect(f.supplier1).repay(e.loanId))
        .to.emit(f.warehouseReceipts, "ReceiptPledgeReleased")
        .withArgs(r.receiptId, f.bank1.address);
    });

    it("charges at least one day of interest", async () => {
      const f = await loadFixture(consortiumFixture);
      const r = await fundedReceiptLoan(f, { amount: 3_600_000n, ltvBps: 8_000n, rateBps: 600n });
      await time.setNextBlockTimestamp(r.fundedAt + 10);
      await expect(f.receiptFinancing.connect(f.supplier1).repay(r.loanId))
        .to.emit(f.receiptFinancing, "LoanRepaid")
        .withArgs(r.loanId, f.supplier1.address, 3_600_000n, 600n, false); // 3 600 000 x 6 % / 360
    });

    it("repays a defaulted drawing (afterDefault true) and clears the default from the book", async () => {
      const f = await loadFixture(consortiumFixture);
      const r = await fundedReceiptLoan(f, { amount: 1_000_000n, tenorDays: 30n });
      await time.setNextBlockTimestamp(r.dueAt + GRACE + 1);
      await f.receiptFinancing.connect(f.bank1).declareDefault(r.loanId);
      expect(await book(f, r.receiptId)).to.deep.equal([1_000_000n, 1n, 1n]);
      const repayAt = r.dueAt + GRACE + DAY;
      const interest = pricing.loanInterest(1_000_000n, 600n, r.fundedAt, repayAt);
      await time.setNextBlockTimestamp(repayAt);
      await expect(f.receiptFinancing.connect(f.supplier1).repay(r.loanId))
        .to.emit(f.receiptFinancing, "LoanRepaid")
        .withArgs(r.loanId, f.supplier1.address, 1_000_000n, interest, true)
        .and.to.emit(f.warehouseReceipts, "ReceiptPledgeReleased")
        .withArgs(r.receiptId, f.bank1.address);
      expect(await book(f, r.receiptId)).to.deep.equal([0n, 0n, 0n]);
    });
  });

  describe("declareDefault", () => {
    it("lets the pledgee declare default only after due date plus 30 days and counts it in the book", async () => {
      const f = await loadFixture(consortiumFixture);
      const r = await fundedReceiptLoan(f, { amount: 2_000_000n, tenorDays: 60n });
      const graceEndsAt = r.dueAt + GRACE;
      await time.setNextBlockTimestamp(graceEndsAt);
      await expect(f.receiptFinancing.connect(f.bank1).declareDefault(r.loanId))
        .to.be.revertedWithCustomError(f.receiptFinancing, "FinancingGracePeriodNotOver")
        .withArgs(r.loanId, graceEndsAt);
      const at = graceEndsAt + 1;
      const due = 2_000_000n + pricing.loanInterest(2_000_000n, 600n, r.fundedAt, at);
      await time.setNextBlockTimestamp(at);
      await expect(f.receiptFinancing.connect(f.bank1).declareDefault(r.loanId))
        .to.emit(f.receiptFinancing, "LoanDefaulted")
        .withArgs(r.loanId, f.bank1.address, due);
      expect((await f.receiptFinancing.loan(r.loanId)).status).to.equal(Defaulted);
      expect(await book(f, r.receiptId)).to.deep.equal([2_000_000n, 1n, 1n]);
      // The receipt stays pledged; the credit line stays used.
      expect((await f.warehouseReceipts.receipt(r.receiptId)).pledgee).to.equal(f.bank1.address);
      expect(await borrowerUsed(f, f.bank1, f.supplier1)).to.equal(2_000_000n);
    });
  });

  describe("enforce", () => {
    it("gives the receipt to the pledgee and ends every open drawing Enforced", async () => {
      const f = await loadFixture(consortiumFixture);
      const r = await fundedReceiptLoan(f, { amount: 1_000_000n, tenorDays: 30n });
      const b = await draw(f, r.receiptId, { amount: 800_000n, tenorDays: 180n });
      await f.receiptFinancing.connect(f.bank1).accept(b.loanId, 7_000n, 600n, REF);
      const c = await draw(f, r.receiptId, { amount: 500_000n });
      await time.increaseTo(r.dueAt + GRACE + 1);
      await f.receiptFinancing.connect(f.bank1).declareDefault(r.loanId);
      expect(await book(f, r.receiptId)).to.deep.equal([1_800_000n, 3n, 1n]);
      await expect(f.receiptFinancing.connect(f.bank1).enforce(r.receiptId))
        .to.emit(f.receiptFinancing, "ReceiptLoansEnforced")
        .withArgs(r.receiptId, f.bank1.address, [r.loanId, b.loanId, c.loanId], 1_800_000n)
        .and.to.emit(f.warehouseReceipts, "ReceiptPledgeEnforced")
        .withArgs(r.receiptId, f.bank1.address, f.supplier1.address)
        .and.to.emit(f.creditLimits, "CreditLineUsed")
        .withArgs(f.bank1.address, f.supplier1.address, Borrower, false, 800_000n, 0n);
      for (const loanId of [r.loanId, b.loanId, c.loanId]) {
        const ln = await f.receiptFinancing.loan(loanId);
        expect(ln.status).to.equal(Enforced);
        expect(ln.exposure).to.equal(0n);
      }
      expect(await book(f, r.receiptId)).to.deep.equal([0n, 0n, 0n]);
      expect(await borrowerUsed(f, f.bank1, f.supplier1)).to.equal(0n);
      const rc = await f.warehouseReceipts.receipt(r.receiptId);
      expect(rc.owner).to.equal(f.bank1.address);
      expect(rc.pledgee).to.equal(ZeroAddress);
      expect(rc.frozen).to.equal(false);
      // Enforced drawings cannot be repaid, defaulted, withdrawn or funded any more.
      await expect(f.receiptFinancing.connect(f.supplier1).repay(b.loanId))
        .to.be.revertedWithCustomError(f.receiptFinancing, "FinancingInvalidStatus")
        .withArgs(b.loanId, Enforced);
      await expect(f.receiptFinancing.connect(f.supplier1).withdraw(c.loanId))
        .to.be.revertedWithCustomError(f.receiptFinancing, "FinancingInvalidStatus")
        .withArgs(c.loanId, Enforced);
      await expect(f.receiptFinancing.connect(f.bank1).accept(c.loanId, 7_000n, 600n, REF))
        .to.be.revertedWithCustomError(f.receiptFinancing, "FinancingInvalidStatus")
        .withArgs(c.loanId, Enforced);
      expect(await f.receiptFinancing.amountDue(b.loanId)).to.deep.equal([0n, 0n]);
      // The former borrower cannot borrow against it any more.
      await expect(
        f.receiptFinancing
          .connect(f.supplier1)
          .request(r.receiptId, f.bank2.address, 1_000n, 800n, 30n, (await time.latest()) + DAY),
      )
        .to.be.revertedWithCustomError(f.receiptFinancing, "ReceiptUnauthorized")
        .withArgs(r.receiptId, f.supplier1.address, f.bank1.address);
    });

    it("enforces a frozen pledge", async () => {
      const f = await loadFixture(consortiumFixture);
      const r = await fundedReceiptLoan(f, { amount: 1_000_000n, tenorDays: 30n });
      await attest(f, r.receiptId, 1n);
      await time.increaseTo(r.dueAt + GRACE + 1);
      await f.receiptFinancing.connect(f.bank1).declareDefault(r.loanId);
      await expect(f.receiptFinancing.connect(f.bank1).enforce(r.receiptId))
        .to.emit(f.receiptFinancing, "ReceiptLoansEnforced")
        .withArgs(r.receiptId, f.bank1.address, [r.loanId], 1_000_000n);
      expect((await f.warehouseReceipts.receipt(r.receiptId)).owner).to.equal(f.bank1.address);
    });

    it("reverts while no drawing on the receipt is in default", async () => {
      const f = await loadFixture(consortiumFixture);
      const r = await fundedReceiptLoan(f, { tenorDays: 30n });
      // Overdue, even past the grace period, is not a default until declared.
      await time.increaseTo(r.dueAt + GRACE + 1);
      await expect(f.receiptFinancing.connect(f.bank1).enforce(r.receiptId))
        .to.be.revertedWithCustomError(f.receiptFinancing, "ReceiptFinancingNoDefault")
        .withArgs(r.receiptId);
    });

    it("reverts once the defaulted drawing was repaid", async () => {
      const f = await loadFixture(consortiumFixture);
      const r = await fundedReceiptLoan(f, { amount: 1_000_000n, tenorDays: 30n });
      const b = await draw(f, r.receiptId, { amount: 1_000n });
      await time.increaseTo(r.dueAt + GRACE + 1);
      await f.receiptFinancing.connect(f.bank1).declareDefault(r.loanId);
      await f.receiptFinancing.connect(f.supplier1).repay(r.loanId);
      expect(await book(f, r.receiptId)).to.deep.equal([0n, 1n, 0n]);
      await expect(f.receiptFinancing.connect(f.bank1).enforce(r.receiptId))
        .to.be.revertedWithCustomError(f.receiptFinancing, "ReceiptFinancingNoDefault")
        .withArgs(r.receiptId);
      expect((await f.receiptFinancing.loan(b.loanId)).status).to.equal(Requested);
    });

    it("reverts when anyone but the pledgee enforces", async () => {
      const f = await loadFixture(consortiumFixture);
      const r = await fundedReceiptLoan(f, { tenorDays: 30n });
      await time.increaseTo(r.dueAt + GRACE + 1);
      await f.receiptFinancing.connect(f.bank1).declareDefault(r.loanId);
      for (const caller of [f.bank2, f.supplier1, f.warehouse, f.core, f.regulator, f.operator, f.outsider]) {
        await expect(f.receiptFinancing.connect(caller).enforce(r.receiptId))
          .to.be.revertedWithCustomError(f.receiptFinancing, "ReceiptUnauthorized")
          .withArgs(r.receiptId, caller.address, f.bank1.address);
      }
    });

    it("reverts for a receipt that is not pledged or does not exist", async () => {
      const f = await loadFixture(consortiumFixture);
      const receiptId = await issueReceipt(f);
      await expect(f.receiptFinancing.connect(f.bank1).enforce(receiptId))
        .to.be.revertedWithCustomError(f.receiptFinancing, "ReceiptUnauthorized")
        .withArgs(receiptId, f.bank1.address, ZeroAddress);
      await expect(f.receiptFinancing.connect(f.bank1).enforce(77n))
        .to.be.revertedWithCustomError(f.receiptFinancing, "ReceiptUnauthorized")
        .withArgs(77n, f.bank1.address, ZeroAddress);
    });

    it("reverts when a suspended pledgee tries to enforce: only active members receive assets", async () => {
      const f = await loadFixture(consortiumFixture);
      const r = await fundedReceiptLoan(f, { tenorDays: 30n });
      await time.increaseTo(r.dueAt + GRACE + 1);
      await f.receiptFinancing.connect(f.bank1).declareDefault(r.loanId);
      await f.registry.suspend(f.bank1.address, ZeroHash);
      await expect(f.receiptFinancing.connect(f.bank1).enforce(r.receiptId))
        .to.be.revertedWithCustomError(f.registry, "MemberNotActive")
        .withArgs(f.bank1.address);
    });
  });

  describe("claimHeld and heldFor", () => {
    it("holds nothing: receipt loans pay only the bank and the borrower's own repayments", async () => {
      const f = await loadFixture(consortiumFixture);
      const r = await fundedReceiptLoan(f, { amount: 1_000_000n });
      await f.receiptFinancing.connect(f.supplier1).repay(r.loanId);
      for (const who of [f.supplier1, f.bank1]) {
        expect(await f.receiptFinancing.heldFor(who.address, CNY)).to.equal(0n);
        await expect(f.receiptFinancing.connect(who).claimHeld(CNY))
          .to.be.revertedWithCustomError(f.receiptFinancing, "FinancingNothingHeld")
          .withArgs(who.address, CNY);
      }
    });

    it("reverts for an outsider or a suspended member", async () => {
      const f = await loadFixture(consortiumFixture);
      await expect(f.receiptFinancing.connect(f.outsider).claimHeld(CNY))
        .to.be.revertedWithCustomError(f.registry, "MemberNotActive")
        .withArgs(f.outsider.address);
      await f.registry.suspend(f.supplier1.address, ZeroHash);
      await expect(f.receiptFinancing.connect(f.supplier1).claimHeld(CNY))
        .to.be.revertedWithCustomError(f.registry, "MemberNotActive")
        .withArgs(f.supplier1.address);
    });
  });

  describe("pledgeBook, loan and amountDue", () => {
    it("returns an empty book and an empty loan for unknown ids", async () => {
      const f = await loadFixture(consortiumFixture);
      expect(await book(f, 1n)).to.deep.equal([0n, 0n, 0n]);
      expect((await f.receiptFinancing.loan(1n)).status).to.equal(0n);
    });

    it("reverts amountDue for an unknown loan, quotes zero for a request and principal plus interest when active", async () => {
      const f = await loadFixture(consortiumFixture);
      await expect(f.receiptFinancing.amountDue(1n))
        .to.be.revertedWithCustomError(f.receiptFinancing, "FinancingNotFound")
        .withArgs(1n);
      const r = await fundedReceiptLoan(f, { amount: 3_000_000n, rateBps: 550n });
      const d = await draw(f, r.receiptId, { amount: 1_000n });
      expect(await f.receiptFinancing.amountDue(d.loanId)).to.deep.equal([0n, 0n]);
      await time.increaseTo(r.fundedAt + 45 * DAY);
      expect(await f.receiptFinancing.amountDue(r.loanId)).to.deep.equal([3_000_000n, 20_625n]);
    });
  });

  shouldBehaveLikeALoanBook(receiptLoans);
});
