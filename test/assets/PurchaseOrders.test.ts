import { expect } from "chai";
import { loadFixture, time } from "@nomicfoundation/hardhat-network-helpers";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/signers";
import { id, keccak256, toUtf8Bytes, ZeroAddress, ZeroHash } from "ethers";
import {
  CNY,
  DAY,
  OrderStatus,
  PartStatus,
  ReceivableStatus,
  Role,
  actAs,
  confirmedOrder,
  consortiumFixture,
  currencyCode,
  docHash,
  issueReceivable,
  type Fixture,
} from "../helpers/fixture";

const Status = OrderStatus;

const MAX_UINT96 = (1n << 96n) - 1n;
const MAX_UINT40 = (1n << 40n) - 1n;

interface OrderParams {
  buyer: string;
  number: string;
  amount: bigint;
  currency: string;
  deliveryDate: bigint;
  paymentTermDays: bigint;
  documentHash: string;
  documentUri: string;
}

let orderCounter = 0;

/** Valid submission parameters: supplier1 sells to `core`; override any field. */
async function orderParams(f: Fixture, overrides: Partial<OrderParams> = {}): Promise<OrderParams> {
  return {
    buyer: f.core.address,
    number: `PO-TEST-${++orderCounter}`,
    amount: 2_000_000n,
    currency: CNY,
    deliveryDate: BigInt((await time.latest()) + 30 * DAY),
    paymentTermDays: 60n,
    documentHash: docHash("po"),
    documentUri: "ipfs://po/test",
    ...overrides,
  };
}

function submitWith(f: Fixture, supplier: HardhatEthersSigner, p: OrderParams) {
  return f.purchaseOrders
    .connect(supplier)
    .submit(p.buyer, p.number, p.amount, p.currency, p.deliveryDate, p.paymentTermDays, p.documentHash, p.documentUri);
}

/** Submits a pending order from `supplier` (supplier1 by default); returns its id and parameters. */
async function pendingOrder(
  f: Fixture,
  overrides: Partial<OrderParams> = {},
  supplier: HardhatEthersSigner = f.supplier1,
): Promise<{ orderId: bigint; p: OrderParams }> {
  const p = await orderParams(f, overrides);
  await submitWith(f, supplier, p);
  const orderId = await f.purchaseOrders.orderIdOf(p.buyer, supplier.address, p.number);
  return { orderId, p };
}

