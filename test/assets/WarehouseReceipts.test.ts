import { expect } from "chai";
import { ethers } from "hardhat";
import { loadFixture, time } from "@nomicfoundation/hardhat-network-helpers";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/signers";
import { id, ZeroAddress, ZeroHash } from "ethers";
import {
  CNY,
  DAY,
  ReceiptStatus,
  Role,
  actAs,
  consortiumFixture,
  docHash,
  issueReceipt,
  text32,
  type Fixture,
} from "../helpers/fixture";

const Status = ReceiptStatus;

const MAX_UINT96 = (1n << 96n) - 1n;
const MAX_UINT128 = (1n << 128n) - 1n;
const TEMPERATURE = 1;
const DAMAGE = 2;

interface Terms {
  lot: string;
  goods: string;
  quantity: bigint;
  unit: string;
  valuation: bigint;
  currency: string;
  documentHash: string;
  documentUri: string;
}

let lotCounter = 0;

function terms(overrides: Partial<Terms> = {}): Terms {
  return {
    lot: `LOT-WR-${++lotCounter}`,
    goods: "Copper cathodes, grade A",
    quantity: 800n,
    unit: text32("t"),
    valuation: 4_000_000n,
    currency: CNY,
    documentHash: docHash("receipt"),
    documentUri: "ipfs://receipt/test",
    ...overrides,
  };
}

/** The event's `terms` tuple, in the struct's field order. */
function termsTuple(t: Terms) {
  return [t.lot, t.goods, t.quantity, t.unit, t.valuation, t.currency, t.documentHash, t.documentUri];
}

/** The receipt-financing contract, as a caller. */
async function financingSigner(f: Fixture): Promise<HardhatEthersSigner> {
  return actAs(await f.receiptFinancing.getAddress());
}

/** A second admitted warehouse. */
async function secondWarehouse(f: Fixture): Promise<HardhatEthersSigner> {
  const signers = await ethers.getSigners();
  const wh2 = signers[11];
  await f.registry.admit(wh2.address, text32("warehouse-two"), Role.WAREHOUSE, id("kyc:warehouse-two"));
  return wh2;
}

/** Supplier1's receipt of `quantity`, pledged to bank1 through the SYSTEM financing contract. */
async function pledgedReceipt(
  f: Fixture,
  quantity = 1_000n,
): Promise<{ receiptId: bigint; system: HardhatEthersSigner }> {
  const receiptId = await issueReceipt(f, { quantity });
  const system = await financingSigner(f);
  await f.warehouseReceipts.connect(system).pledge(receiptId, f.supplier1.address, f.bank1.address);
  return { receiptId, system };
}

/** Supplier1's receipt whose goods it asked back. */
async function releaseRequestedReceipt(f: Fixture): Promise<bigint> {
  const receiptId = await issueReceipt(f);
  await f.warehouseReceipts.connect(f.supplier1).requestRelease(receiptId);
  return receiptId;
}

/** Supplier1's receipt whose goods the warehouse released. */
async function releasedReceipt(f: Fixture): Promise<bigint> {
  const receiptId = await releaseRequestedReceipt(f);
  await f.warehouseReceipts.connect(f.warehouse).releaseGoods(receiptId);
  return receiptId;
}

