/**
 * Factoring: offer, decline, withdraw, accept (delivery versus payment), collect, recourse, views.
 *
 * Every price is recomputed off-chain by scripts/lib/pricing.ts (the rules of
 * contracts/libraries/Pricing.sol: advance = floor(face x advanceBps / 10 000); discount =
 * ceil(advance x discountBps x days / (360 x 10 000)); days = ACT days (difference of UTC day indexes)),
 * which is itself pinned to hand-computed literals below. Block timestamps are pinned so that the day
 * counts are known exactly.
 */
import { expect } from "chai";
import { ethers, network } from "hardhat";
import { loadFixture, time } from "@nomicfoundation/hardhat-network-helpers";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/signers";
import { ZeroAddress, ZeroHash } from "ethers";
import {
  CNY,
  consortiumFixture,
  DAY,
  DealStatus,
  docHash,
  LimitKind,
  PartStatus,
  pricing,
  ReceivableStatus,
  Role,
  text32,
} from "../helpers/fixture";

const HOUR = 3_600;

/** An odd face so that the advance is rounded down. */
const FACE = 1_000_003n;
const ADVANCE_BPS = 9_000n;
const DISCOUNT_BPS = 600n;

/** {IFactoring.DealStatus} */
const Status = DealStatus;

// ---------------------------------------------------------------------------------------------
// Fixture and local helpers.
// ---------------------------------------------------------------------------------------------

/**
 * The consortium, with the clock moved to 02:00 UTC of a fresh day `day0`, and a receivable of FACE
 * issued by `core` to `supplier1`, maturing at 15:00 UTC on day0 + 90.
 */
async function setup() {
  const f = await loadFixture(consortiumFixture);
  const day0 = (Math.floor((await time.latest()) / DAY) + 1) * DAY;
  await time.increaseTo(day0 + 2 * HOUR);
  const maturity = day0 + 90 * DAY + 15 * HOUR;
  const receivableId = await issueAt(f, { face: FACE, maturity });
  return {
    ...f,
    day0,
    maturity,
    receivableId,
    /** The root part carries the id of the receivable. */
    partId: receivableId,
    /** Default offer expiry. */
    expiresAt: day0 + 30 * DAY,
    /** Default acceptance time: 08:00 UTC on day0 + 10, i.e. 80 ACT days before maturity. */
    acceptAt: day0 + 10 * DAY + 8 * HOUR,
    factoringAddress: await f.factoring.getAddress(),
  };
}

type Setup = Awaited<ReturnType<typeof setup>>;
type F = Awaited<ReturnType<typeof consortiumFixture>>;

async function issueAt(
  f: F,
  opts: { face: bigint; maturity: number; creditor?: HardhatEthersSigner; obligor?: HardhatEthersSigner },
): Promise<bigint> {
  const obligor = opts.obligor ?? f.core;
  const creditor = opts.creditor ?? f.supplier1;
  const invoice = docHash("invoice");
  const c = f.receivables.connect(obligor);
  const id = await c.issue.staticCall(creditor.address, opts.face, CNY, opts.maturity, invoice, "ipfs://invoice");
  await c.issue(creditor.address, opts.face, CNY, opts.maturity, invoice, "ipfs://invoice");
  return id;
}

interface OfferOpts {
  seller?: HardhatEthersSigner;
  partId?: bigint;
  bank?: string;
  minAdvanceBps?: bigint;
  maxDiscountBps?: bigint;
  recourseAccepted?: boolean;
  expiresAt?: number;
}

function offerArgs(s: Setup, o: OfferOpts = {}) {
  return [
    o.partId ?? s.partId,
    o.bank ?? s.bank1.address,
    o.minAdvanceBps ?? 8_000n,
    o.maxDiscountBps ?? 1_000n,
    o.recourseAccepted ?? true,
    o.expiresAt ?? s.expiresAt,
  ] as const;
}

/** Offers a part (supplier1's root part to bank1 by default) and returns the deal id. */
async function offer(s: Setup, o: OfferOpts = {}): Promise<bigint> {
  const seller = o.seller ?? s.supplier1;
  const args = offerArgs(s, o);
  const dealId = await s.factoring.connect(seller).offer.staticCall(...args);
  await s.factoring.connect(seller).offer(...args);
  return dealId;
}

interface AcceptOpts {
  bank?: HardhatEthersSigner;
  advanceBps?: bigint;
  discountBps?: bigint;
  withRecourse?: boolean;
  registryRef?: string;
  /** Block timestamp of the acceptance (default s.acceptAt); null: do not pin it. */
  at?: number | null;
}

function acceptArgs(dealId: bigint, o: AcceptOpts = {}) {
  return [
    dealId,
    o.advanceBps ?? ADVANCE_BPS,
    o.discountBps ?? DISCOUNT_BPS,
    o.withRecourse ?? false,
    o.registryRef ?? text32("MPR-FA-0001"),
  ] as const;
}

/** Sends `accept` at a pinned timestamp. */
async function accept(s: Setup, dealId: bigint, o: AcceptOpts = {}) {
  const at = o.at === undefined ? s.acceptAt : o.at;
  if (at !== null) await time.setNextBlockTimestamp(at);
  return s.factoring.connect(o.bank ?? s.bank1).accept(...acceptArgs(dealId, o));
}

/** An offered and funded deal (with recourse when asked). */
async function funded(s: Setup, o: AcceptOpts & OfferOpts = {}): Promise<bigint> {
  const dealId = await offer(s, o);
  await accept(s, dealId, o);
  return dealId;
}

/** Moves past maturity + grace and has bank `by` declare the receivable in default. */
async function declareDefault(s: Setup, by: HardhatEthersSigner = s.bank1) {
  await time.increaseTo(s.maturity + 30 * DAY + 1);
  await s.receivables.connect(by).declareDefault(s.receivableId);
}

/** Bank2 mints settlement tokens to `to` (a supplier has none in the fixture). */
async function fund(s: Setup, to: HardhatEthersSigner, amount: bigint) {
  await s.settlementToken.connect(s.bank2).mint(to.address, amount, text32("deposit:test"));
}

async function used(s: Setup, bank: HardhatEthersSigner, counterparty: HardhatEthersSigner, kind: number) {
  return (await s.creditLimits.creditLine(bank.address, counterparty.address, kind)).used;
}

// The expected figures of the default acceptance (face FACE, 90 %, 6 %, 80 days), as literals.
const EXPECTED_DAYS = 80n;
const EXPECTED_ADVANCE = 900_002n; // floor(1 000 003 x 0.9) = floor(900 002.7)
const EXPECTED_DISCOUNT = 12_001n; // ceil(900 002 x 600 x 80 / 3 600 000) = ceil(12 000.0267)
const EXPECTED_PRICE = 888_001n;

