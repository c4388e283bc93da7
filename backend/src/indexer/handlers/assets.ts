/**
 * The three assets: purchase orders, warehouse receipts (with attestations) and receivables as a tree
 * of parts, with each member's holdings per receivable.
 */
import type {
  OrderCancelledEvent,
  OrderConfirmedEvent,
  OrderConvertedEvent,
  OrderLienChangedEvent,
  OrderRejectedEvent,
  OrderSubmittedEvent,
} from "../../../../typechain-types/contracts/assets/PurchaseOrders";
import type {
  PartRedeemedEvent,
  PartSplitEvent,
  PartTransferredEvent,
  ReceivableDefaultedEvent,
  ReceivableIssuedEvent,
  ReceivableOverdueEvent,
  ReceivablePaidEvent,
  SettlementTokenSetEvent,
} from "../../../../typechain-types/contracts/assets/Receivables";
import type {
  InventoryAttestedEvent,
  ReceiptGoodsReleasedEvent,
  ReceiptIssuedEvent,
  ReceiptPledgeCreatedEvent,
  ReceiptPledgeEnforcedEvent,
  ReceiptPledgeFrozenEvent,
  ReceiptPledgeReleasedEvent,
  ReceiptPledgeUnfrozenEvent,
  ReceiptReleaseRequestedEvent,
  ReceiptTransferredEvent,
} from "../../../../typechain-types/contracts/assets/WarehouseReceipts";
import type { PurchaseOrder, Receivable, WarehouseReceipt } from "../../database/schema";
import { add, currencyText, on, refText, str, toDate, toId, type EventContext, type HandlerMap } from "./types";

// ----------------------------------------------------------------------------------------------------
// Purchase orders
// ----------------------------------------------------------------------------------------------------

async function updateOrder(ctx: EventContext, orderId: bigint, change: Partial<PurchaseOrder>): Promise<void> {
  ctx.ref("order", orderId);
  const order = await ctx.store.require("purchaseOrders", { id: toId(orderId) });
  ctx.ref("member", order.supplier);
  ctx.ref("member", order.buyer);
  ctx.store.put("purchaseOrders", { ...order, ...change, updatedBlock: ctx.block }, ctx.block);
}

const orderHandlers: HandlerMap = {
  "purchaseOrders.OrderSubmitted": on<OrderSubmittedEvent.OutputObject>(async (ctx) => {
    const a = ctx.args;
    ctx.ref("order", a.orderId);
    ctx.ref("member", a.supplier);
    ctx.ref("member", a.buyer);
    ctx.store.put(
      "purchaseOrders",
      {
        id: toId(a.orderId),
        supplier: a.supplier,
        buyer: a.buyer,
        orderNumber: a.orderNumber,
        amount: str(a.amount),
        currency: currencyText(a.currency),
        deliveryDate: toDate(a.deliveryDate),
        paymentTermDays: Number(a.paymentTermDays),
        documentHash: a.documentHash,
        documentUri: a.documentUri,
        status: "Pending",
        lienHolder: null,
        receivableId: null,
        rejectionReason: null,
        submittedAt: ctx.time,
        submittedBlock: ctx.block,
        updatedBlock: ctx.block,
      },
      ctx.block,
      true,
    );
  }),
  "purchaseOrders.OrderConfirmed": on<OrderConfirmedEvent.OutputObject>(async (ctx) => {
    await updateOrder(ctx, ctx.args.orderId, { status: "Confirmed" });
  }),
  "purchaseOrders.OrderRejected": on<OrderRejectedEvent.OutputObject>(async (ctx) => {
    await updateOrder(ctx, ctx.args.orderId, { status: "Rejected", rejectionReason: refText(ctx.args.reasonRef) });
  }),
  "purchaseOrders.OrderCancelled": on<OrderCancelledEvent.OutputObject>(async (ctx) => {
    await updateOrder(ctx, ctx.args.orderId, { status: "Cancelled" });
  }),
  "purchaseOrders.OrderConverted": on<OrderConvertedEvent.OutputObject>(async (ctx) => {
    ctx.ref("receivable", ctx.args.receivableId);
    await updateOrder(ctx, ctx.args.orderId, { status: "Converted", receivableId: toId(ctx.args.receivableId) });
  }),
  "purchaseOrders.OrderLienChanged": on<OrderLienChangedEvent.OutputObject>(async (ctx) => {
    ctx.ref("member", ctx.args.lienHolder);
    await updateOrder(ctx, ctx.args.orderId, { lienHolder: ctx.args.held ? ctx.args.lienHolder : null });
  }),
};

