import { expect } from "chai";
import { loadFixture, time } from "@nomicfoundation/hardhat-network-helpers";
import type { ContractTransactionResponse } from "ethers";
import { id, ZeroAddress } from "ethers";
import {
  actAs,
  consortiumFixture,
  DAY,
  DEFAULT_LIMIT,
  issueReceivable,
  LimitKind,
  Role,
  text32,
  type Fixture,
} from "../helpers/fixture";
import type { CreditLimits } from "../../typechain-types";

const MAX_UINT128 = 2n ** 128n - 1n;
const REASON = id("reason:test");

/**
 * The fixture plus a signer for the factoring contract, a SYSTEM member, so that the tests can call
 * consume/release directly as the financing contracts do.
 */
async function limitsFixture() {
  const f = await consortiumFixture();
  const system = await actAs(f.factoring);
  return { ...f, system };
}

/** Number of CreditLineUsed events a transaction emitted. */
async function creditLineUsedCount(limits: CreditLimits, tx: ContractTransactionResponse): Promise<number> {
  const receipt = await tx.wait();
  return receipt!.logs.filter((l) => limits.interface.parseLog(l)?.name === "CreditLineUsed").length;
}

async function line(limits: CreditLimits, bank: string, counterparty: string, kind: number) {
  const l = await limits.creditLine(bank, counterparty, kind);
  return { limit: l.limit, used: l.used, available: await limits.available(bank, counterparty, kind) };
}

