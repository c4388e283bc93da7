/**
 * The loan lifecycle every loan product shares through contracts/financing/LoanBook.sol (ILoans):
 * the checks of a request and of its acceptance, withdraw, decline, the caller and status checks of
 * repay and declareDefault, and the views. Each product's test file runs them once, with its own
 * {@link LoanProduct} adapter, inside its top-level describe:
 *
 *   shouldBehaveLikeALoanBook(orderLoans);
 *
 * What a product adds (the lien or the pledge, the advance rate or the LTV cap, collect, enforce, the
 * freeze...) stays in the product's own test file.
 */
import { expect } from "chai";
import { loadFixture, time } from "@nomicfoundation/hardhat-network-helpers";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/signers";
import { ZeroAddress, ZeroHash, type BigNumberish, type ContractTransactionResponse } from "ethers";
import { consortiumFixture, DAY, LoanStatus, pricing, Role, type Fixture } from "../helpers/fixture";

const { Requested, Active, Repaid, Defaulted, Withdrawn, Declined } = LoanStatus;

const UINT40_MAX = 2n ** 40n - 1n;

/** A loan product's contract: both implement ILoans through LoanBook. */
export type LoanContract = Fixture["orderFinancing"] | Fixture["receiptFinancing"];

/** Terms of a request the shared checks vary; the product's defaults fill in the rest. */
export interface RequestTerms {
  /** The addressed bank (an address, so that non-members can be addressed too). */
  bank?: string;
  tenorDays?: bigint;
  expiresAt?: BigNumberish;
  maxRateBps?: bigint;
}

/** A live request of the product's borrower to its bank. */
export interface LoanRequest {
  loanId: bigint;
  assetId: bigint;
  expiresAt: bigint;
}

/** A funded loan: the borrower also holds some cash of its own to pay interest with. */
export interface FundedLoan {
  loanId: bigint;
  assetId: bigint;
  dueAt: number;
}

/** What a product's test file tells the shared behaviours about the product. */
export interface LoanProduct {
  /** The contract's name, for the titles ("OrderFinancing"). */
  name: string;
  /** The product's contract in the fixture. */
  loans(f: Fixture): LoanContract;
  /** The borrower of the product's requests (the owner of its assets). */
  borrower(f: Fixture): HardhatEthersSigner;
  /** The bank the product's requests address. */
  bank(f: Fixture): HardhatEthersSigner;
  /** The event a request emits. */
  requestedEvent: string;
  /** The highest rate the borrower accepts when no other is asked for. */
  maxRateBps: bigint;
  /** A fresh asset of the borrower, ready to be financed; returns its id. */
  newAsset(f: Fixture): Promise<bigint>;
  /** The borrower's request on `assetId`: the transaction, with the product's defaults for what `terms` leaves out. */
  request(f: Fixture, assetId: bigint, terms?: RequestTerms): Promise<ContractTransactionResponse>;
  /** A request on a fresh asset, to the bank. */
  requested(f: Fixture, terms?: { maxRateBps?: bigint; tenorDays?: bigint }): Promise<LoanRequest>;
  /** The bank's acceptance of `loanId` at the product's default advance rate or LTV (`by` another caller). */
  accept(
    f: Fixture,
    loanId: bigint,
    opts?: { by?: HardhatEthersSigner; rateBps?: bigint },
  ): Promise<ContractTransactionResponse>;
  /** A request on a fresh asset, funded at noon tomorrow. */
  funded(f: Fixture, terms?: { tenorDays?: bigint }): Promise<FundedLoan>;
  /** Who holds a financing right on the asset (the lien holder, the pledgee); ZeroAddress when free. */
  encumbrancer(f: Fixture, assetId: bigint): Promise<string>;
}