// ----------------------------------------------------------------------------------------------------
// Warehouse receipts
// ----------------------------------------------------------------------------------------------------

async function updateReceipt(ctx: EventContext, receiptId: bigint, change: Partial<WarehouseReceipt>): Promise<void> {
  ctx.ref("receipt", receiptId);
  const receipt = await ctx.store.require("warehouseReceipts", { id: toId(receiptId) });
  ctx.ref("member", receipt.owner);
  ctx.ref("member", receipt.warehouse);
  if (receipt.pledgee) ctx.ref("member", receipt.pledgee);
  ctx.store.put("warehouseReceipts", { ...receipt, ...change, updatedBlock: ctx.block }, ctx.block);
}

const NO_PLEDGE = { pledgee: null, pledgedQuantity: null, frozen: false } as const;

const receiptHandlers: HandlerMap = {
  "warehouseReceipts.ReceiptIssued": on<ReceiptIssuedEvent.OutputObject>(async (ctx) => {
    const { receiptId, warehouse, owner, terms } = ctx.args;
    ctx.ref("receipt", receiptId);
    ctx.ref("member", warehouse);
    ctx.ref("member", owner);
    ctx.store.put(
      "warehouseReceipts",
      {
        id: toId(receiptId),
        warehouse,
        owner,
        lot: terms.lot,
        goods: terms.goods,
        quantity: str(terms.quantity),
        unit: refText(terms.unit),
        valuation: str(terms.valuation),
        currency: currencyText(terms.currency),
        documentHash: terms.documentHash,
        documentUri: terms.documentUri,
        status: "Active",
        ...NO_PLEDGE,
        lastAttestedQuantity: null,
        issuedAt: ctx.time,
        issuedBlock: ctx.block,
        updatedBlock: ctx.block,
      },
      ctx.block,
      true,
    );
  }),
  "warehouseReceipts.ReceiptTransferred": on<ReceiptTransferredEvent.OutputObject>(async (ctx) => {
    ctx.ref("member", ctx.args.to);
    await updateReceipt(ctx, ctx.args.receiptId, { owner: ctx.args.to });
  }),
  "warehouseReceipts.ReceiptPledgeCreated": on<ReceiptPledgeCreatedEvent.OutputObject>(async (ctx) => {
    ctx.ref("member", ctx.args.pledgee);
    await updateReceipt(ctx, ctx.args.receiptId, {
      pledgee: ctx.args.pledgee,
      pledgedQuantity: str(ctx.args.pledgedQuantity),
      frozen: false,
    });
  }),
  "warehouseReceipts.ReceiptPledgeReleased": on<ReceiptPledgeReleasedEvent.OutputObject>(async (ctx) => {
    await updateReceipt(ctx, ctx.args.receiptId, NO_PLEDGE);
  }),
  "warehouseReceipts.ReceiptPledgeEnforced": on<ReceiptPledgeEnforcedEvent.OutputObject>(async (ctx) => {
    await updateReceipt(ctx, ctx.args.receiptId, { owner: ctx.args.pledgee, ...NO_PLEDGE });
  }),
  "warehouseReceipts.InventoryAttested": on<InventoryAttestedEvent.OutputObject>(async (ctx) => {
    const a = ctx.args;
    ctx.store.append("attestations", {
      blockNumber: ctx.block,
      logIndex: ctx.event.logIndex,
      receiptId: toId(a.receiptId),
      warehouse: a.warehouse,
      quantity: str(a.quantity),
      anomaly: Number(a.anomaly),
      reportHash: a.reportHash,
      freezes: a.freezes,
      attestedAt: ctx.time,
    });
    const change: Partial<WarehouseReceipt> = { lastAttestedQuantity: str(a.quantity) };
    if (a.freezes) change.frozen = true;
    await updateReceipt(ctx, a.receiptId, change);
  }),
  "warehouseReceipts.ReceiptPledgeFrozen": on<ReceiptPledgeFrozenEvent.OutputObject>(async (ctx) => {
    await updateReceipt(ctx, ctx.args.receiptId, { frozen: true });
  }),
  "warehouseReceipts.ReceiptPledgeUnfrozen": on<ReceiptPledgeUnfrozenEvent.OutputObject>(async (ctx) => {
    await updateReceipt(ctx, ctx.args.receiptId, { frozen: false });
  }),
  "warehouseReceipts.ReceiptReleaseRequested": on<ReceiptReleaseRequestedEvent.OutputObject>(async (ctx) => {
    await updateReceipt(ctx, ctx.args.receiptId, { status: "ReleaseRequested" });
  }),
  "warehouseReceipts.ReceiptGoodsReleased": on<ReceiptGoodsReleasedEvent.OutputObject>(async (ctx) => {
    await updateReceipt(ctx, ctx.args.receiptId, { status: "Released" });
  }),
};