describe("WarehouseReceipts", function () {
  describe("issue", function () {
    it("issues an active receipt to the owner, stores every field and emits ReceiptIssued", async function () {
      const f = await loadFixture(consortiumFixture);
      const t = terms();
      const at = (await time.latest()) + 100;
      await time.setNextBlockTimestamp(at);
      await expect(f.warehouseReceipts.connect(f.warehouse).issue(f.supplier1.address, t))
        .to.emit(f.warehouseReceipts, "ReceiptIssued")
        .withArgs(1n, f.warehouse.address, f.supplier1.address, termsTuple(t));
      expect(await f.warehouseReceipts.receiptIdOf(f.warehouse.address, t.lot)).to.equal(1n);
      const r = await f.warehouseReceipts.receipt(1n);
      expect(r.owner).to.equal(f.supplier1.address);
      expect(r.issuedAt).to.equal(BigInt(at));
      expect(r.status).to.equal(Status.Active);
      expect(r.frozen).to.equal(false);
      expect(r.warehouse).to.equal(f.warehouse.address);
      expect(r.valuation).to.equal(t.valuation);
      expect(r.pledgee).to.equal(ZeroAddress);
      expect(r.currency).to.equal(CNY);
      expect(r.quantity).to.equal(t.quantity);
      expect(r.pledgedQuantity).to.equal(0n);
      expect(r.unit).to.equal(t.unit);
      expect(r.documentHash).to.equal(t.documentHash);
    });

    it("returns the new receipt id and numbers receipts sequentially", async function () {
      const f = await loadFixture(consortiumFixture);
      expect(await issueReceipt(f)).to.equal(1n);
      expect(await f.warehouseReceipts.connect(f.warehouse).issue.staticCall(f.supplier2.address, terms())).to.equal(
        2n,
      );
    });

    it("accepts the largest quantity and valuation that fit their fields", async function () {
      const f = await loadFixture(consortiumFixture);
      const t = terms({ quantity: MAX_UINT128, valuation: MAX_UINT96 });
      await f.warehouseReceipts.connect(f.warehouse).issue(f.bank1.address, t);
      const r = await f.warehouseReceipts.receipt(1n);
      expect(r.quantity).to.equal(MAX_UINT128);
      expect(r.valuation).to.equal(MAX_UINT96);
      expect(r.owner).to.equal(f.bank1.address);
    });

    it("lets another warehouse issue a receipt for the same lot number", async function () {
      const f = await loadFixture(consortiumFixture);
      const wh2 = await secondWarehouse(f);
      const t = terms({ lot: "LOT-SHARED" });
      await f.warehouseReceipts.connect(f.warehouse).issue(f.supplier1.address, t);
      const t2 = { ...t, documentHash: docHash() };
      await expect(f.warehouseReceipts.connect(wh2).issue(f.supplier2.address, t2))
        .to.emit(f.warehouseReceipts, "ReceiptIssued")
        .withArgs(2n, wh2.address, f.supplier2.address, termsTuple(t2));
      expect(await f.warehouseReceipts.receiptIdOf(f.warehouse.address, "LOT-SHARED")).to.equal(1n);
      expect(await f.warehouseReceipts.receiptIdOf(wh2.address, "LOT-SHARED")).to.equal(2n);
    });

    it("reverts when the warehouse issues the same lot again", async function () {
      const f = await loadFixture(consortiumFixture);
      const t = terms();
      await f.warehouseReceipts.connect(f.warehouse).issue(f.supplier1.address, t);
      await expect(
        f.warehouseReceipts.connect(f.warehouse).issue(f.supplier2.address, { ...t, documentHash: docHash() }),
      )
        .to.be.revertedWithCustomError(f.warehouseReceipts, "ReceiptLotAlreadyIssued")
        .withArgs(f.warehouse.address, t.lot, 1n);
    });

    it("reverts when a lot whose goods were released is issued again", async function () {
      const f = await loadFixture(consortiumFixture);
      const t = terms({ lot: "LOT-RELEASED" });
      await f.warehouseReceipts.connect(f.warehouse).issue(f.supplier1.address, t);
      await f.warehouseReceipts.connect(f.supplier1).requestRelease(1n);
      await f.warehouseReceipts.connect(f.warehouse).releaseGoods(1n);
      expect((await f.warehouseReceipts.receipt(1n)).status).to.equal(Status.Released);
      await expect(f.warehouseReceipts.connect(f.warehouse).issue(f.supplier1.address, t))
        .to.be.revertedWithCustomError(f.warehouseReceipts, "ReceiptLotAlreadyIssued")
        .withArgs(f.warehouse.address, "LOT-RELEASED", 1n);
    });

    it("reverts when the lot is empty", async function () {
      const f = await loadFixture(consortiumFixture);
      await expect(f.warehouseReceipts.connect(f.warehouse).issue(f.supplier1.address, terms({ lot: "" })))
        .to.be.revertedWithCustomError(f.warehouseReceipts, "ReceiptMissingField")
        .withArgs("lot");
    });

    it("reverts when the unit is missing", async function () {
      const f = await loadFixture(consortiumFixture);
      await expect(f.warehouseReceipts.connect(f.warehouse).issue(f.supplier1.address, terms({ unit: ZeroHash })))
        .to.be.revertedWithCustomError(f.warehouseReceipts, "ReceiptMissingField")
        .withArgs("unit");
    });

    it("reverts when the document hash is missing", async function () {
      const f = await loadFixture(consortiumFixture);
      await expect(
        f.warehouseReceipts.connect(f.warehouse).issue(f.supplier1.address, terms({ documentHash: ZeroHash })),
      )
        .to.be.revertedWithCustomError(f.warehouseReceipts, "ReceiptMissingField")
        .withArgs("documentHash");
    });

    it("reverts when the quantity is zero or does not fit 128 bits", async function () {
      const f = await loadFixture(consortiumFixture);
      for (const quantity of [0n, MAX_UINT128 + 1n]) {
        await expect(f.warehouseReceipts.connect(f.warehouse).issue(f.supplier1.address, terms({ quantity })))
          .to.be.revertedWithCustomError(f.warehouseReceipts, "ReceiptInvalidAmount")
          .withArgs("quantity", quantity);
      }
    });

    it("reverts when the valuation is zero or does not fit 96 bits", async function () {
      const f = await loadFixture(consortiumFixture);
      for (const valuation of [0n, MAX_UINT96 + 1n]) {
        await expect(f.warehouseReceipts.connect(f.warehouse).issue(f.supplier1.address, terms({ valuation })))
          .to.be.revertedWithCustomError(f.warehouseReceipts, "ReceiptInvalidAmount")
          .withArgs("valuation", valuation);
      }
    });

    it("reverts when the warehouse issues a receipt to itself", async function () {
      const f = await loadFixture(consortiumFixture);
      await expect(f.warehouseReceipts.connect(f.warehouse).issue(f.warehouse.address, terms()))
        .to.be.revertedWithCustomError(f.warehouseReceipts, "ReceiptSelfDealing")
        .withArgs(f.warehouse.address);
    });

    it("reverts when the owner was never admitted", async function () {
      const f = await loadFixture(consortiumFixture);
      await expect(f.warehouseReceipts.connect(f.warehouse).issue(f.outsider.address, terms()))
        .to.be.revertedWithCustomError(f.warehouseReceipts, "MemberNotActive")
        .withArgs(f.outsider.address);
    });

    it("reverts when the owner is suspended", async function () {
      const f = await loadFixture(consortiumFixture);
      await f.registry.suspend(f.supplier1.address, id("audit"));
      await expect(f.warehouseReceipts.connect(f.warehouse).issue(f.supplier1.address, terms()))
        .to.be.revertedWithCustomError(f.warehouseReceipts, "MemberNotActive")
        .withArgs(f.supplier1.address);
    });

    it("reverts when the caller is not a warehouse", async function () {
      const f = await loadFixture(consortiumFixture);
      for (const caller of [f.supplier2, f.core, f.bank1, f.regulator, f.operator]) {
        await expect(f.warehouseReceipts.connect(caller).issue(f.supplier1.address, terms()))
          .to.be.revertedWithCustomError(f.warehouseReceipts, "MemberLacksRole")
          .withArgs(caller.address, Role.WAREHOUSE);
      }
    });

    it("reverts when a SYSTEM contract issues", async function () {
      const f = await loadFixture(consortiumFixture);
      const system = await financingSigner(f);
      await expect(f.warehouseReceipts.connect(system).issue(f.supplier1.address, terms()))
        .to.be.revertedWithCustomError(f.warehouseReceipts, "MemberLacksRole")
        .withArgs(system.address, Role.WAREHOUSE);
    });

    it("reverts when the caller was never admitted", async function () {
      const f = await loadFixture(consortiumFixture);
      await expect(f.warehouseReceipts.connect(f.outsider).issue(f.supplier1.address, terms()))
        .to.be.revertedWithCustomError(f.warehouseReceipts, "MemberNotActive")
        .withArgs(f.outsider.address);
    });

    it("reverts when the warehouse is suspended", async function () {
      const f = await loadFixture(consortiumFixture);
      await f.registry.suspend(f.warehouse.address, id("audit"));
      await expect(f.warehouseReceipts.connect(f.warehouse).issue(f.supplier1.address, terms()))
        .to.be.revertedWithCustomError(f.warehouseReceipts, "MemberNotActive")
        .withArgs(f.warehouse.address);
    });
  });

  describe("transfer", function () {
    it("moves an unpledged active receipt to another member and emits ReceiptTransferred", async function () {
      const f = await loadFixture(consortiumFixture);
      const receiptId = await issueReceipt(f);
      await expect(f.warehouseReceipts.connect(f.supplier1).transfer(receiptId, f.supplier2.address))
        .to.emit(f.warehouseReceipts, "ReceiptTransferred")
        .withArgs(receiptId, f.supplier1.address, f.supplier2.address);
      const r = await f.warehouseReceipts.receipt(receiptId);
      expect(r.owner).to.equal(f.supplier2.address);
      expect(r.status).to.equal(Status.Active);
      // The new owner may pass it on; the previous owner no longer can.
      await expect(f.warehouseReceipts.connect(f.supplier1).transfer(receiptId, f.supplier3.address))
        .to.be.revertedWithCustomError(f.warehouseReceipts, "ReceiptUnauthorized")
        .withArgs(receiptId, f.supplier1.address, f.supplier2.address);
      await f.warehouseReceipts.connect(f.supplier2).transfer(receiptId, f.supplier3.address);
      expect((await f.warehouseReceipts.receipt(receiptId)).owner).to.equal(f.supplier3.address);
    });

    it("reverts when the receipt does not exist", async function () {
      const f = await loadFixture(consortiumFixture);
      await expect(f.warehouseReceipts.connect(f.supplier1).transfer(4n, f.supplier2.address))
        .to.be.revertedWithCustomError(f.warehouseReceipts, "ReceiptNotFound")
        .withArgs(4n);
    });

    it("reverts when anyone but the owner transfers", async function () {
      const f = await loadFixture(consortiumFixture);
      const receiptId = await issueReceipt(f);
      for (const caller of [f.warehouse, f.supplier2, f.bank1, f.operator, f.outsider]) {
        await expect(f.warehouseReceipts.connect(caller).transfer(receiptId, f.supplier3.address))
          .to.be.revertedWithCustomError(f.warehouseReceipts, "ReceiptUnauthorized")
          .withArgs(receiptId, caller.address, f.supplier1.address);
      }
    });

    it("reverts when the owner transfers to itself", async function () {
      const f = await loadFixture(consortiumFixture);
      const receiptId = await issueReceipt(f);
      await expect(f.warehouseReceipts.connect(f.supplier1).transfer(receiptId, f.supplier1.address))
        .to.be.revertedWithCustomError(f.warehouseReceipts, "ReceiptSelfDealing")
        .withArgs(f.supplier1.address);
    });

    it("reverts when the recipient was never admitted", async function () {
      const f = await loadFixture(consortiumFixture);
      const receiptId = await issueReceipt(f);
      await expect(f.warehouseReceipts.connect(f.supplier1).transfer(receiptId, f.outsider.address))
        .to.be.revertedWithCustomError(f.warehouseReceipts, "MemberNotActive")
        .withArgs(f.outsider.address);
    });

    it("reverts when the recipient is suspended", async function () {
      const f = await loadFixture(consortiumFixture);
      const receiptId = await issueReceipt(f);
      await f.registry.suspend(f.supplier2.address, id("audit"));
      await expect(f.warehouseReceipts.connect(f.supplier1).transfer(receiptId, f.supplier2.address))
        .to.be.revertedWithCustomError(f.warehouseReceipts, "MemberNotActive")
        .withArgs(f.supplier2.address);
    });

    it("reverts when the owner is suspended", async function () {
      const f = await loadFixture(consortiumFixture);
      const receiptId = await issueReceipt(f);
      await f.registry.suspend(f.supplier1.address, id("audit"));
      await expect(f.warehouseReceipts.connect(f.supplier1).transfer(receiptId, f.supplier2.address))
        .to.be.revertedWithCustomError(f.warehouseReceipts, "MemberNotActive")
        .withArgs(f.supplier1.address);
    });

    it("reverts when a pledged receipt is transferred", async function () {
      const f = await loadFixture(consortiumFixture);
      const { receiptId } = await pledgedReceipt(f);
      await expect(f.warehouseReceipts.connect(f.supplier1).transfer(receiptId, f.supplier2.address))
        .to.be.revertedWithCustomError(f.warehouseReceipts, "ReceiptPledged")
        .withArgs(receiptId, f.bank1.address);
      expect((await f.warehouseReceipts.receipt(receiptId)).owner).to.equal(f.supplier1.address);
    });

    it("reverts when the owner asked for its goods back", async function () {
      const f = await loadFixture(consortiumFixture);
      const receiptId = await releaseRequestedReceipt(f);
      await expect(f.warehouseReceipts.connect(f.supplier1).transfer(receiptId, f.supplier2.address))
        .to.be.revertedWithCustomError(f.warehouseReceipts, "ReceiptInvalidStatus")
        .withArgs(receiptId, Status.ReleaseRequested);
    });

    it("reverts when the goods were released", async function () {
      const f = await loadFixture(consortiumFixture);
      const receiptId = await releasedReceipt(f);
      await expect(f.warehouseReceipts.connect(f.supplier1).transfer(receiptId, f.supplier2.address))
        .to.be.revertedWithCustomError(f.warehouseReceipts, "ReceiptInvalidStatus")
        .withArgs(receiptId, Status.Released);
    });
  });

  describe("pledge", function () {
    it("lets a SYSTEM contract pledge the owner's receipt to a bank for its whole quantity", async function () {
      const f = await loadFixture(consortiumFixture);
      const receiptId = await issueReceipt(f, { quantity: 750n });
      const system = await financingSigner(f);
      await expect(f.warehouseReceipts.connect(system).pledge(receiptId, f.supplier1.address, f.bank1.address))
        .to.emit(f.warehouseReceipts, "ReceiptPledgeCreated")
        .withArgs(receiptId, f.supplier1.address, f.bank1.address, 750n);
      const r = await f.warehouseReceipts.receipt(receiptId);
      expect(r.pledgee).to.equal(f.bank1.address);
      expect(r.pledgedQuantity).to.equal(750n);
      expect(r.frozen).to.equal(false);
      expect(r.owner).to.equal(f.supplier1.address);
      expect(r.status).to.equal(Status.Active);
    });

    it("is done by the receipt-financing contract when the owner requests a loan", async function () {
      const f = await loadFixture(consortiumFixture);
      const receiptId = await issueReceipt(f, { quantity: 500n });
      const expiresAt = (await time.latest()) + 7 * DAY;
      await expect(
        f.receiptFinancing.connect(f.supplier1).request(receiptId, f.bank2.address, 1_000_000n, 700, 60, expiresAt),
      )
        .to.emit(f.warehouseReceipts, "ReceiptPledgeCreated")
        .withArgs(receiptId, f.supplier1.address, f.bank2.address, 500n);
      expect((await f.warehouseReceipts.receipt(receiptId)).pledgee).to.equal(f.bank2.address);
    });

    it("reverts when a pledged receipt is pledged again, to the same or another bank", async function () {
      const f = await loadFixture(consortiumFixture);
      const { receiptId, system } = await pledgedReceipt(f);
      for (const bank of [f.bank1, f.bank2]) {
        await expect(f.warehouseReceipts.connect(system).pledge(receiptId, f.supplier1.address, bank.address))
          .to.be.revertedWithCustomError(f.warehouseReceipts, "ReceiptPledged")
          .withArgs(receiptId, f.bank1.address);
      }
    });

    it("reverts when another SYSTEM contract pledges a receipt already pledged", async function () {
      const f = await loadFixture(consortiumFixture);
      const { receiptId } = await pledgedReceipt(f);
      const other = await actAs(await f.orderFinancing.getAddress());
      await expect(f.warehouseReceipts.connect(other).pledge(receiptId, f.supplier1.address, f.bank2.address))
        .to.be.revertedWithCustomError(f.warehouseReceipts, "ReceiptPledged")
        .withArgs(receiptId, f.bank1.address);
    });

    it("reverts when a receipt pledged to one bank is offered to another through receipt financing", async function () {
      const f = await loadFixture(consortiumFixture);
      const receiptId = await issueReceipt(f);
      const expiresAt = (await time.latest()) + 7 * DAY;
      await f.receiptFinancing.connect(f.supplier1).request(receiptId, f.bank1.address, 1_000n, 700, 60, expiresAt);
      await expect(
        f.receiptFinancing.connect(f.supplier1).request(receiptId, f.bank2.address, 1_000n, 700, 60, expiresAt),
      )
        .to.be.revertedWithCustomError(f.warehouseReceipts, "ReceiptPledged")
        .withArgs(receiptId, f.bank1.address);
    });

    it("reverts when the receipt does not exist", async function () {
      const f = await loadFixture(consortiumFixture);
      const system = await financingSigner(f);
      await expect(f.warehouseReceipts.connect(system).pledge(8n, f.supplier1.address, f.bank1.address))
        .to.be.revertedWithCustomError(f.warehouseReceipts, "ReceiptNotFound")
        .withArgs(8n);
    });

    it("reverts when the named owner does not own the receipt", async function () {
      const f = await loadFixture(consortiumFixture);
      const receiptId = await issueReceipt(f);
      const system = await financingSigner(f);
      await expect(f.warehouseReceipts.connect(system).pledge(receiptId, f.supplier2.address, f.bank1.address))
        .to.be.revertedWithCustomError(f.warehouseReceipts, "ReceiptUnauthorized")
        .withArgs(receiptId, f.supplier2.address, f.supplier1.address);
    });

    it("reverts when the pledgee is not a bank", async function () {
      const f = await loadFixture(consortiumFixture);
      const receiptId = await issueReceipt(f);
      const system = await financingSigner(f);
      for (const pledgee of [f.supplier2, f.core, f.warehouse]) {
        await expect(f.warehouseReceipts.connect(system).pledge(receiptId, f.supplier1.address, pledgee.address))
          .to.be.revertedWithCustomError(f.warehouseReceipts, "MemberLacksRole")
          .withArgs(pledgee.address, Role.BANK);
      }
    });

    it("reverts when the pledgee bank is not an active member", async function () {
      const f = await loadFixture(consortiumFixture);
      const receiptId = await issueReceipt(f);
      const system = await financingSigner(f);
      await expect(f.warehouseReceipts.connect(system).pledge(receiptId, f.supplier1.address, f.outsider.address))
        .to.be.revertedWithCustomError(f.warehouseReceipts, "MemberNotActive")
        .withArgs(f.outsider.address);
      await f.registry.suspend(f.bank2.address, id("audit"));
      await expect(f.warehouseReceipts.connect(system).pledge(receiptId, f.supplier1.address, f.bank2.address))
        .to.be.revertedWithCustomError(f.warehouseReceipts, "MemberNotActive")
        .withArgs(f.bank2.address);
    });

    it("reverts when the owner asked for its goods back", async function () {
      const f = await loadFixture(consortiumFixture);
      const receiptId = await releaseRequestedReceipt(f);
      const system = await financingSigner(f);
      await expect(f.warehouseReceipts.connect(system).pledge(receiptId, f.supplier1.address, f.bank1.address))
        .to.be.revertedWithCustomError(f.warehouseReceipts, "ReceiptInvalidStatus")
        .withArgs(receiptId, Status.ReleaseRequested);
    });

    it("reverts when the goods were released", async function () {
      const f = await loadFixture(consortiumFixture);
      const receiptId = await releasedReceipt(f);
      const system = await financingSigner(f);
      await expect(f.warehouseReceipts.connect(system).pledge(receiptId, f.supplier1.address, f.bank1.address))
        .to.be.revertedWithCustomError(f.warehouseReceipts, "ReceiptInvalidStatus")
        .withArgs(receiptId, Status.Released);
    });

    it("reverts when the caller is a member without the SYSTEM role, the owner and the bank included", async function () {
      const f = await loadFixture(consortiumFixture);
      const receiptId = await issueReceipt(f);
      for (const caller of [f.supplier1, f.bank1, f.warehouse, f.core, f.regulator, f.operator]) {
        await expect(f.warehouseReceipts.connect(caller).pledge(receiptId, f.supplier1.address, f.bank1.address))
          .to.be.revertedWithCustomError(f.warehouseReceipts, "MemberLacksRole")
          .withArgs(caller.address, Role.SYSTEM);
      }
      expect((await f.warehouseReceipts.receipt(receiptId)).pledgee).to.equal(ZeroAddress);
    });

    it("reverts when the caller was never admitted", async function () {
      const f = await loadFixture(consortiumFixture);
      const receiptId = await issueReceipt(f);
      await expect(f.warehouseReceipts.connect(f.outsider).pledge(receiptId, f.supplier1.address, f.bank1.address))
        .to.be.revertedWithCustomError(f.warehouseReceipts, "MemberNotActive")
        .withArgs(f.outsider.address);
    });

    it("reverts when the SYSTEM contract is suspended", async function () {
      const f = await loadFixture(consortiumFixture);
      const receiptId = await issueReceipt(f);
      const address = await f.receiptFinancing.getAddress();
      await f.registry.suspend(address, id("incident"));
      const system = await actAs(address);
      await expect(f.warehouseReceipts.connect(system).pledge(receiptId, f.supplier1.address, f.bank1.address))
        .to.be.revertedWithCustomError(f.warehouseReceipts, "MemberNotActive")
        .withArgs(address);
    });
  });

  describe("releasePledge", function () {
    it("lets a SYSTEM contract release the pledge, clearing pledgee, quantity and freeze", async function () {
      const f = await loadFixture(consortiumFixture);
      const { receiptId, system } = await pledgedReceipt(f);
      await f.warehouseReceipts.connect(f.warehouse).attest(receiptId, 10n, 0, id("short"));
      expect((await f.warehouseReceipts.receipt(receiptId)).frozen).to.equal(true);
      await expect(f.warehouseReceipts.connect(system).releasePledge(receiptId))
        .to.emit(f.warehouseReceipts, "ReceiptPledgeReleased")
        .withArgs(receiptId, f.bank1.address);
      const r = await f.warehouseReceipts.receipt(receiptId);
      expect(r.pledgee).to.equal(ZeroAddress);
      expect(r.pledgedQuantity).to.equal(0n);
      expect(r.frozen).to.equal(false);
      expect(r.owner).to.equal(f.supplier1.address);
      // Released, it can move again.
      await f.warehouseReceipts.connect(f.supplier1).transfer(receiptId, f.supplier2.address);
      expect((await f.warehouseReceipts.receipt(receiptId)).owner).to.equal(f.supplier2.address);
    });

    it("is done by the receipt-financing contract when the request is withdrawn", async function () {
      const f = await loadFixture(consortiumFixture);
      const receiptId = await issueReceipt(f);
      const expiresAt = (await time.latest()) + 7 * DAY;
      await f.receiptFinancing.connect(f.supplier1).request(receiptId, f.bank1.address, 1_000n, 700, 60, expiresAt);
      await expect(f.receiptFinancing.connect(f.supplier1).withdraw(1n))
        .to.emit(f.warehouseReceipts, "ReceiptPledgeReleased")
        .withArgs(receiptId, f.bank1.address);
      expect((await f.warehouseReceipts.receipt(receiptId)).pledgee).to.equal(ZeroAddress);
    });

    it("reverts when the receipt is not pledged", async function () {
      const f = await loadFixture(consortiumFixture);
      const receiptId = await issueReceipt(f);
      const system = await financingSigner(f);
      await expect(f.warehouseReceipts.connect(system).releasePledge(receiptId))
        .to.be.revertedWithCustomError(f.warehouseReceipts, "ReceiptNotPledged")
        .withArgs(receiptId);
    });

    it("reverts when the receipt does not exist", async function () {
      const f = await loadFixture(consortiumFixture);
      const system = await financingSigner(f);
      await expect(f.warehouseReceipts.connect(system).releasePledge(6n))
        .to.be.revertedWithCustomError(f.warehouseReceipts, "ReceiptNotFound")
        .withArgs(6n);
    });

    it("reverts when the caller is not a SYSTEM contract, the pledgee bank and the owner included", async function () {
      const f = await loadFixture(consortiumFixture);
      const { receiptId } = await pledgedReceipt(f);
      for (const caller of [f.bank1, f.supplier1, f.warehouse, f.operator]) {
        await expect(f.warehouseReceipts.connect(caller).releasePledge(receiptId))
          .to.be.revertedWithCustomError(f.warehouseReceipts, "MemberLacksRole")
          .withArgs(caller.address, Role.SYSTEM);
      }
      await expect(f.warehouseReceipts.connect(f.outsider).releasePledge(receiptId))
        .to.be.revertedWithCustomError(f.warehouseReceipts, "MemberNotActive")
        .withArgs(f.outsider.address);
      expect((await f.warehouseReceipts.receipt(receiptId)).pledgee).to.equal(f.bank1.address);
    });

    it("reverts when the SYSTEM contract is suspended", async function () {
      const f = await loadFixture(consortiumFixture);
      const { receiptId, system } = await pledgedReceipt(f);
      await f.registry.suspend(system.address, id("incident"));
      await expect(f.warehouseReceipts.connect(system).releasePledge(receiptId))
        .to.be.revertedWithCustomError(f.warehouseReceipts, "MemberNotActive")
        .withArgs(system.address);
    });

    // Only the contract that created the pledge ends it: another protocol contract cannot free a
    // receipt that still secures the first one's loans.
    it("reverts when a SYSTEM contract other than the pledging one releases the pledge", async function () {
      const f = await loadFixture(consortiumFixture);
      const { receiptId } = await pledgedReceipt(f);
      const other = await actAs(await f.orderFinancing.getAddress());
      await expect(f.warehouseReceipts.connect(other).releasePledge(receiptId))
        .to.be.revertedWithCustomError(f.warehouseReceipts, "ReceiptUnauthorized")
        .withArgs(receiptId, other.address, await f.receiptFinancing.getAddress());
    });
  });

  describe("enforcePledge", function () {
    it("reverts when a SYSTEM contract other than the pledging one enforces the pledge", async function () {
      const f = await loadFixture(consortiumFixture);
      const { receiptId } = await pledgedReceipt(f);
      const other = await actAs(await f.factoring.getAddress());
      await expect(f.warehouseReceipts.connect(other).enforcePledge(receiptId))
        .to.be.revertedWithCustomError(f.warehouseReceipts, "ReceiptUnauthorized")
        .withArgs(receiptId, other.address, await f.receiptFinancing.getAddress());
      expect((await f.warehouseReceipts.receipt(receiptId)).owner).to.equal(f.supplier1.address);
    });

    it("makes the pledgee the owner and ends the pledge", async function () {
      const f = await loadFixture(consortiumFixture);
      const { receiptId, system } = await pledgedReceipt(f);
      await f.warehouseReceipts.connect(f.warehouse).attest(receiptId, 0n, DAMAGE, id("fire"));
      await expect(f.warehouseReceipts.connect(system).enforcePledge(receiptId))
        .to.emit(f.warehouseReceipts, "ReceiptPledgeEnforced")
        .withArgs(receiptId, f.bank1.address, f.supplier1.address);
      const r = await f.warehouseReceipts.receipt(receiptId);
      expect(r.owner).to.equal(f.bank1.address);
      expect(r.pledgee).to.equal(ZeroAddress);
      expect(r.pledgedQuantity).to.equal(0n);
      expect(r.frozen).to.equal(false);
      expect(r.status).to.equal(Status.Active);
      // The bank, now owner, may ask for the goods.
      await expect(f.warehouseReceipts.connect(f.bank1).requestRelease(receiptId))
        .to.emit(f.warehouseReceipts, "ReceiptReleaseRequested")
        .withArgs(receiptId, f.bank1.address);
    });

    it("reverts when the receipt is not pledged", async function () {
      const f = await loadFixture(consortiumFixture);
      const receiptId = await issueReceipt(f);
      const system = await financingSigner(f);
      await expect(f.warehouseReceipts.connect(system).enforcePledge(receiptId))
        .to.be.revertedWithCustomError(f.warehouseReceipts, "ReceiptNotPledged")
        .withArgs(receiptId);
    });

    it("reverts when the receipt does not exist", async function () {
      const f = await loadFixture(consortiumFixture);
      const system = await financingSigner(f);
      await expect(f.warehouseReceipts.connect(system).enforcePledge(3n))
        .to.be.revertedWithCustomError(f.warehouseReceipts, "ReceiptNotFound")
        .withArgs(3n);
    });

    it("reverts when the caller is not a SYSTEM contract, the pledgee bank included", async function () {
      const f = await loadFixture(consortiumFixture);
      const { receiptId } = await pledgedReceipt(f);
      for (const caller of [f.bank1, f.supplier1, f.warehouse, f.operator]) {
        await expect(f.warehouseReceipts.connect(caller).enforcePledge(receiptId))
          .to.be.revertedWithCustomError(f.warehouseReceipts, "MemberLacksRole")
          .withArgs(caller.address, Role.SYSTEM);
      }
      await expect(f.warehouseReceipts.connect(f.outsider).enforcePledge(receiptId))
        .to.be.revertedWithCustomError(f.warehouseReceipts, "MemberNotActive")
        .withArgs(f.outsider.address);
      expect((await f.warehouseReceipts.receipt(receiptId)).owner).to.equal(f.supplier1.address);
    });

    it("reverts when the SYSTEM contract is suspended", async function () {
      const f = await loadFixture(consortiumFixture);
      const { receiptId, system } = await pledgedReceipt(f);
      await f.registry.suspend(system.address, id("incident"));
      await expect(f.warehouseReceipts.connect(system).enforcePledge(receiptId))
        .to.be.revertedWithCustomError(f.warehouseReceipts, "MemberNotActive")
        .withArgs(system.address);
    });
  });

  describe("attest", function () {
    it("records an attestation of an unpledged receipt without freezing anything", async function () {
      const f = await loadFixture(consortiumFixture);
      const receiptId = await issueReceipt(f, { quantity: 1_000n });
      const report = id("check-1");
      const tx = f.warehouseReceipts.connect(f.warehouse).attest(receiptId, 900n, TEMPERATURE, report);
      await expect(tx)
        .to.emit(f.warehouseReceipts, "InventoryAttested")
        .withArgs(receiptId, f.warehouse.address, 900n, TEMPERATURE, report, false);
      await expect(tx).not.to.emit(f.warehouseReceipts, "ReceiptPledgeFrozen");
      const r = await f.warehouseReceipts.receipt(receiptId);
      expect(r.frozen).to.equal(false);
      expect(r.quantity).to.equal(1_000n);
    });

    it("does not freeze a pledge when the full pledged quantity is attested without anomaly", async function () {
      const f = await loadFixture(consortiumFixture);
      const { receiptId } = await pledgedReceipt(f, 1_000n);
      for (const quantity of [1_000n, 1_200n]) {
        const tx = f.warehouseReceipts.connect(f.warehouse).attest(receiptId, quantity, 0, id("ok"));
        await expect(tx)
          .to.emit(f.warehouseReceipts, "InventoryAttested")
          .withArgs(receiptId, f.warehouse.address, quantity, 0, id("ok"), false);
        await expect(tx).not.to.emit(f.warehouseReceipts, "ReceiptPledgeFrozen");
      }
      expect((await f.warehouseReceipts.receipt(receiptId)).frozen).to.equal(false);
    });

    it("freezes the pledge and alerts the pledgee when one unit below the pledged quantity is attested", async function () {
      const f = await loadFixture(consortiumFixture);
      const { receiptId } = await pledgedReceipt(f, 1_000n);
      const report = id("short by one");
      const tx = f.warehouseReceipts.connect(f.warehouse).attest(receiptId, 999n, 0, report);
      await expect(tx)
        .to.emit(f.warehouseReceipts, "InventoryAttested")
        .withArgs(receiptId, f.warehouse.address, 999n, 0, report, true);
      await expect(tx)
        .to.emit(f.warehouseReceipts, "ReceiptPledgeFrozen")
        .withArgs(receiptId, f.bank1.address, 999n, 1_000n, 0);
      const r = await f.warehouseReceipts.receipt(receiptId);
      expect(r.frozen).to.equal(true);
      expect(r.pledgee).to.equal(f.bank1.address);
      expect(r.pledgedQuantity).to.equal(1_000n);
    });

    it("freezes the pledge when an anomaly is reported with the full quantity", async function () {
      const f = await loadFixture(consortiumFixture);
      const { receiptId } = await pledgedReceipt(f, 1_000n);
      const tx = f.warehouseReceipts.connect(f.warehouse).attest(receiptId, 1_000n, TEMPERATURE, id("too warm"));
      await expect(tx)
        .to.emit(f.warehouseReceipts, "InventoryAttested")
        .withArgs(receiptId, f.warehouse.address, 1_000n, TEMPERATURE, id("too warm"), true);
      await expect(tx)
        .to.emit(f.warehouseReceipts, "ReceiptPledgeFrozen")
        .withArgs(receiptId, f.bank1.address, 1_000n, 1_000n, TEMPERATURE);
      expect((await f.warehouseReceipts.receipt(receiptId)).frozen).to.equal(true);
    });

    it("does not raise a second alert while the pledge is already frozen", async function () {
      const f = await loadFixture(consortiumFixture);
      const { receiptId } = await pledgedReceipt(f, 1_000n);
      await f.warehouseReceipts.connect(f.warehouse).attest(receiptId, 500n, 0, id("short"));
      const tx = f.warehouseReceipts.connect(f.warehouse).attest(receiptId, 400n, DAMAGE, id("shorter"));
      await expect(tx)
        .to.emit(f.warehouseReceipts, "InventoryAttested")
        .withArgs(receiptId, f.warehouse.address, 400n, DAMAGE, id("shorter"), false);
      await expect(tx).not.to.emit(f.warehouseReceipts, "ReceiptPledgeFrozen");
      expect((await f.warehouseReceipts.receipt(receiptId)).frozen).to.equal(true);
    });

    it("stops further drawing on a frozen pledge", async function () {
      const f = await loadFixture(consortiumFixture);
      const receiptId = await issueReceipt(f, { quantity: 1_000n });
      const expiresAt = (await time.latest()) + 7 * DAY;
      await f.receiptFinancing.connect(f.supplier1).request(receiptId, f.bank1.address, 1_000n, 700, 60, expiresAt);
      await f.warehouseReceipts.connect(f.warehouse).attest(receiptId, 900n, 0, id("short"));
      await expect(f.receiptFinancing.connect(f.bank1).accept(1n, 5_000, 500, ZeroHash))
        .to.be.revertedWithCustomError(f.receiptFinancing, "ReceiptFinancingFrozen")
        .withArgs(receiptId);
      await expect(
        f.receiptFinancing.connect(f.supplier1).request(receiptId, f.bank1.address, 1_000n, 700, 60, expiresAt),
      )
        .to.be.revertedWithCustomError(f.receiptFinancing, "ReceiptFinancingFrozen")
        .withArgs(receiptId);
    });

    it("may still attest goods whose owner asked for them", async function () {
      const f = await loadFixture(consortiumFixture);
      const receiptId = await releaseRequestedReceipt(f);
      await expect(f.warehouseReceipts.connect(f.warehouse).attest(receiptId, 1_000n, 0, id("ready")))
        .to.emit(f.warehouseReceipts, "InventoryAttested")
        .withArgs(receiptId, f.warehouse.address, 1_000n, 0, id("ready"), false);
    });

    it("reverts when the goods were released", async function () {
      const f = await loadFixture(consortiumFixture);
      const receiptId = await releasedReceipt(f);
      await expect(f.warehouseReceipts.connect(f.warehouse).attest(receiptId, 0n, 0, id("gone")))
        .to.be.revertedWithCustomError(f.warehouseReceipts, "ReceiptInvalidStatus")
        .withArgs(receiptId, Status.Released);
    });

    it("reverts when the receipt does not exist", async function () {
      const f = await loadFixture(consortiumFixture);
      await expect(f.warehouseReceipts.connect(f.warehouse).attest(2n, 1n, 0, ZeroHash))
        .to.be.revertedWithCustomError(f.warehouseReceipts, "ReceiptNotFound")
        .withArgs(2n);
    });

    it("reverts when the quantity does not fit 128 bits", async function () {
      const f = await loadFixture(consortiumFixture);
      const receiptId = await issueReceipt(f);
      await expect(f.warehouseReceipts.connect(f.warehouse).attest(receiptId, MAX_UINT128 + 1n, 0, ZeroHash))
        .to.be.revertedWithCustomError(f.warehouseReceipts, "ReceiptInvalidAmount")
        .withArgs("quantity", MAX_UINT128 + 1n);
    });

    it("reverts when anyone but the issuing warehouse attests, another warehouse included", async function () {
      const f = await loadFixture(consortiumFixture);
      const { receiptId, system } = await pledgedReceipt(f);
      const wh2 = await secondWarehouse(f);
      for (const caller of [wh2, f.supplier1, f.bank1, f.regulator, f.operator, f.outsider, system]) {
        await expect(f.warehouseReceipts.connect(caller).attest(receiptId, 1n, DAMAGE, ZeroHash))
          .to.be.revertedWithCustomError(f.warehouseReceipts, "ReceiptUnauthorized")
          .withArgs(receiptId, caller.address, f.warehouse.address);
      }
      expect((await f.warehouseReceipts.receipt(receiptId)).frozen).to.equal(false);
    });

    it("reverts when the issuing warehouse is suspended", async function () {
      const f = await loadFixture(consortiumFixture);
      const receiptId = await issueReceipt(f);
      await f.registry.suspend(f.warehouse.address, id("audit"));
      await expect(f.warehouseReceipts.connect(f.warehouse).attest(receiptId, 1n, 0, ZeroHash))
        .to.be.revertedWithCustomError(f.warehouseReceipts, "MemberNotActive")
        .withArgs(f.warehouse.address);
    });

    it("reverts when the issuing warehouse lost the warehouse role", async function () {
      const f = await loadFixture(consortiumFixture);
      const receiptId = await issueReceipt(f);
      await f.registry.setRoles(f.warehouse.address, Role.SUPPLIER);
      await expect(f.warehouseReceipts.connect(f.warehouse).attest(receiptId, 1n, 0, ZeroHash))
        .to.be.revertedWithCustomError(f.warehouseReceipts, "MemberLacksRole")
        .withArgs(f.warehouse.address, Role.WAREHOUSE);
    });
  });

  describe("unfreeze", function () {
    it("lets the pledgee lift the freeze; a later short attestation freezes again", async function () {
      const f = await loadFixture(consortiumFixture);
      const { receiptId } = await pledgedReceipt(f, 1_000n);
      await f.warehouseReceipts.connect(f.warehouse).attest(receiptId, 970n, 0, id("short"));
      await expect(f.warehouseReceipts.connect(f.bank1).unfreeze(receiptId))
        .to.emit(f.warehouseReceipts, "ReceiptPledgeUnfrozen")
        .withArgs(receiptId, f.bank1.address);
      const r = await f.warehouseReceipts.receipt(receiptId);
      expect(r.frozen).to.equal(false);
      expect(r.pledgee).to.equal(f.bank1.address);
      expect(r.pledgedQuantity).to.equal(1_000n);
      await expect(f.warehouseReceipts.connect(f.warehouse).attest(receiptId, 970n, 0, id("still short")))
        .to.emit(f.warehouseReceipts, "ReceiptPledgeFrozen")
        .withArgs(receiptId, f.bank1.address, 970n, 1_000n, 0);
    });

    it("lets drawing resume after the freeze is lifted", async function () {
      const f = await loadFixture(consortiumFixture);
      const receiptId = await issueReceipt(f, { quantity: 1_000n });
      const expiresAt = (await time.latest()) + 7 * DAY;
      await f.receiptFinancing.connect(f.supplier1).request(receiptId, f.bank1.address, 1_000n, 700, 60, expiresAt);
      await f.warehouseReceipts.connect(f.warehouse).attest(receiptId, 1_000n, TEMPERATURE, id("warm"));
      await f.warehouseReceipts.connect(f.bank1).unfreeze(receiptId);
      const at = (await time.latest()) + 10;
      await time.setNextBlockTimestamp(at);
      await expect(f.receiptFinancing.connect(f.bank1).accept(1n, 5_000, 500, ZeroHash))
        .to.emit(f.receiptFinancing, "LoanFunded")
        .withArgs(1n, f.bank1.address, f.supplier1.address, 1_000n, 500, 5_000, at + 60 * DAY, ZeroHash);
    });

    it("reverts when the pledge is not frozen", async function () {
      const f = await loadFixture(consortiumFixture);
      const { receiptId } = await pledgedReceipt(f);
      await expect(f.warehouseReceipts.connect(f.bank1).unfreeze(receiptId))
        .to.be.revertedWithCustomError(f.warehouseReceipts, "ReceiptNotFrozen")
        .withArgs(receiptId);
    });

    it("reverts when the receipt is not pledged", async function () {
      const f = await loadFixture(consortiumFixture);
      const receiptId = await issueReceipt(f);
      await expect(f.warehouseReceipts.connect(f.bank1).unfreeze(receiptId))
        .to.be.revertedWithCustomError(f.warehouseReceipts, "ReceiptNotPledged")
        .withArgs(receiptId);
    });

    it("reverts when the receipt does not exist", async function () {
      const f = await loadFixture(consortiumFixture);
      await expect(f.warehouseReceipts.connect(f.bank1).unfreeze(12n))
        .to.be.revertedWithCustomError(f.warehouseReceipts, "ReceiptNotFound")
        .withArgs(12n);
    });

    it("reverts when anyone but the pledgee lifts the freeze, the warehouse and owner included", async function () {
      const f = await loadFixture(consortiumFixture);
      const { receiptId, system } = await pledgedReceipt(f);
      await f.warehouseReceipts.connect(f.warehouse).attest(receiptId, 1n, 0, id("short"));
      for (const caller of [f.warehouse, f.supplier1, f.bank2, f.operator, f.outsider, system]) {
        await expect(f.warehouseReceipts.connect(caller).unfreeze(receiptId))
          .to.be.revertedWithCustomError(f.warehouseReceipts, "ReceiptUnauthorized")
          .withArgs(receiptId, caller.address, f.bank1.address);
      }
      expect((await f.warehouseReceipts.receipt(receiptId)).frozen).to.equal(true);
    });

    it("reverts when the pledgee is suspended", async function () {
      const f = await loadFixture(consortiumFixture);
      const { receiptId } = await pledgedReceipt(f);
      await f.warehouseReceipts.connect(f.warehouse).attest(receiptId, 1n, 0, id("short"));
      await f.registry.suspend(f.bank1.address, id("audit"));
      await expect(f.warehouseReceipts.connect(f.bank1).unfreeze(receiptId))
        .to.be.revertedWithCustomError(f.warehouseReceipts, "MemberNotActive")
        .withArgs(f.bank1.address);
    });
  });

  describe("requestRelease", function () {
    it("lets the owner ask for its goods and emits ReceiptReleaseRequested", async function () {
      const f = await loadFixture(consortiumFixture);
      const receiptId = await issueReceipt(f);
      await expect(f.warehouseReceipts.connect(f.supplier1).requestRelease(receiptId))
        .to.emit(f.warehouseReceipts, "ReceiptReleaseRequested")
        .withArgs(receiptId, f.supplier1.address);
      expect((await f.warehouseReceipts.receipt(receiptId)).status).to.equal(Status.ReleaseRequested);
    });

    it("reverts when a pledged receipt is redeemed", async function () {
      const f = await loadFixture(consortiumFixture);
      const { receiptId } = await pledgedReceipt(f);
      await expect(f.warehouseReceipts.connect(f.supplier1).requestRelease(receiptId))
        .to.be.revertedWithCustomError(f.warehouseReceipts, "ReceiptPledged")
        .withArgs(receiptId, f.bank1.address);
      expect((await f.warehouseReceipts.receipt(receiptId)).status).to.equal(Status.Active);
    });

    it("reverts when the release was requested already or the goods released", async function () {
      const f = await loadFixture(consortiumFixture);
      const requested = await releaseRequestedReceipt(f);
      await expect(f.warehouseReceipts.connect(f.supplier1).requestRelease(requested))
        .to.be.revertedWithCustomError(f.warehouseReceipts, "ReceiptInvalidStatus")
        .withArgs(requested, Status.ReleaseRequested);
      const released = await releasedReceipt(f);
      await expect(f.warehouseReceipts.connect(f.supplier1).requestRelease(released))
        .to.be.revertedWithCustomError(f.warehouseReceipts, "ReceiptInvalidStatus")
        .withArgs(released, Status.Released);
    });

    it("reverts when the receipt does not exist", async function () {
      const f = await loadFixture(consortiumFixture);
      await expect(f.warehouseReceipts.connect(f.supplier1).requestRelease(1n))
        .to.be.revertedWithCustomError(f.warehouseReceipts, "ReceiptNotFound")
        .withArgs(1n);
    });

    it("reverts when anyone but the owner asks, the warehouse included", async function () {
      const f = await loadFixture(consortiumFixture);
      const receiptId = await issueReceipt(f);
      for (const caller of [f.warehouse, f.supplier2, f.bank1, f.operator, f.outsider]) {
        await expect(f.warehouseReceipts.connect(caller).requestRelease(receiptId))
          .to.be.revertedWithCustomError(f.warehouseReceipts, "ReceiptUnauthorized")
          .withArgs(receiptId, caller.address, f.supplier1.address);
      }
    });

    it("reverts when the owner is suspended", async function () {
      const f = await loadFixture(consortiumFixture);
      const receiptId = await issueReceipt(f);
      await f.registry.suspend(f.supplier1.address, id("audit"));
      await expect(f.warehouseReceipts.connect(f.supplier1).requestRelease(receiptId))
        .to.be.revertedWithCustomError(f.warehouseReceipts, "MemberNotActive")
        .withArgs(f.supplier1.address);
    });
  });

  describe("releaseGoods", function () {
    it("lets the issuing warehouse release requested goods, voiding the receipt", async function () {
      const f = await loadFixture(consortiumFixture);
      const receiptId = await releaseRequestedReceipt(f);
      await expect(f.warehouseReceipts.connect(f.warehouse).releaseGoods(receiptId))
        .to.emit(f.warehouseReceipts, "ReceiptGoodsReleased")
        .withArgs(receiptId, f.warehouse.address, f.supplier1.address);
      const r = await f.warehouseReceipts.receipt(receiptId);
      expect(r.status).to.equal(Status.Released);
      expect(r.owner).to.equal(f.supplier1.address);
    });

    it("reverts when the owner did not ask for the goods", async function () {
      const f = await loadFixture(consortiumFixture);
      const receiptId = await issueReceipt(f);
      await expect(f.warehouseReceipts.connect(f.warehouse).releaseGoods(receiptId))
        .to.be.revertedWithCustomError(f.warehouseReceipts, "ReceiptInvalidStatus")
        .withArgs(receiptId, Status.Active);
    });

    it("reverts when the goods of a pledged receipt are released", async function () {
      const f = await loadFixture(consortiumFixture);
      const { receiptId } = await pledgedReceipt(f);
      await expect(f.warehouseReceipts.connect(f.warehouse).releaseGoods(receiptId))
        .to.be.revertedWithCustomError(f.warehouseReceipts, "ReceiptInvalidStatus")
        .withArgs(receiptId, Status.Active);
    });

    it("reverts when the goods were released already", async function () {
      const f = await loadFixture(consortiumFixture);
      const receiptId = await releasedReceipt(f);
      await expect(f.warehouseReceipts.connect(f.warehouse).releaseGoods(receiptId))
        .to.be.revertedWithCustomError(f.warehouseReceipts, "ReceiptInvalidStatus")
        .withArgs(receiptId, Status.Released);
    });

    it("reverts when the receipt does not exist", async function () {
      const f = await loadFixture(consortiumFixture);
      await expect(f.warehouseReceipts.connect(f.warehouse).releaseGoods(5n))
        .to.be.revertedWithCustomError(f.warehouseReceipts, "ReceiptNotFound")
        .withArgs(5n);
    });

    it("reverts when anyone but the issuing warehouse releases, another warehouse included", async function () {
      const f = await loadFixture(consortiumFixture);
      const receiptId = await releaseRequestedReceipt(f);
      const wh2 = await secondWarehouse(f);
      for (const caller of [wh2, f.supplier1, f.bank1, f.operator, f.outsider]) {
        await expect(f.warehouseReceipts.connect(caller).releaseGoods(receiptId))
          .to.be.revertedWithCustomError(f.warehouseReceipts, "ReceiptUnauthorized")
          .withArgs(receiptId, caller.address, f.warehouse.address);
      }
      expect((await f.warehouseReceipts.receipt(receiptId)).status).to.equal(Status.ReleaseRequested);
    });

    it("reverts when the warehouse is suspended", async function () {
      const f = await loadFixture(consortiumFixture);
      const receiptId = await releaseRequestedReceipt(f);
      await f.registry.suspend(f.warehouse.address, id("audit"));
      await expect(f.warehouseReceipts.connect(f.warehouse).releaseGoods(receiptId))
        .to.be.revertedWithCustomError(f.warehouseReceipts, "MemberNotActive")
        .withArgs(f.warehouse.address);
    });

    it("reverts when the warehouse lost the warehouse role", async function () {
      const f = await loadFixture(consortiumFixture);
      const receiptId = await releaseRequestedReceipt(f);
      await f.registry.setRoles(f.warehouse.address, Role.REGULATOR);
      await expect(f.warehouseReceipts.connect(f.warehouse).releaseGoods(receiptId))
        .to.be.revertedWithCustomError(f.warehouseReceipts, "MemberLacksRole")
        .withArgs(f.warehouse.address, Role.WAREHOUSE);
    });
  });

  describe("receipt", function () {
    it("returns an all-zero receipt with status None for an unknown id", async function () {
      const f = await loadFixture(consortiumFixture);
      await issueReceipt(f);
      for (const receiptId of [0n, 2n]) {
        const r = await f.warehouseReceipts.receipt(receiptId);
        expect(r.status).to.equal(Status.None);
        expect(r.owner).to.equal(ZeroAddress);
        expect(r.warehouse).to.equal(ZeroAddress);
        expect(r.quantity).to.equal(0n);
        expect(r.documentHash).to.equal(ZeroHash);
      }
    });
  });

  describe("receiptIdOf", function () {
    it("returns zero for a lot the warehouse never issued", async function () {
      const f = await loadFixture(consortiumFixture);
      await issueReceipt(f, { lot: "LOT-KEY" });
      expect(await f.warehouseReceipts.receiptIdOf(f.warehouse.address, "LOT-KEY")).to.equal(1n);
      expect(await f.warehouseReceipts.receiptIdOf(f.warehouse.address, "lot-key")).to.equal(0n);
      expect(await f.warehouseReceipts.receiptIdOf(f.supplier1.address, "LOT-KEY")).to.equal(0n);
      expect(await f.warehouseReceipts.receiptIdOf(f.warehouse.address, "")).to.equal(0n);
    });
  });

  describe("registry", function () {
    it("is the member registry wired at deployment", async function () {
      const f = await loadFixture(consortiumFixture);
      expect(await f.warehouseReceipts.registry()).to.equal(await f.registry.getAddress());
    });
  });
});