describe("Factoring", function () {
  describe("pricing (independent recomputation)", function () {
    it("matches the documented figures of the default deal", function () {
      const day0 = 20_000 * DAY;
      const p = pricing.factoringPrice(
        FACE,
        ADVANCE_BPS,
        DISCOUNT_BPS,
        day0 + 10 * DAY + 8 * HOUR,
        day0 + 90 * DAY + 15 * HOUR,
      );
      expect(p).to.deep.equal({
        days: EXPECTED_DAYS,
        advance: EXPECTED_ADVANCE,
        discount: EXPECTED_DISCOUNT,
        price: EXPECTED_PRICE,
      });
    });

    it("does not round an exact discount up", function () {
      // 900 000 x 600 x 60 / 3 600 000 = 9 000 exactly.
      expect(pricing.interest(900_000n, 600n, 60n)).to.equal(9_000n);
      expect(pricing.interest(900_001n, 600n, 60n)).to.equal(9_001n);
    });
  });

  describe("views and wiring", function () {
    it("exposes its registry, receivables, credit limits and constants", async function () {
      const s = await setup();
      expect(await s.factoring.registry()).to.equal(await s.registry.getAddress());
      expect(await s.factoring.receivables()).to.equal(await s.receivables.getAddress());
      expect(await s.factoring.creditLimits()).to.equal(await s.creditLimits.getAddress());
      expect(await s.factoring.DEFAULT_GRACE_PERIOD()).to.equal(30n * BigInt(DAY));
      expect(await s.factoring.MAX_TENOR_DAYS()).to.equal(180n);
    });

    it("returns an all-zero deal for an unknown id", async function () {
      const s = await setup();
      const d = await s.factoring.deal(42);
      expect(d.status).to.equal(Status.None);
      expect(d.seller).to.equal(ZeroAddress);
      expect(d.bank).to.equal(ZeroAddress);
      expect(d.partId).to.equal(0n);
      expect(d.face).to.equal(0n);
      expect(d.registryRef).to.equal(ZeroHash);
    });
  });

  describe("offer", function () {
    it("reverts when a regulator or a warehouse holding a part offers it: neither sells receivables", async function () {
      const s = await setup();
      for (const holder of [s.regulator, s.warehouse]) {
        const partId = await s.receivables.connect(s.supplier1).split.staticCall(s.partId, holder.address, 1_000n);
        await s.receivables.connect(s.supplier1).split(s.partId, holder.address, 1_000n);
        await expect(s.factoring.connect(holder).offer(...offerArgs(s, { partId })))
          .to.be.revertedWithCustomError(s.registry, "MemberLacksRole")
          .withArgs(holder.address, Role.CORE_ENTERPRISE | Role.SUPPLIER | Role.BANK);
        expect((await s.receivables.part(partId)).holder).to.equal(holder.address);
      }
    });

    it("moves the part into custody, records the deal and emits FactoringOffered", async function () {
      const s = await setup();
      const args = offerArgs(s, { recourseAccepted: true });
      expect(await s.factoring.connect(s.supplier1).offer.staticCall(...args)).to.equal(1n);
      const tx = s.factoring.connect(s.supplier1).offer(...args);
      await expect(tx)
        .to.emit(s.factoring, "FactoringOffered")
        .withArgs(
          1n,
          s.partId,
          s.supplier1.address,
          s.bank1.address,
          s.core.address,
          FACE,
          8_000n,
          1_000n,
          true,
          s.expiresAt,
        );
      await expect(tx)
        .to.emit(s.receivables, "PartTransferred")
        .withArgs(s.partId, s.supplier1.address, s.factoringAddress);

      const p = await s.receivables.part(s.partId);
      expect(p.holder).to.equal(s.factoringAddress);
      expect(p.amount).to.equal(FACE);

      const d = await s.factoring.deal(1);
      expect(d.seller).to.equal(s.supplier1.address);
      expect(d.partId).to.equal(s.partId);
      expect(d.minAdvanceBps).to.equal(8_000n);
      expect(d.maxDiscountBps).to.equal(1_000n);
      expect(d.bank).to.equal(s.bank1.address);
      expect(d.expiresAt).to.equal(BigInt(s.expiresAt));
      expect(d.status).to.equal(Status.Offered);
      expect(d.recourseAccepted).to.equal(true);
      expect(d.withRecourse).to.equal(false);
      expect(d.advanceBps).to.equal(0n);
      expect(d.discountBps).to.equal(0n);
      expect(d.obligor).to.equal(s.core.address);
      expect(d.face).to.equal(FACE);
      expect(d.advance).to.equal(0n);
      expect(d.discount).to.equal(0n);
      expect(d.fundedAt).to.equal(0n);
      expect(d.currency).to.equal(CNY);
      expect(d.registryRef).to.equal(ZeroHash);
    });

    it("records an open offer to any bank with a zero bank", async function () {
      const s = await setup();
      await expect(
        s.factoring.connect(s.supplier1).offer(...offerArgs(s, { bank: ZeroAddress, recourseAccepted: false })),
      )
        .to.emit(s.factoring, "FactoringOffered")
        .withArgs(
          1n,
          s.partId,
          s.supplier1.address,
          ZeroAddress,
          s.core.address,
          FACE,
          8_000n,
          1_000n,
          false,
          s.expiresAt,
        );
      const d = await s.factoring.deal(1);
      expect(d.bank).to.equal(ZeroAddress);
      expect(d.recourseAccepted).to.equal(false);
    });

    it("numbers deals sequentially and prices a split part at its own amount", async function () {
      const s = await setup();
      // supplier1 pays its tier-2 supplier with 400 000 split off the receivable.
      const child = await s.receivables.connect(s.supplier1).split.staticCall(s.partId, s.supplier2.address, 400_000n);
      await s.receivables.connect(s.supplier1).split(s.partId, s.supplier2.address, 400_000n);
      const first = await offer(s);
      const second = await offer(s, { seller: s.supplier2, partId: child, bank: s.bank2.address });
      expect([first, second]).to.deep.equal([1n, 2n]);
      expect((await s.factoring.deal(first)).face).to.equal(FACE - 400_000n);
      const d2 = await s.factoring.deal(second);
      expect(d2.seller).to.equal(s.supplier2.address);
      expect(d2.partId).to.equal(child);
      expect(d2.face).to.equal(400_000n);
      expect(d2.obligor).to.equal(s.core.address);
    });

    it("reverts when the same part is offered to a second bank", async function () {
      const s = await setup();
      await offer(s, { bank: s.bank1.address });
      await expect(s.factoring.connect(s.supplier1).offer(...offerArgs(s, { bank: s.bank2.address })))
        .to.be.revertedWithCustomError(s.receivables, "ReceivableNotHolder")
        .withArgs(s.partId, s.supplier1.address, s.factoringAddress);
      expect((await s.factoring.deal(2)).status).to.equal(Status.None);
    });

    it("reverts when an already financed part is offered again", async function () {
      const s = await setup();
      await funded(s);
      await expect(s.factoring.connect(s.supplier1).offer(...offerArgs(s, { bank: s.bank2.address })))
        .to.be.revertedWithCustomError(s.receivables, "ReceivableNotHolder")
        .withArgs(s.partId, s.supplier1.address, s.factoringAddress);
    });

    it("keeps an offered part from being split or transferred by its seller", async function () {
      const s = await setup();
      await offer(s);
      await expect(s.receivables.connect(s.supplier1).split(s.partId, s.supplier2.address, 1n))
        .to.be.revertedWithCustomError(s.receivables, "ReceivableNotHolder")
        .withArgs(s.partId, s.supplier1.address, s.factoringAddress);
      await expect(s.receivables.connect(s.supplier1).transfer(s.partId, s.supplier2.address))
        .to.be.revertedWithCustomError(s.receivables, "ReceivableNotHolder")
        .withArgs(s.partId, s.supplier1.address, s.factoringAddress);
    });

    it("reverts when the caller does not hold the part", async function () {
      const s = await setup();
      await expect(s.factoring.connect(s.supplier2).offer(...offerArgs(s)))
        .to.be.revertedWithCustomError(s.receivables, "ReceivableNotHolder")
        .withArgs(s.partId, s.supplier2.address, s.supplier1.address);
      // The obligor cannot offer its own payable either.
      await expect(s.factoring.connect(s.core).offer(...offerArgs(s)))
        .to.be.revertedWithCustomError(s.receivables, "ReceivableNotHolder")
        .withArgs(s.partId, s.core.address, s.supplier1.address);
    });

    it("reverts for an outsider never admitted", async function () {
      const s = await setup();
      await expect(s.factoring.connect(s.outsider).offer(...offerArgs(s)))
        .to.be.revertedWithCustomError(s.registry, "MemberNotActive")
        .withArgs(s.outsider.address);
    });

    it("reverts for a suspended seller", async function () {
      const s = await setup();
      await s.registry.suspend(s.supplier1.address, text32("kyc-review"));
      await expect(s.factoring.connect(s.supplier1).offer(...offerArgs(s)))
        .to.be.revertedWithCustomError(s.registry, "MemberNotActive")
        .withArgs(s.supplier1.address);
    });

    it("reverts for a blacklisted seller", async function () {
      const s = await setup();
      await s.registry.setBlacklisted(s.supplier1.address, true, text32("fraud"));
      await expect(s.factoring.connect(s.supplier1).offer(...offerArgs(s)))
        .to.be.revertedWithCustomError(s.registry, "MemberBlacklisted")
        .withArgs(s.supplier1.address);
    });

    it("reverts when the receivable's obligor is blacklisted", async function () {
      const s = await setup();
      await s.registry.setBlacklisted(s.core.address, true, text32("fraud"));
      await expect(s.factoring.connect(s.supplier1).offer(...offerArgs(s)))
        .to.be.revertedWithCustomError(s.registry, "MemberBlacklisted")
        .withArgs(s.core.address);
    });

    it("reverts when the addressed bank is not a bank", async function () {
      const s = await setup();
      await expect(s.factoring.connect(s.supplier1).offer(...offerArgs(s, { bank: s.supplier2.address })))
        .to.be.revertedWithCustomError(s.registry, "MemberLacksRole")
        .withArgs(s.supplier2.address, Role.BANK);
      await expect(s.factoring.connect(s.supplier1).offer(...offerArgs(s, { bank: s.regulator.address })))
        .to.be.revertedWithCustomError(s.registry, "MemberLacksRole")
        .withArgs(s.regulator.address, Role.BANK);
    });

    it("reverts when the addressed bank is suspended or never admitted", async function () {
      const s = await setup();
      await expect(s.factoring.connect(s.supplier1).offer(...offerArgs(s, { bank: s.outsider.address })))
        .to.be.revertedWithCustomError(s.registry, "MemberNotActive")
        .withArgs(s.outsider.address);
      await s.registry.suspend(s.bank1.address, text32("license"));
      await expect(s.factoring.connect(s.supplier1).offer(...offerArgs(s, { bank: s.bank1.address })))
        .to.be.revertedWithCustomError(s.registry, "MemberNotActive")
        .withArgs(s.bank1.address);
    });

    it("reverts on a minimum advance rate of 0 or above 100 %", async function () {
      const s = await setup();
      for (const bps of [0n, 10_001n]) {
        await expect(s.factoring.connect(s.supplier1).offer(...offerArgs(s, { minAdvanceBps: bps })))
          .to.be.revertedWithCustomError(s.factoring, "FinancingInvalidTerm")
          .withArgs("minAdvanceBps", bps);
      }
    });

    it("accepts the bounds 1 bp and 100 % as minimum advance rate", async function () {
      const s = await setup();
      const child = await s.receivables.connect(s.supplier1).split.staticCall(s.partId, s.supplier2.address, 1_000n);
      await s.receivables.connect(s.supplier1).split(s.partId, s.supplier2.address, 1_000n);
      await offer(s, { minAdvanceBps: 1n });
      await offer(s, { seller: s.supplier2, partId: child, minAdvanceBps: 10_000n });
      expect((await s.factoring.deal(1)).minAdvanceBps).to.equal(1n);
      expect((await s.factoring.deal(2)).minAdvanceBps).to.equal(10_000n);
    });

    it("reverts on a maximum discount rate that does not fit 16 bits", async function () {
      const s = await setup();
      await expect(s.factoring.connect(s.supplier1).offer(...offerArgs(s, { maxDiscountBps: 65_536n })))
        .to.be.revertedWithCustomError(s.factoring, "FinancingInvalidTerm")
        .withArgs("maxDiscountBps", 65_536n);
      await offer(s, { maxDiscountBps: 65_535n });
      expect((await s.factoring.deal(1)).maxDiscountBps).to.equal(65_535n);
    });

    it("reverts on an expiry not in the future or beyond 40 bits", async function () {
      const s = await setup();
      const now = s.day0 + 3 * HOUR;
      await time.setNextBlockTimestamp(now);
      await expect(s.factoring.connect(s.supplier1).offer(...offerArgs(s, { expiresAt: now })))
        .to.be.revertedWithCustomError(s.factoring, "FinancingInvalidTerm")
        .withArgs("expiresAt", now);
      const tooLate = 2 ** 40;
      await expect(s.factoring.connect(s.supplier1).offer(...offerArgs(s, { expiresAt: tooLate })))
        .to.be.revertedWithCustomError(s.factoring, "FinancingInvalidTerm")
        .withArgs("expiresAt", tooLate);
    });

    it("reverts for a part that does not exist", async function () {
      const s = await setup();
      await expect(s.factoring.connect(s.supplier1).offer(...offerArgs(s, { partId: 99n })))
        .to.be.revertedWithCustomError(s.receivables, "ReceivableInvalidStatus")
        .withArgs(0n, ReceivableStatus.None);
    });

    it("reverts when the receivable is already paid", async function () {
      const s = await setup();
      await s.receivables.connect(s.core).pay(s.receivableId);
      await expect(s.factoring.connect(s.supplier1).offer(...offerArgs(s)))
        .to.be.revertedWithCustomError(s.receivables, "ReceivableInvalidStatus")
        .withArgs(s.receivableId, ReceivableStatus.Paid);
    });

    it("reverts when the receivable is overdue or defaulted", async function () {
      const s = await setup();
      await time.increaseTo(s.maturity + 1);
      await s.receivables.markOverdue(s.receivableId);
      const late = s.maturity + 365 * DAY;
      await expect(s.factoring.connect(s.supplier1).offer(...offerArgs(s, { expiresAt: late })))
        .to.be.revertedWithCustomError(s.receivables, "ReceivableInvalidStatus")
        .withArgs(s.receivableId, ReceivableStatus.Overdue);
      await declareDefault(s);
      await expect(s.factoring.connect(s.supplier1).offer(...offerArgs(s, { expiresAt: late })))
        .to.be.revertedWithCustomError(s.receivables, "ReceivableInvalidStatus")
        .withArgs(s.receivableId, ReceivableStatus.Defaulted);
    });

    it("reverts on the maturity day, when no day of discount is left", async function () {
      const s = await setup();
      // 01:00 UTC on the maturity day: still Outstanding, but 0 ACT days to maturity.
      await time.setNextBlockTimestamp(s.day0 + 90 * DAY + HOUR);
      await expect(s.factoring.connect(s.supplier1).offer(...offerArgs(s, { expiresAt: s.maturity + DAY })))
        .to.be.revertedWithCustomError(s.factoring, "FinancingInvalidTerm")
        .withArgs("maturity", s.maturity);
    });

    it("accepts an offer on the day before maturity (one ACT day)", async function () {
      const s = await setup();
      await time.setNextBlockTimestamp(s.day0 + 89 * DAY + 23 * HOUR);
      await offer(s, { expiresAt: s.maturity });
      expect((await s.factoring.deal(1)).status).to.equal(Status.Offered);
    });
  });

  describe("withdraw", function () {
    it("returns the part to the seller and emits FactoringWithdrawn", async function () {
      const s = await setup();
      const dealId = await offer(s);
      const tx = s.factoring.connect(s.supplier1).withdraw(dealId);
      await expect(tx).to.emit(s.factoring, "FactoringWithdrawn").withArgs(dealId, s.supplier1.address);
      await expect(tx)
        .to.emit(s.receivables, "PartTransferred")
        .withArgs(s.partId, s.factoringAddress, s.supplier1.address);
      expect((await s.factoring.deal(dealId)).status).to.equal(Status.Withdrawn);
      expect((await s.receivables.part(s.partId)).holder).to.equal(s.supplier1.address);
      // The part can be offered again, as a new deal.
      expect(await offer(s, { bank: s.bank2.address })).to.equal(dealId + 1n);
    });

    it("lets the seller withdraw a lapsed offer", async function () {
      const s = await setup();
      const dealId = await offer(s);
      await time.increaseTo(s.expiresAt + DAY);
      await expect(s.factoring.connect(s.supplier1).withdraw(dealId))
        .to.emit(s.factoring, "FactoringWithdrawn")
        .withArgs(dealId, s.supplier1.address);
    });

    it("pays the seller the proceeds when the receivable was paid early while offered", async function () {
      const s = await setup();
      const dealId = await offer(s);
      await s.receivables.connect(s.core).pay(s.receivableId);
      const tx = s.factoring.connect(s.supplier1).withdraw(dealId);
      await expect(tx).to.emit(s.factoring, "FactoringWithdrawn").withArgs(dealId, s.supplier1.address);
      await expect(tx)
        .to.emit(s.receivables, "PartRedeemed")
        .withArgs(s.partId, s.receivableId, s.factoringAddress, FACE);
      await expect(tx).to.emit(s.settlementToken, "Transfer").withArgs(s.factoringAddress, s.supplier1.address, FACE);
      expect(await s.settlementToken.balanceOf(s.supplier1.address)).to.equal(FACE);
      expect(await s.settlementToken.balanceOf(s.factoringAddress)).to.equal(0n);
      expect((await s.receivables.part(s.partId)).status).to.equal(PartStatus.Redeemed);
      expect((await s.factoring.deal(dealId)).status).to.equal(Status.Withdrawn);
    });

    it("reverts for anyone but the seller", async function () {
      const s = await setup();
      const dealId = await offer(s);
      for (const caller of [s.bank1, s.supplier2, s.core, s.operator, s.outsider]) {
        await expect(s.factoring.connect(caller).withdraw(dealId))
          .to.be.revertedWithCustomError(s.factoring, "FinancingUnauthorized")
          .withArgs(dealId, caller.address, s.supplier1.address);
      }
    });

    it("reverts for an unknown deal", async function () {
      const s = await setup();
      await expect(s.factoring.connect(s.supplier1).withdraw(7))
        .to.be.revertedWithCustomError(s.factoring, "FinancingNotFound")
        .withArgs(7n);
    });

    it("reverts once the deal is funded, withdrawn or declined", async function () {
      const s = await setup();
      const fundedId = await funded(s);
      await expect(s.factoring.connect(s.supplier1).withdraw(fundedId))
        .to.be.revertedWithCustomError(s.factoring, "FinancingInvalidStatus")
        .withArgs(fundedId, Status.Funded);

      const r2 = await issueAt(s, { face: 500_000n, maturity: s.maturity });
      const withdrawnId = await offer(s, { partId: r2 });
      await s.factoring.connect(s.supplier1).withdraw(withdrawnId);
      await expect(s.factoring.connect(s.supplier1).withdraw(withdrawnId))
        .to.be.revertedWithCustomError(s.factoring, "FinancingInvalidStatus")
        .withArgs(withdrawnId, Status.Withdrawn);

      const declinedId = await offer(s, { partId: r2 });
      await s.factoring.connect(s.bank1).decline(declinedId, text32("no-appetite"));
      await expect(s.factoring.connect(s.supplier1).withdraw(declinedId))
        .to.be.revertedWithCustomError(s.factoring, "FinancingInvalidStatus")
        .withArgs(declinedId, Status.Declined);
    });

    it("reverts while the seller is suspended (a suspended member cannot receive the part)", async function () {
      const s = await setup();
      const dealId = await offer(s);
      await s.registry.suspend(s.supplier1.address, text32("kyc-review"));
      await expect(s.factoring.connect(s.supplier1).withdraw(dealId))
        .to.be.revertedWithCustomError(s.registry, "MemberNotActive")
        .withArgs(s.supplier1.address);
    });
  });

  describe("decline", function () {
    it("lets the addressed bank decline: the part goes back and FactoringDeclined is emitted", async function () {
      const s = await setup();
      const dealId = await offer(s);
      const tx = s.factoring.connect(s.bank1).decline(dealId, text32("sector-limit"));
      await expect(tx)
        .to.emit(s.factoring, "FactoringDeclined")
        .withArgs(dealId, s.bank1.address, text32("sector-limit"));
      await expect(tx)
        .to.emit(s.receivables, "PartTransferred")
        .withArgs(s.partId, s.factoringAddress, s.supplier1.address);
      expect((await s.factoring.deal(dealId)).status).to.equal(Status.Declined);
      expect((await s.receivables.part(s.partId)).holder).to.equal(s.supplier1.address);
      // The seller may now offer the part to another bank.
      const next = await offer(s, { bank: s.bank2.address });
      expect((await s.factoring.deal(next)).bank).to.equal(s.bank2.address);
    });

    it("pays the seller the proceeds when the receivable was paid early while offered", async function () {
      const s = await setup();
      const dealId = await offer(s);
      await s.receivables.connect(s.core).pay(s.receivableId);
      const tx = s.factoring.connect(s.bank1).decline(dealId, text32("paid"));
      await expect(tx).to.emit(s.factoring, "FactoringDeclined").withArgs(dealId, s.bank1.address, text32("paid"));
      await expect(tx).to.emit(s.settlementToken, "Transfer").withArgs(s.factoringAddress, s.supplier1.address, FACE);
      expect(await s.settlementToken.balanceOf(s.supplier1.address)).to.equal(FACE);
      expect((await s.receivables.part(s.partId)).status).to.equal(PartStatus.Redeemed);
      expect((await s.factoring.deal(dealId)).status).to.equal(Status.Declined);
    });

    it("reverts for another bank, the seller or an outsider", async function () {
      const s = await setup();
      const dealId = await offer(s);
      for (const caller of [s.bank2, s.supplier1, s.operator, s.outsider]) {
        await expect(s.factoring.connect(caller).decline(dealId, ZeroHash))
          .to.be.revertedWithCustomError(s.factoring, "FinancingUnauthorized")
          .withArgs(dealId, caller.address, s.bank1.address);
      }
    });

    it("reverts for an open offer, which no bank can decline", async function () {
      const s = await setup();
      const dealId = await offer(s, { bank: ZeroAddress });
      for (const caller of [s.bank1, s.bank2]) {
        await expect(s.factoring.connect(caller).decline(dealId, ZeroHash))
          .to.be.revertedWithCustomError(s.factoring, "FinancingUnauthorized")
          .withArgs(dealId, caller.address, ZeroAddress);
      }
    });

    it("reverts for an unknown deal", async function () {
      const s = await setup();
      await expect(s.factoring.connect(s.bank1).decline(3, ZeroHash))
        .to.be.revertedWithCustomError(s.factoring, "FinancingNotFound")
        .withArgs(3n);
    });

    it("reverts once the deal is funded or withdrawn", async function () {
      const s = await setup();
      const dealId = await funded(s);
      await expect(s.factoring.connect(s.bank1).decline(dealId, ZeroHash))
        .to.be.revertedWithCustomError(s.factoring, "FinancingInvalidStatus")
        .withArgs(dealId, Status.Funded);

      const r2 = await issueAt(s, { face: 500_000n, maturity: s.maturity });
      const withdrawnId = await offer(s, { partId: r2 });
      await s.factoring.connect(s.supplier1).withdraw(withdrawnId);
      await expect(s.factoring.connect(s.bank1).decline(withdrawnId, ZeroHash))
        .to.be.revertedWithCustomError(s.factoring, "FinancingInvalidStatus")
        .withArgs(withdrawnId, Status.Withdrawn);
    });
  });

  describe("quote", function () {
    it("returns the exact ACT/360 advance, discount, price and days", async function () {
      const s = await setup();
      const dealId = await offer(s);
      // Mine at 08:00 on day0 + 10; an eth_call in the same UTC day sees 80 ACT days.
      await time.increaseTo(s.acceptAt);
      const [advance, discount, price, days] = await s.factoring.quote(dealId, ADVANCE_BPS, DISCOUNT_BPS);
      expect([advance, discount, price, days]).to.deep.equal([
        EXPECTED_ADVANCE,
        EXPECTED_DISCOUNT,
        EXPECTED_PRICE,
        EXPECTED_DAYS,
      ]);
    });

    it("follows the day count as time passes and other rates", async function () {
      const s = await setup();
      const dealId = await offer(s);
      for (const [dayOffset, adv, disc] of [
        [0, 8_000n, 1_000n],
        [45, 10_000n, 365n],
        [89, 1n, 65_535n],
      ] as const) {
        const now = s.day0 + dayOffset * DAY + 12 * HOUR;
        await time.increaseTo(now);
        const expected = pricing.factoringPrice(FACE, adv, disc, now, s.maturity);
        const q = await s.factoring.quote(dealId, adv, disc);
        expect([q.advance, q.discount, q.price, q.daysToMaturity]).to.deep.equal([
          expected.advance,
          expected.discount,
          expected.price,
          expected.days,
        ]);
      }
    });

    it("quotes a zero discount rate as no discount", async function () {
      const s = await setup();
      const dealId = await offer(s);
      const q = await s.factoring.quote(dealId, 10_000n, 0n);
      expect([q.advance, q.discount, q.price, q.daysToMaturity]).to.deep.equal([FACE, 0n, FACE, 90n]);
    });

    it("equals what accept then charges on the same day", async function () {
      const s = await setup();
      const dealId = await offer(s);
      await time.increaseTo(s.acceptAt - HOUR);
      const q = await s.factoring.quote(dealId, 9_500n, 750n);
      await expect(accept(s, dealId, { advanceBps: 9_500n, discountBps: 750n }))
        .to.emit(s.factoring, "FactoringFunded")
        .withArgs(
          dealId,
          s.bank1.address,
          s.supplier1.address,
          9_500n,
          750n,
          q.daysToMaturity,
          q.advance,
          q.discount,
          q.price,
          false,
          text32("MPR-FA-0001"),
        );
    });

    it("reverts for an unknown deal", async function () {
      const s = await setup();
      await expect(s.factoring.quote(5, ADVANCE_BPS, DISCOUNT_BPS))
        .to.be.revertedWithCustomError(s.factoring, "FinancingNotFound")
        .withArgs(5n);
    });

    it("reverts on an advance rate of 0 or above 100 %", async function () {
      const s = await setup();
      const dealId = await offer(s);
      for (const bps of [0n, 10_001n]) {
        await expect(s.factoring.quote(dealId, bps, DISCOUNT_BPS))
          .to.be.revertedWithCustomError(s.factoring, "FinancingInvalidTerm")
          .withArgs("advanceBps", bps);
      }
    });

    it("reverts on a discount rate that does not fit 16 bits", async function () {
      const s = await setup();
      const dealId = await offer(s);
      await expect(s.factoring.quote(dealId, ADVANCE_BPS, 65_536n))
        .to.be.revertedWithCustomError(s.factoring, "FinancingInvalidTerm")
        .withArgs("discountBps", 65_536n);
    });

    it("reverts when the discount would eat the whole advance", async function () {
      const s = await setup();
      const dealId = await offer(s);
      // 90 days at 655.35 %: discount = ceil(900 002 x 65 535 x 90 / 3 600 000) > advance.
      const discount = pricing.interest(EXPECTED_ADVANCE, 65_535n, 90n);
      expect(discount).to.equal(1_474_541n);
      await expect(s.factoring.quote(dealId, ADVANCE_BPS, 65_535n))
        .to.be.revertedWithCustomError(s.factoring, "FinancingTermOutOfBounds")
        .withArgs(dealId, "discount", discount, EXPECTED_ADVANCE);
    });

    it("reverts on the maturity day", async function () {
      const s = await setup();
      const dealId = await offer(s);
      await time.increaseTo(s.day0 + 90 * DAY + HOUR);
      await expect(s.factoring.quote(dealId, ADVANCE_BPS, DISCOUNT_BPS))
        .to.be.revertedWithCustomError(s.factoring, "FinancingAssetNotReady")
        .withArgs(dealId);
    });
  });

  describe("accept", function () {
    it("swaps the part and the cash atomically (delivery versus payment)", async function () {
      const s = await setup();
      const dealId = await offer(s);
      const bankBefore = await s.settlementToken.balanceOf(s.bank1.address);
      const sellerBefore = await s.settlementToken.balanceOf(s.supplier1.address);
      const factoringBefore = await s.settlementToken.balanceOf(s.factoringAddress);
      const ref = text32("MPR-2025-FA-0001");

      const tx = await accept(s, dealId, { registryRef: ref });
      const receipt = await tx.wait();

      await expect(tx)
        .to.emit(s.factoring, "FactoringFunded")
        .withArgs(
          dealId,
          s.bank1.address,
          s.supplier1.address,
          ADVANCE_BPS,
          DISCOUNT_BPS,
          EXPECTED_DAYS,
          EXPECTED_ADVANCE,
          EXPECTED_DISCOUNT,
          EXPECTED_PRICE,
          false,
          ref,
        );
      await expect(tx)
        .to.emit(s.settlementToken, "Transfer")
        .withArgs(s.bank1.address, s.supplier1.address, EXPECTED_PRICE);
      await expect(tx)
        .to.emit(s.creditLimits, "CreditLineUsed")
        .withArgs(s.bank1.address, s.core.address, LimitKind.Obligor, true, EXPECTED_ADVANCE, EXPECTED_ADVANCE);

      // Cash: the bank paid exactly the price to the seller; nothing stays in the contract.
      expect(await s.settlementToken.balanceOf(s.bank1.address)).to.equal(bankBefore - EXPECTED_PRICE);
      expect(await s.settlementToken.balanceOf(s.supplier1.address)).to.equal(sellerBefore + EXPECTED_PRICE);
      expect(await s.settlementToken.balanceOf(s.factoringAddress)).to.equal(factoringBefore);
      // The part stays in custody for the bank until maturity.
      expect((await s.receivables.part(s.partId)).holder).to.equal(s.factoringAddress);

      const d = await s.factoring.deal(dealId);
      expect(d.status).to.equal(Status.Funded);
      expect(d.bank).to.equal(s.bank1.address);
      expect(d.withRecourse).to.equal(false);
      expect(d.advanceBps).to.equal(ADVANCE_BPS);
      expect(d.discountBps).to.equal(DISCOUNT_BPS);
      expect(d.advance).to.equal(EXPECTED_ADVANCE);
      expect(d.discount).to.equal(EXPECTED_DISCOUNT);
      expect(d.fundedAt).to.equal(BigInt(s.acceptAt));
      expect(d.registryRef).to.equal(ref);
      // The seller's bounds stay on the deal.
      expect(d.minAdvanceBps).to.equal(8_000n);
      expect(d.maxDiscountBps).to.equal(1_000n);
      expect(d.seller).to.equal(s.supplier1.address);
      expect(d.face).to.equal(FACE);

      // Without recourse only the obligor line is used.
      expect(await used(s, s.bank1, s.core, LimitKind.Obligor)).to.equal(EXPECTED_ADVANCE);
      expect(await used(s, s.bank1, s.supplier1, LimitKind.Borrower)).to.equal(0n);
      expect(receipt!.status).to.equal(1);
    });

    it("records the registry reference in the same transaction as, and before, the payout", async function () {
      const s = await setup();
      const dealId = await offer(s);
      const ref = text32("MPR-2025-FA-0042");
      const receipt = (await (await accept(s, dealId, { registryRef: ref })).wait())!;
      const tokenAddress = await s.settlementToken.getAddress();
      const names = receipt.logs.map((l) => {
        if (l.address === tokenAddress) return s.settlementToken.interface.parseLog(l)?.name;
        if (l.address === s.factoringAddress) return s.factoring.interface.parseLog(l)?.name;
        return s.creditLimits.interface.parseLog(l)?.name;
      });
      // Credit consumed, then the payment, then the funding record carrying the registry reference.
      expect(names).to.deep.equal(["CreditLineUsed", "Transfer", "FactoringFunded"]);
      const funded = s.factoring.interface.parseLog(receipt.logs[2])!;
      expect(funded.args.registryRef).to.equal(ref);
      // Read back in the state of the block that paid the seller.
      const atBlock = await s.factoring.deal(dealId, { blockTag: receipt.blockNumber });
      expect(atBlock.registryRef).to.equal(ref);
      expect(atBlock.fundedAt).to.equal(BigInt(s.acceptAt));
    });

    it("prices with recourse and consumes both the obligor and the seller's borrower line", async function () {
      const s = await setup();
      const dealId = await offer(s);
      const at = s.day0 + 20 * DAY + 23 * HOUR; // 70 ACT days
      const expected = pricing.factoringPrice(FACE, 8_500n, 975n, at, s.maturity);
      expect(expected.days).to.equal(70n);
      const tx = accept(s, dealId, { advanceBps: 8_500n, discountBps: 975n, withRecourse: true, at });
      await expect(tx)
        .to.emit(s.factoring, "FactoringFunded")
        .withArgs(
          dealId,
          s.bank1.address,
          s.supplier1.address,
          8_500n,
          975n,
          70n,
          expected.advance,
          expected.discount,
          expected.price,
          true,
          text32("MPR-FA-0001"),
        );
      await expect(tx)
        .to.emit(s.creditLimits, "CreditLineUsed")
        .withArgs(s.bank1.address, s.supplier1.address, LimitKind.Borrower, true, expected.advance, expected.advance);
      expect(expected.advance).to.equal(850_002n); // floor(850 002.55)
      expect(await s.settlementToken.balanceOf(s.supplier1.address)).to.equal(expected.price);
      expect(await used(s, s.bank1, s.core, LimitKind.Obligor)).to.equal(expected.advance);
      expect(await used(s, s.bank1, s.supplier1, LimitKind.Borrower)).to.equal(expected.advance);
      expect((await s.factoring.deal(dealId)).withRecourse).to.equal(true);
    });

    it("lets any bank accept an open offer, at exactly the seller's bounds", async function () {
      const s = await setup();
      const dealId = await offer(s, { bank: ZeroAddress, minAdvanceBps: 9_000n, maxDiscountBps: 600n });
      await expect(accept(s, dealId, { bank: s.bank2 }))
        .to.emit(s.factoring, "FactoringFunded")
        .withArgs(
          dealId,
          s.bank2.address,
          s.supplier1.address,
          ADVANCE_BPS,
          DISCOUNT_BPS,
          EXPECTED_DAYS,
          EXPECTED_ADVANCE,
          EXPECTED_DISCOUNT,
          EXPECTED_PRICE,
          false,
          text32("MPR-FA-0001"),
        );
      expect((await s.factoring.deal(dealId)).bank).to.equal(s.bank2.address);
      expect(await used(s, s.bank2, s.core, LimitKind.Obligor)).to.equal(EXPECTED_ADVANCE);
      expect(await used(s, s.bank1, s.core, LimitKind.Obligor)).to.equal(0n);
    });

    it("accepts at the very second the offer expires", async function () {
      const s = await setup();
      const dealId = await offer(s);
      await accept(s, dealId, { at: s.expiresAt });
      expect((await s.factoring.deal(dealId)).status).to.equal(Status.Funded);
    });

    it("pays the seller only once when two banks accept the same open offer in one block", async function () {
      const s = await setup();
      const dealId = await offer(s, { bank: ZeroAddress });
      const bank2Before = await s.settlementToken.balanceOf(s.bank2.address);
      await time.setNextBlockTimestamp(s.acceptAt);

      await network.provider.send("evm_setAutomine", [false]);
      let hash1: string;
      let hash2: string;
      try {
        // Explicit gas limits: with automine off, estimating the second would already see it fail.
        const tx1 = await s.factoring
          .connect(s.bank1)
          .accept(dealId, ADVANCE_BPS, DISCOUNT_BPS, false, text32("MPR-BANK1"), { gasLimit: 1_000_000 });
        const tx2 = await s.factoring
          .connect(s.bank2)
          .accept(dealId, 9_500n, 500n, false, text32("MPR-BANK2"), { gasLimit: 1_000_000 });
        hash1 = tx1.hash;
        hash2 = tx2.hash;
        await network.provider.send("evm_mine", []);
      } finally {
        await network.provider.send("evm_setAutomine", [true]);
      }

      const r1 = (await ethers.provider.getTransactionReceipt(hash1))!;
      const r2 = (await ethers.provider.getTransactionReceipt(hash2))!;
      expect(r1.blockNumber).to.equal(r2.blockNumber);
      expect(r1.index).to.be.lessThan(r2.index);
      expect(r1.status).to.equal(1);
      expect(r2.status).to.equal(0);

      // The failure of the second, by name: the revert data of the mined transaction ...
      const trace = (await network.provider.send("debug_traceTransaction", [
        hash2,
        { disableMemory: true, disableStack: true, disableStorage: true },
      ])) as { failed: boolean; returnValue: string };
      expect(trace.failed).to.equal(true);
      const data = trace.returnValue.startsWith("0x") ? trace.returnValue : `0x${trace.returnValue}`;
      const decoded = s.factoring.interface.parseError(data)!;
      expect(decoded.name).to.equal("FinancingInvalidStatus");
      expect(decoded.args.map((a: bigint) => a)).to.deep.equal([dealId, Status.Funded]);
      // ... and a static replay of it on the state of that block.
      await expect(
        s.factoring
          .connect(s.bank2)
          .accept.staticCall(dealId, 9_500n, 500n, false, text32("MPR-BANK2"), { blockTag: r2.blockNumber }),
      )
        .to.be.revertedWithCustomError(s.factoring, "FinancingInvalidStatus")
        .withArgs(dealId, Status.Funded);

      // Only the first bank bought and paid.
      const d = await s.factoring.deal(dealId);
      expect(d.bank).to.equal(s.bank1.address);
      expect(d.registryRef).to.equal(text32("MPR-BANK1"));
      expect(d.advance).to.equal(EXPECTED_ADVANCE);
      expect(await s.settlementToken.balanceOf(s.supplier1.address)).to.equal(EXPECTED_PRICE);
      expect(await s.settlementToken.balanceOf(s.bank2.address)).to.equal(bank2Before);
      expect(await used(s, s.bank2, s.core, LimitKind.Obligor)).to.equal(0n);
      expect(await used(s, s.bank1, s.core, LimitKind.Obligor)).to.equal(EXPECTED_ADVANCE);
    });

    it("reverts for a bank other than the addressed one", async function () {
      const s = await setup();
      const dealId = await offer(s);
      await expect(accept(s, dealId, { bank: s.bank2 }))
        .to.be.revertedWithCustomError(s.factoring, "FinancingUnauthorized")
        .withArgs(dealId, s.bank2.address, s.bank1.address);
    });

    it("reverts for a caller without the bank role on an open offer", async function () {
      const s = await setup();
      const dealId = await offer(s, { bank: ZeroAddress });
      for (const caller of [s.supplier2, s.core, s.operator, s.warehouse, s.regulator]) {
        const held = (await s.registry.member(caller.address)).roles;
        expect(Number(held) & Role.BANK).to.equal(0);
        await expect(accept(s, dealId, { bank: caller, at: null }))
          .to.be.revertedWithCustomError(s.registry, "MemberLacksRole")
          .withArgs(caller.address, Role.BANK);
      }
      // The seller cannot buy its own part either.
      await expect(accept(s, dealId, { bank: s.supplier1, at: null }))
        .to.be.revertedWithCustomError(s.registry, "MemberLacksRole")
        .withArgs(s.supplier1.address, Role.BANK);
    });

    it("reverts for an outsider on an open offer", async function () {
      const s = await setup();
      const dealId = await offer(s, { bank: ZeroAddress });
      await expect(accept(s, dealId, { bank: s.outsider }))
        .to.be.revertedWithCustomError(s.registry, "MemberNotActive")
        .withArgs(s.outsider.address);
    });

    it("reverts for a suspended bank", async function () {
      const s = await setup();
      const dealId = await offer(s);
      await s.registry.suspend(s.bank1.address, text32("license"));
      await expect(accept(s, dealId))
        .to.be.revertedWithCustomError(s.registry, "MemberNotActive")
        .withArgs(s.bank1.address);
    });

    it("reverts for a blacklisted bank", async function () {
      const s = await setup();
      const dealId = await offer(s, { bank: ZeroAddress });
      await s.registry.setBlacklisted(s.bank2.address, true, text32("sanctions"));
      await expect(accept(s, dealId, { bank: s.bank2 }))
        .to.be.revertedWithCustomError(s.registry, "MemberBlacklisted")
        .withArgs(s.bank2.address);
    });

    it("reverts when the seller was suspended after offering", async function () {
      const s = await setup();
      const dealId = await offer(s);
      await s.registry.suspend(s.supplier1.address, text32("kyc-review"));
      await expect(accept(s, dealId))
        .to.be.revertedWithCustomError(s.registry, "MemberNotActive")
        .withArgs(s.supplier1.address);
    });

    it("reverts when the seller was blacklisted after offering", async function () {
      const s = await setup();
      const dealId = await offer(s);
      await s.registry.setBlacklisted(s.supplier1.address, true, text32("fraud"));
      await expect(accept(s, dealId))
        .to.be.revertedWithCustomError(s.registry, "MemberBlacklisted")
        .withArgs(s.supplier1.address);
    });

    it("reverts when the obligor was blacklisted after the offer", async function () {
      const s = await setup();
      const dealId = await offer(s);
      await s.registry.setBlacklisted(s.core.address, true, text32("fraud"));
      await expect(accept(s, dealId))
        .to.be.revertedWithCustomError(s.registry, "MemberBlacklisted")
        .withArgs(s.core.address);
    });

    it("reverts after the offer expired", async function () {
      const s = await setup();
      const dealId = await offer(s);
      await expect(accept(s, dealId, { at: s.expiresAt + 1 }))
        .to.be.revertedWithCustomError(s.factoring, "FinancingExpired")
        .withArgs(dealId, s.expiresAt);
    });

    it("reverts for an unknown deal", async function () {
      const s = await setup();
      await expect(accept(s, 9n)).to.be.revertedWithCustomError(s.factoring, "FinancingNotFound").withArgs(9n);
    });

    it("reverts once the deal is funded, withdrawn or declined", async function () {
      const s = await setup();
      const dealId = await funded(s);
      await expect(accept(s, dealId, { at: null }))
        .to.be.revertedWithCustomError(s.factoring, "FinancingInvalidStatus")
        .withArgs(dealId, Status.Funded);

      const r2 = await issueAt(s, { face: 500_000n, maturity: s.maturity });
      const withdrawnId = await offer(s, { partId: r2, expiresAt: s.maturity });
      await s.factoring.connect(s.supplier1).withdraw(withdrawnId);
      await expect(accept(s, withdrawnId, { at: null }))
        .to.be.revertedWithCustomError(s.factoring, "FinancingInvalidStatus")
        .withArgs(withdrawnId, Status.Withdrawn);

      const declinedId = await offer(s, { partId: r2, expiresAt: s.maturity });
      await s.factoring.connect(s.bank1).decline(declinedId, ZeroHash);
      await expect(accept(s, declinedId, { at: null }))
        .to.be.revertedWithCustomError(s.factoring, "FinancingInvalidStatus")
        .withArgs(declinedId, Status.Declined);
    });

    it("reverts on an advance rate of 0 or above 100 %", async function () {
      const s = await setup();
      const dealId = await offer(s, { minAdvanceBps: 1n });
      for (const bps of [0n, 10_001n]) {
        await expect(accept(s, dealId, { advanceBps: bps, at: null }))
          .to.be.revertedWithCustomError(s.factoring, "FinancingInvalidTerm")
          .withArgs("advanceBps", bps);
      }
    });

    it("reverts on an advance rate below the seller's minimum", async function () {
      const s = await setup();
      const dealId = await offer(s, { minAdvanceBps: 8_000n });
      await expect(accept(s, dealId, { advanceBps: 7_999n }))
        .to.be.revertedWithCustomError(s.factoring, "FinancingTermOutOfBounds")
        .withArgs(dealId, "advanceBps", 7_999n, 8_000n);
    });

    it("reverts on a discount rate above the seller's maximum", async function () {
      const s = await setup();
      const dealId = await offer(s, { maxDiscountBps: 1_000n });
      await expect(accept(s, dealId, { discountBps: 1_001n }))
        .to.be.revertedWithCustomError(s.factoring, "FinancingTermOutOfBounds")
        .withArgs(dealId, "discountBps", 1_001n, 1_000n);
    });

    it("reverts with recourse when the seller did not accept recourse", async function () {
      const s = await setup();
      const dealId = await offer(s, { recourseAccepted: false });
      await expect(accept(s, dealId, { withRecourse: true }))
        .to.be.revertedWithCustomError(s.factoring, "FinancingTermOutOfBounds")
        .withArgs(dealId, "recourse", 1n, 0n);
    });

    it("reverts when the discount would eat the whole advance", async function () {
      const s = await setup();
      const dealId = await offer(s, { maxDiscountBps: 65_535n });
      const discount = pricing.interest(EXPECTED_ADVANCE, 65_535n, EXPECTED_DAYS);
      expect(discount).to.be.greaterThanOrEqual(EXPECTED_ADVANCE);
      await expect(accept(s, dealId, { discountBps: 65_535n }))
        .to.be.revertedWithCustomError(s.factoring, "FinancingTermOutOfBounds")
        .withArgs(dealId, "discount", discount, EXPECTED_ADVANCE);
    });

    it("reverts when the receivable was paid early while offered", async function () {
      const s = await setup();
      const dealId = await offer(s);
      await s.receivables.connect(s.core).pay(s.receivableId);
      await expect(accept(s, dealId))
        .to.be.revertedWithCustomError(s.factoring, "FinancingAssetNotReady")
        .withArgs(dealId);
    });

    it("reverts when the receivable went overdue while offered", async function () {
      const s = await setup();
      const dealId = await offer(s, { expiresAt: s.maturity + 10 * DAY });
      await time.increaseTo(s.maturity + 1);
      await s.receivables.markOverdue(s.receivableId);
      await expect(accept(s, dealId, { at: null }))
        .to.be.revertedWithCustomError(s.factoring, "FinancingAssetNotReady")
        .withArgs(dealId);
    });

    it("reverts on the maturity day, with no day of discount left", async function () {
      const s = await setup();
      const dealId = await offer(s, { expiresAt: s.maturity });
      await expect(accept(s, dealId, { at: s.day0 + 90 * DAY + HOUR }))
        .to.be.revertedWithCustomError(s.factoring, "FinancingAssetNotReady")
        .withArgs(dealId);
    });

    it("reverts when the advance exceeds the bank's obligor limit, and nothing moves", async function () {
      const s = await setup();
      const dealId = await offer(s);
      await s.creditLimits.connect(s.bank1).setLimit(s.core.address, LimitKind.Obligor, EXPECTED_ADVANCE - 1n);
      await expect(accept(s, dealId))
        .to.be.revertedWithCustomError(s.creditLimits, "CreditLimitExceeded")
        .withArgs(s.bank1.address, s.core.address, LimitKind.Obligor, EXPECTED_ADVANCE, EXPECTED_ADVANCE - 1n);
      expect(await s.settlementToken.balanceOf(s.supplier1.address)).to.equal(0n);
      expect((await s.factoring.deal(dealId)).status).to.equal(Status.Offered);
      // Exactly at the limit it goes through.
      await s.creditLimits.connect(s.bank1).setLimit(s.core.address, LimitKind.Obligor, EXPECTED_ADVANCE);
      await accept(s, dealId, { at: s.acceptAt + HOUR });
      expect(await s.creditLimits.available(s.bank1.address, s.core.address, LimitKind.Obligor)).to.equal(0n);
    });

    it("counts earlier deals against the obligor limit", async function () {
      const s = await setup();
      await s.creditLimits.connect(s.bank1).setLimit(s.core.address, LimitKind.Obligor, 1_500_000n);
      await funded(s);
      const r2 = await issueAt(s, { face: 700_000n, maturity: s.maturity });
      const second = await offer(s, { partId: r2, expiresAt: s.maturity });
      const advance2 = pricing.applyRateDown(700_000n, ADVANCE_BPS);
      await expect(accept(s, second, { at: null }))
        .to.be.revertedWithCustomError(s.creditLimits, "CreditLimitExceeded")
        .withArgs(s.bank1.address, s.core.address, LimitKind.Obligor, advance2, 1_500_000n - EXPECTED_ADVANCE);
    });

    it("reverts with recourse when the advance exceeds the seller's borrower limit", async function () {
      const s = await setup();
      const dealId = await offer(s);
      await s.creditLimits.connect(s.bank1).setLimit(s.supplier1.address, LimitKind.Borrower, 100_000n);
      await expect(accept(s, dealId, { withRecourse: true }))
        .to.be.revertedWithCustomError(s.creditLimits, "CreditLimitExceeded")
        .withArgs(s.bank1.address, s.supplier1.address, LimitKind.Borrower, EXPECTED_ADVANCE, 100_000n);
      // Without recourse the borrower line is not involved.
      await accept(s, dealId, { withRecourse: false, at: s.acceptAt + HOUR });
      expect(await used(s, s.bank1, s.supplier1, LimitKind.Borrower)).to.equal(0n);
    });

    it("reverts when the bank has not approved its settlement tokens, consuming no credit", async function () {
      const s = await setup();
      const dealId = await offer(s);
      await s.settlementToken.connect(s.bank1).approve(s.factoringAddress, 0n);
      await expect(accept(s, dealId))
        .to.be.revertedWithCustomError(s.settlementToken, "ERC20InsufficientAllowance")
        .withArgs(s.factoringAddress, 0n, EXPECTED_PRICE);
      expect(await used(s, s.bank1, s.core, LimitKind.Obligor)).to.equal(0n);
      expect((await s.factoring.deal(dealId)).status).to.equal(Status.Offered);
    });

    it("reverts when the bank lacks the cash", async function () {
      const s = await setup();
      const dealId = await offer(s);
      const balance = await s.settlementToken.balanceOf(s.bank1.address);
      await s.settlementToken.connect(s.bank1).transfer(s.bank2.address, balance - 10n);
      await expect(accept(s, dealId))
        .to.be.revertedWithCustomError(s.settlementToken, "ERC20InsufficientBalance")
        .withArgs(s.bank1.address, 10n, EXPECTED_PRICE);
    });
  });

  describe("collect", function () {
    it("pays the bank its advance and the seller the reserve at maturity", async function () {
      const s = await setup();
      const dealId = await funded(s);
      await time.increaseTo(s.maturity);
      await s.receivables.connect(s.core).pay(s.receivableId);
      const bankBefore = await s.settlementToken.balanceOf(s.bank1.address);
      const sellerBefore = await s.settlementToken.balanceOf(s.supplier1.address);
      const reserve = FACE - EXPECTED_ADVANCE;

      // Anyone may call, even an outsider.
      const tx = s.factoring.connect(s.outsider).collect(dealId);
      await expect(tx).to.emit(s.factoring, "FactoringCollected").withArgs(dealId, EXPECTED_ADVANCE, reserve);
      await expect(tx)
        .to.emit(s.receivables, "PartRedeemed")
        .withArgs(s.partId, s.receivableId, s.factoringAddress, FACE);
      await expect(tx)
        .to.emit(s.creditLimits, "CreditLineUsed")
        .withArgs(s.bank1.address, s.core.address, LimitKind.Obligor, false, EXPECTED_ADVANCE, 0n);

      expect(await s.settlementToken.balanceOf(s.bank1.address)).to.equal(bankBefore + EXPECTED_ADVANCE);
      expect(await s.settlementToken.balanceOf(s.supplier1.address)).to.equal(sellerBefore + reserve);
      expect(await s.settlementToken.balanceOf(s.factoringAddress)).to.equal(0n);
      expect((await s.receivables.part(s.partId)).status).to.equal(PartStatus.Redeemed);
      expect((await s.factoring.deal(dealId)).status).to.equal(Status.Collected);
      expect(await used(s, s.bank1, s.core, LimitKind.Obligor)).to.equal(0n);
      // Over the whole deal the seller got face minus discount, the bank earned the discount.
      expect(sellerBefore + reserve).to.equal(FACE - EXPECTED_DISCOUNT);
    });

    it("releases the borrower line too for a deal with recourse", async function () {
      const s = await setup();
      const dealId = await funded(s, { withRecourse: true });
      await s.receivables.connect(s.core).pay(s.receivableId);
      await expect(s.factoring.connect(s.bank1).collect(dealId))
        .to.emit(s.creditLimits, "CreditLineUsed")
        .withArgs(s.bank1.address, s.supplier1.address, LimitKind.Borrower, false, EXPECTED_ADVANCE, 0n);
      expect(await used(s, s.bank1, s.core, LimitKind.Obligor)).to.equal(0n);
      expect(await used(s, s.bank1, s.supplier1, LimitKind.Borrower)).to.equal(0n);
    });

    it("pays no reserve when the advance was 100 %", async function () {
      const s = await setup();
      const dealId = await funded(s, { advanceBps: 10_000n });
      await s.receivables.connect(s.core).pay(s.receivableId);
      const sellerBefore = await s.settlementToken.balanceOf(s.supplier1.address);
      await expect(s.factoring.collect(dealId)).to.emit(s.factoring, "FactoringCollected").withArgs(dealId, FACE, 0n);
      expect(await s.settlementToken.balanceOf(s.supplier1.address)).to.equal(sellerBefore);
    });

    it("collects a deal without recourse when the obligor pays after a default", async function () {
      const s = await setup();
      const dealId = await funded(s);
      await declareDefault(s);
      await s.receivables.connect(s.core).pay(s.receivableId);
      await expect(s.factoring.collect(dealId))
        .to.emit(s.factoring, "FactoringCollected")
        .withArgs(dealId, EXPECTED_ADVANCE, FACE - EXPECTED_ADVANCE);
    });

    it("collects a claimed recourse deal when the obligor pays before the seller", async function () {
      const s = await setup();
      const dealId = await funded(s, { withRecourse: true });
      await declareDefault(s);
      await s.factoring.connect(s.bank1).claimRecourse(dealId);
      await s.receivables.connect(s.core).pay(s.receivableId);
      await expect(s.factoring.collect(dealId))
        .to.emit(s.factoring, "FactoringCollected")
        .withArgs(dealId, EXPECTED_ADVANCE, FACE - EXPECTED_ADVANCE);
      expect((await s.factoring.deal(dealId)).status).to.equal(Status.Collected);
      expect(await used(s, s.bank1, s.supplier1, LimitKind.Borrower)).to.equal(0n);
    });

    it("pays each part of a split receivable to its own deal", async function () {
      const s = await setup();
      const child = await s.receivables.connect(s.supplier1).split.staticCall(s.partId, s.supplier2.address, 400_003n);
      await s.receivables.connect(s.supplier1).split(s.partId, s.supplier2.address, 400_003n);
      const d1 = await funded(s); // root part: 600 000
      const d2 = await offer(s, { seller: s.supplier2, partId: child, bank: s.bank2.address });
      await accept(s, d2, { bank: s.bank2, advanceBps: 8_000n, at: s.acceptAt + HOUR });
      await s.receivables.connect(s.core).pay(s.receivableId);
      const a1 = pricing.applyRateDown(600_000n, ADVANCE_BPS);
      const a2 = pricing.applyRateDown(400_003n, 8_000n);
      await expect(s.factoring.collect(d1))
        .to.emit(s.factoring, "FactoringCollected")
        .withArgs(d1, a1, 600_000n - a1);
      await expect(s.factoring.collect(d2))
        .to.emit(s.factoring, "FactoringCollected")
        .withArgs(d2, a2, 400_003n - a2);
      expect(await s.settlementToken.balanceOf(s.factoringAddress)).to.equal(0n);
      expect(await s.settlementToken.balanceOf(await s.receivables.getAddress())).to.equal(0n);
    });

    it("reverts before the receivable is paid", async function () {
      const s = await setup();
      const dealId = await funded(s);
      await time.increaseTo(s.maturity + DAY);
      await expect(s.factoring.collect(dealId))
        .to.be.revertedWithCustomError(s.receivables, "ReceivablePartNotRedeemable")
        .withArgs(s.partId);
    });

    it("reverts for an unknown deal", async function () {
      const s = await setup();
      await expect(s.factoring.collect(11))
        .to.be.revertedWithCustomError(s.factoring, "FinancingNotFound")
        .withArgs(11n);
    });

    it("reverts for an offer not funded, and for a deal collected or settled already", async function () {
      const s = await setup();
      const dealId = await offer(s);
      await expect(s.factoring.collect(dealId))
        .to.be.revertedWithCustomError(s.factoring, "FinancingInvalidStatus")
        .withArgs(dealId, Status.Offered);
      await accept(s, dealId);
      await s.receivables.connect(s.core).pay(s.receivableId);
      await s.factoring.collect(dealId);
      await expect(s.factoring.collect(dealId))
        .to.be.revertedWithCustomError(s.factoring, "FinancingInvalidStatus")
        .withArgs(dealId, Status.Collected);
    });

    it("reverts for a withdrawn or declined offer", async function () {
      const s = await setup();
      const withdrawnId = await offer(s);
      await s.factoring.connect(s.supplier1).withdraw(withdrawnId);
      await expect(s.factoring.collect(withdrawnId))
        .to.be.revertedWithCustomError(s.factoring, "FinancingInvalidStatus")
        .withArgs(withdrawnId, Status.Withdrawn);
      const declinedId = await offer(s);
      await s.factoring.connect(s.bank1).decline(declinedId, ZeroHash);
      await expect(s.factoring.collect(declinedId))
        .to.be.revertedWithCustomError(s.factoring, "FinancingInvalidStatus")
        .withArgs(declinedId, Status.Declined);
    });

    it("pays the bank even while the seller is suspended, and holds the seller's reserve for it", async function () {
      const s = await setup();
      const dealId = await funded(s);
      await s.receivables.connect(s.core).pay(s.receivableId);
      await s.registry.suspend(s.supplier1.address, text32("kyc-review"));
      const bankBefore = await s.settlementToken.balanceOf(s.bank1.address);
      const sellerBefore = await s.settlementToken.balanceOf(s.supplier1.address);

      await expect(s.factoring.collect(dealId))
        .to.emit(s.factoring, "FactoringCollected")
        .withArgs(dealId, EXPECTED_ADVANCE, FACE - EXPECTED_ADVANCE)
        .and.to.emit(s.factoring, "PayoutHeld")
        .withArgs(s.supplier1.address, CNY, FACE - EXPECTED_ADVANCE);

      expect(await s.settlementToken.balanceOf(s.bank1.address)).to.equal(bankBefore + EXPECTED_ADVANCE);
      expect(await s.settlementToken.balanceOf(s.supplier1.address)).to.equal(sellerBefore);
      expect(await s.factoring.heldFor(s.supplier1.address, CNY)).to.equal(FACE - EXPECTED_ADVANCE);
      expect(await s.settlementToken.balanceOf(s.factoringAddress)).to.equal(FACE - EXPECTED_ADVANCE);

      // Suspended, the seller cannot claim; reinstated, it can, once.
      await expect(s.factoring.connect(s.supplier1).claimHeld(CNY))
        .to.be.revertedWithCustomError(s.factoring, "MemberNotActive")
        .withArgs(s.supplier1.address);
      await s.registry.reinstate(s.supplier1.address);
      await expect(s.factoring.connect(s.supplier1).claimHeld(CNY))
        .to.emit(s.factoring, "PayoutClaimed")
        .withArgs(s.supplier1.address, CNY, FACE - EXPECTED_ADVANCE);
      expect(await s.settlementToken.balanceOf(s.supplier1.address)).to.equal(sellerBefore + FACE - EXPECTED_ADVANCE);
      expect(await s.factoring.heldFor(s.supplier1.address, CNY)).to.equal(0n);
      expect(await s.settlementToken.balanceOf(s.factoringAddress)).to.equal(0n);
      await expect(s.factoring.connect(s.supplier1).claimHeld(CNY))
        .to.be.revertedWithCustomError(s.factoring, "FinancingNothingHeld")
        .withArgs(s.supplier1.address, CNY);
    });

    it("lets nobody else claim what is held for a member", async function () {
      const s = await setup();
      const dealId = await funded(s);
      await s.receivables.connect(s.core).pay(s.receivableId);
      await s.registry.suspend(s.supplier1.address, text32("kyc-review"));
      await s.factoring.collect(dealId);
      for (const other of [s.bank1, s.supplier2]) {
        await expect(s.factoring.connect(other).claimHeld(CNY))
          .to.be.revertedWithCustomError(s.factoring, "FinancingNothingHeld")
          .withArgs(other.address, CNY);
      }
      await expect(s.factoring.connect(s.outsider).claimHeld(CNY))
        .to.be.revertedWithCustomError(s.factoring, "MemberNotActive")
        .withArgs(s.outsider.address);
      expect(await s.factoring.heldFor(s.supplier1.address, CNY)).to.equal(FACE - EXPECTED_ADVANCE);
    });

    it("refuses a third party's direct redemption of a part in factoring custody", async function () {
      const s = await setup();
      const dealId = await funded(s);
      await s.receivables.connect(s.core).pay(s.receivableId);
      // Anyone may trigger the redemption of an ordinary holder's part, but not of a part in custody:
      // the contract owes its proceeds on and must account for them.
      for (const caller of [s.outsider, s.bank1, s.supplier1, s.core]) {
        await expect(s.receivables.connect(caller).redeem(s.partId))
          .to.be.revertedWithCustomError(s.receivables, "ReceivablePartInCustody")
          .withArgs(s.partId, s.factoringAddress);
      }
      await expect(s.factoring.collect(dealId))
        .to.emit(s.factoring, "FactoringCollected")
        .withArgs(dealId, EXPECTED_ADVANCE, FACE - EXPECTED_ADVANCE);
    });

    it("refuses a third party's direct redemption of an offered part, so withdraw still pays the seller", async function () {
      const s = await setup();
      const dealId = await offer(s);
      await s.receivables.connect(s.core).pay(s.receivableId);
      await expect(s.receivables.connect(s.outsider).redeem(s.partId))
        .to.be.revertedWithCustomError(s.receivables, "ReceivablePartInCustody")
        .withArgs(s.partId, s.factoringAddress);
      const before = await s.settlementToken.balanceOf(s.supplier1.address);
      await s.factoring.connect(s.supplier1).withdraw(dealId);
      expect(await s.settlementToken.balanceOf(s.supplier1.address)).to.equal(before + FACE);
    });
  });

  describe("claimRecourse", function () {
    it("lets the bank claim the advance from the seller after a default", async function () {
      const s = await setup();
      const dealId = await funded(s, { withRecourse: true });
      await declareDefault(s);
      await expect(s.factoring.connect(s.bank1).claimRecourse(dealId))
        .to.emit(s.factoring, "FactoringRecourseClaimed")
        .withArgs(dealId, s.supplier1.address, EXPECTED_ADVANCE);
      const d = await s.factoring.deal(dealId);
      expect(d.status).to.equal(Status.RecourseClaimed);
      // Nothing moves yet: the part stays in custody and the lines stay in use.
      expect((await s.receivables.part(s.partId)).holder).to.equal(s.factoringAddress);
      expect(await used(s, s.bank1, s.supplier1, LimitKind.Borrower)).to.equal(EXPECTED_ADVANCE);
    });

    it("reverts for anyone but the buying bank", async function () {
      const s = await setup();
      const dealId = await funded(s, { withRecourse: true });
      await declareDefault(s);
      for (const caller of [s.bank2, s.supplier1, s.core, s.operator, s.outsider]) {
        await expect(s.factoring.connect(caller).claimRecourse(dealId))
          .to.be.revertedWithCustomError(s.factoring, "FinancingUnauthorized")
          .withArgs(dealId, caller.address, s.bank1.address);
      }
    });

    it("reverts for a deal without recourse: the bank bears the default", async function () {
      const s = await setup();
      const dealId = await funded(s, { withRecourse: false });
      await declareDefault(s);
      await expect(s.factoring.connect(s.bank1).claimRecourse(dealId))
        .to.be.revertedWithCustomError(s.factoring, "FinancingTermOutOfBounds")
        .withArgs(dealId, "recourse", 0n, 1n);
    });

    it("reverts while the receivable is outstanding or only overdue", async function () {
      const s = await setup();
      const dealId = await funded(s, { withRecourse: true });
      await expect(s.factoring.connect(s.bank1).claimRecourse(dealId))
        .to.be.revertedWithCustomError(s.factoring, "FinancingAssetNotReady")
        .withArgs(dealId);
      await time.increaseTo(s.maturity + 1);
      await s.receivables.markOverdue(s.receivableId);
      await expect(s.factoring.connect(s.bank1).claimRecourse(dealId))
        .to.be.revertedWithCustomError(s.factoring, "FinancingAssetNotReady")
        .withArgs(dealId);
    });

    it("reverts when the receivable was paid", async function () {
      const s = await setup();
      const dealId = await funded(s, { withRecourse: true });
      await s.receivables.connect(s.core).pay(s.receivableId);
      await expect(s.factoring.connect(s.bank1).claimRecourse(dealId))
        .to.be.revertedWithCustomError(s.factoring, "FinancingAssetNotReady")
        .withArgs(dealId);
    });

    it("reverts for an unknown deal", async function () {
      const s = await setup();
      await expect(s.factoring.connect(s.bank1).claimRecourse(4))
        .to.be.revertedWithCustomError(s.factoring, "FinancingNotFound")
        .withArgs(4n);
    });

    it("reverts for an offer not funded and for a claim made already", async function () {
      const s = await setup();
      const dealId = await offer(s);
      await expect(s.factoring.connect(s.bank1).claimRecourse(dealId))
        .to.be.revertedWithCustomError(s.factoring, "FinancingInvalidStatus")
        .withArgs(dealId, Status.Offered);
      await accept(s, dealId, { withRecourse: true });
      await declareDefault(s);
      await s.factoring.connect(s.bank1).claimRecourse(dealId);
      await expect(s.factoring.connect(s.bank1).claimRecourse(dealId))
        .to.be.revertedWithCustomError(s.factoring, "FinancingInvalidStatus")
        .withArgs(dealId, Status.RecourseClaimed);
    });
  });

  describe("settleRecourse", function () {
    async function claimed(s: Setup) {
      const dealId = await funded(s, { withRecourse: true });
      await declareDefault(s);
      await s.factoring.connect(s.bank1).claimRecourse(dealId);
      return dealId;
    }

    it("makes the seller repay the advance and gives it the part back", async function () {
      const s = await setup();
      const dealId = await claimed(s);
      // The seller received the price; it needs the whole advance to settle.
      await fund(s, s.supplier1, EXPECTED_DISCOUNT);
      expect(await s.settlementToken.balanceOf(s.supplier1.address)).to.equal(EXPECTED_ADVANCE);
      const bankBefore = await s.settlementToken.balanceOf(s.bank1.address);

      const tx = s.factoring.connect(s.supplier1).settleRecourse(dealId);
      await expect(tx)
        .to.emit(s.factoring, "FactoringRecourseSettled")
        .withArgs(dealId, s.supplier1.address, EXPECTED_ADVANCE);
      await expect(tx)
        .to.emit(s.settlementToken, "Transfer")
        .withArgs(s.supplier1.address, s.bank1.address, EXPECTED_ADVANCE);
      await expect(tx)
        .to.emit(s.receivables, "PartTransferred")
        .withArgs(s.partId, s.factoringAddress, s.supplier1.address);
      await expect(tx)
        .to.emit(s.creditLimits, "CreditLineUsed")
        .withArgs(s.bank1.address, s.supplier1.address, LimitKind.Borrower, false, EXPECTED_ADVANCE, 0n);

      expect(await s.settlementToken.balanceOf(s.supplier1.address)).to.equal(0n);
      expect(await s.settlementToken.balanceOf(s.bank1.address)).to.equal(bankBefore + EXPECTED_ADVANCE);
      expect((await s.receivables.part(s.partId)).holder).to.equal(s.supplier1.address);
      expect((await s.factoring.deal(dealId)).status).to.equal(Status.RecourseSettled);
      expect(await used(s, s.bank1, s.core, LimitKind.Obligor)).to.equal(0n);
      expect(await used(s, s.bank1, s.supplier1, LimitKind.Borrower)).to.equal(0n);
    });

    it("leaves the seller holding the defaulted claim, redeemable if the obligor pays late", async function () {
      const s = await setup();
      const dealId = await claimed(s);
      await fund(s, s.supplier1, EXPECTED_DISCOUNT);
      await s.factoring.connect(s.supplier1).settleRecourse(dealId);
      await s.receivables.connect(s.core).pay(s.receivableId);
      await s.receivables.redeem(s.partId);
      expect(await s.settlementToken.balanceOf(s.supplier1.address)).to.equal(FACE);
      await expect(s.factoring.collect(dealId))
        .to.be.revertedWithCustomError(s.factoring, "FinancingInvalidStatus")
        .withArgs(dealId, Status.RecourseSettled);
    });

    it("pays the seller the proceeds instead of the part when the obligor paid late meanwhile", async function () {
      const s = await setup();
      const dealId = await claimed(s);
      await s.receivables.connect(s.core).pay(s.receivableId);
      await fund(s, s.supplier1, EXPECTED_DISCOUNT);
      const bankBefore = await s.settlementToken.balanceOf(s.bank1.address);
      const tx = s.factoring.connect(s.supplier1).settleRecourse(dealId);
      await expect(tx)
        .to.emit(s.factoring, "FactoringRecourseSettled")
        .withArgs(dealId, s.supplier1.address, EXPECTED_ADVANCE);
      await expect(tx)
        .to.emit(s.receivables, "PartRedeemed")
        .withArgs(s.partId, s.receivableId, s.factoringAddress, FACE);
      // Paid the advance, got the face: the same net result as the normal collection.
      expect(await s.settlementToken.balanceOf(s.supplier1.address)).to.equal(FACE);
      expect(await s.settlementToken.balanceOf(s.bank1.address)).to.equal(bankBefore + EXPECTED_ADVANCE);
      expect(await s.settlementToken.balanceOf(s.factoringAddress)).to.equal(0n);
      expect((await s.factoring.deal(dealId)).status).to.equal(Status.RecourseSettled);
      await expect(s.factoring.collect(dealId))
        .to.be.revertedWithCustomError(s.factoring, "FinancingInvalidStatus")
        .withArgs(dealId, Status.RecourseSettled);
    });

    it("reverts for anyone but the seller", async function () {
      const s = await setup();
      const dealId = await claimed(s);
      for (const caller of [s.bank1, s.bank2, s.supplier2, s.core, s.outsider]) {
        await expect(s.factoring.connect(caller).settleRecourse(dealId))
          .to.be.revertedWithCustomError(s.factoring, "FinancingUnauthorized")
          .withArgs(dealId, caller.address, s.supplier1.address);
      }
    });

    it("reverts when the seller cannot pay the whole advance", async function () {
      const s = await setup();
      const dealId = await claimed(s);
      await expect(s.factoring.connect(s.supplier1).settleRecourse(dealId))
        .to.be.revertedWithCustomError(s.settlementToken, "ERC20InsufficientBalance")
        .withArgs(s.supplier1.address, EXPECTED_PRICE, EXPECTED_ADVANCE);
      expect((await s.factoring.deal(dealId)).status).to.equal(Status.RecourseClaimed);
    });

    it("reverts when the seller has not approved the payment", async function () {
      const s = await setup();
      const dealId = await claimed(s);
      await fund(s, s.supplier1, EXPECTED_DISCOUNT);
      await s.settlementToken.connect(s.supplier1).approve(s.factoringAddress, 0n);
      await expect(s.factoring.connect(s.supplier1).settleRecourse(dealId))
        .to.be.revertedWithCustomError(s.settlementToken, "ERC20InsufficientAllowance")
        .withArgs(s.factoringAddress, 0n, EXPECTED_ADVANCE);
    });

    it("reverts while the seller is suspended", async function () {
      const s = await setup();
      const dealId = await claimed(s);
      await fund(s, s.supplier1, EXPECTED_DISCOUNT);
      await s.registry.suspend(s.supplier1.address, text32("kyc-review"));
      await expect(s.factoring.connect(s.supplier1).settleRecourse(dealId))
        .to.be.revertedWithCustomError(s.registry, "MemberNotActive")
        .withArgs(s.supplier1.address);
    });

    it("reverts for a funded deal whose recourse was not claimed", async function () {
      const s = await setup();
      const dealId = await funded(s, { withRecourse: true });
      await declareDefault(s);
      await expect(s.factoring.connect(s.supplier1).settleRecourse(dealId))
        .to.be.revertedWithCustomError(s.factoring, "FinancingInvalidStatus")
        .withArgs(dealId, Status.Funded);
    });

    it("reverts once settled, or after collection", async function () {
      const s = await setup();
      const dealId = await claimed(s);
      await fund(s, s.supplier1, EXPECTED_DISCOUNT);
      await s.factoring.connect(s.supplier1).settleRecourse(dealId);
      await expect(s.factoring.connect(s.supplier1).settleRecourse(dealId))
        .to.be.revertedWithCustomError(s.factoring, "FinancingInvalidStatus")
        .withArgs(dealId, Status.RecourseSettled);

      const s2 = await setup();
      const d2 = await claimed(s2);
      await s2.receivables.connect(s2.core).pay(s2.receivableId);
      await s2.factoring.collect(d2);
      await expect(s2.factoring.connect(s2.supplier1).settleRecourse(d2))
        .to.be.revertedWithCustomError(s2.factoring, "FinancingInvalidStatus")
        .withArgs(d2, Status.Collected);
    });

    it("reverts for an unknown deal", async function () {
      const s = await setup();
      await expect(s.factoring.connect(s.supplier1).settleRecourse(8))
        .to.be.revertedWithCustomError(s.factoring, "FinancingNotFound")
        .withArgs(8n);
    });
  });
});
