import { expect } from "chai";
import { ethers } from "hardhat";
import { loadFixture, time } from "@nomicfoundation/hardhat-network-helpers";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/signers";
import type { ContractTransactionResponse } from "ethers";
import { ZeroAddress, ZeroHash } from "ethers";
import { SettlementToken__factory } from "../../typechain-types";
import {
  CNY,
  DAY,
  PartStatus,
  ReceivableStatus,
  Role,
  actAs,
  confirmedOrder,
  consortiumFixture,
  currencyCode,
  docHash,
  issueReceivable,
  text32,
  type Fixture,
} from "../helpers/fixture";

const USD = currencyCode("USD");
const EUR = currencyCode("EUR");
const MAX_TERM = 365 * DAY;
const LONG_TERM_THRESHOLD = 180 * DAY;
const GRACE = 30 * DAY;
const FACE = 1_000_000n;
const BANK_OR_OPERATOR = Role.BANK | Role.OPERATOR;

// ---------------------------------------------------------------------------------------------
// Local helpers
// ---------------------------------------------------------------------------------------------

/** The args of the first event `name` emitted by the receivables contract in `tx`. */
async function eventArgs(f: Fixture, tx: ContractTransactionResponse, name: string) {
  const receipt = await tx.wait();
  for (const log of receipt!.logs) {
    try {
      const parsed = f.receivables.interface.parseLog(log);
      if (parsed?.name === name) return parsed.args;
    } catch {
      // not a Receivables log
    }
  }
  throw new Error(`no ${name} event`);
}

/**
 * Issues a receivable at a known block time. Returns its id, the issue time, its maturity and its
 * invoice hash.
 */
async function issueAt(
  f: Fixture,
  opts: { face?: bigint; days?: number; creditor?: HardhatEthersSigner; obligor?: HardhatEthersSigner } = {},
) {
  const obligor = opts.obligor ?? f.core;
  const creditor = opts.creditor ?? f.supplier1;
  const face = opts.face ?? FACE;
  const issuedAt = (await time.latest()) + 10;
  const maturity = issuedAt + (opts.days ?? 90) * DAY;
  const invoiceHash = docHash("invoice");
  await time.setNextBlockTimestamp(issuedAt);
  const tx = await f.receivables
    .connect(obligor)
    .issue(creditor.address, face, CNY, maturity, invoiceHash, "ipfs://invoice");
  const args = await eventArgs(f, tx, "ReceivableIssued");
  return { id: args.receivableId as bigint, issuedAt, maturity, invoiceHash, face };
}

/** Splits `amount` off `partId` (held by `holder`) to `to` and returns the new part id. */
async function splitTo(
  f: Fixture,
  holder: HardhatEthersSigner,
  partId: bigint,
  to: HardhatEthersSigner,
  amount: bigint,
): Promise<bigint> {
  const newId = await f.receivables.connect(holder).split.staticCall(partId, to.address, amount);
  await f.receivables.connect(holder).split(partId, to.address, amount);
  return newId;
}

async function suspend(f: Fixture, who: HardhatEthersSigner) {
  await f.registry.connect(f.operator).suspend(who.address, text32("test"));
}

async function deployToken(f: Fixture, code: string) {
  const token = await new SettlementToken__factory(f.operator).deploy(
    await f.registry.getAddress(),
    `Tokenized Deposit ${code}`,
    `d${code}`,
    currencyCode(code),
  );
  await token.waitForDeployment();
  return token;
}

/** Sum of the current amounts of the given parts. */
async function sumAmounts(f: Fixture, partIds: bigint[]): Promise<bigint> {
  let total = 0n;
  for (const id of partIds) total += (await f.receivables.part(id)).amount;
  return total;
}

async function payAfter(f: Fixture, id: bigint, at: number) {
  await time.setNextBlockTimestamp(at);
  await f.receivables.connect(f.core).pay(id);
}

// ---------------------------------------------------------------------------------------------