describe("CreditLimits", function () {
  describe("constructor", function () {
    it("asks the consortium's registry", async function () {
      const f = await loadFixture(consortiumFixture);
      expect(await f.creditLimits.registry()).to.equal(await f.registry.getAddress());
    });
  });

  describe("setLimit", function () {
    it("sets an obligor limit and emits CreditLimitSet", async function () {
      const f = await loadFixture(consortiumFixture);
      await expect(f.creditLimits.connect(f.bank1).setLimit(f.core2.address, LimitKind.Obligor, 123_456n))
        .to.emit(f.creditLimits, "CreditLimitSet")
        .withArgs(f.bank1.address, f.core2.address, LimitKind.Obligor, 123_456n);
      expect(await line(f.creditLimits, f.bank1.address, f.core2.address, LimitKind.Obligor)).to.deep.equal({
        limit: 123_456n,
        used: 0n,
        available: 123_456n,
      });
    });

    it("sets a borrower limit independently of the obligor limit of the same counterparty", async function () {
      const f = await loadFixture(consortiumFixture);
      // The fixture gives supplier1 DEFAULT_LIMIT on both lines of bank1.
      await expect(f.creditLimits.connect(f.bank1).setLimit(f.supplier1.address, LimitKind.Borrower, 42n))
        .to.emit(f.creditLimits, "CreditLimitSet")
        .withArgs(f.bank1.address, f.supplier1.address, LimitKind.Borrower, 42n);
      expect(
        (await f.creditLimits.creditLine(f.bank1.address, f.supplier1.address, LimitKind.Borrower)).limit,
      ).to.equal(42n);
      expect((await f.creditLimits.creditLine(f.bank1.address, f.supplier1.address, LimitKind.Obligor)).limit).to.equal(
        DEFAULT_LIMIT,
      );
    });

    it("keeps each bank's lines separate", async function () {
      const f = await loadFixture(consortiumFixture);
      await f.creditLimits.connect(f.bank2).setLimit(f.core.address, LimitKind.Obligor, 1n);
      expect(await f.creditLimits.available(f.bank2.address, f.core.address, LimitKind.Obligor)).to.equal(1n);
      expect(await f.creditLimits.available(f.bank1.address, f.core.address, LimitKind.Obligor)).to.equal(
        DEFAULT_LIMIT,
      );
    });

    it("raises, lowers and closes (zero) a limit", async function () {
      const f = await loadFixture(consortiumFixture);
      for (const limit of [DEFAULT_LIMIT * 2n, 10n, 0n]) {
        await expect(f.creditLimits.connect(f.bank1).setLimit(f.core.address, LimitKind.Obligor, limit))
          .to.emit(f.creditLimits, "CreditLimitSet")
          .withArgs(f.bank1.address, f.core.address, LimitKind.Obligor, limit);
        expect(await f.creditLimits.available(f.bank1.address, f.core.address, LimitKind.Obligor)).to.equal(limit);
      }
    });

    it("accepts the largest 128-bit limit", async function () {
      const f = await loadFixture(consortiumFixture);
      await f.creditLimits.connect(f.bank1).setLimit(f.core.address, LimitKind.Obligor, MAX_UINT128);
      expect(await f.creditLimits.available(f.bank1.address, f.core.address, LimitKind.Obligor)).to.equal(MAX_UINT128);
    });

    it("allows a limit below the amount in use, leaving nothing available until use falls", async function () {
      const f = await loadFixture(limitsFixture);
      await f.creditLimits.connect(f.system).consume(f.bank1.address, f.core.address, ZeroAddress, 300n);
      await f.creditLimits.connect(f.bank1).setLimit(f.core.address, LimitKind.Obligor, 100n);
      expect(await line(f.creditLimits, f.bank1.address, f.core.address, LimitKind.Obligor)).to.deep.equal({
        limit: 100n,
        used: 300n,
        available: 0n,
      });
      await expect(f.creditLimits.connect(f.system).consume(f.bank1.address, f.core.address, ZeroAddress, 1n))
        .to.be.revertedWithCustomError(f.creditLimits, "CreditLimitExceeded")
        .withArgs(f.bank1.address, f.core.address, LimitKind.Obligor, 1n, 0n);
      await f.creditLimits.connect(f.system).release(f.bank1.address, f.core.address, ZeroAddress, 250n);
      expect(await f.creditLimits.available(f.bank1.address, f.core.address, LimitKind.Obligor)).to.equal(50n);
    });

    it("lets a bank set a limit on an account that is not (yet) a member", async function () {
      const f = await loadFixture(consortiumFixture);
      await expect(f.creditLimits.connect(f.bank1).setLimit(f.outsider.address, LimitKind.Borrower, 5n))
        .to.emit(f.creditLimits, "CreditLimitSet")
        .withArgs(f.bank1.address, f.outsider.address, LimitKind.Borrower, 5n);
    });

    it("lets a blacklisted bank still manage its limits", async function () {
      const f = await loadFixture(consortiumFixture);
      await f.registry.setBlacklisted(f.bank1.address, true, REASON);
      await f.creditLimits.connect(f.bank1).setLimit(f.core.address, LimitKind.Obligor, 0n);
      expect(await f.creditLimits.available(f.bank1.address, f.core.address, LimitKind.Obligor)).to.equal(0n);
    });

    it("reverts when the limit does not fit 128 bits", async function () {
      const f = await loadFixture(consortiumFixture);
      await expect(f.creditLimits.connect(f.bank1).setLimit(f.core.address, LimitKind.Obligor, MAX_UINT128 + 1n))
        .to.be.revertedWithCustomError(f.creditLimits, "CreditLimitInvalid")
        .withArgs(MAX_UINT128 + 1n);
      expect((await f.creditLimits.creditLine(f.bank1.address, f.core.address, LimitKind.Obligor)).limit).to.equal(
        DEFAULT_LIMIT,
      );
    });

    it("reverts when a bank sets a limit on itself", async function () {
      const f = await loadFixture(consortiumFixture);
      for (const kind of [LimitKind.Obligor, LimitKind.Borrower]) {
        await expect(f.creditLimits.connect(f.bank1).setLimit(f.bank1.address, kind, 1n))
          .to.be.revertedWithCustomError(f.creditLimits, "CreditLimitSelf")
          .withArgs(f.bank1.address);
      }
    });

    it("reverts for a kind that is not a LimitKind", async function () {
      const f = await loadFixture(consortiumFixture);
      await expect(f.creditLimits.connect(f.bank1).setLimit(f.core.address, 2, 1n)).to.be.revertedWithoutReason();
    });

    it("reverts when called by an outsider", async function () {
      const f = await loadFixture(consortiumFixture);
      await expect(f.creditLimits.connect(f.outsider).setLimit(f.core.address, LimitKind.Obligor, 1n))
        .to.be.revertedWithCustomError(f.creditLimits, "MemberNotActive")
        .withArgs(f.outsider.address);
    });

    it("reverts when called by a member without the BANK role", async function () {
      const f = await loadFixture(consortiumFixture);
      for (const caller of [f.operator, f.core, f.supplier1, f.warehouse, f.regulator]) {
        await expect(f.creditLimits.connect(caller).setLimit(f.core2.address, LimitKind.Obligor, 1n))
          .to.be.revertedWithCustomError(f.creditLimits, "MemberLacksRole")
          .withArgs(caller.address, Role.BANK);
      }
    });

    it("reverts when called by a protocol contract (SYSTEM is not BANK)", async function () {
      const f = await loadFixture(limitsFixture);
      await expect(f.creditLimits.connect(f.system).setLimit(f.core.address, LimitKind.Obligor, 1n))
        .to.be.revertedWithCustomError(f.creditLimits, "MemberLacksRole")
        .withArgs(f.system.address, Role.BANK);
    });

    it("reverts when called by a suspended bank", async function () {
      const f = await loadFixture(consortiumFixture);
      await f.registry.suspend(f.bank1.address, REASON);
      await expect(f.creditLimits.connect(f.bank1).setLimit(f.core.address, LimitKind.Obligor, 1n))
        .to.be.revertedWithCustomError(f.creditLimits, "MemberNotActive")
        .withArgs(f.bank1.address);
    });
  });

  describe("consume", function () {
    it("consumes the obligor and the borrower lines and emits CreditLineUsed for each", async function () {
      const f = await loadFixture(limitsFixture);
      const tx = await f.creditLimits
        .connect(f.system)
        .consume(f.bank1.address, f.core.address, f.supplier2.address, 1_000n);
      await expect(tx)
        .to.emit(f.creditLimits, "CreditLineUsed")
        .withArgs(f.bank1.address, f.core.address, LimitKind.Obligor, true, 1_000n, 1_000n)
        .and.to.emit(f.creditLimits, "CreditLineUsed")
        .withArgs(f.bank1.address, f.supplier2.address, LimitKind.Borrower, true, 1_000n, 1_000n);
      expect(await creditLineUsedCount(f.creditLimits, tx)).to.equal(2);
      expect(await line(f.creditLimits, f.bank1.address, f.core.address, LimitKind.Obligor)).to.deep.equal({
        limit: DEFAULT_LIMIT,
        used: 1_000n,
        available: DEFAULT_LIMIT - 1_000n,
      });
      expect(await line(f.creditLimits, f.bank1.address, f.supplier2.address, LimitKind.Borrower)).to.deep.equal({
        limit: DEFAULT_LIMIT,
        used: 1_000n,
        available: DEFAULT_LIMIT - 1_000n,
      });
      // Other lines untouched.
      expect((await f.creditLimits.creditLine(f.bank2.address, f.core.address, LimitKind.Obligor)).used).to.equal(0n);
      expect((await f.creditLimits.creditLine(f.bank1.address, f.core.address, LimitKind.Borrower)).used).to.equal(0n);
    });

    it("accumulates use over several consumptions", async function () {
      const f = await loadFixture(limitsFixture);
      await f.creditLimits.connect(f.system).consume(f.bank1.address, f.core.address, ZeroAddress, 100n);
      await expect(f.creditLimits.connect(f.system).consume(f.bank1.address, f.core.address, ZeroAddress, 250n))
        .to.emit(f.creditLimits, "CreditLineUsed")
        .withArgs(f.bank1.address, f.core.address, LimitKind.Obligor, true, 250n, 350n);
      expect((await f.creditLimits.creditLine(f.bank1.address, f.core.address, LimitKind.Obligor)).used).to.equal(350n);
    });

    it("skips the borrower side when the borrower is the zero address", async function () {
      const f = await loadFixture(limitsFixture);
      const tx = await f.creditLimits.connect(f.system).consume(f.bank1.address, f.core.address, ZeroAddress, 10n);
      await expect(tx)
        .to.emit(f.creditLimits, "CreditLineUsed")
        .withArgs(f.bank1.address, f.core.address, LimitKind.Obligor, true, 10n, 10n);
      expect(await creditLineUsedCount(f.creditLimits, tx)).to.equal(1);
      expect((await f.creditLimits.creditLine(f.bank1.address, ZeroAddress, LimitKind.Borrower)).used).to.equal(0n);
    });

    it("skips the obligor side when the obligor is the zero address", async function () {
      const f = await loadFixture(limitsFixture);
      const tx = await f.creditLimits.connect(f.system).consume(f.bank1.address, ZeroAddress, f.supplier3.address, 10n);
      await expect(tx)
        .to.emit(f.creditLimits, "CreditLineUsed")
        .withArgs(f.bank1.address, f.supplier3.address, LimitKind.Borrower, true, 10n, 10n);
      expect(await creditLineUsedCount(f.creditLimits, tx)).to.equal(1);
      expect((await f.creditLimits.creditLine(f.bank1.address, f.supplier3.address, LimitKind.Obligor)).used).to.equal(
        0n,
      );
    });

    it("does nothing when both sides are the zero address", async function () {
      const f = await loadFixture(limitsFixture);
      const tx = await f.creditLimits.connect(f.system).consume(f.bank1.address, ZeroAddress, ZeroAddress, 10n);
      expect(await creditLineUsedCount(f.creditLimits, tx)).to.equal(0);
    });

    it("consumes both lines of a counterparty that is obligor and borrower of the same deal", async function () {
      const f = await loadFixture(limitsFixture);
      await f.creditLimits.connect(f.system).consume(f.bank1.address, f.supplier1.address, f.supplier1.address, 7n);
      expect((await f.creditLimits.creditLine(f.bank1.address, f.supplier1.address, LimitKind.Obligor)).used).to.equal(
        7n,
      );
      expect((await f.creditLimits.creditLine(f.bank1.address, f.supplier1.address, LimitKind.Borrower)).used).to.equal(
        7n,
      );
    });

    it("consumes exactly the whole available amount, then nothing more", async function () {
      const f = await loadFixture(limitsFixture);
      await f.creditLimits.connect(f.bank1).setLimit(f.core.address, LimitKind.Obligor, 500n);
      await f.creditLimits.connect(f.system).consume(f.bank1.address, f.core.address, ZeroAddress, 500n);
      expect(await f.creditLimits.available(f.bank1.address, f.core.address, LimitKind.Obligor)).to.equal(0n);
      await expect(f.creditLimits.connect(f.system).consume(f.bank1.address, f.core.address, ZeroAddress, 1n))
        .to.be.revertedWithCustomError(f.creditLimits, "CreditLimitExceeded")
        .withArgs(f.bank1.address, f.core.address, LimitKind.Obligor, 1n, 0n);
    });

    it("reverts when the obligor line would be exceeded", async function () {
      const f = await loadFixture(limitsFixture);
      await f.creditLimits.connect(f.bank1).setLimit(f.core.address, LimitKind.Obligor, 500n);
      await f.creditLimits.connect(f.system).consume(f.bank1.address, f.core.address, ZeroAddress, 200n);
      await expect(f.creditLimits.connect(f.system).consume(f.bank1.address, f.core.address, f.supplier2.address, 301n))
        .to.be.revertedWithCustomError(f.creditLimits, "CreditLimitExceeded")
        .withArgs(f.bank1.address, f.core.address, LimitKind.Obligor, 301n, 300n);
      expect((await f.creditLimits.creditLine(f.bank1.address, f.supplier2.address, LimitKind.Borrower)).used).to.equal(
        0n,
      );
    });

    it("reverts when the borrower line would be exceeded, leaving the obligor line untouched", async function () {
      const f = await loadFixture(limitsFixture);
      await f.creditLimits.connect(f.bank1).setLimit(f.supplier2.address, LimitKind.Borrower, 99n);
      await expect(f.creditLimits.connect(f.system).consume(f.bank1.address, f.core.address, f.supplier2.address, 100n))
        .to.be.revertedWithCustomError(f.creditLimits, "CreditLimitExceeded")
        .withArgs(f.bank1.address, f.supplier2.address, LimitKind.Borrower, 100n, 99n);
      expect((await f.creditLimits.creditLine(f.bank1.address, f.core.address, LimitKind.Obligor)).used).to.equal(0n);
    });

    it("reverts when the bank never set a line for the counterparty", async function () {
      const f = await loadFixture(limitsFixture);
      // The fixture gives no obligor line to supplier2 and no line at all to the warehouse.
      await expect(f.creditLimits.connect(f.system).consume(f.bank1.address, f.supplier2.address, ZeroAddress, 1n))
        .to.be.revertedWithCustomError(f.creditLimits, "CreditLimitExceeded")
        .withArgs(f.bank1.address, f.supplier2.address, LimitKind.Obligor, 1n, 0n);
      await expect(f.creditLimits.connect(f.system).consume(f.bank1.address, ZeroAddress, f.warehouse.address, 1n))
        .to.be.revertedWithCustomError(f.creditLimits, "CreditLimitExceeded")
        .withArgs(f.bank1.address, f.warehouse.address, LimitKind.Borrower, 1n, 0n);
    });

    it("reverts for an amount beyond any 128-bit line instead of wrapping", async function () {
      const f = await loadFixture(limitsFixture);
      await f.creditLimits.connect(f.bank1).setLimit(f.core.address, LimitKind.Obligor, MAX_UINT128);
      await expect(
        f.creditLimits.connect(f.system).consume(f.bank1.address, f.core.address, ZeroAddress, MAX_UINT128 + 2n),
      )
        .to.be.revertedWithCustomError(f.creditLimits, "CreditLimitExceeded")
        .withArgs(f.bank1.address, f.core.address, LimitKind.Obligor, MAX_UINT128 + 2n, MAX_UINT128);
    });

    it("reverts when called by an outsider", async function () {
      const f = await loadFixture(limitsFixture);
      await expect(f.creditLimits.connect(f.outsider).consume(f.bank1.address, f.core.address, ZeroAddress, 1n))
        .to.be.revertedWithCustomError(f.creditLimits, "MemberNotActive")
        .withArgs(f.outsider.address);
    });

    it("reverts when called by members without the SYSTEM role, the bank itself included", async function () {
      const f = await loadFixture(limitsFixture);
      for (const caller of [f.bank1, f.operator, f.core, f.supplier2, f.warehouse, f.regulator]) {
        await expect(f.creditLimits.connect(caller).consume(f.bank1.address, f.core.address, ZeroAddress, 1n))
          .to.be.revertedWithCustomError(f.creditLimits, "MemberLacksRole")
          .withArgs(caller.address, Role.SYSTEM);
      }
    });

    it("reverts when called by a contract that is not an admitted protocol contract", async function () {
      const f = await loadFixture(limitsFixture);
      const token = await actAs(f.settlementToken);
      await expect(f.creditLimits.connect(token).consume(f.bank1.address, f.core.address, ZeroAddress, 1n))
        .to.be.revertedWithCustomError(f.creditLimits, "MemberNotActive")
        .withArgs(token.address);
    });

    it("reverts when called by a suspended protocol contract", async function () {
      const f = await loadFixture(limitsFixture);
      await f.registry.suspend(f.system.address, REASON);
      await expect(f.creditLimits.connect(f.system).consume(f.bank1.address, f.core.address, ZeroAddress, 1n))
        .to.be.revertedWithCustomError(f.creditLimits, "MemberNotActive")
        .withArgs(f.system.address);
    });
  });

  describe("release", function () {
    it("gives back use on both lines and emits CreditLineUsed for each", async function () {
      const f = await loadFixture(limitsFixture);
      await f.creditLimits.connect(f.system).consume(f.bank1.address, f.core.address, f.supplier2.address, 1_000n);
      const tx = await f.creditLimits
        .connect(f.system)
        .release(f.bank1.address, f.core.address, f.supplier2.address, 400n);
      await expect(tx)
        .to.emit(f.creditLimits, "CreditLineUsed")
        .withArgs(f.bank1.address, f.core.address, LimitKind.Obligor, false, 400n, 600n)
        .and.to.emit(f.creditLimits, "CreditLineUsed")
        .withArgs(f.bank1.address, f.supplier2.address, LimitKind.Borrower, false, 400n, 600n);
      expect(await creditLineUsedCount(f.creditLimits, tx)).to.equal(2);
      expect(await line(f.creditLimits, f.bank1.address, f.core.address, LimitKind.Obligor)).to.deep.equal({
        limit: DEFAULT_LIMIT,
        used: 600n,
        available: DEFAULT_LIMIT - 600n,
      });
      expect((await f.creditLimits.creditLine(f.bank1.address, f.supplier2.address, LimitKind.Borrower)).used).to.equal(
        600n,
      );
    });

    it("releases at most what is in use, and says how much it released", async function () {
      const f = await loadFixture(limitsFixture);
      await f.creditLimits.connect(f.system).consume(f.bank1.address, f.core.address, ZeroAddress, 100n);
      await expect(f.creditLimits.connect(f.system).release(f.bank1.address, f.core.address, ZeroAddress, 150n))
        .to.emit(f.creditLimits, "CreditLineUsed")
        .withArgs(f.bank1.address, f.core.address, LimitKind.Obligor, false, 100n, 0n);
      expect(await f.creditLimits.available(f.bank1.address, f.core.address, LimitKind.Obligor)).to.equal(
        DEFAULT_LIMIT,
      );
    });

    it("releases nothing from an unused line", async function () {
      const f = await loadFixture(limitsFixture);
      await expect(f.creditLimits.connect(f.system).release(f.bank2.address, ZeroAddress, f.supplier3.address, 5n))
        .to.emit(f.creditLimits, "CreditLineUsed")
        .withArgs(f.bank2.address, f.supplier3.address, LimitKind.Borrower, false, 0n, 0n);
      expect((await f.creditLimits.creditLine(f.bank2.address, f.supplier3.address, LimitKind.Borrower)).used).to.equal(
        0n,
      );
    });

    it("skips a zero-address side", async function () {
      const f = await loadFixture(limitsFixture);
      await f.creditLimits.connect(f.system).consume(f.bank1.address, f.core.address, f.supplier2.address, 50n);
      const tx = await f.creditLimits.connect(f.system).release(f.bank1.address, f.core.address, ZeroAddress, 50n);
      expect(await creditLineUsedCount(f.creditLimits, tx)).to.equal(1);
      expect((await f.creditLimits.creditLine(f.bank1.address, f.supplier2.address, LimitKind.Borrower)).used).to.equal(
        50n,
      );
      const none = await f.creditLimits.connect(f.system).release(f.bank1.address, ZeroAddress, ZeroAddress, 50n);
      expect(await creditLineUsedCount(f.creditLimits, none)).to.equal(0);
    });

    it("reverts when called by an outsider", async function () {
      const f = await loadFixture(limitsFixture);
      await expect(f.creditLimits.connect(f.outsider).release(f.bank1.address, f.core.address, ZeroAddress, 1n))
        .to.be.revertedWithCustomError(f.creditLimits, "MemberNotActive")
        .withArgs(f.outsider.address);
    });

    it("reverts when called by members without the SYSTEM role, the bank itself included", async function () {
      const f = await loadFixture(limitsFixture);
      await f.creditLimits.connect(f.system).consume(f.bank1.address, f.core.address, ZeroAddress, 10n);
      for (const caller of [f.bank1, f.operator, f.core, f.supplier1, f.warehouse, f.regulator]) {
        await expect(f.creditLimits.connect(caller).release(f.bank1.address, f.core.address, ZeroAddress, 10n))
          .to.be.revertedWithCustomError(f.creditLimits, "MemberLacksRole")
          .withArgs(caller.address, Role.SYSTEM);
      }
      expect((await f.creditLimits.creditLine(f.bank1.address, f.core.address, LimitKind.Obligor)).used).to.equal(10n);
    });

    it("reverts when called by a suspended protocol contract", async function () {
      const f = await loadFixture(limitsFixture);
      await f.creditLimits.connect(f.system).consume(f.bank1.address, f.core.address, ZeroAddress, 10n);
      await f.registry.suspend(f.system.address, REASON);
      await expect(f.creditLimits.connect(f.system).release(f.bank1.address, f.core.address, ZeroAddress, 10n))
        .to.be.revertedWithCustomError(f.creditLimits, "MemberNotActive")
        .withArgs(f.system.address);
    });
  });

  describe("creditLine and available", function () {
    it("return zero for a line never set", async function () {
      const f = await loadFixture(consortiumFixture);
      const l = await f.creditLimits.creditLine(f.bank1.address, f.outsider.address, LimitKind.Obligor);
      expect([l.limit, l.used]).to.deep.equal([0n, 0n]);
      expect(await f.creditLimits.available(f.bank1.address, f.outsider.address, LimitKind.Obligor)).to.equal(0n);
    });

    it("show the fixture's default lines", async function () {
      const f = await loadFixture(consortiumFixture);
      for (const bank of [f.bank1, f.bank2]) {
        for (const obligor of [f.core, f.core2, f.supplier1]) {
          expect(await f.creditLimits.available(bank.address, obligor.address, LimitKind.Obligor)).to.equal(
            DEFAULT_LIMIT,
          );
        }
        for (const borrower of [f.supplier1, f.supplier2, f.supplier3, f.core]) {
          expect(await f.creditLimits.available(bank.address, borrower.address, LimitKind.Borrower)).to.equal(
            DEFAULT_LIMIT,
          );
        }
        expect(await f.creditLimits.available(bank.address, f.core2.address, LimitKind.Borrower)).to.equal(0n);
      }
    });
  });

  describe("used by the financing contracts", function () {
    async function offeredDeal() {
      const f = await consortiumFixture();
      const partId = await issueReceivable(f as Fixture, { creditor: f.supplier2, face: 1_000_000n, days: 90 });
      const expiresAt = (await time.latest()) + 3 * DAY;
      await f.factoring.connect(f.supplier2).offer(partId, f.bank1.address, 8_000, 1_000, true, expiresAt);
      return { ...f, partId, dealId: 1n };
    }

    it("factoring with recourse consumes the bank's obligor and borrower lines by the advance", async function () {
      const f = await loadFixture(offeredDeal);
      await expect(f.factoring.connect(f.bank1).accept(f.dealId, 9_000, 600, true, text32("MPR-1")))
        .to.emit(f.creditLimits, "CreditLineUsed")
        .withArgs(f.bank1.address, f.core.address, LimitKind.Obligor, true, 900_000n, 900_000n)
        .and.to.emit(f.creditLimits, "CreditLineUsed")
        .withArgs(f.bank1.address, f.supplier2.address, LimitKind.Borrower, true, 900_000n, 900_000n);
      expect(await f.creditLimits.available(f.bank1.address, f.core.address, LimitKind.Obligor)).to.equal(
        DEFAULT_LIMIT - 900_000n,
      );
    });

    it("factoring beyond the bank's remaining obligor limit reverts", async function () {
      const f = await loadFixture(offeredDeal);
      await f.creditLimits.connect(f.bank1).setLimit(f.core.address, LimitKind.Obligor, 899_999n);
      await expect(f.factoring.connect(f.bank1).accept(f.dealId, 9_000, 600, true, text32("MPR-1")))
        .to.be.revertedWithCustomError(f.creditLimits, "CreditLimitExceeded")
        .withArgs(f.bank1.address, f.core.address, LimitKind.Obligor, 900_000n, 899_999n);
    });

    it("factoring beyond the bank's remaining borrower limit reverts", async function () {
      const f = await loadFixture(offeredDeal);
      await f.creditLimits.connect(f.bank1).setLimit(f.supplier2.address, LimitKind.Borrower, 1_000n);
      await expect(f.factoring.connect(f.bank1).accept(f.dealId, 9_000, 600, true, text32("MPR-1")))
        .to.be.revertedWithCustomError(f.creditLimits, "CreditLimitExceeded")
        .withArgs(f.bank1.address, f.supplier2.address, LimitKind.Borrower, 900_000n, 1_000n);
    });
  });
});
