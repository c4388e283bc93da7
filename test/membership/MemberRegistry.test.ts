import { expect } from "chai";
import { ethers } from "hardhat";
import { loadFixture, time } from "@nomicfoundation/hardhat-network-helpers";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/signers";
import { id, keccak256, toUtf8Bytes, ZeroAddress, ZeroHash } from "ethers";
import {
  consortiumFixture,
  currencyCode,
  DAY,
  issueReceivable,
  MemberStatus,
  Role,
  text32,
  type Fixture,
} from "../helpers/fixture";
import { MemberRegistry__factory, SettlementToken__factory, CreditLimits__factory } from "../../typechain-types";

const OPERATOR_ROLE = keccak256(toUtf8Bytes("OPERATOR_ROLE"));
const DEFAULT_ADMIN_ROLE = ZeroHash;
const ALL_ROLES =
  Role.OPERATOR | Role.CORE_ENTERPRISE | Role.SUPPLIER | Role.BANK | Role.WAREHOUSE | Role.REGULATOR | Role.SYSTEM;
const REASON = id("reason:kyc-expired");

const Status = MemberStatus;

/** Signers the fixture never touches. */
async function freshSigners(): Promise<HardhatEthersSigner[]> {
  return (await ethers.getSigners()).slice(11);
}

/** The fixture plus a second operator admitted by governance (operator only, no DEFAULT_ADMIN_ROLE). */
async function withSecondOperator() {
  const f = await consortiumFixture();
  const [operator2, newcomer, newcomer2] = await freshSigners();
  await f.registry.connect(f.operator).admit(operator2.address, text32("operator-two"), Role.OPERATOR, id("kyc:op2"));
  return { ...f, operator2, newcomer, newcomer2 };
}