describe("PurchaseOrders", function () {
  describe("submit", function () {
    it("registers a pending order, stores every field and emits OrderSubmitted", async function () {
      const f = await loadFixture(consortiumFixture);
      const p = await orderParams(f);
      await expect(submitWith(f, f.supplier1, p))
        .to.emit(f.purchaseOrders, "OrderSubmitted")
        .withArgs(
          1n,
          f.supplier1.address,
          f.core.address,
          p.number,
          p.amount,
          CNY,
          p.deliveryDate,
          p.paymentTermDays,
          p.documentHash,
          p.documentUri,
        );
      expect(await f.purchaseOrders.orderIdOf(f.core.address, f.supplier1.address, p.number)).to.equal(1n);
      const o = await f.purchaseOrders.order(1n);
      expect(o.supplier).to.equal(f.supplier1.address);
      expect(o.buyer).to.equal(f.core.address);
      expect(o.deliveryDate).to.equal(p.deliveryDate);
      expect(o.paymentTermDays).to.equal(p.paymentTermDays);
      expect(o.status).to.equal(Status.Pending);
      expect(o.amount).to.equal(p.amount);
      expect(o.lienHolder).to.equal(ZeroAddress);
      expect(o.currency).to.equal(CNY);
      expect(o.receivableId).to.equal(0n);
      expect(o.documentHash).to.equal(p.documentHash);
      expect(o.numberHash).to.equal(keccak256(toUtf8Bytes(p.number)));
    });

    it("returns the new order id and numbers orders sequentially", async function () {
      const f = await loadFixture(consortiumFixture);
      const { orderId } = await pendingOrder(f);
      expect(orderId).to.equal(1n);
      const p = await orderParams(f);
      const returned = await f.purchaseOrders
        .connect(f.supplier2)
        .submit.staticCall(
          p.buyer,
          p.number,
          p.amount,
          p.currency,
          p.deliveryDate,
          p.paymentTermDays,
          p.documentHash,
          p.documentUri,
        );
      expect(returned).to.equal(2n);
    });

    it("lets a tier-2 supplier sell to a tier-1 supplier that is also a core enterprise", async function () {
      const f = await loadFixture(consortiumFixture);
      const { orderId } = await pendingOrder(f, { buyer: f.supplier1.address }, f.supplier2);
      const o = await f.purchaseOrders.order(orderId);
      expect(o.buyer).to.equal(f.supplier1.address);
      expect(o.supplier).to.equal(f.supplier2.address);
    });

    it("accepts the same number for another supplier or another buyer", async function () {
      const f = await loadFixture(consortiumFixture);
      const { orderId, p } = await pendingOrder(f, { number: "PO-SHARED" });
      const other = await pendingOrder(f, { number: "PO-SHARED" }, f.supplier2);
      const otherBuyer = await pendingOrder(f, { number: "PO-SHARED", buyer: f.core2.address });
      expect([orderId, other.orderId, otherBuyer.orderId]).to.deep.equal([1n, 2n, 3n]);
      expect(await f.purchaseOrders.orderIdOf(p.buyer, f.supplier2.address, "PO-SHARED")).to.equal(2n);
      expect(await f.purchaseOrders.orderIdOf(f.core2.address, f.supplier1.address, "PO-SHARED")).to.equal(3n);
    });

    it("reverts when (buyer, supplier, number) is registered again", async function () {
      const f = await loadFixture(consortiumFixture);
      const { orderId, p } = await pendingOrder(f);
      await expect(submitWith(f, f.supplier1, { ...p, documentHash: docHash("po2"), amount: 1n }))
        .to.be.revertedWithCustomError(f.purchaseOrders, "OrderAlreadyRegistered")
        .withArgs(f.core.address, f.supplier1.address, p.number, orderId);
    });

    it("reverts when a rejected order's number is submitted again", async function () {
      const f = await loadFixture(consortiumFixture);
      const { orderId, p } = await pendingOrder(f);
      await f.purchaseOrders.connect(f.core).reject(orderId, id("wrong price"));
      await expect(submitWith(f, f.supplier1, { ...p, documentHash: docHash("po2") }))
        .to.be.revertedWithCustomError(f.purchaseOrders, "OrderAlreadyRegistered")
        .withArgs(f.core.address, f.supplier1.address, p.number, orderId);
    });

    it("reverts when a cancelled order's number is submitted again", async function () {
      const f = await loadFixture(consortiumFixture);
      const { orderId, p } = await pendingOrder(f);
      await f.purchaseOrders.connect(f.supplier1).cancel(orderId);
      await expect(submitWith(f, f.supplier1, p))
        .to.be.revertedWithCustomError(f.purchaseOrders, "OrderAlreadyRegistered")
        .withArgs(f.core.address, f.supplier1.address, p.number, orderId);
    });

    it("reverts when a converted order's number is submitted again", async function () {
      const f = await loadFixture(consortiumFixture);
      const number = "PO-CONVERTED";
      const orderId = await confirmedOrder(f, { number });
      await f.purchaseOrders.connect(f.core).acceptDelivery(orderId, docHash("inv"), "ipfs://inv");
      const p = await orderParams(f, { number });
      await expect(submitWith(f, f.supplier1, p))
        .to.be.revertedWithCustomError(f.purchaseOrders, "OrderAlreadyRegistered")
        .withArgs(f.core.address, f.supplier1.address, number, orderId);
    });

    it("reverts when the amount is zero", async function () {
      const f = await loadFixture(consortiumFixture);
      const p = await orderParams(f, { amount: 0n });
      await expect(submitWith(f, f.supplier1, p))
        .to.be.revertedWithCustomError(f.purchaseOrders, "OrderInvalidAmount")
        .withArgs(0n);
    });

    it("reverts when the amount does not fit 96 bits, and accepts the largest that does", async function () {
      const f = await loadFixture(consortiumFixture);
      const p = await orderParams(f, { amount: MAX_UINT96 + 1n });
      await expect(submitWith(f, f.supplier1, p))
        .to.be.revertedWithCustomError(f.purchaseOrders, "OrderInvalidAmount")
        .withArgs(MAX_UINT96 + 1n);
      const { orderId } = await pendingOrder(f, { amount: MAX_UINT96 });
      expect((await f.purchaseOrders.order(orderId)).amount).to.equal(MAX_UINT96);
    });

    it("reverts when the payment term is zero days", async function () {
      const f = await loadFixture(consortiumFixture);
      const p = await orderParams(f, { paymentTermDays: 0n });
      await expect(submitWith(f, f.supplier1, p))
        .to.be.revertedWithCustomError(f.purchaseOrders, "OrderInvalidPaymentTerm")
        .withArgs(0n);
    });

    it("reverts when the payment term exceeds 365 days, and accepts 365", async function () {
      const f = await loadFixture(consortiumFixture);
      const p = await orderParams(f, { paymentTermDays: 366n });
      await expect(submitWith(f, f.supplier1, p))
        .to.be.revertedWithCustomError(f.purchaseOrders, "OrderInvalidPaymentTerm")
        .withArgs(366n);
      const { orderId } = await pendingOrder(f, { paymentTermDays: 365n });
      expect((await f.purchaseOrders.order(orderId)).paymentTermDays).to.equal(365n);
    });

    it("reverts when the delivery date lies before today", async function () {
      const f = await loadFixture(consortiumFixture);
      const now = BigInt(await time.latest()) + 100n;
      const startOfDay = now - (now % BigInt(DAY));
      const p = await orderParams(f, { deliveryDate: startOfDay - 1n });
      await time.setNextBlockTimestamp(now);
      await expect(submitWith(f, f.supplier1, p))
        .to.be.revertedWithCustomError(f.purchaseOrders, "OrderInvalidDeliveryDate")
        .withArgs(startOfDay - 1n);
    });

    it("accepts a delivery date at the start of the current day (dates have day granularity)", async function () {
      const f = await loadFixture(consortiumFixture);
      const now = BigInt(await time.latest()) + 100n;
      const startOfDay = now - (now % BigInt(DAY));
      const p = await orderParams(f, { deliveryDate: startOfDay });
      await time.setNextBlockTimestamp(now);
      await submitWith(f, f.supplier1, p);
      const orderId = await f.purchaseOrders.orderIdOf(p.buyer, f.supplier1.address, p.number);
      expect((await f.purchaseOrders.order(orderId)).deliveryDate).to.equal(startOfDay);
    });

    it("reverts when the delivery date does not fit 40 bits", async function () {
      const f = await loadFixture(consortiumFixture);
      const p = await orderParams(f, { deliveryDate: MAX_UINT40 + 1n });
      await expect(submitWith(f, f.supplier1, p))
        .to.be.revertedWithCustomError(f.purchaseOrders, "OrderInvalidDeliveryDate")
        .withArgs(MAX_UINT40 + 1n);
    });

    it("reverts when the currency has no settlement token", async function () {
      const f = await loadFixture(consortiumFixture);
      const usd = currencyCode("USD");
      const p = await orderParams(f, { currency: usd });
      await expect(submitWith(f, f.supplier1, p))
        .to.be.revertedWithCustomError(f.receivables, "ReceivableCurrencyNotSupported")
        .withArgs(usd);
    });

    it("reverts when the order number is empty", async function () {
      const f = await loadFixture(consortiumFixture);
      const p = await orderParams(f, { number: "" });
      await expect(submitWith(f, f.supplier1, p))
        .to.be.revertedWithCustomError(f.purchaseOrders, "OrderMissingField")
        .withArgs("orderNumber");
    });

    it("reverts when the document hash is zero", async function () {
      const f = await loadFixture(consortiumFixture);
      const p = await orderParams(f, { documentHash: ZeroHash });
      await expect(submitWith(f, f.supplier1, p))
        .to.be.revertedWithCustomError(f.purchaseOrders, "OrderMissingField")
        .withArgs("documentHash");
    });

    it("reverts when a supplier that is also a core enterprise sells to itself", async function () {
      const f = await loadFixture(consortiumFixture);
      const p = await orderParams(f, { buyer: f.supplier1.address });
      await expect(submitWith(f, f.supplier1, p))
        .to.be.revertedWithCustomError(f.purchaseOrders, "OrderSelfDealing")
        .withArgs(f.supplier1.address);
    });

    it("reverts when the buyer is not a core enterprise", async function () {
      const f = await loadFixture(consortiumFixture);
      for (const buyer of [f.supplier3, f.bank1, f.warehouse]) {
        const p = await orderParams(f, { buyer: buyer.address });
        await expect(submitWith(f, f.supplier2, p))
          .to.be.revertedWithCustomError(f.purchaseOrders, "MemberLacksRole")
          .withArgs(buyer.address, Role.CORE_ENTERPRISE);
      }
    });

    it("reverts when the buyer was never admitted", async function () {
      const f = await loadFixture(consortiumFixture);
      const p = await orderParams(f, { buyer: f.outsider.address });
      await expect(submitWith(f, f.supplier1, p))
        .to.be.revertedWithCustomError(f.purchaseOrders, "MemberNotActive")
        .withArgs(f.outsider.address);
    });

    it("reverts when the buyer is suspended", async function () {
      const f = await loadFixture(consortiumFixture);
      await f.registry.suspend(f.core.address, id("audit"));
      const p = await orderParams(f);
      await expect(submitWith(f, f.supplier1, p))
        .to.be.revertedWithCustomError(f.purchaseOrders, "MemberNotActive")
        .withArgs(f.core.address);
    });

    it("reverts when the caller is not a supplier", async function () {
      const f = await loadFixture(consortiumFixture);
      for (const caller of [f.core2, f.bank1, f.warehouse, f.regulator, f.operator]) {
        const p = await orderParams(f);
        await expect(submitWith(f, caller, p))
          .to.be.revertedWithCustomError(f.purchaseOrders, "MemberLacksRole")
          .withArgs(caller.address, Role.SUPPLIER);
      }
    });

    it("reverts when the caller was never admitted", async function () {
      const f = await loadFixture(consortiumFixture);
      const p = await orderParams(f);
      await expect(submitWith(f, f.outsider, p))
        .to.be.revertedWithCustomError(f.purchaseOrders, "MemberNotActive")
        .withArgs(f.outsider.address);
    });

    it("reverts when the supplier is suspended", async function () {
      const f = await loadFixture(consortiumFixture);
      await f.registry.suspend(f.supplier2.address, id("kyc expired"));
      const p = await orderParams(f);
      await expect(submitWith(f, f.supplier2, p))
        .to.be.revertedWithCustomError(f.purchaseOrders, "MemberNotActive")
        .withArgs(f.supplier2.address);
    });
  });

  describe("confirm", function () {
    it("lets the buyer confirm a pending order and emits OrderConfirmed", async function () {
      const f = await loadFixture(consortiumFixture);
      const { orderId } = await pendingOrder(f);
      await expect(f.purchaseOrders.connect(f.core).confirm(orderId))
        .to.emit(f.purchaseOrders, "OrderConfirmed")
        .withArgs(orderId, f.core.address);
      expect((await f.purchaseOrders.order(orderId)).status).to.equal(Status.Confirmed);
    });

    it("reverts when the order does not exist", async function () {
      const f = await loadFixture(consortiumFixture);
      await expect(f.purchaseOrders.connect(f.core).confirm(42n))
        .to.be.revertedWithCustomError(f.purchaseOrders, "OrderNotFound")
        .withArgs(42n);
    });

    it("reverts when anyone but the buyer confirms", async function () {
      const f = await loadFixture(consortiumFixture);
      const { orderId } = await pendingOrder(f);
      for (const caller of [f.supplier1, f.core2, f.bank1, f.operator, f.outsider]) {
        await expect(f.purchaseOrders.connect(caller).confirm(orderId))
          .to.be.revertedWithCustomError(f.purchaseOrders, "OrderUnauthorized")
          .withArgs(orderId, caller.address, f.core.address);
      }
      expect((await f.purchaseOrders.order(orderId)).status).to.equal(Status.Pending);
    });

    it("reverts when the order is already confirmed", async function () {
      const f = await loadFixture(consortiumFixture);
      const orderId = await confirmedOrder(f);
      await expect(f.purchaseOrders.connect(f.core).confirm(orderId))
        .to.be.revertedWithCustomError(f.purchaseOrders, "OrderInvalidStatus")
        .withArgs(orderId, Status.Confirmed);
    });

    it("reverts when the order was rejected", async function () {
      const f = await loadFixture(consortiumFixture);
      const { orderId } = await pendingOrder(f);
      await f.purchaseOrders.connect(f.core).reject(orderId, id("no"));
      await expect(f.purchaseOrders.connect(f.core).confirm(orderId))
        .to.be.revertedWithCustomError(f.purchaseOrders, "OrderInvalidStatus")
        .withArgs(orderId, Status.Rejected);
    });

    it("reverts when the order was cancelled", async function () {
      const f = await loadFixture(consortiumFixture);
      const { orderId } = await pendingOrder(f);
      await f.purchaseOrders.connect(f.supplier1).cancel(orderId);
      await expect(f.purchaseOrders.connect(f.core).confirm(orderId))
        .to.be.revertedWithCustomError(f.purchaseOrders, "OrderInvalidStatus")
        .withArgs(orderId, Status.Cancelled);
    });

    it("reverts when the buyer is suspended", async function () {
      const f = await loadFixture(consortiumFixture);
      const { orderId } = await pendingOrder(f);
      await f.registry.suspend(f.core.address, id("audit"));
      await expect(f.purchaseOrders.connect(f.core).confirm(orderId))
        .to.be.revertedWithCustomError(f.purchaseOrders, "MemberNotActive")
        .withArgs(f.core.address);
    });

    it("reverts when the buyer no longer holds the core-enterprise role", async function () {
      const f = await loadFixture(consortiumFixture);
      const { orderId } = await pendingOrder(f);
      await f.registry.setRoles(f.core.address, Role.SUPPLIER);
      await expect(f.purchaseOrders.connect(f.core).confirm(orderId))
        .to.be.revertedWithCustomError(f.purchaseOrders, "MemberLacksRole")
        .withArgs(f.core.address, Role.CORE_ENTERPRISE);
    });
  });

  describe("reject", function () {
    it("lets the buyer reject a pending order with a reason and emits OrderRejected", async function () {
      const f = await loadFixture(consortiumFixture);
      const { orderId } = await pendingOrder(f);
      const reason = id("price not agreed");
      await expect(f.purchaseOrders.connect(f.core).reject(orderId, reason))
        .to.emit(f.purchaseOrders, "OrderRejected")
        .withArgs(orderId, f.core.address, reason);
      expect((await f.purchaseOrders.order(orderId)).status).to.equal(Status.Rejected);
    });

    it("reverts when the order does not exist", async function () {
      const f = await loadFixture(consortiumFixture);
      await expect(f.purchaseOrders.connect(f.core).reject(7n, ZeroHash))
        .to.be.revertedWithCustomError(f.purchaseOrders, "OrderNotFound")
        .withArgs(7n);
    });

    it("reverts when anyone but the buyer rejects", async function () {
      const f = await loadFixture(consortiumFixture);
      const { orderId } = await pendingOrder(f);
      for (const caller of [f.supplier1, f.core2, f.bank1, f.regulator, f.outsider]) {
        await expect(f.purchaseOrders.connect(caller).reject(orderId, ZeroHash))
          .to.be.revertedWithCustomError(f.purchaseOrders, "OrderUnauthorized")
          .withArgs(orderId, caller.address, f.core.address);
      }
      expect((await f.purchaseOrders.order(orderId)).status).to.equal(Status.Pending);
    });

    it("reverts when the order is confirmed", async function () {
      const f = await loadFixture(consortiumFixture);
      const orderId = await confirmedOrder(f);
      await expect(f.purchaseOrders.connect(f.core).reject(orderId, ZeroHash))
        .to.be.revertedWithCustomError(f.purchaseOrders, "OrderInvalidStatus")
        .withArgs(orderId, Status.Confirmed);
    });

    it("reverts when the order is already rejected", async function () {
      const f = await loadFixture(consortiumFixture);
      const { orderId } = await pendingOrder(f);
      await f.purchaseOrders.connect(f.core).reject(orderId, ZeroHash);
      await expect(f.purchaseOrders.connect(f.core).reject(orderId, ZeroHash))
        .to.be.revertedWithCustomError(f.purchaseOrders, "OrderInvalidStatus")
        .withArgs(orderId, Status.Rejected);
    });

    it("reverts when the buyer is suspended", async function () {
      const f = await loadFixture(consortiumFixture);
      const { orderId } = await pendingOrder(f);
      await f.registry.suspend(f.core.address, id("audit"));
      await expect(f.purchaseOrders.connect(f.core).reject(orderId, ZeroHash))
        .to.be.revertedWithCustomError(f.purchaseOrders, "MemberNotActive")
        .withArgs(f.core.address);
    });

    it("reverts when the buyer no longer holds the core-enterprise role", async function () {
      const f = await loadFixture(consortiumFixture);
      const { orderId } = await pendingOrder(f);
      await f.registry.setRoles(f.core.address, Role.SUPPLIER);
      await expect(f.purchaseOrders.connect(f.core).reject(orderId, ZeroHash))
        .to.be.revertedWithCustomError(f.purchaseOrders, "MemberLacksRole")
        .withArgs(f.core.address, Role.CORE_ENTERPRISE);
    });
  });

  describe("cancel", function () {
    it("lets the supplier withdraw its pending order and emits OrderCancelled", async function () {
      const f = await loadFixture(consortiumFixture);
      const { orderId } = await pendingOrder(f);
      await expect(f.purchaseOrders.connect(f.supplier1).cancel(orderId))
        .to.emit(f.purchaseOrders, "OrderCancelled")
        .withArgs(orderId, f.supplier1.address);
      expect((await f.purchaseOrders.order(orderId)).status).to.equal(Status.Cancelled);
    });

    it("reverts when the order does not exist", async function () {
      const f = await loadFixture(consortiumFixture);
      await expect(f.purchaseOrders.connect(f.supplier1).cancel(3n))
        .to.be.revertedWithCustomError(f.purchaseOrders, "OrderNotFound")
        .withArgs(3n);
    });

    it("reverts when anyone but the supplier cancels", async function () {
      const f = await loadFixture(consortiumFixture);
      const { orderId } = await pendingOrder(f);
      for (const caller of [f.core, f.supplier2, f.bank1, f.operator, f.outsider]) {
        await expect(f.purchaseOrders.connect(caller).cancel(orderId))
          .to.be.revertedWithCustomError(f.purchaseOrders, "OrderUnauthorized")
          .withArgs(orderId, caller.address, f.supplier1.address);
      }
    });

    it("reverts when the order is no longer pending", async function () {
      const f = await loadFixture(consortiumFixture);
      const confirmed = await confirmedOrder(f);
      await expect(f.purchaseOrders.connect(f.supplier1).cancel(confirmed))
        .to.be.revertedWithCustomError(f.purchaseOrders, "OrderInvalidStatus")
        .withArgs(confirmed, Status.Confirmed);
      const { orderId: rejected } = await pendingOrder(f);
      await f.purchaseOrders.connect(f.core).reject(rejected, ZeroHash);
      await expect(f.purchaseOrders.connect(f.supplier1).cancel(rejected))
        .to.be.revertedWithCustomError(f.purchaseOrders, "OrderInvalidStatus")
        .withArgs(rejected, Status.Rejected);
      const { orderId: cancelled } = await pendingOrder(f);
      await f.purchaseOrders.connect(f.supplier1).cancel(cancelled);
      await expect(f.purchaseOrders.connect(f.supplier1).cancel(cancelled))
        .to.be.revertedWithCustomError(f.purchaseOrders, "OrderInvalidStatus")
        .withArgs(cancelled, Status.Cancelled);
    });

    it("reverts when the supplier is suspended", async function () {
      const f = await loadFixture(consortiumFixture);
      const { orderId } = await pendingOrder(f);
      await f.registry.suspend(f.supplier1.address, id("audit"));
      await expect(f.purchaseOrders.connect(f.supplier1).cancel(orderId))
        .to.be.revertedWithCustomError(f.purchaseOrders, "MemberNotActive")
        .withArgs(f.supplier1.address);
    });
  });

  describe("acceptDelivery", function () {
    it("converts a confirmed order into a receivable held by the supplier", async function () {
      const f = await loadFixture(consortiumFixture);
      const orderId = await confirmedOrder(f, { amount: 3_000_000n, paymentTermDays: 60 });
      const invoice = docHash("invoice");
      const at = (await time.latest()) + 1000;
      const maturity = BigInt(at + 60 * DAY);
      await time.setNextBlockTimestamp(at);
      const tx = f.purchaseOrders.connect(f.core).acceptDelivery(orderId, invoice, "ipfs://inv/1");
      await expect(tx).to.emit(f.purchaseOrders, "OrderConverted").withArgs(orderId, 1n, f.supplier1.address);
      await expect(tx)
        .to.emit(f.receivables, "ReceivableIssued")
        .withArgs(
          1n,
          f.core.address,
          f.supplier1.address,
          3_000_000n,
          CNY,
          maturity,
          false,
          orderId,
          invoice,
          "ipfs://inv/1",
        );

      const o = await f.purchaseOrders.order(orderId);
      expect(o.status).to.equal(Status.Converted);
      expect(o.receivableId).to.equal(1n);

      const r = await f.receivables.receivable(1n);
      expect(r.obligor).to.equal(f.core.address);
      expect(r.maturity).to.equal(maturity);
      expect(r.issuedAt).to.equal(BigInt(at));
      expect(r.status).to.equal(ReceivableStatus.Outstanding);
      expect(r.longTerm).to.equal(false);
      expect(r.face).to.equal(3_000_000n);
      expect(r.currency).to.equal(CNY);
      expect(r.orderId).to.equal(orderId);
      expect(r.paidAt).to.equal(0n);
      expect(r.invoiceHash).to.equal(invoice);

      const part = await f.receivables.part(1n);
      expect(part.holder).to.equal(f.supplier1.address);
      expect(part.amount).to.equal(3_000_000n);
      expect(part.face).to.equal(3_000_000n);
      expect(part.parentId).to.equal(0n);
      expect(part.rootId).to.equal(1n);
      expect(part.status).to.equal(PartStatus.Active);
      expect(await f.receivables.invoiceRegistered(invoice)).to.equal(true);
    });

    it("returns the receivable id, which follows receivables issued directly", async function () {
      const f = await loadFixture(consortiumFixture);
      await issueReceivable(f);
      const orderId = await confirmedOrder(f);
      expect(
        await f.purchaseOrders.connect(f.core).acceptDelivery.staticCall(orderId, docHash("inv"), "ipfs://inv"),
      ).to.equal(2n);
    });

    it("flags a payment term over 180 days as long term", async function () {
      const f = await loadFixture(consortiumFixture);
      const orderId = await confirmedOrder(f, { paymentTermDays: 181 });
      await f.purchaseOrders.connect(f.core).acceptDelivery(orderId, docHash("inv"), "ipfs://inv");
      const r = await f.receivables.receivable((await f.purchaseOrders.order(orderId)).receivableId);
      expect(r.longTerm).to.equal(true);
      expect(r.maturity - r.issuedAt).to.equal(BigInt(181 * DAY));
    });

    it("accepts the longest payment term of 365 days", async function () {
      const f = await loadFixture(consortiumFixture);
      const orderId = await confirmedOrder(f, { paymentTermDays: 365 });
      await f.purchaseOrders.connect(f.core).acceptDelivery(orderId, docHash("inv"), "ipfs://inv");
      const r = await f.receivables.receivable(1n);
      expect(r.maturity - r.issuedAt).to.equal(BigInt(365 * DAY));
    });

    it("issues the receivable to the lien holder when the order is financed", async function () {
      const f = await loadFixture(consortiumFixture);
      const orderId = await confirmedOrder(f);
      const expiresAt = (await time.latest()) + 7 * DAY;
      await f.orderFinancing.connect(f.supplier1).request(orderId, f.bank1.address, 7_000, 600, 90, expiresAt);
      const financing = await f.orderFinancing.getAddress();
      await expect(f.purchaseOrders.connect(f.core).acceptDelivery(orderId, docHash("inv"), "ipfs://inv"))
        .to.emit(f.purchaseOrders, "OrderConverted")
        .withArgs(orderId, 1n, financing);
      expect((await f.receivables.part(1n)).holder).to.equal(financing);
      expect((await f.purchaseOrders.order(orderId)).lienHolder).to.equal(financing);
    });

    it("reverts when the order does not exist", async function () {
      const f = await loadFixture(consortiumFixture);
      await expect(f.purchaseOrders.connect(f.core).acceptDelivery(9n, docHash("inv"), "ipfs://inv"))
        .to.be.revertedWithCustomError(f.purchaseOrders, "OrderNotFound")
        .withArgs(9n);
    });

    it("reverts when anyone but the buyer accepts delivery", async function () {
      const f = await loadFixture(consortiumFixture);
      const orderId = await confirmedOrder(f);
      for (const caller of [f.supplier1, f.core2, f.bank1, f.warehouse, f.outsider]) {
        await expect(f.purchaseOrders.connect(caller).acceptDelivery(orderId, docHash("inv"), "ipfs://inv"))
          .to.be.revertedWithCustomError(f.purchaseOrders, "OrderUnauthorized")
          .withArgs(orderId, caller.address, f.core.address);
      }
    });

    it("reverts when the order is still pending", async function () {
      const f = await loadFixture(consortiumFixture);
      const { orderId } = await pendingOrder(f);
      await expect(f.purchaseOrders.connect(f.core).acceptDelivery(orderId, docHash("inv"), "ipfs://inv"))
        .to.be.revertedWithCustomError(f.purchaseOrders, "OrderInvalidStatus")
        .withArgs(orderId, Status.Pending);
    });

    it("reverts when the order was rejected", async function () {
      const f = await loadFixture(consortiumFixture);
      const { orderId } = await pendingOrder(f);
      await f.purchaseOrders.connect(f.core).reject(orderId, ZeroHash);
      await expect(f.purchaseOrders.connect(f.core).acceptDelivery(orderId, docHash("inv"), "ipfs://inv"))
        .to.be.revertedWithCustomError(f.purchaseOrders, "OrderInvalidStatus")
        .withArgs(orderId, Status.Rejected);
    });

    it("reverts when delivery of the order was accepted already", async function () {
      const f = await loadFixture(consortiumFixture);
      const orderId = await confirmedOrder(f);
      await f.purchaseOrders.connect(f.core).acceptDelivery(orderId, docHash("inv"), "ipfs://inv");
      await expect(f.purchaseOrders.connect(f.core).acceptDelivery(orderId, docHash("inv"), "ipfs://inv"))
        .to.be.revertedWithCustomError(f.purchaseOrders, "OrderInvalidStatus")
        .withArgs(orderId, Status.Converted);
    });

    it("reverts when the invoice hash is zero", async function () {
      const f = await loadFixture(consortiumFixture);
      const orderId = await confirmedOrder(f);
      await expect(f.purchaseOrders.connect(f.core).acceptDelivery(orderId, ZeroHash, "ipfs://inv"))
        .to.be.revertedWithCustomError(f.receivables, "ReceivableInvoiceAlreadyRegistered")
        .withArgs(ZeroHash);
      expect((await f.purchaseOrders.order(orderId)).status).to.equal(Status.Confirmed);
    });

    it("reverts when the invoice already backs a receivable", async function () {
      const f = await loadFixture(consortiumFixture);
      const invoice = docHash("invoice");
      const maturity = (await time.latest()) + 90 * DAY;
      await f.receivables.connect(f.core).issue(f.supplier1.address, 1_000n, CNY, maturity, invoice, "ipfs://inv");
      const orderId = await confirmedOrder(f);
      await expect(f.purchaseOrders.connect(f.core).acceptDelivery(orderId, invoice, "ipfs://inv"))
        .to.be.revertedWithCustomError(f.receivables, "ReceivableInvoiceAlreadyRegistered")
        .withArgs(invoice);
      expect((await f.purchaseOrders.order(orderId)).status).to.equal(Status.Confirmed);
    });

    it("reverts when the supplier was suspended since the order was confirmed", async function () {
      const f = await loadFixture(consortiumFixture);
      const orderId = await confirmedOrder(f);
      await f.registry.suspend(f.supplier1.address, id("audit"));
      await expect(f.purchaseOrders.connect(f.core).acceptDelivery(orderId, docHash("inv"), "ipfs://inv"))
        .to.be.revertedWithCustomError(f.receivables, "MemberNotActive")
        .withArgs(f.supplier1.address);
    });

    it("reverts when the buyer is suspended", async function () {
      const f = await loadFixture(consortiumFixture);
      const orderId = await confirmedOrder(f);
      await f.registry.suspend(f.core.address, id("audit"));
      await expect(f.purchaseOrders.connect(f.core).acceptDelivery(orderId, docHash("inv"), "ipfs://inv"))
        .to.be.revertedWithCustomError(f.purchaseOrders, "MemberNotActive")
        .withArgs(f.core.address);
    });

    it("reverts when the buyer no longer holds the core-enterprise role", async function () {
      const f = await loadFixture(consortiumFixture);
      const orderId = await confirmedOrder(f);
      await f.registry.setRoles(f.core.address, Role.SUPPLIER);
      await expect(f.purchaseOrders.connect(f.core).acceptDelivery(orderId, docHash("inv"), "ipfs://inv"))
        .to.be.revertedWithCustomError(f.purchaseOrders, "MemberLacksRole")
        .withArgs(f.core.address, Role.CORE_ENTERPRISE);
    });

    it("reverts when the order contract itself lost its SYSTEM membership", async function () {
      const f = await loadFixture(consortiumFixture);
      const orderId = await confirmedOrder(f);
      const po = await f.purchaseOrders.getAddress();
      await f.registry.suspend(po, id("maintenance"));
      await expect(f.purchaseOrders.connect(f.core).acceptDelivery(orderId, docHash("inv"), "ipfs://inv"))
        .to.be.revertedWithCustomError(f.receivables, "MemberNotActive")
        .withArgs(po);
    });
  });

  describe("setLien", function () {
    it("lets a SYSTEM financing contract take a lien on a confirmed order", async function () {
      const f = await loadFixture(consortiumFixture);
      const orderId = await confirmedOrder(f);
      const financing = await actAs(await f.orderFinancing.getAddress());
      await expect(f.purchaseOrders.connect(financing).setLien(orderId))
        .to.emit(f.purchaseOrders, "OrderLienChanged")
        .withArgs(orderId, financing.address, true);
      const o = await f.purchaseOrders.order(orderId);
      expect(o.lienHolder).to.equal(financing.address);
      expect(o.status).to.equal(Status.Confirmed);
    });

    it("is taken by the order-financing contract when the supplier requests financing", async function () {
      const f = await loadFixture(consortiumFixture);
      const orderId = await confirmedOrder(f);
      const expiresAt = (await time.latest()) + 7 * DAY;
      await expect(f.orderFinancing.connect(f.supplier1).request(orderId, f.bank1.address, 7_000, 600, 90, expiresAt))
        .to.emit(f.purchaseOrders, "OrderLienChanged")
        .withArgs(orderId, await f.orderFinancing.getAddress(), true);
      expect((await f.purchaseOrders.order(orderId)).lienHolder).to.equal(await f.orderFinancing.getAddress());
    });

    it("reverts when a financed order is financed again (through order financing)", async function () {
      const f = await loadFixture(consortiumFixture);
      const orderId = await confirmedOrder(f);
      const expiresAt = (await time.latest()) + 7 * DAY;
      await f.orderFinancing.connect(f.supplier1).request(orderId, f.bank1.address, 7_000, 600, 90, expiresAt);
      await expect(f.orderFinancing.connect(f.supplier1).request(orderId, f.bank2.address, 7_000, 600, 90, expiresAt))
        .to.be.revertedWithCustomError(f.purchaseOrders, "OrderAlreadyEncumbered")
        .withArgs(orderId, await f.orderFinancing.getAddress());
    });

    it("reverts when another SYSTEM contract tries to take a second lien", async function () {
      const f = await loadFixture(consortiumFixture);
      const orderId = await confirmedOrder(f);
      const financing = await actAs(await f.orderFinancing.getAddress());
      const factoring = await actAs(await f.factoring.getAddress());
      await f.purchaseOrders.connect(financing).setLien(orderId);
      for (const caller of [financing, factoring]) {
        await expect(f.purchaseOrders.connect(caller).setLien(orderId))
          .to.be.revertedWithCustomError(f.purchaseOrders, "OrderAlreadyEncumbered")
          .withArgs(orderId, financing.address);
      }
    });

    it("reverts when the order does not exist", async function () {
      const f = await loadFixture(consortiumFixture);
      const financing = await actAs(await f.orderFinancing.getAddress());
      await expect(f.purchaseOrders.connect(financing).setLien(5n))
        .to.be.revertedWithCustomError(f.purchaseOrders, "OrderNotFound")
        .withArgs(5n);
    });

    it("reverts when the order is not confirmed", async function () {
      const f = await loadFixture(consortiumFixture);
      const financing = await actAs(await f.orderFinancing.getAddress());
      const { orderId: pending } = await pendingOrder(f);
      await expect(f.purchaseOrders.connect(financing).setLien(pending))
        .to.be.revertedWithCustomError(f.purchaseOrders, "OrderInvalidStatus")
        .withArgs(pending, Status.Pending);
      const { orderId: rejected } = await pendingOrder(f);
      await f.purchaseOrders.connect(f.core).reject(rejected, ZeroHash);
      await expect(f.purchaseOrders.connect(financing).setLien(rejected))
        .to.be.revertedWithCustomError(f.purchaseOrders, "OrderInvalidStatus")
        .withArgs(rejected, Status.Rejected);
      const { orderId: cancelled } = await pendingOrder(f);
      await f.purchaseOrders.connect(f.supplier1).cancel(cancelled);
      await expect(f.purchaseOrders.connect(financing).setLien(cancelled))
        .to.be.revertedWithCustomError(f.purchaseOrders, "OrderInvalidStatus")
        .withArgs(cancelled, Status.Cancelled);
    });

    it("reverts when the order already converted into a receivable", async function () {
      const f = await loadFixture(consortiumFixture);
      const orderId = await confirmedOrder(f);
      await f.purchaseOrders.connect(f.core).acceptDelivery(orderId, docHash("inv"), "ipfs://inv");
      const financing = await actAs(await f.orderFinancing.getAddress());
      await expect(f.purchaseOrders.connect(financing).setLien(orderId))
        .to.be.revertedWithCustomError(f.purchaseOrders, "OrderInvalidStatus")
        .withArgs(orderId, Status.Converted);
    });

    it("accepts any SYSTEM member: the registry role, not a list of financing contracts, is the gate", async function () {
      // The interface calls the caller "a financing contract (SYSTEM role)"; the receivables contract
      // is SYSTEM too and is let through. No product code path of a non-financing contract calls it.
      const f = await loadFixture(consortiumFixture);
      const orderId = await confirmedOrder(f);
      const receivables = await actAs(await f.receivables.getAddress());
      await expect(f.purchaseOrders.connect(receivables).setLien(orderId))
        .to.emit(f.purchaseOrders, "OrderLienChanged")
        .withArgs(orderId, receivables.address, true);
    });

    it("reverts when the caller is a member without the SYSTEM role", async function () {
      const f = await loadFixture(consortiumFixture);
      const orderId = await confirmedOrder(f);
      for (const caller of [f.supplier1, f.core, f.bank1, f.warehouse, f.regulator, f.operator]) {
        await expect(f.purchaseOrders.connect(caller).setLien(orderId))
          .to.be.revertedWithCustomError(f.purchaseOrders, "MemberLacksRole")
          .withArgs(caller.address, Role.SYSTEM);
      }
      expect((await f.purchaseOrders.order(orderId)).lienHolder).to.equal(ZeroAddress);
    });

    it("reverts when the caller was never admitted", async function () {
      const f = await loadFixture(consortiumFixture);
      const orderId = await confirmedOrder(f);
      await expect(f.purchaseOrders.connect(f.outsider).setLien(orderId))
        .to.be.revertedWithCustomError(f.purchaseOrders, "MemberNotActive")
        .withArgs(f.outsider.address);
    });

    it("reverts when the financing contract is suspended", async function () {
      const f = await loadFixture(consortiumFixture);
      const orderId = await confirmedOrder(f);
      const address = await f.orderFinancing.getAddress();
      await f.registry.suspend(address, id("incident"));
      const financing = await actAs(address);
      await expect(f.purchaseOrders.connect(financing).setLien(orderId))
        .to.be.revertedWithCustomError(f.purchaseOrders, "MemberNotActive")
        .withArgs(address);
    });
  });

  describe("releaseLien", function () {
    it("lets the lien holder release its lien", async function () {
      const f = await loadFixture(consortiumFixture);
      const orderId = await confirmedOrder(f);
      const financing = await actAs(await f.orderFinancing.getAddress());
      await f.purchaseOrders.connect(financing).setLien(orderId);
      await expect(f.purchaseOrders.connect(financing).releaseLien(orderId))
        .to.emit(f.purchaseOrders, "OrderLienChanged")
        .withArgs(orderId, financing.address, false);
      expect((await f.purchaseOrders.order(orderId)).lienHolder).to.equal(ZeroAddress);
    });

    it("frees the order for new financing when the request is withdrawn", async function () {
      const f = await loadFixture(consortiumFixture);
      const orderId = await confirmedOrder(f);
      const expiresAt = (await time.latest()) + 7 * DAY;
      const financing = await f.orderFinancing.getAddress();
      await f.orderFinancing.connect(f.supplier1).request(orderId, f.bank1.address, 7_000, 600, 90, expiresAt);
      await expect(f.orderFinancing.connect(f.supplier1).withdraw(1n))
        .to.emit(f.purchaseOrders, "OrderLienChanged")
        .withArgs(orderId, financing, false);
      expect((await f.purchaseOrders.order(orderId)).lienHolder).to.equal(ZeroAddress);
      await expect(f.orderFinancing.connect(f.supplier1).request(orderId, f.bank2.address, 7_000, 600, 90, expiresAt))
        .to.emit(f.purchaseOrders, "OrderLienChanged")
        .withArgs(orderId, financing, true);
    });

    it("reverts when anyone but the lien holder releases it", async function () {
      const f = await loadFixture(consortiumFixture);
      const orderId = await confirmedOrder(f);
      const financing = await actAs(await f.orderFinancing.getAddress());
      const factoring = await actAs(await f.factoring.getAddress());
      await f.purchaseOrders.connect(financing).setLien(orderId);
      for (const caller of [factoring, f.supplier1, f.core, f.bank1, f.operator, f.outsider]) {
        await expect(f.purchaseOrders.connect(caller).releaseLien(orderId))
          .to.be.revertedWithCustomError(f.purchaseOrders, "OrderUnauthorized")
          .withArgs(orderId, caller.address, financing.address);
      }
      expect((await f.purchaseOrders.order(orderId)).lienHolder).to.equal(financing.address);
    });

    it("reverts when the order has no lien", async function () {
      const f = await loadFixture(consortiumFixture);
      const orderId = await confirmedOrder(f);
      const financing = await actAs(await f.orderFinancing.getAddress());
      await expect(f.purchaseOrders.connect(financing).releaseLien(orderId))
        .to.be.revertedWithCustomError(f.purchaseOrders, "OrderUnauthorized")
        .withArgs(orderId, financing.address, ZeroAddress);
    });

    it("reverts when the order does not exist", async function () {
      const f = await loadFixture(consortiumFixture);
      const financing = await actAs(await f.orderFinancing.getAddress());
      await expect(f.purchaseOrders.connect(financing).releaseLien(11n))
        .to.be.revertedWithCustomError(f.purchaseOrders, "OrderNotFound")
        .withArgs(11n);
    });
  });

  describe("order", function () {
    it("returns an all-zero order with status None for an unknown id", async function () {
      const f = await loadFixture(consortiumFixture);
      await pendingOrder(f);
      for (const orderId of [0n, 2n]) {
        const o = await f.purchaseOrders.order(orderId);
        expect(o.status).to.equal(Status.None);
        expect(o.supplier).to.equal(ZeroAddress);
        expect(o.buyer).to.equal(ZeroAddress);
        expect(o.amount).to.equal(0n);
        expect(o.documentHash).to.equal(ZeroHash);
      }
    });

    it("follows the order through its lifecycle", async function () {
      const f = await loadFixture(consortiumFixture);
      const { orderId } = await pendingOrder(f);
      expect((await f.purchaseOrders.order(orderId)).status).to.equal(Status.Pending);
      await f.purchaseOrders.connect(f.core).confirm(orderId);
      expect((await f.purchaseOrders.order(orderId)).status).to.equal(Status.Confirmed);
      await f.purchaseOrders.connect(f.core).acceptDelivery(orderId, docHash("inv"), "ipfs://inv");
      const o = await f.purchaseOrders.order(orderId);
      expect(o.status).to.equal(Status.Converted);
      expect(o.receivableId).to.equal(1n);
    });
  });

  describe("orderIdOf", function () {
    it("returns zero when nothing is registered under the key", async function () {
      const f = await loadFixture(consortiumFixture);
      const { p } = await pendingOrder(f, { number: "PO-KEY" });
      expect(await f.purchaseOrders.orderIdOf(f.core.address, f.supplier1.address, "PO-KEY")).to.equal(1n);
      // Buyer and supplier swapped, another buyer, another case: different keys.
      expect(await f.purchaseOrders.orderIdOf(f.supplier1.address, f.core.address, p.number)).to.equal(0n);
      expect(await f.purchaseOrders.orderIdOf(f.core2.address, f.supplier1.address, p.number)).to.equal(0n);
      expect(await f.purchaseOrders.orderIdOf(f.core.address, f.supplier1.address, "po-key")).to.equal(0n);
      expect(await f.purchaseOrders.orderIdOf(f.core.address, f.supplier1.address, "")).to.equal(0n);
    });
  });

  describe("receivables", function () {
    it("is the receivables contract wired at deployment", async function () {
      const f = await loadFixture(consortiumFixture);
      expect(await f.purchaseOrders.receivables()).to.equal(await f.receivables.getAddress());
      expect(await f.purchaseOrders.registry()).to.equal(await f.registry.getAddress());
    });
  });
});