// ----------------------------------------------------------------------------------------------------
// Receivables, parts and holdings
// ----------------------------------------------------------------------------------------------------

/** Adds `amount` and `parts` (both may be negative) to what `holder` holds of `receivableId`. */
async function adjustHolding(
  ctx: EventContext,
  holder: string,
  receivableId: number,
  amount: bigint,
  parts: number,
): Promise<void> {
  const row = await ctx.store.getInGroup("holdings", { holder, receivableId }, "receivableId");
  const next = {
    holder,
    receivableId,
    amount: row ? add(row.amount, amount) : str(amount),
    parts: (row?.parts ?? 0) + parts,
    updatedBlock: ctx.block,
  };
  if (BigInt(next.amount) < 0n || next.parts < 0) {
    throw new Error(`holding of ${holder} in receivable ${receivableId} would go negative: events out of order`);
  }
  ctx.store.put("holdings", next, ctx.block, !row);
}

async function updateReceivable(ctx: EventContext, receivableId: bigint, change: Partial<Receivable>): Promise<void> {
  ctx.ref("receivable", receivableId);
  const receivable = await ctx.store.require("receivables", { id: toId(receivableId) });
  ctx.ref("member", receivable.obligor);
  ctx.store.put("receivables", { ...receivable, ...change, updatedBlock: ctx.block }, ctx.block);
}