describe("MemberRegistry", function () {
  describe("constructor", function () {
    it("admits governance as the first active operator with DEFAULT_ADMIN_ROLE and OPERATOR_ROLE", async function () {
      const [governance] = await ethers.getSigners();
      const registry = await new MemberRegistry__factory(governance).deploy(governance.address, text32("gov"));
      await expect(registry.deploymentTransaction())
        .to.emit(registry, "MemberAdmitted")
        .withArgs(governance.address, text32("gov"), Role.OPERATOR, ZeroHash, governance.address);
      const deployedAt = await time.latest();
      expect(await registry.hasRole(DEFAULT_ADMIN_ROLE, governance.address)).to.equal(true);
      expect(await registry.hasRole(OPERATOR_ROLE, governance.address)).to.equal(true);
      const m = await registry.member(governance.address);
      expect(m.roles).to.equal(Role.OPERATOR);
      expect(m.status).to.equal(Status.Active);
      expect(m.blacklisted).to.equal(false);
      expect(m.admittedAt).to.equal(deployedAt);
      expect(m.orgId).to.equal(text32("gov"));
    });

    it("can make governance a different account than the deployer", async function () {
      const [deployer, , , , , , , , , , , governance] = await ethers.getSigners();
      const registry = await new MemberRegistry__factory(deployer).deploy(governance.address, text32("gov"));
      expect(await registry.hasRole(DEFAULT_ADMIN_ROLE, governance.address)).to.equal(true);
      expect(await registry.hasRole(DEFAULT_ADMIN_ROLE, deployer.address)).to.equal(false);
      expect(await registry.hasRole(OPERATOR_ROLE, deployer.address)).to.equal(false);
      expect((await registry.member(deployer.address)).status).to.equal(Status.None);
    });

    it("reverts when governance is the zero address", async function () {
      const [deployer] = await ethers.getSigners();
      const factory = new MemberRegistry__factory(deployer);
      await expect(factory.deploy(ZeroAddress, text32("gov"))).to.be.revertedWithCustomError(
        factory,
        "ZeroAddressMember",
      );
    });
  });

  describe("fixture wiring", function () {
    it("admits every protocol contract with the SYSTEM role only", async function () {
      const f = await loadFixture(consortiumFixture);
      for (const c of [f.receivables, f.purchaseOrders, f.factoring, f.orderFinancing, f.receiptFinancing]) {
        const [roles, active, blacklisted] = await f.registry.memberState(await c.getAddress());
        expect([roles, active, blacklisted]).to.deep.equal([BigInt(Role.SYSTEM), true, false]);
      }
      // The settlement token and credit limits hold nothing in custody: they are not members.
      expect((await f.registry.member(await f.settlementToken.getAddress())).status).to.equal(Status.None);
      expect((await f.registry.member(await f.creditLimits.getAddress())).status).to.equal(Status.None);
    });
  });

  describe("admit", function () {
    it("admits an account with its roles, org id and admission time and emits MemberAdmitted", async function () {
      const f = await loadFixture(withSecondOperator);
      const roles = Role.SUPPLIER | Role.CORE_ENTERPRISE;
      const tx = f.registry.connect(f.operator2).admit(f.newcomer.address, text32("new-org"), roles, id("kyc:new"));
      await expect(tx)
        .to.emit(f.registry, "MemberAdmitted")
        .withArgs(f.newcomer.address, text32("new-org"), roles, id("kyc:new"), f.operator2.address);
      const at = await time.latest();
      const m = await f.registry.member(f.newcomer.address);
      expect(m.roles).to.equal(roles);
      expect(m.status).to.equal(Status.Active);
      expect(m.blacklisted).to.equal(false);
      expect(m.admittedAt).to.equal(at);
      expect(m.orgId).to.equal(text32("new-org"));
      expect(await f.registry.memberState(f.newcomer.address)).to.deep.equal([BigInt(roles), true, false]);
      expect(await f.registry.hasRole(OPERATOR_ROLE, f.newcomer.address)).to.equal(false);
    });

    it("accepts the mask of every role for a contract account", async function () {
      const f = await loadFixture(consortiumFixture);
      const contract = await new CreditLimits__factory(f.operator).deploy(f.registry);
      const addr = await contract.getAddress();
      await expect(f.registry.admit(addr, text32("all"), ALL_ROLES, ZeroHash))
        .to.emit(f.registry, "MemberAdmitted")
        .withArgs(addr, text32("all"), ALL_ROLES, ZeroHash, f.operator.address)
        .and.to.emit(f.registry, "RoleGranted")
        .withArgs(OPERATOR_ROLE, addr, f.operator.address);
      expect((await f.registry.member(addr)).roles).to.equal(ALL_ROLES);
    });

    it("gives the SYSTEM role to a contract", async function () {
      const f = await loadFixture(consortiumFixture);
      const contract = await new CreditLimits__factory(f.operator).deploy(f.registry);
      const addr = await contract.getAddress();
      await expect(f.registry.admit(addr, text32("protocol:new"), Role.SYSTEM, ZeroHash))
        .to.emit(f.registry, "MemberAdmitted")
        .withArgs(addr, text32("protocol:new"), Role.SYSTEM, ZeroHash, f.operator.address);
      expect(await f.registry.isActiveWithRole(addr, Role.SYSTEM)).to.equal(true);
    });

    it("lets governance admit a new operator, granting OPERATOR_ROLE", async function () {
      const f = await loadFixture(withSecondOperator);
      await expect(f.registry.admit(f.newcomer.address, text32("op3"), Role.OPERATOR | Role.REGULATOR, ZeroHash))
        .to.emit(f.registry, "RoleGranted")
        .withArgs(OPERATOR_ROLE, f.newcomer.address, f.operator.address)
        .and.to.emit(f.registry, "MemberAdmitted")
        .withArgs(f.newcomer.address, text32("op3"), Role.OPERATOR | Role.REGULATOR, ZeroHash, f.operator.address);
      expect(await f.registry.hasRole(OPERATOR_ROLE, f.newcomer.address)).to.equal(true);
      expect(await f.registry.hasRole(DEFAULT_ADMIN_ROLE, f.newcomer.address)).to.equal(false);
      // The new operator can act at once.
      await expect(f.registry.connect(f.newcomer).admit(f.newcomer2.address, text32("x"), Role.SUPPLIER, ZeroHash))
        .to.emit(f.registry, "MemberAdmitted")
        .withArgs(f.newcomer2.address, text32("x"), Role.SUPPLIER, ZeroHash, f.newcomer.address);
    });

    it("reverts when an operator without DEFAULT_ADMIN_ROLE admits an operator", async function () {
      const f = await loadFixture(withSecondOperator);
      await expect(f.registry.connect(f.operator2).admit(f.newcomer.address, text32("op3"), Role.OPERATOR, ZeroHash))
        .to.be.revertedWithCustomError(f.registry, "AccessControlUnauthorizedAccount")
        .withArgs(f.operator2.address, DEFAULT_ADMIN_ROLE);
      expect((await f.registry.member(f.newcomer.address)).status).to.equal(Status.None);
    });

    it("reverts for the zero address", async function () {
      const f = await loadFixture(consortiumFixture);
      await expect(f.registry.admit(ZeroAddress, text32("x"), Role.SUPPLIER, ZeroHash)).to.be.revertedWithCustomError(
        f.registry,
        "ZeroAddressMember",
      );
    });

    it("reverts when the account is already admitted", async function () {
      const f = await loadFixture(consortiumFixture);
      await expect(f.registry.admit(f.bank1.address, text32("again"), Role.SUPPLIER, ZeroHash))
        .to.be.revertedWithCustomError(f.registry, "MemberAlreadyAdmitted")
        .withArgs(f.bank1.address);
      expect((await f.registry.member(f.bank1.address)).roles).to.equal(Role.BANK);
    });

    it("reverts when a suspended member is admitted again (suspension cannot be bypassed)", async function () {
      const f = await loadFixture(consortiumFixture);
      await f.registry.suspend(f.supplier2.address, REASON);
      await expect(f.registry.admit(f.supplier2.address, text32("again"), Role.SUPPLIER, ZeroHash))
        .to.be.revertedWithCustomError(f.registry, "MemberAlreadyAdmitted")
        .withArgs(f.supplier2.address);
      expect((await f.registry.member(f.supplier2.address)).status).to.equal(Status.Suspended);
    });

    it("reverts when roles are empty", async function () {
      const f = await loadFixture(consortiumFixture);
      await expect(f.registry.admit(f.outsider.address, text32("x"), 0, ZeroHash))
        .to.be.revertedWithCustomError(f.registry, "InvalidRoles")
        .withArgs(0);
    });

    it("reverts when roles have a bit that is not a role", async function () {
      const f = await loadFixture(consortiumFixture);
      await expect(f.registry.admit(f.outsider.address, text32("x"), 1 << 7, ZeroHash))
        .to.be.revertedWithCustomError(f.registry, "InvalidRoles")
        .withArgs(1 << 7);
      await expect(f.registry.admit(f.outsider.address, text32("x"), 0xffff, ZeroHash))
        .to.be.revertedWithCustomError(f.registry, "InvalidRoles")
        .withArgs(0xffff);
    });

    it("reverts when the SYSTEM role is given to an account without code", async function () {
      const f = await loadFixture(consortiumFixture);
      await expect(f.registry.admit(f.outsider.address, text32("x"), Role.SYSTEM | Role.BANK, ZeroHash))
        .to.be.revertedWithCustomError(f.registry, "SystemRoleRequiresContract")
        .withArgs(f.outsider.address);
    });

    it("reverts when called by an outsider", async function () {
      const f = await loadFixture(withSecondOperator);
      await expect(f.registry.connect(f.outsider).admit(f.newcomer.address, text32("x"), Role.SUPPLIER, ZeroHash))
        .to.be.revertedWithCustomError(f.registry, "AccessControlUnauthorizedAccount")
        .withArgs(f.outsider.address, OPERATOR_ROLE);
    });

    it("reverts when called by members without the operator role", async function () {
      const f = await loadFixture(withSecondOperator);
      for (const caller of [f.core, f.supplier1, f.bank1, f.warehouse, f.regulator]) {
        await expect(f.registry.connect(caller).admit(f.newcomer.address, text32("x"), Role.SUPPLIER, ZeroHash))
          .to.be.revertedWithCustomError(f.registry, "AccessControlUnauthorizedAccount")
          .withArgs(caller.address, OPERATOR_ROLE);
      }
    });

    it("reverts when called by a suspended operator", async function () {
      const f = await loadFixture(withSecondOperator);
      await f.registry.suspend(f.operator2.address, REASON);
      await expect(f.registry.connect(f.operator2).admit(f.newcomer.address, text32("x"), Role.SUPPLIER, ZeroHash))
        .to.be.revertedWithCustomError(f.registry, "MemberNotActive")
        .withArgs(f.operator2.address);
    });
  });

  describe("setRoles", function () {
    it("replaces the roles of a member and emits MemberRolesChanged", async function () {
      const f = await loadFixture(withSecondOperator);
      const roles = Role.BANK | Role.SUPPLIER;
      await expect(f.registry.connect(f.operator2).setRoles(f.bank1.address, roles))
        .to.emit(f.registry, "MemberRolesChanged")
        .withArgs(f.bank1.address, roles, f.operator2.address);
      expect(await f.registry.memberState(f.bank1.address)).to.deep.equal([BigInt(roles), true, false]);
      await expect(f.registry.setRoles(f.bank1.address, Role.WAREHOUSE))
        .to.emit(f.registry, "MemberRolesChanged")
        .withArgs(f.bank1.address, Role.WAREHOUSE, f.operator.address);
      expect(await f.registry.isActiveWithRole(f.bank1.address, Role.BANK)).to.equal(false);
      expect(await f.registry.isActiveWithRole(f.bank1.address, Role.WAREHOUSE)).to.equal(true);
    });

    it("keeps the org id, status and admission time", async function () {
      const f = await loadFixture(consortiumFixture);
      const before = await f.registry.member(f.bank1.address);
      await f.registry.setRoles(f.bank1.address, Role.SUPPLIER);
      const after = await f.registry.member(f.bank1.address);
      expect(after.orgId).to.equal(before.orgId);
      expect(after.admittedAt).to.equal(before.admittedAt);
      expect(after.status).to.equal(Status.Active);
      expect(after.roles).to.equal(Role.SUPPLIER);
    });

    it("changes the roles of a suspended member without reinstating it", async function () {
      const f = await loadFixture(consortiumFixture);
      await f.registry.suspend(f.bank1.address, REASON);
      await expect(f.registry.setRoles(f.bank1.address, Role.SUPPLIER))
        .to.emit(f.registry, "MemberRolesChanged")
        .withArgs(f.bank1.address, Role.SUPPLIER, f.operator.address);
      expect(await f.registry.memberState(f.bank1.address)).to.deep.equal([BigInt(Role.SUPPLIER), false, false]);
    });

    it("lets governance make a member an operator (OPERATOR_ROLE granted)", async function () {
      const f = await loadFixture(withSecondOperator);
      await expect(f.registry.setRoles(f.bank1.address, Role.BANK | Role.OPERATOR))
        .to.emit(f.registry, "RoleGranted")
        .withArgs(OPERATOR_ROLE, f.bank1.address, f.operator.address)
        .and.to.emit(f.registry, "MemberRolesChanged")
        .withArgs(f.bank1.address, Role.BANK | Role.OPERATOR, f.operator.address);
      expect(await f.registry.hasRole(OPERATOR_ROLE, f.bank1.address)).to.equal(true);
      await expect(f.registry.connect(f.bank1).suspend(f.supplier3.address, REASON))
        .to.emit(f.registry, "MemberSuspended")
        .withArgs(f.supplier3.address, REASON, f.bank1.address);
    });

    it("lets governance unmake an operator (OPERATOR_ROLE revoked)", async function () {
      const f = await loadFixture(withSecondOperator);
      await expect(f.registry.setRoles(f.operator2.address, Role.REGULATOR))
        .to.emit(f.registry, "RoleRevoked")
        .withArgs(OPERATOR_ROLE, f.operator2.address, f.operator.address)
        .and.to.emit(f.registry, "MemberRolesChanged")
        .withArgs(f.operator2.address, Role.REGULATOR, f.operator.address);
      expect(await f.registry.hasRole(OPERATOR_ROLE, f.operator2.address)).to.equal(false);
      await expect(f.registry.connect(f.operator2).suspend(f.supplier3.address, REASON))
        .to.be.revertedWithCustomError(f.registry, "AccessControlUnauthorizedAccount")
        .withArgs(f.operator2.address, OPERATOR_ROLE);
    });

    it("lets an operator keep its OPERATOR role while adding roles to itself", async function () {
      const f = await loadFixture(withSecondOperator);
      await expect(f.registry.connect(f.operator2).setRoles(f.operator2.address, Role.OPERATOR | Role.REGULATOR))
        .to.emit(f.registry, "MemberRolesChanged")
        .withArgs(f.operator2.address, Role.OPERATOR | Role.REGULATOR, f.operator2.address);
      expect(await f.registry.hasRole(OPERATOR_ROLE, f.operator2.address)).to.equal(true);
    });

    it("lets an operator without DEFAULT_ADMIN_ROLE change roles of another operator that keeps OPERATOR", async function () {
      const f = await loadFixture(withSecondOperator);
      await expect(f.registry.connect(f.operator2).setRoles(f.operator.address, Role.OPERATOR | Role.BANK))
        .to.emit(f.registry, "MemberRolesChanged")
        .withArgs(f.operator.address, Role.OPERATOR | Role.BANK, f.operator2.address);
    });

    it("reverts when an operator without DEFAULT_ADMIN_ROLE adds OPERATOR", async function () {
      const f = await loadFixture(withSecondOperator);
      await expect(f.registry.connect(f.operator2).setRoles(f.bank1.address, Role.BANK | Role.OPERATOR))
        .to.be.revertedWithCustomError(f.registry, "AccessControlUnauthorizedAccount")
        .withArgs(f.operator2.address, DEFAULT_ADMIN_ROLE);
      expect(await f.registry.hasRole(OPERATOR_ROLE, f.bank1.address)).to.equal(false);
    });

    it("reverts when an operator without DEFAULT_ADMIN_ROLE removes OPERATOR from another operator", async function () {
      const f = await loadFixture(withSecondOperator);
      await expect(f.registry.connect(f.operator2).setRoles(f.operator.address, Role.BANK))
        .to.be.revertedWithCustomError(f.registry, "AccessControlUnauthorizedAccount")
        .withArgs(f.operator2.address, DEFAULT_ADMIN_ROLE);
      expect(await f.registry.hasRole(OPERATOR_ROLE, f.operator.address)).to.equal(true);
    });

    it("reverts when an operator removes its own OPERATOR role", async function () {
      const f = await loadFixture(withSecondOperator);
      await expect(f.registry.connect(f.operator2).setRoles(f.operator2.address, Role.BANK))
        .to.be.revertedWithCustomError(f.registry, "CannotChangeSelf")
        .withArgs(f.operator2.address);
      // Governance cannot lock itself out either.
      await expect(f.registry.setRoles(f.operator.address, Role.REGULATOR))
        .to.be.revertedWithCustomError(f.registry, "CannotChangeSelf")
        .withArgs(f.operator.address);
    });

    it("reverts for an account never admitted", async function () {
      const f = await loadFixture(consortiumFixture);
      await expect(f.registry.setRoles(f.outsider.address, Role.SUPPLIER))
        .to.be.revertedWithCustomError(f.registry, "MemberNotActive")
        .withArgs(f.outsider.address);
    });

    it("reverts when roles are empty or invalid", async function () {
      const f = await loadFixture(consortiumFixture);
      await expect(f.registry.setRoles(f.bank1.address, 0))
        .to.be.revertedWithCustomError(f.registry, "InvalidRoles")
        .withArgs(0);
      await expect(f.registry.setRoles(f.bank1.address, Role.BANK | 0x100))
        .to.be.revertedWithCustomError(f.registry, "InvalidRoles")
        .withArgs(Role.BANK | 0x100);
    });

    it("reverts when SYSTEM is given to an account without code", async function () {
      const f = await loadFixture(consortiumFixture);
      await expect(f.registry.setRoles(f.bank1.address, Role.BANK | Role.SYSTEM))
        .to.be.revertedWithCustomError(f.registry, "SystemRoleRequiresContract")
        .withArgs(f.bank1.address);
    });

    it("reverts when called by an outsider, a non-operator member or a suspended operator", async function () {
      const f = await loadFixture(withSecondOperator);
      for (const caller of [f.outsider, f.bank1, f.regulator]) {
        await expect(f.registry.connect(caller).setRoles(f.supplier3.address, Role.BANK))
          .to.be.revertedWithCustomError(f.registry, "AccessControlUnauthorizedAccount")
          .withArgs(caller.address, OPERATOR_ROLE);
      }
      await f.registry.suspend(f.operator2.address, REASON);
      await expect(f.registry.connect(f.operator2).setRoles(f.supplier3.address, Role.BANK))
        .to.be.revertedWithCustomError(f.registry, "MemberNotActive")
        .withArgs(f.operator2.address);
    });
  });

  describe("suspend", function () {
    it("suspends an active member and emits MemberSuspended", async function () {
      const f = await loadFixture(withSecondOperator);
      await expect(f.registry.connect(f.operator2).suspend(f.supplier2.address, REASON))
        .to.emit(f.registry, "MemberSuspended")
        .withArgs(f.supplier2.address, REASON, f.operator2.address);
      const m = await f.registry.member(f.supplier2.address);
      expect(m.status).to.equal(Status.Suspended);
      expect(m.roles).to.equal(Role.SUPPLIER);
      expect(await f.registry.memberState(f.supplier2.address)).to.deep.equal([BigInt(Role.SUPPLIER), false, false]);
      expect(await f.registry.isActiveWithRole(f.supplier2.address, Role.SUPPLIER)).to.equal(false);
    });

    it("takes the operator rights of a suspended operator while AccessControl still lists it", async function () {
      const f = await loadFixture(withSecondOperator);
      await f.registry.suspend(f.operator2.address, REASON);
      expect(await f.registry.hasRole(OPERATOR_ROLE, f.operator2.address)).to.equal(true);
      await expect(f.registry.connect(f.operator2).suspend(f.supplier2.address, REASON))
        .to.be.revertedWithCustomError(f.registry, "MemberNotActive")
        .withArgs(f.operator2.address);
    });

    it("reverts when the member is already suspended", async function () {
      const f = await loadFixture(consortiumFixture);
      await f.registry.suspend(f.supplier2.address, REASON);
      await expect(f.registry.suspend(f.supplier2.address, REASON))
        .to.be.revertedWithCustomError(f.registry, "MemberStatusUnchanged")
        .withArgs(f.supplier2.address);
    });

    it("reverts for an account never admitted, including the zero address", async function () {
      const f = await loadFixture(consortiumFixture);
      await expect(f.registry.suspend(f.outsider.address, REASON))
        .to.be.revertedWithCustomError(f.registry, "MemberNotActive")
        .withArgs(f.outsider.address);
      await expect(f.registry.suspend(ZeroAddress, REASON))
        .to.be.revertedWithCustomError(f.registry, "MemberNotActive")
        .withArgs(ZeroAddress);
    });

    it("reverts when an operator suspends itself", async function () {
      const f = await loadFixture(withSecondOperator);
      await expect(f.registry.connect(f.operator2).suspend(f.operator2.address, REASON))
        .to.be.revertedWithCustomError(f.registry, "CannotChangeSelf")
        .withArgs(f.operator2.address);
      await expect(f.registry.suspend(f.operator.address, REASON))
        .to.be.revertedWithCustomError(f.registry, "CannotChangeSelf")
        .withArgs(f.operator.address);
    });

    it("reverts when called by an outsider, a non-operator member or a suspended operator", async function () {
      const f = await loadFixture(withSecondOperator);
      for (const caller of [f.outsider, f.core, f.bank1, f.regulator]) {
        await expect(f.registry.connect(caller).suspend(f.supplier2.address, REASON))
          .to.be.revertedWithCustomError(f.registry, "AccessControlUnauthorizedAccount")
          .withArgs(caller.address, OPERATOR_ROLE);
      }
      await f.registry.suspend(f.operator2.address, REASON);
      await expect(f.registry.connect(f.operator2).suspend(f.supplier2.address, REASON))
        .to.be.revertedWithCustomError(f.registry, "MemberNotActive")
        .withArgs(f.operator2.address);
    });
  });

  describe("reinstate", function () {
    it("reinstates a suspended member and emits MemberReinstated", async function () {
      const f = await loadFixture(withSecondOperator);
      await f.registry.suspend(f.supplier2.address, REASON);
      await expect(f.registry.connect(f.operator2).reinstate(f.supplier2.address))
        .to.emit(f.registry, "MemberReinstated")
        .withArgs(f.supplier2.address, f.operator2.address);
      expect((await f.registry.member(f.supplier2.address)).status).to.equal(Status.Active);
      expect(await f.registry.isActiveWithRole(f.supplier2.address, Role.SUPPLIER)).to.equal(true);
    });

    it("gives a reinstated operator its rights back", async function () {
      const f = await loadFixture(withSecondOperator);
      await f.registry.suspend(f.operator2.address, REASON);
      await f.registry.reinstate(f.operator2.address);
      await expect(f.registry.connect(f.operator2).suspend(f.supplier2.address, REASON))
        .to.emit(f.registry, "MemberSuspended")
        .withArgs(f.supplier2.address, REASON, f.operator2.address);
    });

    it("reverts when the member is active", async function () {
      const f = await loadFixture(consortiumFixture);
      await expect(f.registry.reinstate(f.supplier2.address))
        .to.be.revertedWithCustomError(f.registry, "MemberStatusUnchanged")
        .withArgs(f.supplier2.address);
    });

    it("reverts for an account never admitted", async function () {
      const f = await loadFixture(consortiumFixture);
      await expect(f.registry.reinstate(f.outsider.address))
        .to.be.revertedWithCustomError(f.registry, "MemberNotActive")
        .withArgs(f.outsider.address);
    });

    it("reverts when a suspended operator reinstates itself", async function () {
      const f = await loadFixture(withSecondOperator);
      await f.registry.suspend(f.operator2.address, REASON);
      await expect(f.registry.connect(f.operator2).reinstate(f.operator2.address))
        .to.be.revertedWithCustomError(f.registry, "MemberNotActive")
        .withArgs(f.operator2.address);
    });

    it("reverts when called by an outsider or a non-operator member", async function () {
      const f = await loadFixture(consortiumFixture);
      await f.registry.suspend(f.supplier2.address, REASON);
      for (const caller of [f.outsider, f.supplier1, f.bank2, f.warehouse]) {
        await expect(f.registry.connect(caller).reinstate(f.supplier2.address))
          .to.be.revertedWithCustomError(f.registry, "AccessControlUnauthorizedAccount")
          .withArgs(caller.address, OPERATOR_ROLE);
      }
      // A suspended member cannot reinstate itself either.
      await expect(f.registry.connect(f.supplier2).reinstate(f.supplier2.address))
        .to.be.revertedWithCustomError(f.registry, "AccessControlUnauthorizedAccount")
        .withArgs(f.supplier2.address, OPERATOR_ROLE);
    });
  });

  describe("setBlacklisted", function () {
    it("blacklists a member without suspending it and emits BlacklistChanged", async function () {
      const f = await loadFixture(withSecondOperator);
      await expect(f.registry.connect(f.operator2).setBlacklisted(f.supplier2.address, true, REASON))
        .to.emit(f.registry, "BlacklistChanged")
        .withArgs(f.supplier2.address, true, REASON, f.operator2.address);
      expect(await f.registry.memberState(f.supplier2.address)).to.deep.equal([BigInt(Role.SUPPLIER), true, true]);
      expect((await f.registry.member(f.supplier2.address)).blacklisted).to.equal(true);
      expect((await f.registry.member(f.supplier2.address)).status).to.equal(Status.Active);
    });

    it("takes a member off the blacklist", async function () {
      const f = await loadFixture(consortiumFixture);
      await f.registry.setBlacklisted(f.supplier2.address, true, REASON);
      const lifted = id("reason:cleared");
      await expect(f.registry.setBlacklisted(f.supplier2.address, false, lifted))
        .to.emit(f.registry, "BlacklistChanged")
        .withArgs(f.supplier2.address, false, lifted, f.operator.address);
      expect(await f.registry.memberState(f.supplier2.address)).to.deep.equal([BigInt(Role.SUPPLIER), true, false]);
    });

    it("blacklists an address never admitted, and the flag survives its admission", async function () {
      const f = await loadFixture(consortiumFixture);
      await expect(f.registry.setBlacklisted(f.outsider.address, true, REASON))
        .to.emit(f.registry, "BlacklistChanged")
        .withArgs(f.outsider.address, true, REASON, f.operator.address);
      const m = await f.registry.member(f.outsider.address);
      expect(m.status).to.equal(Status.None);
      expect(m.blacklisted).to.equal(true);
      await f.registry.admit(f.outsider.address, text32("late"), Role.SUPPLIER, ZeroHash);
      expect(await f.registry.memberState(f.outsider.address)).to.deep.equal([BigInt(Role.SUPPLIER), true, true]);
    });

    it("blacklists a suspended member", async function () {
      const f = await loadFixture(consortiumFixture);
      await f.registry.suspend(f.supplier2.address, REASON);
      await f.registry.setBlacklisted(f.supplier2.address, true, REASON);
      expect(await f.registry.memberState(f.supplier2.address)).to.deep.equal([BigInt(Role.SUPPLIER), false, true]);
    });

    it("reverts when the flag does not change", async function () {
      const f = await loadFixture(consortiumFixture);
      await expect(f.registry.setBlacklisted(f.supplier2.address, false, REASON))
        .to.be.revertedWithCustomError(f.registry, "MemberStatusUnchanged")
        .withArgs(f.supplier2.address);
      await f.registry.setBlacklisted(f.supplier2.address, true, REASON);
      await expect(f.registry.setBlacklisted(f.supplier2.address, true, REASON))
        .to.be.revertedWithCustomError(f.registry, "MemberStatusUnchanged")
        .withArgs(f.supplier2.address);
    });

    it("reverts for the zero address", async function () {
      const f = await loadFixture(consortiumFixture);
      await expect(f.registry.setBlacklisted(ZeroAddress, true, REASON)).to.be.revertedWithCustomError(
        f.registry,
        "ZeroAddressMember",
      );
    });

    it("reverts when an operator blacklists itself", async function () {
      const f = await loadFixture(withSecondOperator);
      await expect(f.registry.connect(f.operator2).setBlacklisted(f.operator2.address, true, REASON))
        .to.be.revertedWithCustomError(f.registry, "CannotChangeSelf")
        .withArgs(f.operator2.address);
    });

    it("reverts when called by an outsider, a non-operator member or a suspended operator", async function () {
      const f = await loadFixture(withSecondOperator);
      for (const caller of [f.outsider, f.core, f.bank1, f.regulator, f.supplier2]) {
        await expect(f.registry.connect(caller).setBlacklisted(f.supplier2.address, true, REASON))
          .to.be.revertedWithCustomError(f.registry, "AccessControlUnauthorizedAccount")
          .withArgs(caller.address, OPERATOR_ROLE);
      }
      await f.registry.suspend(f.operator2.address, REASON);
      await expect(f.registry.connect(f.operator2).setBlacklisted(f.supplier2.address, true, REASON))
        .to.be.revertedWithCustomError(f.registry, "MemberNotActive")
        .withArgs(f.operator2.address);
    });
  });

  describe("member", function () {
    it("returns an all-zero record for an account never admitted", async function () {
      const f = await loadFixture(consortiumFixture);
      const m = await f.registry.member(f.outsider.address);
      expect([m.roles, m.status, m.blacklisted, m.admittedAt, m.orgId]).to.deep.equal([
        0n,
        Status.None,
        false,
        0n,
        ZeroHash,
      ]);
    });

    it("returns the record written at admission", async function () {
      const f = await loadFixture(consortiumFixture);
      const m = await f.registry.member(f.supplier1.address);
      expect(m.roles).to.equal(Role.SUPPLIER | Role.CORE_ENTERPRISE);
      expect(m.status).to.equal(Status.Active);
      expect(m.orgId).to.equal(text32("tier1-supplier"));
      expect(m.admittedAt).to.be.greaterThan(0n);
    });
  });

  describe("memberState", function () {
    it("returns no roles, inactive and not blacklisted for an account never admitted", async function () {
      const f = await loadFixture(consortiumFixture);
      expect(await f.registry.memberState(f.outsider.address)).to.deep.equal([0n, false, false]);
    });

    it("follows suspension, reinstatement and the blacklist", async function () {
      const f = await loadFixture(consortiumFixture);
      expect(await f.registry.memberState(f.bank2.address)).to.deep.equal([BigInt(Role.BANK), true, false]);
      await f.registry.suspend(f.bank2.address, REASON);
      await f.registry.setBlacklisted(f.bank2.address, true, REASON);
      expect(await f.registry.memberState(f.bank2.address)).to.deep.equal([BigInt(Role.BANK), false, true]);
      await f.registry.reinstate(f.bank2.address);
      expect(await f.registry.memberState(f.bank2.address)).to.deep.equal([BigInt(Role.BANK), true, true]);
    });
  });

  describe("isActiveWithRole", function () {
    it("is true when an active member holds any role of the mask", async function () {
      const f = await loadFixture(consortiumFixture);
      expect(await f.registry.isActiveWithRole(f.supplier1.address, Role.SUPPLIER)).to.equal(true);
      expect(await f.registry.isActiveWithRole(f.supplier1.address, Role.CORE_ENTERPRISE)).to.equal(true);
      expect(await f.registry.isActiveWithRole(f.supplier1.address, Role.BANK | Role.SUPPLIER)).to.equal(true);
      expect(await f.registry.isActiveWithRole(f.supplier1.address, Role.BANK)).to.equal(false);
    });

    it("is false for an empty mask, an outsider and a suspended member", async function () {
      const f = await loadFixture(consortiumFixture);
      expect(await f.registry.isActiveWithRole(f.bank1.address, 0)).to.equal(false);
      expect(await f.registry.isActiveWithRole(f.outsider.address, ALL_ROLES)).to.equal(false);
      await f.registry.suspend(f.bank1.address, REASON);
      expect(await f.registry.isActiveWithRole(f.bank1.address, Role.BANK)).to.equal(false);
    });

    it("ignores the blacklist (it only answers membership and roles)", async function () {
      const f = await loadFixture(consortiumFixture);
      await f.registry.setBlacklisted(f.bank1.address, true, REASON);
      expect(await f.registry.isActiveWithRole(f.bank1.address, Role.BANK)).to.equal(true);
    });
  });

  describe("AccessControl operator management", function () {
    it("exposes OPERATOR_ROLE, administered by DEFAULT_ADMIN_ROLE", async function () {
      const f = await loadFixture(consortiumFixture);
      expect(await f.registry.OPERATOR_ROLE()).to.equal(OPERATOR_ROLE);
      expect(await f.registry.DEFAULT_ADMIN_ROLE()).to.equal(DEFAULT_ADMIN_ROLE);
      expect(await f.registry.getRoleAdmin(OPERATOR_ROLE)).to.equal(DEFAULT_ADMIN_ROLE);
      expect(await f.registry.getRoleAdmin(DEFAULT_ADMIN_ROLE)).to.equal(DEFAULT_ADMIN_ROLE);
      expect(await f.registry.hasRole(OPERATOR_ROLE, f.operator.address)).to.equal(true);
      expect(await f.registry.hasRole(OPERATOR_ROLE, f.bank1.address)).to.equal(false);
    });

    it("supports the IAccessControl and ERC-165 interfaces only", async function () {
      const f = await loadFixture(consortiumFixture);
      expect(await f.registry.supportsInterface("0x7965db0b")).to.equal(true); // IAccessControl
      expect(await f.registry.supportsInterface("0x01ffc9a7")).to.equal(true); // IERC165
      expect(await f.registry.supportsInterface("0xffffffff")).to.equal(false);
    });

    it("refuses to grant, revoke or renounce OPERATOR_ROLE directly, even for governance", async function () {
      const f = await loadFixture(withSecondOperator);
      // The role follows the member's OPERATOR bit (admit / setRoles), so the two can never drift.
      await expect(f.registry.grantRole(OPERATOR_ROLE, f.bank1.address))
        .to.be.revertedWithCustomError(f.registry, "OperatorRoleManagedByMembership")
        .withArgs(OPERATOR_ROLE);
      await expect(f.registry.revokeRole(OPERATOR_ROLE, f.operator2.address))
        .to.be.revertedWithCustomError(f.registry, "OperatorRoleManagedByMembership")
        .withArgs(OPERATOR_ROLE);
      await expect(f.registry.connect(f.operator2).renounceRole(OPERATOR_ROLE, f.operator2.address))
        .to.be.revertedWithCustomError(f.registry, "OperatorRoleManagedByMembership")
        .withArgs(OPERATOR_ROLE);
      expect(await f.registry.hasRole(OPERATOR_ROLE, f.bank1.address)).to.equal(false);
      expect(await f.registry.hasRole(OPERATOR_ROLE, f.operator2.address)).to.equal(true);
      expect(await f.registry.isActiveWithRole(f.operator2.address, Role.OPERATOR)).to.equal(true);
    });

    it("keeps OPERATOR_ROLE and the OPERATOR bit in step through setRoles", async function () {
      const f = await loadFixture(withSecondOperator);
      await f.registry.setRoles(f.operator2.address, Role.BANK);
      expect(await f.registry.hasRole(OPERATOR_ROLE, f.operator2.address)).to.equal(false);
      expect(await f.registry.isActiveWithRole(f.operator2.address, Role.OPERATOR)).to.equal(false);
      await f.registry.setRoles(f.bank1.address, Role.BANK | Role.OPERATOR);
      expect(await f.registry.hasRole(OPERATOR_ROLE, f.bank1.address)).to.equal(true);
      expect(await f.registry.isActiveWithRole(f.bank1.address, Role.OPERATOR)).to.equal(true);
    });

    it("lets governance grant and revoke other roles (DEFAULT_ADMIN_ROLE) as AccessControl does", async function () {
      const f = await loadFixture(withSecondOperator);
      await expect(f.registry.grantRole(DEFAULT_ADMIN_ROLE, f.operator2.address))
        .to.emit(f.registry, "RoleGranted")
        .withArgs(DEFAULT_ADMIN_ROLE, f.operator2.address, f.operator.address);
      expect(await f.registry.hasRole(DEFAULT_ADMIN_ROLE, f.operator2.address)).to.equal(true);
      await expect(f.registry.revokeRole(DEFAULT_ADMIN_ROLE, f.operator2.address))
        .to.emit(f.registry, "RoleRevoked")
        .withArgs(DEFAULT_ADMIN_ROLE, f.operator2.address, f.operator.address);
      await f.registry.grantRole(DEFAULT_ADMIN_ROLE, f.operator2.address);
      await expect(f.registry.connect(f.operator2).renounceRole(DEFAULT_ADMIN_ROLE, f.operator2.address))
        .to.emit(f.registry, "RoleRevoked")
        .withArgs(DEFAULT_ADMIN_ROLE, f.operator2.address, f.operator2.address);
      expect(await f.registry.hasRole(DEFAULT_ADMIN_ROLE, f.operator2.address)).to.equal(false);
    });

    it("reverts when an account without DEFAULT_ADMIN_ROLE grants or revokes governance", async function () {
      const f = await loadFixture(withSecondOperator);
      await expect(f.registry.connect(f.operator2).grantRole(DEFAULT_ADMIN_ROLE, f.operator2.address))
        .to.be.revertedWithCustomError(f.registry, "AccessControlUnauthorizedAccount")
        .withArgs(f.operator2.address, DEFAULT_ADMIN_ROLE);
      await expect(f.registry.connect(f.operator2).revokeRole(DEFAULT_ADMIN_ROLE, f.operator.address))
        .to.be.revertedWithCustomError(f.registry, "AccessControlUnauthorizedAccount")
        .withArgs(f.operator2.address, DEFAULT_ADMIN_ROLE);
      await expect(f.registry.connect(f.outsider).grantRole(DEFAULT_ADMIN_ROLE, f.outsider.address))
        .to.be.revertedWithCustomError(f.registry, "AccessControlUnauthorizedAccount")
        .withArgs(f.outsider.address, DEFAULT_ADMIN_ROLE);
    });

    it("reverts when renounceRole is not confirmed by the caller's own address", async function () {
      const f = await loadFixture(consortiumFixture);
      await expect(
        f.registry.connect(f.bank1).renounceRole(DEFAULT_ADMIN_ROLE, f.operator.address),
      ).to.be.revertedWithCustomError(f.registry, "AccessControlBadConfirmation");
    });
  });

  describe("MemberGated (checks every protocol contract makes)", function () {
    async function fixtureWithPart() {
      const f = await consortiumFixture();
      const partId = await issueReceivable(f as Fixture, { creditor: f.supplier2, face: 1_000_000n });
      const expiresAt = (await time.latest()) + 3 * DAY;
      return { ...f, partId, expiresAt };
    }

    it("exposes the registry it asks", async function () {
      const f = await loadFixture(consortiumFixture);
      const registry = await f.registry.getAddress();
      expect(await f.settlementToken.registry()).to.equal(registry);
      expect(await f.creditLimits.registry()).to.equal(registry);
      expect(await f.factoring.registry()).to.equal(registry);
    });

    it("_requireActive: rejects an outsider and a suspended member, accepts an active member", async function () {
      const f = await loadFixture(consortiumFixture);
      await expect(f.settlementToken.connect(f.core).transfer(f.outsider.address, 1n))
        .to.be.revertedWithCustomError(f.settlementToken, "MemberNotActive")
        .withArgs(f.outsider.address);
      await f.registry.suspend(f.supplier2.address, REASON);
      await expect(f.settlementToken.connect(f.core).transfer(f.supplier2.address, 1n))
        .to.be.revertedWithCustomError(f.settlementToken, "MemberNotActive")
        .withArgs(f.supplier2.address);
      await expect(f.settlementToken.connect(f.core).transfer(f.supplier3.address, 1n)).to.changeTokenBalances(
        f.settlementToken,
        [f.core, f.supplier3],
        [-1n, 1n],
      );
    });

    it("_requireRole: checks activity before the role, and any role of the mask is enough", async function () {
      const f = await loadFixture(consortiumFixture);
      await expect(f.creditLimits.connect(f.outsider).setLimit(f.core.address, 0, 1n))
        .to.be.revertedWithCustomError(f.creditLimits, "MemberNotActive")
        .withArgs(f.outsider.address);
      await expect(f.creditLimits.connect(f.core).setLimit(f.supplier1.address, 0, 1n))
        .to.be.revertedWithCustomError(f.creditLimits, "MemberLacksRole")
        .withArgs(f.core.address, Role.BANK);
      await f.registry.setRoles(f.core.address, Role.CORE_ENTERPRISE | Role.BANK);
      await expect(f.creditLimits.connect(f.core).setLimit(f.supplier1.address, 0, 1n))
        .to.emit(f.creditLimits, "CreditLimitSet")
        .withArgs(f.core.address, f.supplier1.address, 0, 1n);
    });

    it("_requireFinanceable: checks activity, then role, then the blacklist", async function () {
      const f = await loadFixture(consortiumFixture);
      // Blacklisted and lacking the role: the role error comes first.
      await f.registry.setBlacklisted(f.supplier3.address, true, REASON);
      await expect(f.settlementToken.connect(f.supplier3).mint(f.supplier3.address, 1n, ZeroHash))
        .to.be.revertedWithCustomError(f.settlementToken, "MemberLacksRole")
        .withArgs(f.supplier3.address, Role.BANK);
      // A blacklisted bank cannot mint.
      await f.registry.setBlacklisted(f.bank2.address, true, REASON);
      await expect(f.settlementToken.connect(f.bank2).mint(f.bank2.address, 1n, ZeroHash))
        .to.be.revertedWithCustomError(f.settlementToken, "MemberBlacklisted")
        .withArgs(f.bank2.address);
      // Suspended and blacklisted: the membership error comes first.
      await f.registry.suspend(f.bank2.address, REASON);
      await expect(f.settlementToken.connect(f.bank2).mint(f.bank2.address, 1n, ZeroHash))
        .to.be.revertedWithCustomError(f.settlementToken, "MemberNotActive")
        .withArgs(f.bank2.address);
    });

    it("_requireFinanceable with any role: a blacklisted holder cannot offer a receivable for factoring", async function () {
      const f = await loadFixture(fixtureWithPart);
      await f.registry.setBlacklisted(f.supplier2.address, true, REASON);
      await expect(f.factoring.connect(f.supplier2).offer(f.partId, f.bank1.address, 8_000, 1_000, true, f.expiresAt))
        .to.be.revertedWithCustomError(f.factoring, "MemberBlacklisted")
        .withArgs(f.supplier2.address);
    });

    it("_requireNotBlacklisted: a receivable of a blacklisted obligor cannot be offered, whatever its state", async function () {
      const f = await loadFixture(fixtureWithPart);
      await f.registry.setBlacklisted(f.core.address, true, REASON);
      await f.registry.suspend(f.core.address, REASON);
      await expect(f.factoring.connect(f.supplier2).offer(f.partId, f.bank1.address, 8_000, 1_000, true, f.expiresAt))
        .to.be.revertedWithCustomError(f.factoring, "MemberBlacklisted")
        .withArgs(f.core.address);
      // Lifted: the offer goes through.
      await f.registry.setBlacklisted(f.core.address, false, ZeroHash);
      await expect(
        f.factoring.connect(f.supplier2).offer(f.partId, f.bank1.address, 8_000, 1_000, true, f.expiresAt),
      ).to.emit(f.factoring, "FactoringOffered");
    });

    it("_requireOperatorCaller: only an active OPERATOR member wires a settlement token", async function () {
      const f = await loadFixture(withSecondOperator);
      const usd = await new SettlementToken__factory(f.operator).deploy(f.registry, "USD", "dUSD", currencyCode("USD"));
      await expect(f.receivables.connect(f.outsider).setSettlementToken(currencyCode("USD"), usd))
        .to.be.revertedWithCustomError(f.receivables, "MemberNotActive")
        .withArgs(f.outsider.address);
      await expect(f.receivables.connect(f.bank1).setSettlementToken(currencyCode("USD"), usd))
        .to.be.revertedWithCustomError(f.receivables, "MemberLacksRole")
        .withArgs(f.bank1.address, Role.OPERATOR);
      await f.registry.suspend(f.operator2.address, REASON);
      await expect(f.receivables.connect(f.operator2).setSettlementToken(currencyCode("USD"), usd))
        .to.be.revertedWithCustomError(f.receivables, "MemberNotActive")
        .withArgs(f.operator2.address);
      await f.registry.reinstate(f.operator2.address);
      await expect(f.receivables.connect(f.operator2).setSettlementToken(currencyCode("USD"), usd))
        .to.emit(f.receivables, "SettlementTokenSet")
        .withArgs(currencyCode("USD"), await usd.getAddress());
    });

    it("_requireSystemCaller: a member with every role but SYSTEM cannot consume a credit line", async function () {
      const f = await loadFixture(consortiumFixture);
      await f.registry.setRoles(f.operator.address, ALL_ROLES & ~Role.SYSTEM);
      await expect(f.creditLimits.connect(f.operator).consume(f.bank1.address, f.core.address, ZeroAddress, 1n))
        .to.be.revertedWithCustomError(f.creditLimits, "MemberLacksRole")
        .withArgs(f.operator.address, Role.SYSTEM);
    });
  });
});