/** The loan lifecycle of LoanBook (ILoans), as `product` exposes it. */
export function shouldBehaveLikeALoanBook(product: LoanProduct): void {
  const GRACE = 30 * DAY;

  describe(`${product.name} as a loan book (ILoans)`, () => {
    describe("request", () => {
      it("reverts when the tenor is 0 or longer than 180 days, and accepts 180", async () => {
        const f = await loadFixture(consortiumFixture);
        const loans = product.loans(f);
        const assetId = await product.newAsset(f);
        for (const tenor of [0n, 181n]) {
          await expect(product.request(f, assetId, { tenorDays: tenor }))
            .to.be.revertedWithCustomError(loans, "FinancingInvalidTerm")
            .withArgs("tenorDays", tenor);
        }
        const { loanId } = await product.requested(f, { tenorDays: 180n });
        expect((await loans.loan(loanId)).tenorDays).to.equal(180n);
      });

      it("reverts when the expiry is not in the future or beyond uint40", async () => {
        const f = await loadFixture(consortiumFixture);
        const loans = product.loans(f);
        const assetId = await product.newAsset(f);
        const base = await time.latest();
        const cases: [number, bigint][] = [
          [base + 10, BigInt(base + 10)], // the request's own block time is not in the future
          [base + 20, BigInt(base + 5)], // in the past
          [base + 25, BigInt(base + 1)], // in the past
          [base + 30, UINT40_MAX + 1n], // does not fit the loan record
        ];
        for (const [at, expiresAt] of cases) {
          await time.setNextBlockTimestamp(at);
          await expect(product.request(f, assetId, { expiresAt }))
            .to.be.revertedWithCustomError(loans, "FinancingInvalidTerm")
            .withArgs("expiresAt", expiresAt);
        }
        await time.setNextBlockTimestamp(base + 40);
        await expect(product.request(f, assetId, { expiresAt: base + 41 })).to.emit(loans, product.requestedEvent);
      });

      it("reverts when the maximum rate does not fit 16 bits", async () => {
        const f = await loadFixture(consortiumFixture);
        const assetId = await product.newAsset(f);
        await expect(product.request(f, assetId, { maxRateBps: 65_536n }))
          .to.be.revertedWithCustomError(product.loans(f), "FinancingInvalidTerm")
          .withArgs("maxRateBps", 65_536n);
      });

      it("reverts when the addressed bank is not an active bank", async () => {
        const f = await loadFixture(consortiumFixture);
        const bank = product.bank(f);
        const assetId = await product.newAsset(f);
        for (const notBank of [f.supplier2, f.core, f.warehouse, f.regulator, f.operator]) {
          await expect(product.request(f, assetId, { bank: notBank.address }))
            .to.be.revertedWithCustomError(f.registry, "MemberLacksRole")
            .withArgs(notBank.address, Role.BANK);
        }
        await expect(product.request(f, assetId, { bank: f.outsider.address }))
          .to.be.revertedWithCustomError(f.registry, "MemberNotActive")
          .withArgs(f.outsider.address);
        await f.registry.suspend(bank.address, ZeroHash);
        await expect(product.request(f, assetId, { bank: bank.address }))
          .to.be.revertedWithCustomError(f.registry, "MemberNotActive")
          .withArgs(bank.address);
        expect(await product.encumbrancer(f, assetId)).to.equal(ZeroAddress);
      });
    });

    describe("accept", () => {
      it("reverts when the rate is above the borrower's maximum", async () => {
        const f = await loadFixture(consortiumFixture);
        const max = product.maxRateBps;
        const r = await product.requested(f, { maxRateBps: max });
        await expect(product.accept(f, r.loanId, { rateBps: max + 1n }))
          .to.be.revertedWithCustomError(product.loans(f), "FinancingTermOutOfBounds")
          .withArgs(r.loanId, "rateBps", max + 1n, max);
      });

      it("funds at the expiry second and reverts one second after", async () => {
        const f = await loadFixture(consortiumFixture);
        const loans = product.loans(f);
        const a = await product.requested(f);
        const b = await product.requested(f);
        await time.setNextBlockTimestamp(a.expiresAt);
        await expect(product.accept(f, a.loanId)).to.emit(loans, "LoanFunded");
        await time.setNextBlockTimestamp(b.expiresAt + 1n);
        await expect(product.accept(f, b.loanId))
          .to.be.revertedWithCustomError(loans, "FinancingExpired")
          .withArgs(b.loanId, b.expiresAt);
      });

      it("reverts for an unknown loan and for a loan that is not requested any more", async () => {
        const f = await loadFixture(consortiumFixture);
        const loans = product.loans(f);
        await expect(product.accept(f, 9n)).to.be.revertedWithCustomError(loans, "FinancingNotFound").withArgs(9n);
        const a = await product.funded(f);
        await expect(product.accept(f, a.loanId))
          .to.be.revertedWithCustomError(loans, "FinancingInvalidStatus")
          .withArgs(a.loanId, Active);
        const b = await product.requested(f);
        await loans.connect(product.borrower(f)).withdraw(b.loanId);
        await expect(product.accept(f, b.loanId))
          .to.be.revertedWithCustomError(loans, "FinancingInvalidStatus")
          .withArgs(b.loanId, Withdrawn);
        const c = await product.requested(f);
        await loans.connect(product.bank(f)).decline(c.loanId, ZeroHash);
        await expect(product.accept(f, c.loanId))
          .to.be.revertedWithCustomError(loans, "FinancingInvalidStatus")
          .withArgs(c.loanId, Declined);
      });

      it("reverts when anyone but the addressed bank accepts", async () => {
        const f = await loadFixture(consortiumFixture);
        const r = await product.requested(f);
        for (const caller of [f.bank2, f.supplier1, f.core, f.warehouse, f.regulator, f.operator, f.outsider]) {
          await expect(product.accept(f, r.loanId, { by: caller }))
            .to.be.revertedWithCustomError(product.loans(f), "FinancingUnauthorized")
            .withArgs(r.loanId, caller.address, product.bank(f).address);
        }
      });

      it("reverts when the addressed bank was suspended, blacklisted or lost its bank role", async () => {
        const f = await loadFixture(consortiumFixture);
        const bank = product.bank(f);
        const r = await product.requested(f);
        await f.registry.suspend(bank.address, ZeroHash);
        await expect(product.accept(f, r.loanId))
          .to.be.revertedWithCustomError(f.registry, "MemberNotActive")
          .withArgs(bank.address);
        await f.registry.reinstate(bank.address);
        await f.registry.setBlacklisted(bank.address, true, ZeroHash);
        await expect(product.accept(f, r.loanId))
          .to.be.revertedWithCustomError(f.registry, "MemberBlacklisted")
          .withArgs(bank.address);
        await f.registry.setBlacklisted(bank.address, false, ZeroHash);
        await f.registry.setRoles(bank.address, Role.SUPPLIER);
        await expect(product.accept(f, r.loanId))
          .to.be.revertedWithCustomError(f.registry, "MemberLacksRole")
          .withArgs(bank.address, Role.BANK);
      });

      it("reverts when the borrower was suspended or blacklisted after requesting", async () => {
        const f = await loadFixture(consortiumFixture);
        const borrower = product.borrower(f);
        const r = await product.requested(f);
        await f.registry.suspend(borrower.address, ZeroHash);
        await expect(product.accept(f, r.loanId))
          .to.be.revertedWithCustomError(f.registry, "MemberNotActive")
          .withArgs(borrower.address);
        await f.registry.reinstate(borrower.address);
        await f.registry.setBlacklisted(borrower.address, true, ZeroHash);
        await expect(product.accept(f, r.loanId))
          .to.be.revertedWithCustomError(f.registry, "MemberBlacklisted")
          .withArgs(borrower.address);
      });
    });

    describe("withdraw", () => {
      it("reverts when anyone but the borrower withdraws", async () => {
        const f = await loadFixture(consortiumFixture);
        const loans = product.loans(f);
        const r = await product.requested(f);
        for (const caller of [f.bank1, f.supplier2, f.core, f.warehouse, f.regulator, f.operator, f.outsider]) {
          await expect(loans.connect(caller).withdraw(r.loanId))
            .to.be.revertedWithCustomError(loans, "FinancingUnauthorized")
            .withArgs(r.loanId, caller.address, product.borrower(f).address);
        }
      });

      it("reverts for an unknown loan or a loan that is no longer requested", async () => {
        const f = await loadFixture(consortiumFixture);
        const loans = product.loans(f).connect(product.borrower(f));
        await expect(loans.withdraw(3n)).to.be.revertedWithCustomError(loans, "FinancingNotFound").withArgs(3n);
        const a = await product.funded(f);
        await expect(loans.withdraw(a.loanId))
          .to.be.revertedWithCustomError(loans, "FinancingInvalidStatus")
          .withArgs(a.loanId, Active);
        const b = await product.requested(f);
        await loans.withdraw(b.loanId);
        await expect(loans.withdraw(b.loanId))
          .to.be.revertedWithCustomError(loans, "FinancingInvalidStatus")
          .withArgs(b.loanId, Withdrawn);
      });
    });

    describe("decline", () => {
      it("reverts when anyone but the addressed bank declines", async () => {
        const f = await loadFixture(consortiumFixture);
        const loans = product.loans(f);
        const r = await product.requested(f);
        for (const caller of [f.bank2, f.supplier1, f.core, f.warehouse, f.regulator, f.operator, f.outsider]) {
          await expect(loans.connect(caller).decline(r.loanId, ZeroHash))
            .to.be.revertedWithCustomError(loans, "FinancingUnauthorized")
            .withArgs(r.loanId, caller.address, product.bank(f).address);
        }
      });

      it("reverts for an unknown loan or a loan that is no longer requested", async () => {
        const f = await loadFixture(consortiumFixture);
        const loans = product.loans(f).connect(product.bank(f));
        await expect(loans.decline(5n, ZeroHash))
          .to.be.revertedWithCustomError(loans, "FinancingNotFound")
          .withArgs(5n);
        const a = await product.funded(f);
        await expect(loans.decline(a.loanId, ZeroHash))
          .to.be.revertedWithCustomError(loans, "FinancingInvalidStatus")
          .withArgs(a.loanId, Active);
        const b = await product.requested(f);
        await loans.decline(b.loanId, ZeroHash);
        await expect(loans.decline(b.loanId, ZeroHash))
          .to.be.revertedWithCustomError(loans, "FinancingInvalidStatus")
          .withArgs(b.loanId, Declined);
      });
    });

    describe("repay", () => {
      it("reverts when anyone but the borrower repays", async () => {
        const f = await loadFixture(consortiumFixture);
        const loans = product.loans(f);
        const r = await product.funded(f);
        for (const caller of [f.bank1, f.supplier2, f.core, f.warehouse, f.regulator, f.operator, f.outsider]) {
          await expect(loans.connect(caller).repay(r.loanId))
            .to.be.revertedWithCustomError(loans, "FinancingUnauthorized")
            .withArgs(r.loanId, caller.address, product.borrower(f).address);
        }
      });

      it("reverts for an unknown loan and a loan that is not active or defaulted", async () => {
        const f = await loadFixture(consortiumFixture);
        const loans = product.loans(f).connect(product.borrower(f));
        await expect(loans.repay(4n)).to.be.revertedWithCustomError(loans, "FinancingNotFound").withArgs(4n);
        const a = await product.requested(f);
        await expect(loans.repay(a.loanId))
          .to.be.revertedWithCustomError(loans, "FinancingInvalidStatus")
          .withArgs(a.loanId, Requested);
        await loans.connect(product.bank(f)).decline(a.loanId, ZeroHash);
        await expect(loans.repay(a.loanId))
          .to.be.revertedWithCustomError(loans, "FinancingInvalidStatus")
          .withArgs(a.loanId, Declined);
        const b = await product.funded(f);
        await loans.repay(b.loanId);
        await expect(loans.repay(b.loanId))
          .to.be.revertedWithCustomError(loans, "FinancingInvalidStatus")
          .withArgs(b.loanId, Repaid);
      });
    });

    describe("declareDefault", () => {
      it("reverts when anyone but the lending bank declares default", async () => {
        const f = await loadFixture(consortiumFixture);
        const loans = product.loans(f);
        const r = await product.funded(f, { tenorDays: 30n });
        await time.increaseTo(r.dueAt + GRACE + 1);
        for (const caller of [f.bank2, f.supplier1, f.core, f.warehouse, f.regulator, f.operator, f.outsider]) {
          await expect(loans.connect(caller).declareDefault(r.loanId))
            .to.be.revertedWithCustomError(loans, "FinancingUnauthorized")
            .withArgs(r.loanId, caller.address, product.bank(f).address);
        }
      });

      it("reverts for an unknown loan and a loan that is not active", async () => {
        const f = await loadFixture(consortiumFixture);
        const loans = product.loans(f).connect(product.bank(f));
        await expect(loans.declareDefault(8n)).to.be.revertedWithCustomError(loans, "FinancingNotFound").withArgs(8n);
        const a = await product.requested(f);
        await expect(loans.declareDefault(a.loanId))
          .to.be.revertedWithCustomError(loans, "FinancingInvalidStatus")
          .withArgs(a.loanId, Requested);
        const b = await product.funded(f, { tenorDays: 30n });
        await time.increaseTo(b.dueAt + GRACE + 1);
        await loans.declareDefault(b.loanId);
        await expect(loans.declareDefault(b.loanId))
          .to.be.revertedWithCustomError(loans, "FinancingInvalidStatus")
          .withArgs(b.loanId, Defaulted);
        await loans.connect(product.borrower(f)).repay(b.loanId);
        await expect(loans.declareDefault(b.loanId))
          .to.be.revertedWithCustomError(loans, "FinancingInvalidStatus")
          .withArgs(b.loanId, Repaid);
      });
    });

    describe("loan and amountDue", () => {
      it("returns an empty loan for an unknown id", async () => {
        const f = await loadFixture(consortiumFixture);
        const ln = await product.loans(f).loan(1n);
        expect(ln.status).to.equal(0n);
        expect(ln.borrower).to.equal(ZeroAddress);
      });

      it("reverts amountDue for an unknown loan and returns zero unless active or defaulted", async () => {
        const f = await loadFixture(consortiumFixture);
        const loans = product.loans(f);
        await expect(loans.amountDue(1n)).to.be.revertedWithCustomError(loans, "FinancingNotFound").withArgs(1n);
        const a = await product.requested(f);
        expect(await loans.amountDue(a.loanId)).to.deep.equal([0n, 0n]);
        await loans.connect(product.borrower(f)).withdraw(a.loanId);
        expect(await loans.amountDue(a.loanId)).to.deep.equal([0n, 0n]);
        const b = await product.requested(f);
        await loans.connect(product.bank(f)).decline(b.loanId, ZeroHash);
        expect(await loans.amountDue(b.loanId)).to.deep.equal([0n, 0n]);
        // Active and defaulted: principal, and interest to date as Pricing.loanInterest.
        const c = await product.funded(f, { tenorDays: 30n });
        const quote = async (loanId: bigint) => {
          const ln = await loans.loan(loanId);
          return [ln.principal, pricing.loanInterest(ln.principal, ln.rateBps, ln.interestFrom, await time.latest())];
        };
        await time.increaseTo(c.dueAt);
        expect(await loans.amountDue(c.loanId)).to.deep.equal(await quote(c.loanId));
        await time.increaseTo(c.dueAt + GRACE + 1);
        await loans.connect(product.bank(f)).declareDefault(c.loanId);
        expect(await loans.amountDue(c.loanId)).to.deep.equal(await quote(c.loanId));
        await loans.connect(product.borrower(f)).repay(c.loanId);
        expect(await loans.amountDue(c.loanId)).to.deep.equal([0n, 0n]);
      });
    });
  });
}