const receivableHandlers: HandlerMap = {
  "receivables.SettlementTokenSet": on<SettlementTokenSetEvent.OutputObject>(async () => undefined),
  "receivables.ReceivableIssued": on<ReceivableIssuedEvent.OutputObject>(async (ctx) => {
    const a = ctx.args;
    const id = toId(a.receivableId);
    ctx.ref("receivable", id);
    ctx.ref("part", id);
    ctx.ref("member", a.obligor);
    ctx.ref("member", a.creditor);
    if (a.orderId !== 0n) ctx.ref("order", a.orderId);
    ctx.store.put(
      "receivables",
      {
        id,
        obligor: a.obligor,
        creditor: a.creditor,
        face: str(a.face),
        currency: currencyText(a.currency),
        maturity: toDate(a.maturity),
        longTerm: a.longTerm,
        orderId: a.orderId === 0n ? null : toId(a.orderId),
        invoiceHash: a.invoiceHash,
        invoiceUri: a.invoiceUri,
        status: "Outstanding",
        redeemed: "0",
        paidAt: null,
        paidBy: null,
        paidLate: null,
        defaultedBy: null,
        issuedAt: ctx.time,
        issuedBlock: ctx.block,
        updatedBlock: ctx.block,
      },
      ctx.block,
      true,
    );
    ctx.store.put(
      "receivableParts",
      {
        id,
        receivableId: id,
        parentId: null,
        depth: 0,
        holder: a.creditor,
        face: str(a.face),
        amount: str(a.face),
        status: "Active",
        createdAt: ctx.time,
        createdBlock: ctx.block,
        updatedBlock: ctx.block,
      },
      ctx.block,
      true,
    );
    // A new receivable has no holdings but the one created here.
    ctx.store.groupComplete("holdings", "receivableId", id);
    await adjustHolding(ctx, a.creditor, id, a.face, 1);
  }),
  "receivables.PartSplit": on<PartSplitEvent.OutputObject>(async (ctx) => {
    const a = ctx.args;
    ctx.ref("part", a.parentId);
    ctx.ref("part", a.partId);
    ctx.ref("receivable", a.rootId);
    ctx.ref("member", a.holder);
    const parent = await ctx.store.require("receivableParts", { id: toId(a.parentId) });
    ctx.ref("member", parent.holder);
    if (BigInt(parent.amount) !== a.amount + a.parentAmount) {
      throw new Error(`split of part ${a.parentId}: ${a.amount} + ${a.parentAmount} != indexed ${parent.amount}`);
    }
    ctx.store.put("receivableParts", { ...parent, amount: str(a.parentAmount), updatedBlock: ctx.block }, ctx.block);
    ctx.store.put(
      "receivableParts",
      {
        id: toId(a.partId),
        receivableId: toId(a.rootId),
        parentId: toId(a.parentId),
        depth: parent.depth + 1,
        holder: a.holder,
        face: str(a.amount),
        amount: str(a.amount),
        status: "Active",
        createdAt: ctx.time,
        createdBlock: ctx.block,
        updatedBlock: ctx.block,
      },
      ctx.block,
      true,
    );
    await adjustHolding(ctx, parent.holder, toId(a.rootId), -a.amount, 0);
    await adjustHolding(ctx, a.holder, toId(a.rootId), a.amount, 1);
  }),
  "receivables.PartTransferred": on<PartTransferredEvent.OutputObject>(async (ctx) => {
    const { partId, from, to } = ctx.args;
    ctx.ref("part", partId);
    ctx.ref("member", from);
    ctx.ref("member", to);
    const part = await ctx.store.require("receivableParts", { id: toId(partId) });
    ctx.ref("receivable", part.receivableId);
    ctx.store.put("receivableParts", { ...part, holder: to, updatedBlock: ctx.block }, ctx.block);
    const amount = BigInt(part.amount);
    await adjustHolding(ctx, from, part.receivableId, -amount, -1);
    await adjustHolding(ctx, to, part.receivableId, amount, 1);
  }),
  "receivables.ReceivableOverdue": on<ReceivableOverdueEvent.OutputObject>(async (ctx) => {
    await updateReceivable(ctx, ctx.args.receivableId, { status: "Overdue" });
  }),
  "receivables.ReceivableDefaulted": on<ReceivableDefaultedEvent.OutputObject>(async (ctx) => {
    ctx.ref("member", ctx.args.declaredBy);
    await updateReceivable(ctx, ctx.args.receivableId, { status: "Defaulted", defaultedBy: ctx.args.declaredBy });
  }),
  "receivables.ReceivablePaid": on<ReceivablePaidEvent.OutputObject>(async (ctx) => {
    const { receivableId, payer, late } = ctx.args;
    ctx.ref("member", payer);
    await updateReceivable(ctx, receivableId, { status: "Paid", paidAt: ctx.time, paidBy: payer, paidLate: late });
  }),
  "receivables.PartRedeemed": on<PartRedeemedEvent.OutputObject>(async (ctx) => {
    const { partId, receivableId, holder, amount } = ctx.args;
    ctx.ref("part", partId);
    ctx.ref("member", holder);
    const part = await ctx.store.require("receivableParts", { id: toId(partId) });
    ctx.store.put("receivableParts", { ...part, status: "Redeemed", updatedBlock: ctx.block }, ctx.block);
    const receivable = await ctx.store.require("receivables", { id: toId(receivableId) });
    await updateReceivable(ctx, receivableId, { redeemed: add(receivable.redeemed, amount) });
    await adjustHolding(ctx, holder, toId(receivableId), -amount, -1);
  }),
};

export const assetHandlers: HandlerMap = { ...orderHandlers, ...receiptHandlers, ...receivableHandlers };
