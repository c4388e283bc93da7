import { expect } from "chai";
import { ethers } from "hardhat";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import { id, MaxUint256, ZeroAddress, ZeroHash } from "ethers";
import { actAs, CNY, consortiumFixture, currencyCode, INITIAL_CASH, Role, text32 } from "../helpers/fixture";
import { SettlementToken__factory } from "../../typechain-types";

const DEPOSIT = id("deposit:test");
const REDEMPTION = id("redemption:test");
const REASON = id("reason:test");

describe("SettlementToken", function () {
  describe("metadata", function () {
    it("has the fixture's name, symbol, two decimals, the CNY currency and the registry", async function () {
      const f = await loadFixture(consortiumFixture);
      expect(await f.settlementToken.name()).to.equal("Tokenized Deposit CNY");
      expect(await f.settlementToken.symbol()).to.equal("dCNY");
      expect(await f.settlementToken.decimals()).to.equal(2n);
      expect(await f.settlementToken.currency()).to.equal(CNY);
      expect(await f.settlementToken.registry()).to.equal(await f.registry.getAddress());
    });

    it("keeps the currency given at deployment", async function () {
      const f = await loadFixture(consortiumFixture);
      const usd = await new SettlementToken__factory(f.operator).deploy(
        f.registry,
        "Tokenized Deposit USD",
        "dUSD",
        currencyCode("USD"),
      );
      expect(await usd.currency()).to.equal(currencyCode("USD"));
      expect(await usd.name()).to.equal("Tokenized Deposit USD");
      expect(await usd.symbol()).to.equal("dUSD");
      expect(await usd.decimals()).to.equal(2n);
      expect(await usd.totalSupply()).to.equal(0n);
    });

    it("reports the fixture's starting supply and balances", async function () {
      const f = await loadFixture(consortiumFixture);
      expect(await f.settlementToken.totalSupply()).to.equal(4n * INITIAL_CASH);
      expect(await f.settlementToken.balanceOf(f.bank1.address)).to.equal(INITIAL_CASH);
      expect(await f.settlementToken.balanceOf(f.core.address)).to.equal(INITIAL_CASH);
      expect(await f.settlementToken.balanceOf(f.supplier1.address)).to.equal(0n);
    });
  });

  describe("mint", function () {
    it("mints to a member against a deposit and emits Transfer and DepositMinted", async function () {
      const f = await loadFixture(consortiumFixture);
      const supply = await f.settlementToken.totalSupply();
      const tx = f.settlementToken.connect(f.bank1).mint(f.supplier2.address, 12_345n, DEPOSIT);
      await expect(tx)
        .to.emit(f.settlementToken, "Transfer")
        .withArgs(ZeroAddress, f.supplier2.address, 12_345n)
        .and.to.emit(f.settlementToken, "DepositMinted")
        .withArgs(f.bank1.address, f.supplier2.address, 12_345n, DEPOSIT);
      expect(await f.settlementToken.balanceOf(f.supplier2.address)).to.equal(12_345n);
      expect(await f.settlementToken.totalSupply()).to.equal(supply + 12_345n);
    });

    it("mints to a protocol contract (a SYSTEM member)", async function () {
      const f = await loadFixture(consortiumFixture);
      const factoring = await f.factoring.getAddress();
      await expect(f.settlementToken.connect(f.bank2).mint(factoring, 7n, DEPOSIT))
        .to.emit(f.settlementToken, "DepositMinted")
        .withArgs(f.bank2.address, factoring, 7n, DEPOSIT);
      expect(await f.settlementToken.balanceOf(factoring)).to.equal(7n);
    });

    it("mints to a blacklisted member (the blacklist only stops new financing)", async function () {
      const f = await loadFixture(consortiumFixture);
      await f.registry.setBlacklisted(f.supplier2.address, true, REASON);
      await f.settlementToken.connect(f.bank1).mint(f.supplier2.address, 5n, DEPOSIT);
      expect(await f.settlementToken.balanceOf(f.supplier2.address)).to.equal(5n);
    });

    it("lets a member holding BANK among other roles mint", async function () {
      const f = await loadFixture(consortiumFixture);
      await f.registry.setRoles(f.core.address, Role.CORE_ENTERPRISE | Role.BANK);
      await expect(f.settlementToken.connect(f.core).mint(f.core.address, 9n, DEPOSIT))
        .to.emit(f.settlementToken, "DepositMinted")
        .withArgs(f.core.address, f.core.address, 9n, DEPOSIT);
    });

    it("reverts when the amount is zero", async function () {
      const f = await loadFixture(consortiumFixture);
      await expect(
        f.settlementToken.connect(f.bank1).mint(f.supplier2.address, 0n, DEPOSIT),
      ).to.be.revertedWithCustomError(f.settlementToken, "SettlementZeroAmount");
    });

    it("reverts when minting to an outsider", async function () {
      const f = await loadFixture(consortiumFixture);
      await expect(f.settlementToken.connect(f.bank1).mint(f.outsider.address, 1n, DEPOSIT))
        .to.be.revertedWithCustomError(f.settlementToken, "MemberNotActive")
        .withArgs(f.outsider.address);
    });

    it("reverts when minting to a suspended member", async function () {
      const f = await loadFixture(consortiumFixture);
      await f.registry.suspend(f.supplier2.address, REASON);
      await expect(f.settlementToken.connect(f.bank1).mint(f.supplier2.address, 1n, DEPOSIT))
        .to.be.revertedWithCustomError(f.settlementToken, "MemberNotActive")
        .withArgs(f.supplier2.address);
    });

    it("reverts when minting to the zero address", async function () {
      const f = await loadFixture(consortiumFixture);
      await expect(f.settlementToken.connect(f.bank1).mint(ZeroAddress, 1n, DEPOSIT))
        .to.be.revertedWithCustomError(f.settlementToken, "ERC20InvalidReceiver")
        .withArgs(ZeroAddress);
    });

    it("reverts when called by an outsider", async function () {
      const f = await loadFixture(consortiumFixture);
      await expect(f.settlementToken.connect(f.outsider).mint(f.outsider.address, 1n, DEPOSIT))
        .to.be.revertedWithCustomError(f.settlementToken, "MemberNotActive")
        .withArgs(f.outsider.address);
    });

    it("reverts when called by a member without the BANK role", async function () {
      const f = await loadFixture(consortiumFixture);
      for (const caller of [f.operator, f.core, f.supplier1, f.warehouse, f.regulator]) {
        await expect(f.settlementToken.connect(caller).mint(caller.address, 1n, DEPOSIT))
          .to.be.revertedWithCustomError(f.settlementToken, "MemberLacksRole")
          .withArgs(caller.address, Role.BANK);
      }
    });

    it("reverts when called by a protocol contract (SYSTEM is not BANK)", async function () {
      const f = await loadFixture(consortiumFixture);
      const factoring = await f.factoring.getAddress();
      const system = await actAs(factoring);
      await expect(f.settlementToken.connect(system).mint(factoring, 1n, DEPOSIT))
        .to.be.revertedWithCustomError(f.settlementToken, "MemberLacksRole")
        .withArgs(factoring, Role.BANK);
    });

    it("reverts when called by a suspended bank", async function () {
      const f = await loadFixture(consortiumFixture);
      await f.registry.suspend(f.bank1.address, REASON);
      await expect(f.settlementToken.connect(f.bank1).mint(f.core.address, 1n, DEPOSIT))
        .to.be.revertedWithCustomError(f.settlementToken, "MemberNotActive")
        .withArgs(f.bank1.address);
    });

    it("reverts when called by a blacklisted bank", async function () {
      const f = await loadFixture(consortiumFixture);
      await f.registry.setBlacklisted(f.bank1.address, true, REASON);
      await expect(f.settlementToken.connect(f.bank1).mint(f.core.address, 1n, DEPOSIT))
        .to.be.revertedWithCustomError(f.settlementToken, "MemberBlacklisted")
        .withArgs(f.bank1.address);
    });

    it("checks the caller before the amount", async function () {
      const f = await loadFixture(consortiumFixture);
      await expect(f.settlementToken.connect(f.supplier1).mint(f.core.address, 0n, DEPOSIT))
        .to.be.revertedWithCustomError(f.settlementToken, "MemberLacksRole")
        .withArgs(f.supplier1.address, Role.BANK);
    });
  });

  describe("redeem", function () {
    it("burns the caller's tokens and emits Transfer and DepositRedeemed", async function () {
      const f = await loadFixture(consortiumFixture);
      const supply = await f.settlementToken.totalSupply();
      await expect(f.settlementToken.connect(f.core).redeem(400n, f.bank2.address, REDEMPTION))
        .to.emit(f.settlementToken, "Transfer")
        .withArgs(f.core.address, ZeroAddress, 400n)
        .and.to.emit(f.settlementToken, "DepositRedeemed")
        .withArgs(f.core.address, f.bank2.address, 400n, REDEMPTION);
      expect(await f.settlementToken.balanceOf(f.core.address)).to.equal(INITIAL_CASH - 400n);
      expect(await f.settlementToken.totalSupply()).to.equal(supply - 400n);
    });

    it("redeems the whole balance", async function () {
      const f = await loadFixture(consortiumFixture);
      await f.settlementToken.connect(f.bank1).redeem(INITIAL_CASH, f.bank1.address, REDEMPTION);
      expect(await f.settlementToken.balanceOf(f.bank1.address)).to.equal(0n);
    });

    it("lets a blacklisted holder redeem with a blacklisted bank (redemption is not new financing)", async function () {
      const f = await loadFixture(consortiumFixture);
      await f.registry.setBlacklisted(f.core.address, true, REASON);
      await f.registry.setBlacklisted(f.bank1.address, true, REASON);
      await expect(f.settlementToken.connect(f.core).redeem(1n, f.bank1.address, REDEMPTION))
        .to.emit(f.settlementToken, "DepositRedeemed")
        .withArgs(f.core.address, f.bank1.address, 1n, REDEMPTION);
    });

    it("reverts when the amount is zero", async function () {
      const f = await loadFixture(consortiumFixture);
      await expect(
        f.settlementToken.connect(f.core).redeem(0n, f.bank1.address, REDEMPTION),
      ).to.be.revertedWithCustomError(f.settlementToken, "SettlementZeroAmount");
    });

    it("reverts when the balance is insufficient", async function () {
      const f = await loadFixture(consortiumFixture);
      await expect(f.settlementToken.connect(f.core).redeem(INITIAL_CASH + 1n, f.bank1.address, REDEMPTION))
        .to.be.revertedWithCustomError(f.settlementToken, "ERC20InsufficientBalance")
        .withArgs(f.core.address, INITIAL_CASH, INITIAL_CASH + 1n);
    });

    it("reverts when the paying bank is not a bank", async function () {
      const f = await loadFixture(consortiumFixture);
      for (const notBank of [f.core2, f.supplier1, f.operator, f.regulator]) {
        await expect(f.settlementToken.connect(f.core).redeem(1n, notBank.address, REDEMPTION))
          .to.be.revertedWithCustomError(f.settlementToken, "MemberLacksRole")
          .withArgs(notBank.address, Role.BANK);
      }
    });

    it("reverts when the paying bank is an outsider, the zero address or suspended", async function () {
      const f = await loadFixture(consortiumFixture);
      await expect(f.settlementToken.connect(f.core).redeem(1n, f.outsider.address, REDEMPTION))
        .to.be.revertedWithCustomError(f.settlementToken, "MemberNotActive")
        .withArgs(f.outsider.address);
      await expect(f.settlementToken.connect(f.core).redeem(1n, ZeroAddress, REDEMPTION))
        .to.be.revertedWithCustomError(f.settlementToken, "MemberNotActive")
        .withArgs(ZeroAddress);
      await f.registry.suspend(f.bank2.address, REASON);
      await expect(f.settlementToken.connect(f.core).redeem(1n, f.bank2.address, REDEMPTION))
        .to.be.revertedWithCustomError(f.settlementToken, "MemberNotActive")
        .withArgs(f.bank2.address);
    });

    it("reverts when the holder is suspended (its balance is frozen)", async function () {
      const f = await loadFixture(consortiumFixture);
      await f.registry.suspend(f.core.address, REASON);
      await expect(f.settlementToken.connect(f.core).redeem(1n, f.bank1.address, REDEMPTION))
        .to.be.revertedWithCustomError(f.settlementToken, "MemberNotActive")
        .withArgs(f.core.address);
      expect(await f.settlementToken.balanceOf(f.core.address)).to.equal(INITIAL_CASH);
    });

    it("reverts when called by an outsider", async function () {
      const f = await loadFixture(consortiumFixture);
      await expect(f.settlementToken.connect(f.outsider).redeem(1n, f.bank1.address, REDEMPTION))
        .to.be.revertedWithCustomError(f.settlementToken, "MemberNotActive")
        .withArgs(f.outsider.address);
    });
  });

  describe("transfer", function () {
    it("moves tokens between active members and emits Transfer", async function () {
      const f = await loadFixture(consortiumFixture);
      await expect(f.settlementToken.connect(f.core).transfer(f.supplier1.address, 1_000n))
        .to.emit(f.settlementToken, "Transfer")
        .withArgs(f.core.address, f.supplier1.address, 1_000n);
      expect(await f.settlementToken.balanceOf(f.core.address)).to.equal(INITIAL_CASH - 1_000n);
      expect(await f.settlementToken.balanceOf(f.supplier1.address)).to.equal(1_000n);
      expect(await f.settlementToken.totalSupply()).to.equal(4n * INITIAL_CASH);
    });

    it("moves tokens to every kind of member, including a protocol contract", async function () {
      const f = await loadFixture(consortiumFixture);
      const receivers = [
        f.operator.address,
        f.warehouse.address,
        f.regulator.address,
        await f.receivables.getAddress(),
      ];
      for (const to of receivers) {
        await expect(f.settlementToken.connect(f.bank1).transfer(to, 3n)).to.changeTokenBalances(
          f.settlementToken,
          [f.bank1.address, to],
          [-3n, 3n],
        );
      }
    });

    it("allows a zero-amount transfer between members", async function () {
      const f = await loadFixture(consortiumFixture);
      await expect(f.settlementToken.connect(f.supplier1).transfer(f.supplier2.address, 0n))
        .to.emit(f.settlementToken, "Transfer")
        .withArgs(f.supplier1.address, f.supplier2.address, 0n);
    });

    it("lets blacklisted members send and receive (the blacklist only stops new financing)", async function () {
      const f = await loadFixture(consortiumFixture);
      await f.registry.setBlacklisted(f.core.address, true, REASON);
      await f.registry.setBlacklisted(f.supplier1.address, true, REASON);
      await expect(f.settlementToken.connect(f.core).transfer(f.supplier1.address, 10n)).to.changeTokenBalances(
        f.settlementToken,
        [f.core, f.supplier1],
        [-10n, 10n],
      );
    });

    it("works again for a reinstated member", async function () {
      const f = await loadFixture(consortiumFixture);
      await f.registry.suspend(f.supplier1.address, REASON);
      await f.registry.reinstate(f.supplier1.address);
      await expect(f.settlementToken.connect(f.core).transfer(f.supplier1.address, 10n)).to.changeTokenBalances(
        f.settlementToken,
        [f.core, f.supplier1],
        [-10n, 10n],
      );
    });

    it("reverts when sending to an outsider", async function () {
      const f = await loadFixture(consortiumFixture);
      await expect(f.settlementToken.connect(f.core).transfer(f.outsider.address, 1n))
        .to.be.revertedWithCustomError(f.settlementToken, "MemberNotActive")
        .withArgs(f.outsider.address);
    });

    it("reverts when sending to a contract that is not a member (e.g. the credit limits)", async function () {
      const f = await loadFixture(consortiumFixture);
      const limits = await f.creditLimits.getAddress();
      await expect(f.settlementToken.connect(f.core).transfer(limits, 1n))
        .to.be.revertedWithCustomError(f.settlementToken, "MemberNotActive")
        .withArgs(limits);
    });

    it("reverts when sending to a suspended member", async function () {
      const f = await loadFixture(consortiumFixture);
      await f.registry.suspend(f.supplier1.address, REASON);
      await expect(f.settlementToken.connect(f.core).transfer(f.supplier1.address, 1n))
        .to.be.revertedWithCustomError(f.settlementToken, "MemberNotActive")
        .withArgs(f.supplier1.address);
    });

    it("reverts when a suspended member sends", async function () {
      const f = await loadFixture(consortiumFixture);
      await f.registry.suspend(f.core.address, REASON);
      await expect(f.settlementToken.connect(f.core).transfer(f.supplier1.address, 1n))
        .to.be.revertedWithCustomError(f.settlementToken, "MemberNotActive")
        .withArgs(f.core.address);
    });

    it("reverts when an outsider sends, even nothing", async function () {
      const f = await loadFixture(consortiumFixture);
      await expect(f.settlementToken.connect(f.outsider).transfer(f.core.address, 0n))
        .to.be.revertedWithCustomError(f.settlementToken, "MemberNotActive")
        .withArgs(f.outsider.address);
    });

    it("reverts when sending to the zero address", async function () {
      const f = await loadFixture(consortiumFixture);
      await expect(f.settlementToken.connect(f.core).transfer(ZeroAddress, 1n))
        .to.be.revertedWithCustomError(f.settlementToken, "ERC20InvalidReceiver")
        .withArgs(ZeroAddress);
    });

    it("reverts when the balance is insufficient", async function () {
      const f = await loadFixture(consortiumFixture);
      await expect(f.settlementToken.connect(f.supplier1).transfer(f.supplier2.address, 1n))
        .to.be.revertedWithCustomError(f.settlementToken, "ERC20InsufficientBalance")
        .withArgs(f.supplier1.address, 0n, 1n);
    });

    it("freezes the balance of a member suspended after receiving cash", async function () {
      const f = await loadFixture(consortiumFixture);
      await f.settlementToken.connect(f.core).transfer(f.supplier3.address, 50n);
      await f.registry.suspend(f.supplier3.address, REASON);
      await expect(f.settlementToken.connect(f.supplier3).transfer(f.core.address, 50n))
        .to.be.revertedWithCustomError(f.settlementToken, "MemberNotActive")
        .withArgs(f.supplier3.address);
      expect(await f.settlementToken.balanceOf(f.supplier3.address)).to.equal(50n);
    });
  });

  describe("approve and allowance", function () {
    it("sets an allowance and emits Approval", async function () {
      const f = await loadFixture(consortiumFixture);
      await expect(f.settlementToken.connect(f.core).approve(f.supplier1.address, 500n))
        .to.emit(f.settlementToken, "Approval")
        .withArgs(f.core.address, f.supplier1.address, 500n);
      expect(await f.settlementToken.allowance(f.core.address, f.supplier1.address)).to.equal(500n);
      await f.settlementToken.connect(f.core).approve(f.supplier1.address, 0n);
      expect(await f.settlementToken.allowance(f.core.address, f.supplier1.address)).to.equal(0n);
    });

    it("shows the fixture's unlimited approvals of the protocol contracts", async function () {
      const f = await loadFixture(consortiumFixture);
      expect(await f.settlementToken.allowance(f.core.address, await f.factoring.getAddress())).to.equal(MaxUint256);
      expect(await f.settlementToken.allowance(f.core.address, f.supplier1.address)).to.equal(0n);
    });

    it("reverts when the spender is the zero address", async function () {
      const f = await loadFixture(consortiumFixture);
      await expect(f.settlementToken.connect(f.core).approve(ZeroAddress, 1n))
        .to.be.revertedWithCustomError(f.settlementToken, "ERC20InvalidSpender")
        .withArgs(ZeroAddress);
    });

    it("does not gate approvals on membership (an allowance moves nothing by itself)", async function () {
      const f = await loadFixture(consortiumFixture);
      await expect(f.settlementToken.connect(f.outsider).approve(f.core.address, 1n))
        .to.emit(f.settlementToken, "Approval")
        .withArgs(f.outsider.address, f.core.address, 1n);
      await f.registry.suspend(f.core.address, REASON);
      await f.settlementToken.connect(f.core).approve(f.outsider.address, 2n);
      expect(await f.settlementToken.allowance(f.core.address, f.outsider.address)).to.equal(2n);
    });
  });

  describe("transferFrom", function () {
    it("moves tokens between members within the allowance and lowers it", async function () {
      const f = await loadFixture(consortiumFixture);
      await f.settlementToken.connect(f.core).approve(f.supplier1.address, 1_000n);
      await expect(f.settlementToken.connect(f.supplier1).transferFrom(f.core.address, f.supplier2.address, 600n))
        .to.emit(f.settlementToken, "Transfer")
        .withArgs(f.core.address, f.supplier2.address, 600n);
      expect(await f.settlementToken.allowance(f.core.address, f.supplier1.address)).to.equal(400n);
      expect(await f.settlementToken.balanceOf(f.supplier2.address)).to.equal(600n);
      expect(await f.settlementToken.balanceOf(f.core.address)).to.equal(INITIAL_CASH - 600n);
    });

    it("does not lower an unlimited allowance", async function () {
      const f = await loadFixture(consortiumFixture);
      await f.settlementToken.connect(f.core).approve(f.supplier1.address, MaxUint256);
      await f.settlementToken.connect(f.supplier1).transferFrom(f.core.address, f.supplier1.address, 10n);
      expect(await f.settlementToken.allowance(f.core.address, f.supplier1.address)).to.equal(MaxUint256);
    });

    it("reverts when the allowance is insufficient", async function () {
      const f = await loadFixture(consortiumFixture);
      await f.settlementToken.connect(f.core).approve(f.supplier1.address, 5n);
      await expect(f.settlementToken.connect(f.supplier1).transferFrom(f.core.address, f.supplier2.address, 6n))
        .to.be.revertedWithCustomError(f.settlementToken, "ERC20InsufficientAllowance")
        .withArgs(f.supplier1.address, 5n, 6n);
    });

    it("reverts when the balance is insufficient", async function () {
      const f = await loadFixture(consortiumFixture);
      await f.settlementToken.connect(f.supplier2).approve(f.supplier1.address, 5n);
      await expect(f.settlementToken.connect(f.supplier1).transferFrom(f.supplier2.address, f.supplier1.address, 5n))
        .to.be.revertedWithCustomError(f.settlementToken, "ERC20InsufficientBalance")
        .withArgs(f.supplier2.address, 0n, 5n);
    });

    it("reverts when the receiver is an outsider or suspended", async function () {
      const f = await loadFixture(consortiumFixture);
      await f.settlementToken.connect(f.core).approve(f.supplier1.address, 100n);
      await expect(f.settlementToken.connect(f.supplier1).transferFrom(f.core.address, f.outsider.address, 1n))
        .to.be.revertedWithCustomError(f.settlementToken, "MemberNotActive")
        .withArgs(f.outsider.address);
      await f.registry.suspend(f.supplier2.address, REASON);
      await expect(f.settlementToken.connect(f.supplier1).transferFrom(f.core.address, f.supplier2.address, 1n))
        .to.be.revertedWithCustomError(f.settlementToken, "MemberNotActive")
        .withArgs(f.supplier2.address);
      expect(await f.settlementToken.allowance(f.core.address, f.supplier1.address)).to.equal(100n);
    });

    it("reverts when the owner was suspended after approving", async function () {
      const f = await loadFixture(consortiumFixture);
      await f.settlementToken.connect(f.core).approve(f.supplier1.address, 100n);
      await f.registry.suspend(f.core.address, REASON);
      await expect(f.settlementToken.connect(f.supplier1).transferFrom(f.core.address, f.supplier1.address, 1n))
        .to.be.revertedWithCustomError(f.settlementToken, "MemberNotActive")
        .withArgs(f.core.address);
    });

    it("reverts when sending to the zero address", async function () {
      const f = await loadFixture(consortiumFixture);
      await f.settlementToken.connect(f.core).approve(f.supplier1.address, 100n);
      await expect(f.settlementToken.connect(f.supplier1).transferFrom(f.core.address, ZeroAddress, 1n))
        .to.be.revertedWithCustomError(f.settlementToken, "ERC20InvalidReceiver")
        .withArgs(ZeroAddress);
    });

    it("reverts without an allowance, even for a bank or the operator", async function () {
      const f = await loadFixture(consortiumFixture);
      for (const caller of [f.bank1, f.operator]) {
        await expect(f.settlementToken.connect(caller).transferFrom(f.core.address, caller.address, 1n))
          .to.be.revertedWithCustomError(f.settlementToken, "ERC20InsufficientAllowance")
          .withArgs(caller.address, 0n, 1n);
      }
    });

    // Documents current behaviour: only the two sides of a transfer are gated, not the spender. The
    // cash still moves only between members (DESIGN invariant 3 holds), on the owner's own approval.
    it("does not gate the spender: an outsider with an allowance moves cash between two members", async function () {
      const f = await loadFixture(consortiumFixture);
      await f.settlementToken.connect(f.core).approve(f.outsider.address, 10n);
      await expect(
        f.settlementToken.connect(f.outsider).transferFrom(f.core.address, f.supplier1.address, 10n),
      ).to.changeTokenBalances(f.settlementToken, [f.core, f.supplier1, f.outsider], [-10n, 10n, 0n]);
    });
  });

  describe("balances through the membership lifecycle", function () {
    it("freezes, then unfreezes, the balance of a member suspended and reinstated", async function () {
      const f = await loadFixture(consortiumFixture);
      const [newcomer] = (await ethers.getSigners()).slice(11);
      await f.registry.admit(newcomer.address, text32("late"), Role.SUPPLIER, ZeroHash);
      await f.settlementToken.connect(f.bank1).mint(newcomer.address, 100n, DEPOSIT);
      await f.registry.suspend(newcomer.address, REASON);
      await expect(f.settlementToken.connect(newcomer).transfer(f.core.address, 1n))
        .to.be.revertedWithCustomError(f.settlementToken, "MemberNotActive")
        .withArgs(newcomer.address);
      await f.registry.reinstate(newcomer.address);
      await expect(f.settlementToken.connect(newcomer).transfer(f.core.address, 100n)).to.changeTokenBalances(
        f.settlementToken,
        [newcomer, f.core],
        [-100n, 100n],
      );
    });
  });
});