describe("Receivables", function () {
  describe("constants and wiring", function () {
    it("exposes the term limits, the grace period and the registry", async function () {
      const f = await loadFixture(consortiumFixture);
      expect(await f.receivables.MAX_TERM()).to.equal(MAX_TERM);
      expect(await f.receivables.LONG_TERM_THRESHOLD()).to.equal(LONG_TERM_THRESHOLD);
      expect(await f.receivables.DEFAULT_GRACE_PERIOD()).to.equal(GRACE);
      expect(await f.receivables.registry()).to.equal(await f.registry.getAddress());
    });
  });

  describe("setSettlementToken", function () {
    it("the deployment registered the CNY settlement token", async function () {
      const f = await loadFixture(consortiumFixture);
      expect(await f.receivables.settlementToken(CNY)).to.equal(await f.settlementToken.getAddress());
    });

    it("registers the token of a new currency and emits SettlementTokenSet", async function () {
      const f = await loadFixture(consortiumFixture);
      const usd = await deployToken(f, "USD");
      const usdAddress = await usd.getAddress();
      expect(await f.receivables.settlementToken(USD)).to.equal(ZeroAddress);
      await expect(f.receivables.connect(f.operator).setSettlementToken(USD, usdAddress))
        .to.emit(f.receivables, "SettlementTokenSet")
        .withArgs(USD, usdAddress);
      expect(await f.receivables.settlementToken(USD)).to.equal(usdAddress);
      // CNY is untouched.
      expect(await f.receivables.settlementToken(CNY)).to.equal(await f.settlementToken.getAddress());
    });

    it("reverts when the currency is registered again with the same token", async function () {
      const f = await loadFixture(consortiumFixture);
      const token = await f.settlementToken.getAddress();
      await expect(f.receivables.connect(f.operator).setSettlementToken(CNY, token))
        .to.be.revertedWithCustomError(f.receivables, "ReceivableSettlementTokenAlreadySet")
        .withArgs(CNY, token);
    });

    it("reverts when the currency is registered again with another token of that currency", async function () {
      const f = await loadFixture(consortiumFixture);
      const original = await f.settlementToken.getAddress();
      const other = await deployToken(f, "CNY");
      await expect(f.receivables.connect(f.operator).setSettlementToken(CNY, await other.getAddress()))
        .to.be.revertedWithCustomError(f.receivables, "ReceivableSettlementTokenAlreadySet")
        .withArgs(CNY, original);
      expect(await f.receivables.settlementToken(CNY)).to.equal(original);
    });

    it("reverts when a newly registered currency is registered a second time", async function () {
      const f = await loadFixture(consortiumFixture);
      const usd = await (await deployToken(f, "USD")).getAddress();
      await f.receivables.connect(f.operator).setSettlementToken(USD, usd);
      await expect(f.receivables.connect(f.operator).setSettlementToken(USD, usd))
        .to.be.revertedWithCustomError(f.receivables, "ReceivableSettlementTokenAlreadySet")
        .withArgs(USD, usd);
    });

    it("reverts when the token's currency is not the currency", async function () {
      const f = await loadFixture(consortiumFixture);
      const usd = await (await deployToken(f, "USD")).getAddress();
      await expect(f.receivables.connect(f.operator).setSettlementToken(EUR, usd))
        .to.be.revertedWithCustomError(f.receivables, "ReceivableCurrencyMismatch")
        .withArgs(EUR, USD);
      expect(await f.receivables.settlementToken(EUR)).to.equal(ZeroAddress);
    });

    for (const who of ["core", "supplier1", "bank1", "regulator"] as const) {
      it(`reverts for ${who}, a member without the operator role`, async function () {
        const f = await loadFixture(consortiumFixture);
        const usd = await (await deployToken(f, "USD")).getAddress();
        await expect(f.receivables.connect(f[who]).setSettlementToken(USD, usd))
          .to.be.revertedWithCustomError(f.registry, "MemberLacksRole")
          .withArgs(f[who].address, Role.OPERATOR);
      });
    }

    it("reverts for the outsider", async function () {
      const f = await loadFixture(consortiumFixture);
      const usd = await (await deployToken(f, "USD")).getAddress();
      await expect(f.receivables.connect(f.outsider).setSettlementToken(USD, usd))
        .to.be.revertedWithCustomError(f.registry, "MemberNotActive")
        .withArgs(f.outsider.address);
    });

    it("reverts for a suspended operator", async function () {
      const f = await loadFixture(consortiumFixture);
      const signers = await ethers.getSigners();
      const operator2 = signers[11];
      await f.registry.connect(f.operator).admit(operator2.address, text32("operator-2"), Role.OPERATOR, ZeroHash);
      await suspend(f, operator2);
      const usd = await (await deployToken(f, "USD")).getAddress();
      await expect(f.receivables.connect(operator2).setSettlementToken(USD, usd))
        .to.be.revertedWithCustomError(f.registry, "MemberNotActive")
        .withArgs(operator2.address);
    });
  });

  describe("issue", function () {
    it("issues a receivable and its root part to the creditor, with a full event", async function () {
      const f = await loadFixture(consortiumFixture);
      const issuedAt = (await time.latest()) + 10;
      const maturity = issuedAt + 90 * DAY;
      const invoice = docHash("invoice");
      expect(await f.receivables.invoiceRegistered(invoice)).to.equal(false);
      await time.setNextBlockTimestamp(issuedAt);
      const tx = f.receivables
        .connect(f.core)
        .issue(f.supplier1.address, FACE, CNY, maturity, invoice, "ipfs://invoice-1");
      await expect(tx)
        .to.emit(f.receivables, "ReceivableIssued")
        .withArgs(1n, f.core.address, f.supplier1.address, FACE, CNY, maturity, false, 0n, invoice, "ipfs://invoice-1");

      const r = await f.receivables.receivable(1n);
      expect(r.obligor).to.equal(f.core.address);
      expect(r.maturity).to.equal(maturity);
      expect(r.issuedAt).to.equal(issuedAt);
      expect(r.status).to.equal(ReceivableStatus.Outstanding);
      expect(r.longTerm).to.equal(false);
      expect(r.face).to.equal(FACE);
      expect(r.currency).to.equal(CNY);
      expect(r.orderId).to.equal(0n);
      expect(r.paidAt).to.equal(0n);
      expect(r.invoiceHash).to.equal(invoice);

      const p = await f.receivables.part(1n);
      expect(p.holder).to.equal(f.supplier1.address);
      expect(p.amount).to.equal(FACE);
      expect(p.face).to.equal(FACE);
      expect(p.parentId).to.equal(0n);
      expect(p.rootId).to.equal(1n);
      expect(p.status).to.equal(PartStatus.Active);
      expect(await f.receivables.invoiceRegistered(invoice)).to.equal(true);
    });

    it("returns the new id, and receivables and parts share one id counter", async function () {
      const f = await loadFixture(consortiumFixture);
      const first = await issueReceivable(f);
      expect(first).to.equal(1n);
      const child = await splitTo(f, f.supplier1, first, f.supplier2, 100n);
      expect(child).to.equal(2n);
      const maturity = (await time.latest()) + 30 * DAY;
      const invoice = docHash("invoice");
      const next = await f.receivables
        .connect(f.core2)
        .issue.staticCall(f.supplier2.address, 5n, CNY, maturity, invoice, "");
      expect(next).to.equal(3n);
    });

    it("lets a tier-1 supplier with the core-enterprise role issue to its own supplier", async function () {
      const f = await loadFixture(consortiumFixture);
      const { id } = await issueAt(f, { obligor: f.supplier1, creditor: f.supplier2, face: 42n });
      const r = await f.receivables.receivable(id);
      expect(r.obligor).to.equal(f.supplier1.address);
      expect((await f.receivables.part(id)).holder).to.equal(f.supplier2.address);
    });

    it("accepts a maturity exactly MAX_TERM ahead and flags it longTerm", async function () {
      const f = await loadFixture(consortiumFixture);
      const now = (await time.latest()) + 10;
      const maturity = now + MAX_TERM;
      const invoice = docHash();
      await time.setNextBlockTimestamp(now);
      await expect(f.receivables.connect(f.core).issue(f.supplier1.address, FACE, CNY, maturity, invoice, "u"))
        .to.emit(f.receivables, "ReceivableIssued")
        .withArgs(1n, f.core.address, f.supplier1.address, FACE, CNY, maturity, true, 0n, invoice, "u");
      expect((await f.receivables.receivable(1n)).longTerm).to.equal(true);
    });

    it("does not flag a term of exactly 180 days as longTerm", async function () {
      const f = await loadFixture(consortiumFixture);
      const { id } = await issueAt(f, { days: 180 });
      expect((await f.receivables.receivable(id)).longTerm).to.equal(false);
    });

    it("flags a term of 180 days and one second as longTerm", async function () {
      const f = await loadFixture(consortiumFixture);
      const now = (await time.latest()) + 10;
      await time.setNextBlockTimestamp(now);
      await f.receivables
        .connect(f.core)
        .issue(f.supplier1.address, FACE, CNY, now + LONG_TERM_THRESHOLD + 1, docHash(), "u");
      expect((await f.receivables.receivable(1n)).longTerm).to.equal(true);
    });

    it("reverts when maturity is more than MAX_TERM ahead", async function () {
      const f = await loadFixture(consortiumFixture);
      const now = (await time.latest()) + 10;
      const maturity = now + MAX_TERM + 1;
      await time.setNextBlockTimestamp(now);
      await expect(f.receivables.connect(f.core).issue(f.supplier1.address, FACE, CNY, maturity, docHash(), "u"))
        .to.be.revertedWithCustomError(f.receivables, "ReceivableInvalidMaturity")
        .withArgs(maturity, now + MAX_TERM);
    });

    it("reverts when maturity is now", async function () {
      const f = await loadFixture(consortiumFixture);
      const now = (await time.latest()) + 10;
      await time.setNextBlockTimestamp(now);
      await expect(f.receivables.connect(f.core).issue(f.supplier1.address, FACE, CNY, now, docHash(), "u"))
        .to.be.revertedWithCustomError(f.receivables, "ReceivableInvalidMaturity")
        .withArgs(now, now + MAX_TERM);
    });

    it("reverts when maturity is in the past", async function () {
      const f = await loadFixture(consortiumFixture);
      const now = (await time.latest()) + 10;
      await time.setNextBlockTimestamp(now);
      await expect(f.receivables.connect(f.core).issue(f.supplier1.address, FACE, CNY, now - DAY, docHash(), "u"))
        .to.be.revertedWithCustomError(f.receivables, "ReceivableInvalidMaturity")
        .withArgs(now - DAY, now + MAX_TERM);
    });

    it("reverts when the invoice backs a receivable already, even for another obligor", async function () {
      const f = await loadFixture(consortiumFixture);
      const { invoiceHash } = await issueAt(f);
      const maturity = (await time.latest()) + 60 * DAY;
      await expect(f.receivables.connect(f.core).issue(f.supplier2.address, FACE, CNY, maturity, invoiceHash, "u"))
        .to.be.revertedWithCustomError(f.receivables, "ReceivableInvoiceAlreadyRegistered")
        .withArgs(invoiceHash);
      await expect(f.receivables.connect(f.core2).issue(f.supplier2.address, FACE, CNY, maturity, invoiceHash, "u"))
        .to.be.revertedWithCustomError(f.receivables, "ReceivableInvoiceAlreadyRegistered")
        .withArgs(invoiceHash);
    });

    it("reverts when the invoice hash is zero", async function () {
      const f = await loadFixture(consortiumFixture);
      const maturity = (await time.latest()) + 60 * DAY;
      await expect(f.receivables.connect(f.core).issue(f.supplier1.address, FACE, CNY, maturity, ZeroHash, "u"))
        .to.be.revertedWithCustomError(f.receivables, "ReceivableInvoiceAlreadyRegistered")
        .withArgs(ZeroHash);
      expect(await f.receivables.invoiceRegistered(ZeroHash)).to.equal(false);
    });

    it("reverts when the obligor issues to itself", async function () {
      const f = await loadFixture(consortiumFixture);
      const maturity = (await time.latest()) + 60 * DAY;
      await expect(f.receivables.connect(f.core).issue(f.core.address, FACE, CNY, maturity, docHash(), "u"))
        .to.be.revertedWithCustomError(f.receivables, "ReceivableSelfIssued")
        .withArgs(f.core.address);
    });

    it("reverts when the face amount is zero", async function () {
      const f = await loadFixture(consortiumFixture);
      const maturity = (await time.latest()) + 60 * DAY;
      await expect(f.receivables.connect(f.core).issue(f.supplier1.address, 0n, CNY, maturity, docHash(), "u"))
        .to.be.revertedWithCustomError(f.receivables, "ReceivableInvalidAmount")
        .withArgs(0n);
    });

    it("reverts when the face amount does not fit 96 bits, and accepts the largest that does", async function () {
      const f = await loadFixture(consortiumFixture);
      const maturity = (await time.latest()) + 60 * DAY;
      const tooBig = 2n ** 96n;
      await expect(f.receivables.connect(f.core).issue(f.supplier1.address, tooBig, CNY, maturity, docHash(), "u"))
        .to.be.revertedWithCustomError(f.receivables, "ReceivableInvalidAmount")
        .withArgs(tooBig);
      await f.receivables.connect(f.core).issue(f.supplier1.address, tooBig - 1n, CNY, maturity, docHash(), "u");
      expect((await f.receivables.receivable(1n)).face).to.equal(tooBig - 1n);
    });

    it("reverts when no settlement token is registered for the currency", async function () {
      const f = await loadFixture(consortiumFixture);
      const maturity = (await time.latest()) + 60 * DAY;
      await expect(f.receivables.connect(f.core).issue(f.supplier1.address, FACE, USD, maturity, docHash(), "u"))
        .to.be.revertedWithCustomError(f.receivables, "ReceivableCurrencyNotSupported")
        .withArgs(USD);
    });

    it("reverts when the creditor was never admitted", async function () {
      const f = await loadFixture(consortiumFixture);
      const maturity = (await time.latest()) + 60 * DAY;
      await expect(f.receivables.connect(f.core).issue(f.outsider.address, FACE, CNY, maturity, docHash(), "u"))
        .to.be.revertedWithCustomError(f.registry, "MemberNotActive")
        .withArgs(f.outsider.address);
    });

    it("reverts when the creditor is the zero address", async function () {
      const f = await loadFixture(consortiumFixture);
      const maturity = (await time.latest()) + 60 * DAY;
      await expect(f.receivables.connect(f.core).issue(ZeroAddress, FACE, CNY, maturity, docHash(), "u"))
        .to.be.revertedWithCustomError(f.registry, "MemberNotActive")
        .withArgs(ZeroAddress);
    });

    it("reverts when the creditor is suspended", async function () {
      const f = await loadFixture(consortiumFixture);
      await suspend(f, f.supplier2);
      const maturity = (await time.latest()) + 60 * DAY;
      await expect(f.receivables.connect(f.core).issue(f.supplier2.address, FACE, CNY, maturity, docHash(), "u"))
        .to.be.revertedWithCustomError(f.registry, "MemberNotActive")
        .withArgs(f.supplier2.address);
    });

    for (const who of ["supplier2", "bank1", "warehouse", "regulator", "operator"] as const) {
      it(`reverts for ${who}, a member without the core-enterprise role`, async function () {
        const f = await loadFixture(consortiumFixture);
        const maturity = (await time.latest()) + 60 * DAY;
        await expect(f.receivables.connect(f[who]).issue(f.supplier3.address, FACE, CNY, maturity, docHash(), "u"))
          .to.be.revertedWithCustomError(f.registry, "MemberLacksRole")
          .withArgs(f[who].address, Role.CORE_ENTERPRISE);
      });
    }

    it("reverts for the outsider", async function () {
      const f = await loadFixture(consortiumFixture);
      const maturity = (await time.latest()) + 60 * DAY;
      await expect(f.receivables.connect(f.outsider).issue(f.supplier1.address, FACE, CNY, maturity, docHash(), "u"))
        .to.be.revertedWithCustomError(f.registry, "MemberNotActive")
        .withArgs(f.outsider.address);
    });

    it("reverts for a suspended core enterprise", async function () {
      const f = await loadFixture(consortiumFixture);
      await suspend(f, f.core);
      const maturity = (await time.latest()) + 60 * DAY;
      await expect(f.receivables.connect(f.core).issue(f.supplier1.address, FACE, CNY, maturity, docHash(), "u"))
        .to.be.revertedWithCustomError(f.registry, "MemberNotActive")
        .withArgs(f.core.address);
    });
  });

  describe("issueFromOrder", function () {
    it("issues the receivable of an accepted delivery, recording the order", async function () {
      const f = await loadFixture(consortiumFixture);
      const orderId = await confirmedOrder(f, { amount: 2_000_000n, paymentTermDays: 60 });
      const invoice = docHash("invoice");
      const at = (await time.latest()) + 10;
      await time.setNextBlockTimestamp(at);
      const maturity = at + 60 * DAY;
      await expect(f.purchaseOrders.connect(f.core).acceptDelivery(orderId, invoice, "ipfs://order-invoice"))
        .to.emit(f.receivables, "ReceivableIssued")
        .withArgs(
          1n,
          f.core.address,
          f.supplier1.address,
          2_000_000n,
          CNY,
          maturity,
          false,
          orderId,
          invoice,
          "ipfs://order-invoice",
        );
      const r = await f.receivables.receivable(1n);
      expect(r.orderId).to.equal(orderId);
      expect(r.obligor).to.equal(f.core.address);
      expect(r.face).to.equal(2_000_000n);
      expect(r.status).to.equal(ReceivableStatus.Outstanding);
      expect((await f.receivables.part(1n)).holder).to.equal(f.supplier1.address);
      expect(await f.receivables.invoiceRegistered(invoice)).to.equal(true);
    });

    it("issues directly for a protocol contract with the SYSTEM role", async function () {
      const f = await loadFixture(consortiumFixture);
      const system = await actAs(f.purchaseOrders);
      const maturity = (await time.latest()) + 30 * DAY;
      const invoice = docHash();
      await expect(
        f.receivables
          .connect(system)
          .issueFromOrder(7n, f.core2.address, f.supplier3.address, 500n, CNY, maturity, invoice, "u"),
      )
        .to.emit(f.receivables, "ReceivableIssued")
        .withArgs(1n, f.core2.address, f.supplier3.address, 500n, CNY, maturity, false, 7n, invoice, "u");
      expect((await f.receivables.receivable(1n)).orderId).to.equal(7n);
    });

    it("applies the same invoice check as issue", async function () {
      const f = await loadFixture(consortiumFixture);
      const { invoiceHash } = await issueAt(f);
      const orderId = await confirmedOrder(f);
      await expect(f.purchaseOrders.connect(f.core).acceptDelivery(orderId, invoiceHash, "u"))
        .to.be.revertedWithCustomError(f.receivables, "ReceivableInvoiceAlreadyRegistered")
        .withArgs(invoiceHash);
    });

    for (const who of ["core", "supplier1", "bank1", "operator", "regulator"] as const) {
      it(`reverts for ${who}, a member without the SYSTEM role`, async function () {
        const f = await loadFixture(consortiumFixture);
        const maturity = (await time.latest()) + 30 * DAY;
        await expect(
          f.receivables
            .connect(f[who])
            .issueFromOrder(1n, f.core.address, f.supplier2.address, 500n, CNY, maturity, docHash(), "u"),
        )
          .to.be.revertedWithCustomError(f.registry, "MemberLacksRole")
          .withArgs(f[who].address, Role.SYSTEM);
      });
    }

    it("reverts for the outsider", async function () {
      const f = await loadFixture(consortiumFixture);
      const maturity = (await time.latest()) + 30 * DAY;
      await expect(
        f.receivables
          .connect(f.outsider)
          .issueFromOrder(1n, f.core.address, f.supplier2.address, 500n, CNY, maturity, docHash(), "u"),
      )
        .to.be.revertedWithCustomError(f.registry, "MemberNotActive")
        .withArgs(f.outsider.address);
    });
  });

  describe("split", function () {
    it("splits an amount off into a new part that records its parent and root", async function () {
      const f = await loadFixture(consortiumFixture);
      const { id } = await issueAt(f);
      const newId = await f.receivables.connect(f.supplier1).split.staticCall(id, f.supplier2.address, 300_000n);
      expect(newId).to.equal(id + 1n);
      await expect(f.receivables.connect(f.supplier1).split(id, f.supplier2.address, 300_000n))
        .to.emit(f.receivables, "PartSplit")
        .withArgs(id, newId, f.supplier2.address, id, 300_000n, 700_000n);

      const child = await f.receivables.part(newId);
      expect(child.holder).to.equal(f.supplier2.address);
      expect(child.amount).to.equal(300_000n);
      expect(child.face).to.equal(300_000n);
      expect(child.parentId).to.equal(id);
      expect(child.rootId).to.equal(id);
      expect(child.status).to.equal(PartStatus.Active);

      const parent = await f.receivables.part(id);
      expect(parent.holder).to.equal(f.supplier1.address);
      expect(parent.amount).to.equal(700_000n);
      expect(parent.face).to.equal(FACE);
      expect(await sumAmounts(f, [id, newId])).to.equal(FACE);
      // The receivable itself is unchanged.
      expect((await f.receivables.receivable(id)).face).to.equal(FACE);
    });

    it("splits a child part again: the grandchild records the child as parent and the same root", async function () {
      const f = await loadFixture(consortiumFixture);
      const { id } = await issueAt(f);
      const child = await splitTo(f, f.supplier1, id, f.supplier2, 400_000n);
      await expect(f.receivables.connect(f.supplier2).split(child, f.supplier3.address, 150_000n))
        .to.emit(f.receivables, "PartSplit")
        .withArgs(child, child + 1n, f.supplier3.address, id, 150_000n, 250_000n);
      const grandchild = await f.receivables.part(child + 1n);
      expect(grandchild.parentId).to.equal(child);
      expect(grandchild.rootId).to.equal(id);
      expect(grandchild.holder).to.equal(f.supplier3.address);
      const childPart = await f.receivables.part(child);
      expect(childPart.amount).to.equal(250_000n);
      expect(childPart.face).to.equal(400_000n);
      expect(await sumAmounts(f, [id, child, child + 1n])).to.equal(FACE);
    });

    it("can split the part of an overdue receivable", async function () {
      const f = await loadFixture(consortiumFixture);
      const { id, maturity } = await issueAt(f);
      await time.increaseTo(maturity + 1);
      await f.receivables.markOverdue(id);
      const child = await splitTo(f, f.supplier1, id, f.supplier2, 1n);
      expect((await f.receivables.part(child)).amount).to.equal(1n);
    });

    it("reverts when the amount is zero", async function () {
      const f = await loadFixture(consortiumFixture);
      const { id } = await issueAt(f);
      await expect(f.receivables.connect(f.supplier1).split(id, f.supplier2.address, 0n))
        .to.be.revertedWithCustomError(f.receivables, "ReceivableInvalidSplit")
        .withArgs(id, 0n, FACE);
    });

    it("reverts when the amount is the whole part", async function () {
      const f = await loadFixture(consortiumFixture);
      const { id } = await issueAt(f);
      await expect(f.receivables.connect(f.supplier1).split(id, f.supplier2.address, FACE))
        .to.be.revertedWithCustomError(f.receivables, "ReceivableInvalidSplit")
        .withArgs(id, FACE, FACE);
    });

    it("reverts when the amount exceeds what the part still holds after an earlier split", async function () {
      const f = await loadFixture(consortiumFixture);
      const { id } = await issueAt(f);
      await splitTo(f, f.supplier1, id, f.supplier2, 300_000n);
      await expect(f.receivables.connect(f.supplier1).split(id, f.supplier3.address, 800_000n))
        .to.be.revertedWithCustomError(f.receivables, "ReceivableInvalidSplit")
        .withArgs(id, 800_000n, 700_000n);
    });

    it("reverts when the part does not exist", async function () {
      const f = await loadFixture(consortiumFixture);
      await expect(f.receivables.connect(f.supplier1).split(99n, f.supplier2.address, 1n))
        .to.be.revertedWithCustomError(f.receivables, "ReceivablePartNotFound")
        .withArgs(99n);
    });

    it("reverts when the caller does not hold the part", async function () {
      const f = await loadFixture(consortiumFixture);
      const { id } = await issueAt(f);
      await expect(f.receivables.connect(f.supplier2).split(id, f.supplier3.address, 1n))
        .to.be.revertedWithCustomError(f.receivables, "ReceivableNotHolder")
        .withArgs(id, f.supplier2.address, f.supplier1.address);
      await expect(f.receivables.connect(f.core).split(id, f.supplier3.address, 1n))
        .to.be.revertedWithCustomError(f.receivables, "ReceivableNotHolder")
        .withArgs(id, f.core.address, f.supplier1.address);
      await expect(f.receivables.connect(f.outsider).split(id, f.supplier3.address, 1n))
        .to.be.revertedWithCustomError(f.receivables, "ReceivableNotHolder")
        .withArgs(id, f.outsider.address, f.supplier1.address);
    });

    it("reverts when splitting to the holder itself", async function () {
      const f = await loadFixture(consortiumFixture);
      const { id } = await issueAt(f);
      await expect(f.receivables.connect(f.supplier1).split(id, f.supplier1.address, 1n))
        .to.be.revertedWithCustomError(f.receivables, "ReceivableSelfTransfer")
        .withArgs(id);
    });

    it("reverts when splitting to the outsider", async function () {
      const f = await loadFixture(consortiumFixture);
      const { id } = await issueAt(f);
      await expect(f.receivables.connect(f.supplier1).split(id, f.outsider.address, 1n))
        .to.be.revertedWithCustomError(f.registry, "MemberNotActive")
        .withArgs(f.outsider.address);
    });

    it("reverts when splitting to a suspended member", async function () {
      const f = await loadFixture(consortiumFixture);
      const { id } = await issueAt(f);
      await suspend(f, f.supplier2);
      await expect(f.receivables.connect(f.supplier1).split(id, f.supplier2.address, 1n))
        .to.be.revertedWithCustomError(f.registry, "MemberNotActive")
        .withArgs(f.supplier2.address);
    });

    // A part held by the zero address could never be redeemed: its value would be lost.
    it("reverts when splitting to the zero address", async function () {
      const f = await loadFixture(consortiumFixture);
      const { id } = await issueAt(f);
      await expect(f.receivables.connect(f.supplier1).split(id, ZeroAddress, 1n))
        .to.be.revertedWithCustomError(f.registry, "MemberNotActive")
        .withArgs(ZeroAddress);
    });

    it("reverts when the holder is suspended", async function () {
      const f = await loadFixture(consortiumFixture);
      const { id } = await issueAt(f);
      await suspend(f, f.supplier1);
      await expect(f.receivables.connect(f.supplier1).split(id, f.supplier2.address, 1n))
        .to.be.revertedWithCustomError(f.registry, "MemberNotActive")
        .withArgs(f.supplier1.address);
    });

    it("reverts when the receivable is paid", async function () {
      const f = await loadFixture(consortiumFixture);
      const { id } = await issueAt(f);
      await f.receivables.connect(f.core).pay(id);
      await expect(f.receivables.connect(f.supplier1).split(id, f.supplier2.address, 1n))
        .to.be.revertedWithCustomError(f.receivables, "ReceivablePartNotTransferable")
        .withArgs(id);
    });

    it("reverts when the part was redeemed", async function () {
      const f = await loadFixture(consortiumFixture);
      const { id } = await issueAt(f);
      await f.receivables.connect(f.core).pay(id);
      await f.receivables.redeem(id);
      await expect(f.receivables.connect(f.supplier1).split(id, f.supplier2.address, 1n))
        .to.be.revertedWithCustomError(f.receivables, "ReceivablePartNotTransferable")
        .withArgs(id);
    });
  });

  describe("splitMany", function () {
    it("splits one new part per recipient, each recording its parent, and the amounts add up", async function () {
      const f = await loadFixture(consortiumFixture);
      const { id } = await issueAt(f);
      const recipients = [f.supplier2.address, f.supplier3.address, f.supplier2.address];
      const amounts = [200_000n, 300_000n, 100_000n];
      const ids = await f.receivables.connect(f.supplier1).splitMany.staticCall(id, recipients, amounts);
      expect(ids).to.deep.equal([id + 1n, id + 2n, id + 3n]);
      const tx = f.receivables.connect(f.supplier1).splitMany(id, recipients, amounts);
      await expect(tx)
        .to.emit(f.receivables, "PartSplit")
        .withArgs(id, id + 1n, f.supplier2.address, id, 200_000n, 800_000n);
      await expect(tx)
        .to.emit(f.receivables, "PartSplit")
        .withArgs(id, id + 2n, f.supplier3.address, id, 300_000n, 500_000n);
      await expect(tx)
        .to.emit(f.receivables, "PartSplit")
        .withArgs(id, id + 3n, f.supplier2.address, id, 100_000n, 400_000n);

      for (let i = 0; i < 3; i++) {
        const p = await f.receivables.part(ids[i]);
        expect(p.holder).to.equal(recipients[i]);
        expect(p.amount).to.equal(amounts[i]);
        expect(p.face).to.equal(amounts[i]);
        expect(p.parentId).to.equal(id);
        expect(p.rootId).to.equal(id);
        expect(p.status).to.equal(PartStatus.Active);
      }
      expect((await f.receivables.part(id)).amount).to.equal(400_000n);
      expect(await sumAmounts(f, [id, ...ids])).to.equal(FACE);
    });

    it("reverts when recipients and amounts differ in length", async function () {
      const f = await loadFixture(consortiumFixture);
      const { id } = await issueAt(f);
      await expect(f.receivables.connect(f.supplier1).splitMany(id, [f.supplier2.address], [1n, 2n]))
        .to.be.revertedWithCustomError(f.receivables, "ReceivableSplitLengthMismatch")
        .withArgs(1n, 2n);
      await expect(f.receivables.connect(f.supplier1).splitMany(id, [f.supplier2.address, f.supplier3.address], [1n]))
        .to.be.revertedWithCustomError(f.receivables, "ReceivableSplitLengthMismatch")
        .withArgs(2n, 1n);
    });

    it("reverts when the lists are empty", async function () {
      const f = await loadFixture(consortiumFixture);
      const { id } = await issueAt(f);
      await expect(f.receivables.connect(f.supplier1).splitMany(id, [], []))
        .to.be.revertedWithCustomError(f.receivables, "ReceivableSplitLengthMismatch")
        .withArgs(0n, 0n);
    });

    it("reverts as a whole when the amounts add up to the whole part", async function () {
      const f = await loadFixture(consortiumFixture);
      const { id } = await issueAt(f);
      await expect(
        f.receivables
          .connect(f.supplier1)
          .splitMany(id, [f.supplier2.address, f.supplier3.address], [600_000n, 400_000n]),
      )
        .to.be.revertedWithCustomError(f.receivables, "ReceivableInvalidSplit")
        .withArgs(id, 400_000n, 400_000n);
      expect((await f.receivables.part(id)).amount).to.equal(FACE);
      expect((await f.receivables.part(id + 1n)).status).to.equal(PartStatus.None);
    });

    it("reverts when one amount is zero", async function () {
      const f = await loadFixture(consortiumFixture);
      const { id } = await issueAt(f);
      await expect(
        f.receivables.connect(f.supplier1).splitMany(id, [f.supplier2.address, f.supplier3.address], [10n, 0n]),
      )
        .to.be.revertedWithCustomError(f.receivables, "ReceivableInvalidSplit")
        .withArgs(id, 0n, FACE - 10n);
    });

    it("reverts when a recipient is the holder itself", async function () {
      const f = await loadFixture(consortiumFixture);
      const { id } = await issueAt(f);
      await expect(
        f.receivables.connect(f.supplier1).splitMany(id, [f.supplier2.address, f.supplier1.address], [1n, 1n]),
      )
        .to.be.revertedWithCustomError(f.receivables, "ReceivableSelfTransfer")
        .withArgs(id);
    });

    it("reverts when a recipient is the outsider", async function () {
      const f = await loadFixture(consortiumFixture);
      const { id } = await issueAt(f);
      await expect(
        f.receivables.connect(f.supplier1).splitMany(id, [f.supplier2.address, f.outsider.address], [1n, 1n]),
      )
        .to.be.revertedWithCustomError(f.registry, "MemberNotActive")
        .withArgs(f.outsider.address);
    });

    it("reverts when a recipient is the zero address", async function () {
      const f = await loadFixture(consortiumFixture);
      const { id } = await issueAt(f);
      await expect(f.receivables.connect(f.supplier1).splitMany(id, [ZeroAddress], [1n]))
        .to.be.revertedWithCustomError(f.registry, "MemberNotActive")
        .withArgs(ZeroAddress);
    });

    it("reverts when a recipient is suspended", async function () {
      const f = await loadFixture(consortiumFixture);
      const { id } = await issueAt(f);
      await suspend(f, f.supplier3);
      await expect(
        f.receivables.connect(f.supplier1).splitMany(id, [f.supplier2.address, f.supplier3.address], [1n, 1n]),
      )
        .to.be.revertedWithCustomError(f.registry, "MemberNotActive")
        .withArgs(f.supplier3.address);
    });

    it("reverts when the part does not exist", async function () {
      const f = await loadFixture(consortiumFixture);
      await expect(f.receivables.connect(f.supplier1).splitMany(99n, [f.supplier2.address], [1n]))
        .to.be.revertedWithCustomError(f.receivables, "ReceivablePartNotFound")
        .withArgs(99n);
    });

    it("reverts when the caller does not hold the part", async function () {
      const f = await loadFixture(consortiumFixture);
      const { id } = await issueAt(f);
      await expect(f.receivables.connect(f.supplier2).splitMany(id, [f.supplier3.address], [1n]))
        .to.be.revertedWithCustomError(f.receivables, "ReceivableNotHolder")
        .withArgs(id, f.supplier2.address, f.supplier1.address);
      await expect(f.receivables.connect(f.outsider).splitMany(id, [f.supplier3.address], [1n]))
        .to.be.revertedWithCustomError(f.receivables, "ReceivableNotHolder")
        .withArgs(id, f.outsider.address, f.supplier1.address);
    });

    it("reverts when the holder is suspended", async function () {
      const f = await loadFixture(consortiumFixture);
      const { id } = await issueAt(f);
      await suspend(f, f.supplier1);
      await expect(f.receivables.connect(f.supplier1).splitMany(id, [f.supplier2.address], [1n]))
        .to.be.revertedWithCustomError(f.registry, "MemberNotActive")
        .withArgs(f.supplier1.address);
    });

    it("reverts when the receivable is paid", async function () {
      const f = await loadFixture(consortiumFixture);
      const { id } = await issueAt(f);
      await f.receivables.connect(f.core).pay(id);
      await expect(f.receivables.connect(f.supplier1).splitMany(id, [f.supplier2.address], [1n]))
        .to.be.revertedWithCustomError(f.receivables, "ReceivablePartNotTransferable")
        .withArgs(id);
    });
  });

  describe("transfer", function () {
    it("moves a whole part to another member", async function () {
      const f = await loadFixture(consortiumFixture);
      const { id } = await issueAt(f);
      await expect(f.receivables.connect(f.supplier1).transfer(id, f.supplier2.address))
        .to.emit(f.receivables, "PartTransferred")
        .withArgs(id, f.supplier1.address, f.supplier2.address);
      const p = await f.receivables.part(id);
      expect(p.holder).to.equal(f.supplier2.address);
      expect(p.amount).to.equal(FACE);
      expect(p.face).to.equal(FACE);
      expect(p.status).to.equal(PartStatus.Active);
      // The new holder can move it on, the old one no longer can.
      await expect(f.receivables.connect(f.supplier1).transfer(id, f.supplier3.address))
        .to.be.revertedWithCustomError(f.receivables, "ReceivableNotHolder")
        .withArgs(id, f.supplier1.address, f.supplier2.address);
      await f.receivables.connect(f.supplier2).transfer(id, f.supplier3.address);
      expect((await f.receivables.part(id)).holder).to.equal(f.supplier3.address);
    });

    it("moves a split part whole, keeping its parent and amount", async function () {
      const f = await loadFixture(consortiumFixture);
      const { id } = await issueAt(f);
      const child = await splitTo(f, f.supplier1, id, f.supplier2, 250_000n);
      await expect(f.receivables.connect(f.supplier2).transfer(child, f.bank1.address))
        .to.emit(f.receivables, "PartTransferred")
        .withArgs(child, f.supplier2.address, f.bank1.address);
      const p = await f.receivables.part(child);
      expect(p.holder).to.equal(f.bank1.address);
      expect(p.parentId).to.equal(id);
      expect(p.amount).to.equal(250_000n);
      expect(await sumAmounts(f, [id, child])).to.equal(FACE);
    });

    it("can move the part of a defaulted receivable", async function () {
      const f = await loadFixture(consortiumFixture);
      const { id, maturity } = await issueAt(f);
      await time.increaseTo(maturity + GRACE + 1);
      await f.receivables.connect(f.bank1).declareDefault(id);
      await f.receivables.connect(f.supplier1).transfer(id, f.supplier2.address);
      expect((await f.receivables.part(id)).holder).to.equal(f.supplier2.address);
    });

    it("reverts when the part does not exist", async function () {
      const f = await loadFixture(consortiumFixture);
      await expect(f.receivables.connect(f.supplier1).transfer(5n, f.supplier2.address))
        .to.be.revertedWithCustomError(f.receivables, "ReceivablePartNotFound")
        .withArgs(5n);
    });

    it("reverts when the caller does not hold the part", async function () {
      const f = await loadFixture(consortiumFixture);
      const { id } = await issueAt(f);
      await expect(f.receivables.connect(f.core).transfer(id, f.supplier2.address))
        .to.be.revertedWithCustomError(f.receivables, "ReceivableNotHolder")
        .withArgs(id, f.core.address, f.supplier1.address);
      await expect(f.receivables.connect(f.outsider).transfer(id, f.outsider.address))
        .to.be.revertedWithCustomError(f.receivables, "ReceivableNotHolder")
        .withArgs(id, f.outsider.address, f.supplier1.address);
    });

    it("reverts when transferring to the holder itself", async function () {
      const f = await loadFixture(consortiumFixture);
      const { id } = await issueAt(f);
      await expect(f.receivables.connect(f.supplier1).transfer(id, f.supplier1.address))
        .to.be.revertedWithCustomError(f.receivables, "ReceivableSelfTransfer")
        .withArgs(id);
    });

    it("reverts when transferring to the outsider", async function () {
      const f = await loadFixture(consortiumFixture);
      const { id } = await issueAt(f);
      await expect(f.receivables.connect(f.supplier1).transfer(id, f.outsider.address))
        .to.be.revertedWithCustomError(f.registry, "MemberNotActive")
        .withArgs(f.outsider.address);
    });

    it("reverts when transferring to a suspended member", async function () {
      const f = await loadFixture(consortiumFixture);
      const { id } = await issueAt(f);
      await suspend(f, f.supplier2);
      await expect(f.receivables.connect(f.supplier1).transfer(id, f.supplier2.address))
        .to.be.revertedWithCustomError(f.registry, "MemberNotActive")
        .withArgs(f.supplier2.address);
    });

    it("reverts when transferring to the zero address", async function () {
      const f = await loadFixture(consortiumFixture);
      const { id } = await issueAt(f);
      await expect(f.receivables.connect(f.supplier1).transfer(id, ZeroAddress))
        .to.be.revertedWithCustomError(f.registry, "MemberNotActive")
        .withArgs(ZeroAddress);
    });

    it("reverts when the holder is suspended", async function () {
      const f = await loadFixture(consortiumFixture);
      const { id } = await issueAt(f);
      await suspend(f, f.supplier1);
      await expect(f.receivables.connect(f.supplier1).transfer(id, f.supplier2.address))
        .to.be.revertedWithCustomError(f.registry, "MemberNotActive")
        .withArgs(f.supplier1.address);
    });

    it("reverts when the receivable is paid", async function () {
      const f = await loadFixture(consortiumFixture);
      const { id } = await issueAt(f);
      await f.receivables.connect(f.core).pay(id);
      await expect(f.receivables.connect(f.supplier1).transfer(id, f.supplier2.address))
        .to.be.revertedWithCustomError(f.receivables, "ReceivablePartNotTransferable")
        .withArgs(id);
    });

    it("reverts when the part was redeemed", async function () {
      const f = await loadFixture(consortiumFixture);
      const { id } = await issueAt(f);
      const child = await splitTo(f, f.supplier1, id, f.supplier2, 10n);
      await f.receivables.connect(f.core).pay(id);
      await f.receivables.redeem(child);
      await expect(f.receivables.connect(f.supplier2).transfer(child, f.supplier3.address))
        .to.be.revertedWithCustomError(f.receivables, "ReceivablePartNotTransferable")
        .withArgs(child);
    });
  });

  describe("custodyTransfer", function () {
    it("lets a protocol contract move a part into and out of its custody", async function () {
      const f = await loadFixture(consortiumFixture);
      const { id } = await issueAt(f);
      const factoring = await actAs(f.factoring);
      await expect(f.receivables.connect(factoring).custodyTransfer(id, f.supplier1.address, factoring.address))
        .to.emit(f.receivables, "PartTransferred")
        .withArgs(id, f.supplier1.address, factoring.address);
      expect((await f.receivables.part(id)).holder).to.equal(factoring.address);
      await expect(f.receivables.connect(factoring).custodyTransfer(id, factoring.address, f.bank1.address))
        .to.emit(f.receivables, "PartTransferred")
        .withArgs(id, factoring.address, f.bank1.address);
      const p = await f.receivables.part(id);
      expect(p.holder).to.equal(f.bank1.address);
      expect(p.amount).to.equal(FACE);
    });

    it("reverts when `from` does not hold the part", async function () {
      const f = await loadFixture(consortiumFixture);
      const { id } = await issueAt(f);
      const factoring = await actAs(f.factoring);
      await expect(f.receivables.connect(factoring).custodyTransfer(id, f.supplier2.address, factoring.address))
        .to.be.revertedWithCustomError(f.receivables, "ReceivableNotHolder")
        .withArgs(id, f.supplier2.address, f.supplier1.address);
    });

    it("reverts when the part does not exist", async function () {
      const f = await loadFixture(consortiumFixture);
      const factoring = await actAs(f.factoring);
      await expect(f.receivables.connect(factoring).custodyTransfer(3n, f.supplier1.address, factoring.address))
        .to.be.revertedWithCustomError(f.receivables, "ReceivablePartNotFound")
        .withArgs(3n);
    });

    it("reverts when `to` is `from`", async function () {
      const f = await loadFixture(consortiumFixture);
      const { id } = await issueAt(f);
      const factoring = await actAs(f.factoring);
      await expect(f.receivables.connect(factoring).custodyTransfer(id, f.supplier1.address, f.supplier1.address))
        .to.be.revertedWithCustomError(f.receivables, "ReceivableSelfTransfer")
        .withArgs(id);
    });

    it("reverts when `to` is the outsider", async function () {
      const f = await loadFixture(consortiumFixture);
      const { id } = await issueAt(f);
      const factoring = await actAs(f.factoring);
      await expect(f.receivables.connect(factoring).custodyTransfer(id, f.supplier1.address, f.outsider.address))
        .to.be.revertedWithCustomError(f.registry, "MemberNotActive")
        .withArgs(f.outsider.address);
    });

    it("reverts when `to` is the zero address", async function () {
      const f = await loadFixture(consortiumFixture);
      const { id } = await issueAt(f);
      const factoring = await actAs(f.factoring);
      await expect(f.receivables.connect(factoring).custodyTransfer(id, f.supplier1.address, ZeroAddress))
        .to.be.revertedWithCustomError(f.registry, "MemberNotActive")
        .withArgs(ZeroAddress);
    });

    it("reverts when `from` is suspended", async function () {
      const f = await loadFixture(consortiumFixture);
      const { id } = await issueAt(f);
      await suspend(f, f.supplier1);
      const factoring = await actAs(f.factoring);
      await expect(f.receivables.connect(factoring).custodyTransfer(id, f.supplier1.address, factoring.address))
        .to.be.revertedWithCustomError(f.registry, "MemberNotActive")
        .withArgs(f.supplier1.address);
    });

    it("reverts when the receivable is paid", async function () {
      const f = await loadFixture(consortiumFixture);
      const { id } = await issueAt(f);
      await f.receivables.connect(f.core).pay(id);
      const factoring = await actAs(f.factoring);
      await expect(f.receivables.connect(factoring).custodyTransfer(id, f.supplier1.address, factoring.address))
        .to.be.revertedWithCustomError(f.receivables, "ReceivablePartNotTransferable")
        .withArgs(id);
    });

    for (const who of ["supplier1", "supplier2", "core", "bank1", "operator", "regulator"] as const) {
      it(`reverts for ${who}, a member without the SYSTEM role (even the holder itself)`, async function () {
        const f = await loadFixture(consortiumFixture);
        const { id } = await issueAt(f);
        await expect(f.receivables.connect(f[who]).custodyTransfer(id, f.supplier1.address, f.supplier2.address))
          .to.be.revertedWithCustomError(f.registry, "MemberLacksRole")
          .withArgs(f[who].address, Role.SYSTEM);
        expect((await f.receivables.part(id)).holder).to.equal(f.supplier1.address);
      });
    }

    it("reverts for the outsider", async function () {
      const f = await loadFixture(consortiumFixture);
      const { id } = await issueAt(f);
      await expect(f.receivables.connect(f.outsider).custodyTransfer(id, f.supplier1.address, f.supplier2.address))
        .to.be.revertedWithCustomError(f.registry, "MemberNotActive")
        .withArgs(f.outsider.address);
    });
  });

  describe("pay", function () {
    it("takes the face amount from the obligor at maturity and marks the receivable paid", async function () {
      const f = await loadFixture(consortiumFixture);
      const { id, maturity } = await issueAt(f);
      const contract = await f.receivables.getAddress();
      const coreBefore = await f.settlementToken.balanceOf(f.core.address);
      await time.setNextBlockTimestamp(maturity);
      const tx = f.receivables.connect(f.core).pay(id);
      await expect(tx).to.emit(f.receivables, "ReceivablePaid").withArgs(id, f.core.address, FACE, false, false);
      await expect(tx).to.changeTokenBalances(f.settlementToken, [f.core, contract], [-FACE, FACE]);
      const r = await f.receivables.receivable(id);
      expect(r.status).to.equal(ReceivableStatus.Paid);
      expect(r.paidAt).to.equal(maturity);
      expect(await f.settlementToken.balanceOf(f.core.address)).to.equal(coreBefore - FACE);
    });

    it("accepts an early payment before maturity, not flagged late", async function () {
      const f = await loadFixture(consortiumFixture);
      const { id, issuedAt } = await issueAt(f);
      await time.setNextBlockTimestamp(issuedAt + DAY);
      await expect(f.receivables.connect(f.core).pay(id))
        .to.emit(f.receivables, "ReceivablePaid")
        .withArgs(id, f.core.address, FACE, false, false);
      const r = await f.receivables.receivable(id);
      expect(r.status).to.equal(ReceivableStatus.Paid);
      expect(r.paidAt).to.equal(issuedAt + DAY);
    });

    it("flags a payment after maturity as late, even before it was marked overdue", async function () {
      const f = await loadFixture(consortiumFixture);
      const { id, maturity } = await issueAt(f);
      await time.setNextBlockTimestamp(maturity + 1);
      await expect(f.receivables.connect(f.core).pay(id))
        .to.emit(f.receivables, "ReceivablePaid")
        .withArgs(id, f.core.address, FACE, true, false);
      expect((await f.receivables.receivable(id)).status).to.equal(ReceivableStatus.Paid);
    });

    it("settles an overdue receivable as a late payment", async function () {
      const f = await loadFixture(consortiumFixture);
      const { id, maturity } = await issueAt(f);
      await time.increaseTo(maturity + DAY);
      await f.receivables.markOverdue(id);
      await time.setNextBlockTimestamp(maturity + 2 * DAY);
      await expect(f.receivables.connect(f.core).pay(id))
        .to.emit(f.receivables, "ReceivablePaid")
        .withArgs(id, f.core.address, FACE, true, false);
      const r = await f.receivables.receivable(id);
      expect(r.status).to.equal(ReceivableStatus.Paid);
      expect(r.paidAt).to.equal(maturity + 2 * DAY);
    });

    it("settles a defaulted receivable, flagged late and after default, and its holders are paid", async function () {
      const f = await loadFixture(consortiumFixture);
      const { id, maturity } = await issueAt(f);
      const child = await splitTo(f, f.supplier1, id, f.supplier2, 100_000n);
      await time.increaseTo(maturity + GRACE + 1);
      await f.receivables.connect(f.bank1).declareDefault(id);
      await expect(f.receivables.connect(f.core).pay(id))
        .to.emit(f.receivables, "ReceivablePaid")
        .withArgs(id, f.core.address, FACE, true, true);
      expect((await f.receivables.receivable(id)).status).to.equal(ReceivableStatus.Paid);
      await expect(f.receivables.redeem(child)).to.changeTokenBalance(f.settlementToken, f.supplier2, 100_000n);
      await expect(f.receivables.redeem(id)).to.changeTokenBalance(f.settlementToken, f.supplier1, 900_000n);
    });

    it("reverts when the caller is not the obligor", async function () {
      const f = await loadFixture(consortiumFixture);
      const { id } = await issueAt(f);
      for (const who of [f.supplier1, f.core2, f.bank1, f.operator, f.outsider]) {
        await expect(f.receivables.connect(who).pay(id))
          .to.be.revertedWithCustomError(f.receivables, "ReceivableNotObligor")
          .withArgs(id, who.address, f.core.address);
      }
      expect((await f.receivables.receivable(id)).status).to.equal(ReceivableStatus.Outstanding);
    });

    it("reverts when the receivable is paid already", async function () {
      const f = await loadFixture(consortiumFixture);
      const { id } = await issueAt(f);
      await f.receivables.connect(f.core).pay(id);
      await expect(f.receivables.connect(f.core).pay(id))
        .to.be.revertedWithCustomError(f.receivables, "ReceivableInvalidStatus")
        .withArgs(id, ReceivableStatus.Paid);
    });

    it("reverts when the receivable does not exist", async function () {
      const f = await loadFixture(consortiumFixture);
      await expect(f.receivables.connect(f.core).pay(42n))
        .to.be.revertedWithCustomError(f.receivables, "ReceivableNotFound")
        .withArgs(42n);
    });

    it("reverts when the obligor has not approved the settlement token, leaving it outstanding", async function () {
      const f = await loadFixture(consortiumFixture);
      const { id } = await issueAt(f);
      await f.settlementToken.connect(f.core).approve(await f.receivables.getAddress(), 0n);
      await expect(f.receivables.connect(f.core).pay(id))
        .to.be.revertedWithCustomError(f.settlementToken, "ERC20InsufficientAllowance")
        .withArgs(await f.receivables.getAddress(), 0n, FACE);
      const r = await f.receivables.receivable(id);
      expect(r.status).to.equal(ReceivableStatus.Outstanding);
      expect(r.paidAt).to.equal(0n);
    });
  });

  describe("redeem", function () {
    it("pays each holder exactly its part, whoever triggers the redemption", async function () {
      const f = await loadFixture(consortiumFixture);
      const { id } = await issueAt(f);
      const [a, b] = await f.receivables
        .connect(f.supplier1)
        .splitMany.staticCall(id, [f.supplier2.address, f.supplier3.address], [250_000n, 150_000n]);
      await f.receivables
        .connect(f.supplier1)
        .splitMany(id, [f.supplier2.address, f.supplier3.address], [250_000n, 150_000n]);
      const c = await splitTo(f, f.supplier2, a, f.bank1, 50_000n);
      await f.receivables.connect(f.core).pay(id);
      const contract = await f.receivables.getAddress();
      expect(await f.settlementToken.balanceOf(contract)).to.equal(FACE);

      const cases: [bigint, HardhatEthersSigner, bigint, HardhatEthersSigner][] = [
        [id, f.supplier1, 600_000n, f.supplier1],
        [a, f.supplier2, 200_000n, f.outsider],
        [b, f.supplier3, 150_000n, f.core],
        [c, f.bank1, 50_000n, f.regulator],
      ];
      for (const [partId, holder, amount, caller] of cases) {
        expect(await f.receivables.connect(caller).redeem.staticCall(partId)).to.equal(amount);
        const tx = f.receivables.connect(caller).redeem(partId);
        await expect(tx).to.emit(f.receivables, "PartRedeemed").withArgs(partId, id, holder.address, amount);
        await expect(tx).to.changeTokenBalances(
          f.settlementToken,
          [holder, contract, caller],
          [amount, -amount, caller === holder ? amount : 0n],
        );
        const p = await f.receivables.part(partId);
        expect(p.status).to.equal(PartStatus.Redeemed);
        expect(p.amount).to.equal(amount);
      }
      expect(await f.settlementToken.balanceOf(contract)).to.equal(0n);
    });

    it("pays the current holder after a transfer", async function () {
      const f = await loadFixture(consortiumFixture);
      const { id } = await issueAt(f);
      await f.receivables.connect(f.supplier1).transfer(id, f.supplier3.address);
      await f.receivables.connect(f.core).pay(id);
      await expect(f.receivables.connect(f.supplier1).redeem(id))
        .to.emit(f.receivables, "PartRedeemed")
        .withArgs(id, id, f.supplier3.address, FACE);
      expect(await f.settlementToken.balanceOf(f.supplier3.address)).to.equal(FACE);
      expect(await f.settlementToken.balanceOf(f.supplier1.address)).to.equal(0n);
    });

    it("reverts when the part was redeemed already", async function () {
      const f = await loadFixture(consortiumFixture);
      const { id } = await issueAt(f);
      await f.receivables.connect(f.core).pay(id);
      await f.receivables.redeem(id);
      await expect(f.receivables.redeem(id))
        .to.be.revertedWithCustomError(f.receivables, "ReceivablePartNotRedeemable")
        .withArgs(id);
      expect(await f.settlementToken.balanceOf(f.supplier1.address)).to.equal(FACE);
    });

    it("reverts while the receivable is outstanding", async function () {
      const f = await loadFixture(consortiumFixture);
      const { id } = await issueAt(f);
      await expect(f.receivables.connect(f.supplier1).redeem(id))
        .to.be.revertedWithCustomError(f.receivables, "ReceivablePartNotRedeemable")
        .withArgs(id);
    });

    it("reverts while the receivable is overdue or defaulted", async function () {
      const f = await loadFixture(consortiumFixture);
      const { id, maturity } = await issueAt(f);
      const child = await splitTo(f, f.supplier1, id, f.supplier2, 1n);
      await time.increaseTo(maturity + 1);
      await f.receivables.markOverdue(id);
      await expect(f.receivables.redeem(child))
        .to.be.revertedWithCustomError(f.receivables, "ReceivablePartNotRedeemable")
        .withArgs(child);
      await time.increaseTo(maturity + GRACE + 1);
      await f.receivables.connect(f.operator).declareDefault(id);
      await expect(f.receivables.redeem(id))
        .to.be.revertedWithCustomError(f.receivables, "ReceivablePartNotRedeemable")
        .withArgs(id);
    });

    it("reverts when the part does not exist", async function () {
      const f = await loadFixture(consortiumFixture);
      await expect(f.receivables.redeem(77n))
        .to.be.revertedWithCustomError(f.receivables, "ReceivablePartNotFound")
        .withArgs(77n);
    });

    it("holds the payment of a suspended holder until it is reinstated", async function () {
      const f = await loadFixture(consortiumFixture);
      const { id } = await issueAt(f);
      await f.receivables.connect(f.core).pay(id);
      await suspend(f, f.supplier1);
      await expect(f.receivables.redeem(id))
        .to.be.revertedWithCustomError(f.registry, "MemberNotActive")
        .withArgs(f.supplier1.address);
      expect((await f.receivables.part(id)).status).to.equal(PartStatus.Active);
      await f.registry.connect(f.operator).reinstate(f.supplier1.address);
      await expect(f.receivables.redeem(id)).to.changeTokenBalance(f.settlementToken, f.supplier1, FACE);
    });
  });

  describe("markOverdue", function () {
    it("records that the receivable passed maturity unpaid; anyone may call", async function () {
      const f = await loadFixture(consortiumFixture);
      const { id, maturity } = await issueAt(f);
      await time.increaseTo(maturity + 1);
      await expect(f.receivables.connect(f.outsider).markOverdue(id))
        .to.emit(f.receivables, "ReceivableOverdue")
        .withArgs(id, maturity);
      const r = await f.receivables.receivable(id);
      expect(r.status).to.equal(ReceivableStatus.Overdue);
      expect(r.paidAt).to.equal(0n);
    });

    it("reverts at maturity itself", async function () {
      const f = await loadFixture(consortiumFixture);
      const { id, maturity } = await issueAt(f);
      await time.setNextBlockTimestamp(maturity);
      await expect(f.receivables.markOverdue(id))
        .to.be.revertedWithCustomError(f.receivables, "ReceivableNotMatured")
        .withArgs(id, maturity);
    });

    it("reverts before maturity", async function () {
      const f = await loadFixture(consortiumFixture);
      const { id, maturity } = await issueAt(f);
      await expect(f.receivables.connect(f.bank1).markOverdue(id))
        .to.be.revertedWithCustomError(f.receivables, "ReceivableNotMatured")
        .withArgs(id, maturity);
      expect((await f.receivables.receivable(id)).status).to.equal(ReceivableStatus.Outstanding);
    });

    it("reverts when the receivable is overdue already", async function () {
      const f = await loadFixture(consortiumFixture);
      const { id, maturity } = await issueAt(f);
      await time.increaseTo(maturity + 1);
      await f.receivables.markOverdue(id);
      await expect(f.receivables.markOverdue(id))
        .to.be.revertedWithCustomError(f.receivables, "ReceivableInvalidStatus")
        .withArgs(id, ReceivableStatus.Overdue);
    });

    it("reverts when the receivable is paid", async function () {
      const f = await loadFixture(consortiumFixture);
      const { id, maturity } = await issueAt(f);
      await f.receivables.connect(f.core).pay(id);
      await time.increaseTo(maturity + 1);
      await expect(f.receivables.markOverdue(id))
        .to.be.revertedWithCustomError(f.receivables, "ReceivableInvalidStatus")
        .withArgs(id, ReceivableStatus.Paid);
    });

    it("reverts when the receivable is defaulted", async function () {
      const f = await loadFixture(consortiumFixture);
      const { id, maturity } = await issueAt(f);
      await time.increaseTo(maturity + GRACE + 1);
      await f.receivables.connect(f.bank2).declareDefault(id);
      await expect(f.receivables.markOverdue(id))
        .to.be.revertedWithCustomError(f.receivables, "ReceivableInvalidStatus")
        .withArgs(id, ReceivableStatus.Defaulted);
    });

    it("reverts when the receivable does not exist", async function () {
      const f = await loadFixture(consortiumFixture);
      await expect(f.receivables.markOverdue(8n))
        .to.be.revertedWithCustomError(f.receivables, "ReceivableNotFound")
        .withArgs(8n);
    });
  });

  describe("declareDefault", function () {
    it("lets a bank declare an outstanding receivable in default after the grace period", async function () {
      const f = await loadFixture(consortiumFixture);
      const { id, maturity } = await issueAt(f);
      await time.setNextBlockTimestamp(maturity + GRACE + 1);
      await expect(f.receivables.connect(f.bank1).declareDefault(id))
        .to.emit(f.receivables, "ReceivableDefaulted")
        .withArgs(id, f.bank1.address);
      expect((await f.receivables.receivable(id)).status).to.equal(ReceivableStatus.Defaulted);
    });

    it("lets the operator declare an overdue receivable in default", async function () {
      const f = await loadFixture(consortiumFixture);
      const { id, maturity } = await issueAt(f);
      await time.increaseTo(maturity + 1);
      await f.receivables.markOverdue(id);
      await time.increaseTo(maturity + GRACE + 1);
      await expect(f.receivables.connect(f.operator).declareDefault(id))
        .to.emit(f.receivables, "ReceivableDefaulted")
        .withArgs(id, f.operator.address);
      expect((await f.receivables.receivable(id)).status).to.equal(ReceivableStatus.Defaulted);
    });

    it("reverts until the grace period is over, including its last second", async function () {
      const f = await loadFixture(consortiumFixture);
      const { id, maturity } = await issueAt(f);
      const graceEndsAt = maturity + GRACE;
      await expect(f.receivables.connect(f.bank1).declareDefault(id))
        .to.be.revertedWithCustomError(f.receivables, "ReceivableGracePeriodNotOver")
        .withArgs(id, graceEndsAt);
      await time.increaseTo(maturity + 1);
      await expect(f.receivables.connect(f.bank1).declareDefault(id))
        .to.be.revertedWithCustomError(f.receivables, "ReceivableGracePeriodNotOver")
        .withArgs(id, graceEndsAt);
      await time.setNextBlockTimestamp(graceEndsAt);
      await expect(f.receivables.connect(f.bank1).declareDefault(id))
        .to.be.revertedWithCustomError(f.receivables, "ReceivableGracePeriodNotOver")
        .withArgs(id, graceEndsAt);
      expect((await f.receivables.receivable(id)).status).to.equal(ReceivableStatus.Outstanding);
    });

    it("reverts when the receivable is defaulted already", async function () {
      const f = await loadFixture(consortiumFixture);
      const { id, maturity } = await issueAt(f);
      await time.increaseTo(maturity + GRACE + 1);
      await f.receivables.connect(f.bank1).declareDefault(id);
      await expect(f.receivables.connect(f.bank2).declareDefault(id))
        .to.be.revertedWithCustomError(f.receivables, "ReceivableInvalidStatus")
        .withArgs(id, ReceivableStatus.Defaulted);
    });

    it("reverts when the receivable is paid, even late", async function () {
      const f = await loadFixture(consortiumFixture);
      const { id, maturity } = await issueAt(f);
      await payAfter(f, id, maturity + 5 * DAY);
      await time.increaseTo(maturity + GRACE + 1);
      await expect(f.receivables.connect(f.bank1).declareDefault(id))
        .to.be.revertedWithCustomError(f.receivables, "ReceivableInvalidStatus")
        .withArgs(id, ReceivableStatus.Paid);
    });

    it("reverts when the receivable does not exist", async function () {
      const f = await loadFixture(consortiumFixture);
      await expect(f.receivables.connect(f.bank1).declareDefault(9n))
        .to.be.revertedWithCustomError(f.receivables, "ReceivableNotFound")
        .withArgs(9n);
    });

    for (const who of ["supplier1", "core", "warehouse", "regulator"] as const) {
      it(`reverts for ${who}, neither a bank nor the operator`, async function () {
        const f = await loadFixture(consortiumFixture);
        const { id, maturity } = await issueAt(f);
        await time.increaseTo(maturity + GRACE + 1);
        await expect(f.receivables.connect(f[who]).declareDefault(id))
          .to.be.revertedWithCustomError(f.registry, "MemberLacksRole")
          .withArgs(f[who].address, BANK_OR_OPERATOR);
        expect((await f.receivables.receivable(id)).status).to.equal(ReceivableStatus.Outstanding);
      });
    }

    it("reverts for the outsider", async function () {
      const f = await loadFixture(consortiumFixture);
      const { id, maturity } = await issueAt(f);
      await time.increaseTo(maturity + GRACE + 1);
      await expect(f.receivables.connect(f.outsider).declareDefault(id))
        .to.be.revertedWithCustomError(f.registry, "MemberNotActive")
        .withArgs(f.outsider.address);
    });

    it("reverts for a suspended bank", async function () {
      const f = await loadFixture(consortiumFixture);
      const { id, maturity } = await issueAt(f);
      await suspend(f, f.bank2);
      await time.increaseTo(maturity + GRACE + 1);
      await expect(f.receivables.connect(f.bank2).declareDefault(id))
        .to.be.revertedWithCustomError(f.registry, "MemberNotActive")
        .withArgs(f.bank2.address);
    });
  });

  describe("views", function () {
    it("receivable and part return all-zero records for unknown ids", async function () {
      const f = await loadFixture(consortiumFixture);
      const r = await f.receivables.receivable(123n);
      expect(r.obligor).to.equal(ZeroAddress);
      expect(r.status).to.equal(ReceivableStatus.None);
      expect(r.face).to.equal(0n);
      expect(r.maturity).to.equal(0n);
      expect(r.invoiceHash).to.equal(ZeroHash);
      const p = await f.receivables.part(123n);
      expect(p.holder).to.equal(ZeroAddress);
      expect(p.status).to.equal(PartStatus.None);
      expect(p.amount).to.equal(0n);
      expect(p.rootId).to.equal(0n);
    });

    it("partWithReceivable returns a child part with its root receivable", async function () {
      const f = await loadFixture(consortiumFixture);
      const { id, maturity, invoiceHash, issuedAt } = await issueAt(f);
      const child = await splitTo(f, f.supplier1, id, f.supplier2, 123n);
      const [p, r] = await f.receivables.partWithReceivable(child);
      expect(p.holder).to.equal(f.supplier2.address);
      expect(p.amount).to.equal(123n);
      expect(p.parentId).to.equal(id);
      expect(p.rootId).to.equal(id);
      expect(r.obligor).to.equal(f.core.address);
      expect(r.face).to.equal(FACE);
      expect(r.maturity).to.equal(maturity);
      expect(r.issuedAt).to.equal(issuedAt);
      expect(r.invoiceHash).to.equal(invoiceHash);
      expect(r.status).to.equal(ReceivableStatus.Outstanding);
    });

    it("partWithReceivable follows the receivable's status once paid", async function () {
      const f = await loadFixture(consortiumFixture);
      const { id } = await issueAt(f);
      const child = await splitTo(f, f.supplier1, id, f.supplier2, 123n);
      await f.receivables.connect(f.core).pay(id);
      await f.receivables.redeem(child);
      const [p, r] = await f.receivables.partWithReceivable(child);
      expect(p.status).to.equal(PartStatus.Redeemed);
      expect(r.status).to.equal(ReceivableStatus.Paid);
    });

    it("partWithReceivable returns zero records for an unknown part", async function () {
      const f = await loadFixture(consortiumFixture);
      const [p, r] = await f.receivables.partWithReceivable(55n);
      expect(p.holder).to.equal(ZeroAddress);
      expect(p.status).to.equal(PartStatus.None);
      expect(r.obligor).to.equal(ZeroAddress);
      expect(r.status).to.equal(ReceivableStatus.None);
    });

    it("settlementToken returns zero for a currency without a token", async function () {
      const f = await loadFixture(consortiumFixture);
      expect(await f.receivables.settlementToken(EUR)).to.equal(ZeroAddress);
    });

    it("invoiceRegistered is false for an unused invoice and true once it backs a receivable", async function () {
      const f = await loadFixture(consortiumFixture);
      expect(await f.receivables.invoiceRegistered(docHash())).to.equal(false);
      const { invoiceHash } = await issueAt(f);
      expect(await f.receivables.invoiceRegistered(invoiceHash)).to.equal(true);
    });
  });
});
