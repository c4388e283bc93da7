/**
 * Indexing functions of the Ponder peer: every event of the nine contracts updates the bank's view
 * (members, orders, receipts, receivables and parts, holdings, financings, repayments, credit lines,
 * token balances, held payouts) and adds one row to the raw-event audit table.
 */
import { ponder, type Context } from "ponder:registry";
import {
  attestation,
  creditLine,
  financing,
  heldPayout,
  holding,
  member,
  purchaseOrder,
  rawEvent,
  receivable,
  receivablePart,
  repayment,
  tokenBalance,
  warehouseReceipt,
} from "ponder:schema";
import { replaceBigInts } from "ponder";
import { zeroAddress, type Hex } from "viem";

// --- shared helpers ------------------------------------------------------------------------------

/** What every log event carries (the part of Ponder's event type the helpers use). */
interface LogEvent {
  args: unknown;
  log: { address: Hex; logIndex: number };
  block: { number: bigint; timestamp: bigint };
  transaction: { hash: Hex };
}

type Db = Context["db"];
interface Ctx {
  db: Db;
  chain: { id: number };
}

/** The audit row of a raw event. */
async function audit(context: Ctx, contractName: string, eventName: string, event: LogEvent): Promise<void> {
  await context.db.insert(rawEvent).values({
    id: `${context.chain.id}-${event.block.number}-${event.log.logIndex}`,
    chainId: context.chain.id,
    blockNumber: event.block.number,
    blockTimestamp: event.block.timestamp,
    txHash: event.transaction.hash,
    logIndex: event.log.logIndex,
    contract: event.log.address,
    contractName,
    eventName,
    args: replaceBigInts(event.args as object, (v) => String(v)),
  });
}

const eventId = (event: LogEvent) => `${event.transaction.hash}-${event.log.logIndex}`;

/** Adds `delta` (may be negative) to what `holder` holds of `receivableId`, and `parts` to its part count. */
async function addHolding(db: Db, holder: Hex, receivableId: bigint, delta: bigint, parts: number): Promise<void> {
  await db
    .insert(holding)
    .values({ holder, receivableId, amount: delta, parts })
    .onConflictDoUpdate((row) => ({ amount: row.amount + delta, parts: row.parts + parts }));
}

async function addBalance(db: Db, account: Hex, delta: bigint, at: bigint): Promise<void> {
  await db
    .insert(tokenBalance)
    .values({ account, balance: delta, updatedAt: at })
    .onConflictDoUpdate((row) => ({ balance: row.balance + delta, updatedAt: at }));
}

const LIMIT_KINDS = ["Obligor", "Borrower"] as const;

// --- MemberRegistry ------------------------------------------------------------------------------

ponder.on("MemberRegistry:MemberAdmitted", async ({ event, context }) => {
  const a = event.args;
  await context.db.insert(member).values({
    address: a.account,
    orgId: a.orgId,
    roles: a.roles,
    status: "Active",
    blacklisted: false,
    kycRef: a.kycRef,
    admittedBy: a.operator,
    admittedAt: event.block.timestamp,
    updatedAt: event.block.timestamp,
  });
  await audit(context, "MemberRegistry", "MemberAdmitted", event);
});

ponder.on("MemberRegistry:MemberRolesChanged", async ({ event, context }) => {
  await context.db
    .update(member, { address: event.args.account })
    .set({ roles: event.args.roles, updatedAt: event.block.timestamp });
  await audit(context, "MemberRegistry", "MemberRolesChanged", event);
});

ponder.on("MemberRegistry:MemberSuspended", async ({ event, context }) => {
  await context.db
    .update(member, { address: event.args.account })
    .set({ status: "Suspended", suspensionRef: event.args.reasonRef, updatedAt: event.block.timestamp });
  await audit(context, "MemberRegistry", "MemberSuspended", event);
});

ponder.on("MemberRegistry:MemberReinstated", async ({ event, context }) => {
  await context.db
    .update(member, { address: event.args.account })
    .set({ status: "Active", suspensionRef: null, updatedAt: event.block.timestamp });
  await audit(context, "MemberRegistry", "MemberReinstated", event);
});

ponder.on("MemberRegistry:BlacklistChanged", async ({ event, context }) => {
  // Any address can be blacklisted, members or not: only members have a row to update.
  const row = await context.db.find(member, { address: event.args.account });
  if (row) {
    await context.db.update(member, { address: event.args.account }).set({
      blacklisted: event.args.blacklisted,
      blacklistRef: event.args.reasonRef,
      updatedAt: event.block.timestamp,
    });
  }
  await audit(context, "MemberRegistry", "BlacklistChanged", event);
});

// AccessControl bookkeeping: audit trail only (the member record carries the roles).
ponder.on("MemberRegistry:RoleGranted", async ({ event, context }) => {
  await audit(context, "MemberRegistry", "RoleGranted", event);
});
ponder.on("MemberRegistry:RoleRevoked", async ({ event, context }) => {
  await audit(context, "MemberRegistry", "RoleRevoked", event);
});
ponder.on("MemberRegistry:RoleAdminChanged", async ({ event, context }) => {
  await audit(context, "MemberRegistry", "RoleAdminChanged", event);
});

// --- SettlementToken -----------------------------------------------------------------------------

ponder.on("SettlementToken:Transfer", async ({ event, context }) => {
  const { from, to, value } = event.args;
  if (from !== zeroAddress) await addBalance(context.db, from, -value, event.block.timestamp);
  if (to !== zeroAddress) await addBalance(context.db, to, value, event.block.timestamp);
  await audit(context, "SettlementToken", "Transfer", event);
});

// Mints and redemptions move balances through their Transfer events; these add the references.
ponder.on("SettlementToken:DepositMinted", async ({ event, context }) => {
  await audit(context, "SettlementToken", "DepositMinted", event);
});
ponder.on("SettlementToken:DepositRedeemed", async ({ event, context }) => {
  await audit(context, "SettlementToken", "DepositRedeemed", event);
});
ponder.on("SettlementToken:Approval", async ({ event, context }) => {
  await audit(context, "SettlementToken", "Approval", event);
});

// --- Receivables ---------------------------------------------------------------------------------

ponder.on("Receivables:SettlementTokenSet", async ({ event, context }) => {
  await audit(context, "Receivables", "SettlementTokenSet", event);
});

ponder.on("Receivables:ReceivableIssued", async ({ event, context }) => {
  const a = event.args;
  const at = event.block.timestamp;
  await context.db.insert(receivable).values({
    id: a.receivableId,
    obligor: a.obligor,
    creditor: a.creditor,
    face: a.face,
    currency: a.currency,
    maturity: a.maturity,
    longTerm: a.longTerm,
    orderId: a.orderId === 0n ? null : a.orderId,
    invoiceHash: a.invoiceHash,
    invoiceUri: a.invoiceUri,
    status: "Outstanding",
    issuedAt: at,
    updatedAt: at,
  });
  await context.db.insert(receivablePart).values({
    id: a.receivableId,
    receivableId: a.receivableId,
    parentId: null,
    holder: a.creditor,
    face: a.face,
    amount: a.face,
    status: "Active",
    createdAt: at,
    updatedAt: at,
  });
  await addHolding(context.db, a.creditor, a.receivableId, a.face, 1);
  await audit(context, "Receivables", "ReceivableIssued", event);
});

ponder.on("Receivables:PartSplit", async ({ event, context }) => {
  const a = event.args;
  const at = event.block.timestamp;
  const parent = await context.db
    .update(receivablePart, { id: a.parentId })
    .set({ amount: a.parentAmount, updatedAt: at });
  await context.db.insert(receivablePart).values({
    id: a.partId,
    receivableId: a.rootId,
    parentId: a.parentId,
    holder: a.holder,
    face: a.amount,
    amount: a.amount,
    status: "Active",
    createdAt: at,
    updatedAt: at,
  });
  await addHolding(context.db, parent.holder, a.rootId, -a.amount, 0);
  await addHolding(context.db, a.holder, a.rootId, a.amount, 1);
  await audit(context, "Receivables", "PartSplit", event);
});

ponder.on("Receivables:PartTransferred", async ({ event, context }) => {
  const a = event.args;
  const part = await context.db
    .update(receivablePart, { id: a.partId })
    .set({ holder: a.to, updatedAt: event.block.timestamp });
  await addHolding(context.db, a.from, part.receivableId, -part.amount, -1);
  await addHolding(context.db, a.to, part.receivableId, part.amount, 1);
  await audit(context, "Receivables", "PartTransferred", event);
});

ponder.on("Receivables:ReceivableOverdue", async ({ event, context }) => {
  await context.db
    .update(receivable, { id: event.args.receivableId })
    .set({ status: "Overdue", updatedAt: event.block.timestamp });
  await audit(context, "Receivables", "ReceivableOverdue", event);
});

ponder.on("Receivables:ReceivableDefaulted", async ({ event, context }) => {
  await context.db
    .update(receivable, { id: event.args.receivableId })
    .set({ status: "Defaulted", defaultedBy: event.args.declaredBy, updatedAt: event.block.timestamp });
  await audit(context, "Receivables", "ReceivableDefaulted", event);
});

ponder.on("Receivables:ReceivablePaid", async ({ event, context }) => {
  await context.db.update(receivable, { id: event.args.receivableId }).set({
    status: "Paid",
    paidAt: event.block.timestamp,
    paidLate: event.args.late,
    updatedAt: event.block.timestamp,
  });
  await audit(context, "Receivables", "ReceivablePaid", event);
});

ponder.on("Receivables:PartRedeemed", async ({ event, context }) => {
  const a = event.args;
  await context.db
    .update(receivablePart, { id: a.partId })
    .set({ status: "Redeemed", redeemedAmount: a.amount, updatedAt: event.block.timestamp });
  await addHolding(context.db, a.holder, a.receivableId, -a.amount, -1);
  await audit(context, "Receivables", "PartRedeemed", event);
});

// --- PurchaseOrders ------------------------------------------------------------------------------

ponder.on("PurchaseOrders:OrderSubmitted", async ({ event, context }) => {
  const a = event.args;
  await context.db.insert(purchaseOrder).values({
    id: a.orderId,
    supplier: a.supplier,
    buyer: a.buyer,
    orderNumber: a.orderNumber,
    amount: a.amount,
    currency: a.currency,
    deliveryDate: a.deliveryDate,
    paymentTermDays: Number(a.paymentTermDays),
    documentHash: a.documentHash,
    documentUri: a.documentUri,
    status: "Pending",
    submittedAt: event.block.timestamp,
    updatedAt: event.block.timestamp,
  });
  await audit(context, "PurchaseOrders", "OrderSubmitted", event);
});

ponder.on("PurchaseOrders:OrderConfirmed", async ({ event, context }) => {
  await context.db
    .update(purchaseOrder, { id: event.args.orderId })
    .set({ status: "Confirmed", updatedAt: event.block.timestamp });
  await audit(context, "PurchaseOrders", "OrderConfirmed", event);
});

ponder.on("PurchaseOrders:OrderRejected", async ({ event, context }) => {
  await context.db
    .update(purchaseOrder, { id: event.args.orderId })
    .set({ status: "Rejected", reasonRef: event.args.reasonRef, updatedAt: event.block.timestamp });
  await audit(context, "PurchaseOrders", "OrderRejected", event);
});

ponder.on("PurchaseOrders:OrderCancelled", async ({ event, context }) => {
  await context.db
    .update(purchaseOrder, { id: event.args.orderId })
    .set({ status: "Cancelled", updatedAt: event.block.timestamp });
  await audit(context, "PurchaseOrders", "OrderCancelled", event);
});

ponder.on("PurchaseOrders:OrderConverted", async ({ event, context }) => {
  await context.db
    .update(purchaseOrder, { id: event.args.orderId })
    .set({ status: "Converted", receivableId: event.args.receivableId, updatedAt: event.block.timestamp });
  await audit(context, "PurchaseOrders", "OrderConverted", event);
});

ponder.on("PurchaseOrders:OrderLienChanged", async ({ event, context }) => {
  await context.db
    .update(purchaseOrder, { id: event.args.orderId })
    .set({ lienHolder: event.args.held ? event.args.lienHolder : null, updatedAt: event.block.timestamp });
  await audit(context, "PurchaseOrders", "OrderLienChanged", event);
});

// --- WarehouseReceipts ---------------------------------------------------------------------------

ponder.on("WarehouseReceipts:ReceiptIssued", async ({ event, context }) => {
  const { receiptId, warehouse, owner, terms } = event.args;
  await context.db.insert(warehouseReceipt).values({
    id: receiptId,
    warehouse,
    owner,
    lot: terms.lot,
    goods: terms.goods,
    quantity: terms.quantity,
    unit: terms.unit,
    valuation: terms.valuation,
    currency: terms.currency,
    documentHash: terms.documentHash,
    documentUri: terms.documentUri,
    status: "Active",
    pledgedQuantity: 0n,
    frozen: false,
    attestations: 0,
    issuedAt: event.block.timestamp,
    updatedAt: event.block.timestamp,
  });
  await audit(context, "WarehouseReceipts", "ReceiptIssued", event);
});

ponder.on("WarehouseReceipts:ReceiptTransferred", async ({ event, context }) => {
  await context.db
    .update(warehouseReceipt, { id: event.args.receiptId })
    .set({ owner: event.args.to, updatedAt: event.block.timestamp });
  await audit(context, "WarehouseReceipts", "ReceiptTransferred", event);
});

ponder.on("WarehouseReceipts:ReceiptPledgeCreated", async ({ event, context }) => {
  await context.db.update(warehouseReceipt, { id: event.args.receiptId }).set({
    pledgee: event.args.pledgee,
    pledgedQuantity: event.args.pledgedQuantity,
    frozen: false,
    updatedAt: event.block.timestamp,
  });
  await audit(context, "WarehouseReceipts", "ReceiptPledgeCreated", event);
});

ponder.on("WarehouseReceipts:ReceiptPledgeReleased", async ({ event, context }) => {
  await context.db
    .update(warehouseReceipt, { id: event.args.receiptId })
    .set({ pledgee: null, pledgedQuantity: 0n, frozen: false, updatedAt: event.block.timestamp });
  await audit(context, "WarehouseReceipts", "ReceiptPledgeReleased", event);
});

ponder.on("WarehouseReceipts:ReceiptPledgeEnforced", async ({ event, context }) => {
  await context.db.update(warehouseReceipt, { id: event.args.receiptId }).set({
    owner: event.args.pledgee,
    pledgee: null,
    pledgedQuantity: 0n,
    frozen: false,
    updatedAt: event.block.timestamp,
  });
  await audit(context, "WarehouseReceipts", "ReceiptPledgeEnforced", event);
});

ponder.on("WarehouseReceipts:InventoryAttested", async ({ event, context }) => {
  const a = event.args;
  await context.db.insert(attestation).values({
    id: eventId(event),
    receiptId: a.receiptId,
    warehouse: a.warehouse,
    quantity: a.quantity,
    anomaly: a.anomaly,
    reportHash: a.reportHash,
    freezes: a.freezes,
    blockNumber: event.block.number,
    timestamp: event.block.timestamp,
  });
  await context.db.update(warehouseReceipt, { id: a.receiptId }).set((row) => ({
    attestedQuantity: a.quantity,
    attestations: row.attestations + 1,
    updatedAt: event.block.timestamp,
  }));
  await audit(context, "WarehouseReceipts", "InventoryAttested", event);
});

ponder.on("WarehouseReceipts:ReceiptPledgeFrozen", async ({ event, context }) => {
  await context.db
    .update(warehouseReceipt, { id: event.args.receiptId })
    .set({ frozen: true, updatedAt: event.block.timestamp });
  await audit(context, "WarehouseReceipts", "ReceiptPledgeFrozen", event);
});

ponder.on("WarehouseReceipts:ReceiptPledgeUnfrozen", async ({ event, context }) => {
  await context.db
    .update(warehouseReceipt, { id: event.args.receiptId })
    .set({ frozen: false, updatedAt: event.block.timestamp });
  await audit(context, "WarehouseReceipts", "ReceiptPledgeUnfrozen", event);
});

ponder.on("WarehouseReceipts:ReceiptReleaseRequested", async ({ event, context }) => {
  await context.db
    .update(warehouseReceipt, { id: event.args.receiptId })
    .set({ status: "ReleaseRequested", updatedAt: event.block.timestamp });
  await audit(context, "WarehouseReceipts", "ReceiptReleaseRequested", event);
});

ponder.on("WarehouseReceipts:ReceiptGoodsReleased", async ({ event, context }) => {
  await context.db
    .update(warehouseReceipt, { id: event.args.receiptId })
    .set({ status: "Released", updatedAt: event.block.timestamp });
  await audit(context, "WarehouseReceipts", "ReceiptGoodsReleased", event);
});

// --- CreditLimits --------------------------------------------------------------------------------

ponder.on("CreditLimits:CreditLimitSet", async ({ event, context }) => {
  const a = event.args;
  await context.db
    .insert(creditLine)
    .values({
      bank: a.bank,
      counterparty: a.counterparty,
      kind: LIMIT_KINDS[a.kind] ?? `#${a.kind}`,
      limit: a.limit,
      used: 0n,
      updatedAt: event.block.timestamp,
    })
    .onConflictDoUpdate({ limit: a.limit, updatedAt: event.block.timestamp });
  await audit(context, "CreditLimits", "CreditLimitSet", event);
});

ponder.on("CreditLimits:CreditLineUsed", async ({ event, context }) => {
  const a = event.args;
  await context.db
    .insert(creditLine)
    .values({
      bank: a.bank,
      counterparty: a.counterparty,
      kind: LIMIT_KINDS[a.kind] ?? `#${a.kind}`,
      limit: 0n,
      used: a.used,
      updatedAt: event.block.timestamp,
    })
    .onConflictDoUpdate({ used: a.used, updatedAt: event.block.timestamp });
  await audit(context, "CreditLimits", "CreditLineUsed", event);
});

// --- Factoring -----------------------------------------------------------------------------------

const dealKey = (dealId: bigint) => ({ id: `factoring-${dealId}` });

ponder.on("Factoring:FactoringOffered", async ({ event, context }) => {
  const a = event.args;
  await context.db.insert(financing).values({
    id: dealKey(a.dealId).id,
    kind: "factoring",
    number: a.dealId,
    assetId: a.partId,
    applicant: a.seller,
    bank: a.bank === zeroAddress ? null : a.bank,
    obligor: a.obligor,
    requestedAmount: a.face,
    minAdvanceBps: Number(a.minAdvanceBps),
    maxRateBps: Number(a.maxDiscountBps),
    recourseAccepted: a.recourseAccepted,
    expiresAt: a.expiresAt,
    status: "Offered",
    requestedAt: event.block.timestamp,
    updatedAt: event.block.timestamp,
  });
  await audit(context, "Factoring", "FactoringOffered", event);
});

ponder.on("Factoring:FactoringWithdrawn", async ({ event, context }) => {
  await context.db
    .update(financing, dealKey(event.args.dealId))
    .set({ status: "Withdrawn", closedAt: event.block.timestamp, updatedAt: event.block.timestamp });
  await audit(context, "Factoring", "FactoringWithdrawn", event);
});

ponder.on("Factoring:FactoringDeclined", async ({ event, context }) => {
  await context.db.update(financing, dealKey(event.args.dealId)).set({
    status: "Declined",
    reasonRef: event.args.reasonRef,
    closedAt: event.block.timestamp,
    updatedAt: event.block.timestamp,
  });
  await audit(context, "Factoring", "FactoringDeclined", event);
});

ponder.on("Factoring:FactoringFunded", async ({ event, context }) => {
  const a = event.args;
  await context.db.update(financing, dealKey(a.dealId)).set({
    status: "Funded",
    bank: a.bank,
    capBps: Number(a.advanceBps),
    rateBps: Number(a.discountBps),
    principal: a.advance,
    discount: a.discount,
    price: a.price,
    withRecourse: a.withRecourse,
    registryRef: a.registryRef,
    fundedAt: event.block.timestamp,
    updatedAt: event.block.timestamp,
  });
  await audit(context, "Factoring", "FactoringFunded", event);
});

ponder.on("Factoring:FactoringCollected", async ({ event, context }) => {
  const a = event.args;
  const deal = await context.db
    .update(financing, dealKey(a.dealId))
    .set({ status: "Collected", closedAt: event.block.timestamp, updatedAt: event.block.timestamp });
  await context.db.insert(repayment).values({
    id: eventId(event),
    financingId: deal.id,
    kind: "collected",
    payer: deal.obligor,
    principal: a.toBank,
    interest: 0n,
    toBank: a.toBank,
    toApplicant: a.toSeller,
    afterDefault: false,
    blockNumber: event.block.number,
    timestamp: event.block.timestamp,
  });
  await audit(context, "Factoring", "FactoringCollected", event);
});

ponder.on("Factoring:FactoringRecourseClaimed", async ({ event, context }) => {
  await context.db
    .update(financing, dealKey(event.args.dealId))
    .set({ status: "RecourseClaimed", updatedAt: event.block.timestamp });
  await audit(context, "Factoring", "FactoringRecourseClaimed", event);
});

ponder.on("Factoring:FactoringRecourseSettled", async ({ event, context }) => {
  const a = event.args;
  const deal = await context.db
    .update(financing, dealKey(a.dealId))
    .set({ status: "RecourseSettled", closedAt: event.block.timestamp, updatedAt: event.block.timestamp });
  await context.db.insert(repayment).values({
    id: eventId(event),
    financingId: deal.id,
    kind: "recourse",
    payer: a.seller,
    principal: a.amount,
    interest: 0n,
    toBank: a.amount,
    toApplicant: 0n,
    afterDefault: true,
    blockNumber: event.block.number,
    timestamp: event.block.timestamp,
  });
  await audit(context, "Factoring", "FactoringRecourseSettled", event);
});

// --- held payouts (the three financing contracts) --------------------------------------------------

async function payoutHeld(
  context: Ctx,
  event: LogEvent & { args: { account: Hex; currency: Hex; amount: bigint } },
  sign: 1n | -1n,
) {
  const { account, currency, amount } = event.args;
  const delta = sign * amount;
  await context.db
    .insert(heldPayout)
    .values({ contract: event.log.address, account, currency, amount: delta, updatedAt: event.block.timestamp })
    .onConflictDoUpdate((row) => ({ amount: row.amount + delta, updatedAt: event.block.timestamp }));
}

for (const source of ["Factoring", "OrderFinancing", "ReceiptFinancing"] as const) {
  ponder.on(`${source}:PayoutHeld`, async ({ event, context }) => {
    await payoutHeld(context, event, 1n);
    await audit(context, source, "PayoutHeld", event);
  });
  ponder.on(`${source}:PayoutClaimed`, async ({ event, context }) => {
    await payoutHeld(context, event, -1n);
    await audit(context, source, "PayoutClaimed", event);
  });
}

// --- loans (OrderFinancing and ReceiptFinancing share the ILoans lifecycle) ------------------------

ponder.on("OrderFinancing:OrderFinancingRequested", async ({ event, context }) => {
  const a = event.args;
  await context.db.insert(financing).values({
    id: `order-${a.loanId}`,
    kind: "order",
    number: a.loanId,
    assetId: a.orderId,
    applicant: a.borrower,
    bank: a.bank,
    requestedAmount: a.orderAmount,
    minAdvanceBps: Number(a.minAdvanceBps),
    maxRateBps: Number(a.maxRateBps),
    tenorDays: Number(a.tenorDays),
    expiresAt: a.expiresAt,
    status: "Requested",
    requestedAt: event.block.timestamp,
    updatedAt: event.block.timestamp,
  });
  await audit(context, "OrderFinancing", "OrderFinancingRequested", event);
});

ponder.on("OrderFinancing:OrderFinancingCollected", async ({ event, context }) => {
  const a = event.args;
  const repaid = a.remainingPrincipal === 0n;
  const loan = await context.db.find(financing, { id: `order-${a.loanId}` });
  if (!loan) throw new Error(`order loan ${a.loanId} collected before it was requested`);
  await context.db.update(financing, { id: loan.id }).set({
    principal: a.remainingPrincipal,
    ...(repaid ? { status: "Repaid", closedAt: event.block.timestamp } : {}),
    updatedAt: event.block.timestamp,
  });
  await context.db.insert(repayment).values({
    id: eventId(event),
    financingId: loan.id,
    kind: "collected",
    payer: loan.obligor,
    principal: a.toBank,
    interest: 0n,
    toBank: a.toBank,
    toApplicant: a.toBorrower,
    afterDefault: loan.status === "Defaulted",
    blockNumber: event.block.number,
    timestamp: event.block.timestamp,
  });
  await audit(context, "OrderFinancing", "OrderFinancingCollected", event);
});

ponder.on("ReceiptFinancing:ReceiptLoanRequested", async ({ event, context }) => {
  const a = event.args;
  await context.db.insert(financing).values({
    id: `receipt-${a.loanId}`,
    kind: "receipt",
    number: a.loanId,
    assetId: a.receiptId,
    applicant: a.borrower,
    bank: a.bank,
    requestedAmount: a.amount,
    maxRateBps: Number(a.maxRateBps),
    tenorDays: Number(a.tenorDays),
    expiresAt: a.expiresAt,
    status: "Requested",
    requestedAt: event.block.timestamp,
    updatedAt: event.block.timestamp,
  });
  await audit(context, "ReceiptFinancing", "ReceiptLoanRequested", event);
});

ponder.on("ReceiptFinancing:ReceiptLoansEnforced", async ({ event, context }) => {
  for (const loanId of event.args.loanIds) {
    await context.db
      .update(financing, { id: `receipt-${loanId}` })
      .set({ status: "Enforced", closedAt: event.block.timestamp, updatedAt: event.block.timestamp });
  }
  await audit(context, "ReceiptFinancing", "ReceiptLoansEnforced", event);
});

for (const [source, kind] of [
  ["OrderFinancing", "order"],
  ["ReceiptFinancing", "receipt"],
] as const) {
  const key = (loanId: bigint) => ({ id: `${kind}-${loanId}` });

  ponder.on(`${source}:LoanFunded`, async ({ event, context }) => {
    const a = event.args;
    await context.db.update(financing, key(a.loanId)).set({
      status: "Active",
      principal: a.principal,
      rateBps: Number(a.rateBps),
      capBps: Number(a.capBps),
      dueAt: a.dueAt,
      registryRef: a.registryRef,
      fundedAt: event.block.timestamp,
      updatedAt: event.block.timestamp,
    });
    await audit(context, source, "LoanFunded", event);
  });

  ponder.on(`${source}:LoanRepaid`, async ({ event, context }) => {
    const a = event.args;
    await context.db
      .update(financing, key(a.loanId))
      .set({ status: "Repaid", principal: 0n, closedAt: event.block.timestamp, updatedAt: event.block.timestamp });
    await context.db.insert(repayment).values({
      id: eventId(event),
      financingId: key(a.loanId).id,
      kind: "repaid",
      payer: a.payer,
      principal: a.principal,
      interest: a.interest,
      toBank: a.principal + a.interest,
      toApplicant: 0n,
      afterDefault: a.afterDefault,
      blockNumber: event.block.number,
      timestamp: event.block.timestamp,
    });
    await audit(context, source, "LoanRepaid", event);
  });

  ponder.on(`${source}:LoanDefaulted`, async ({ event, context }) => {
    await context.db
      .update(financing, key(event.args.loanId))
      .set({ status: "Defaulted", updatedAt: event.block.timestamp });
    await audit(context, source, "LoanDefaulted", event);
  });

  ponder.on(`${source}:LoanWithdrawn`, async ({ event, context }) => {
    await context.db
      .update(financing, key(event.args.loanId))
      .set({ status: "Withdrawn", closedAt: event.block.timestamp, updatedAt: event.block.timestamp });
    await audit(context, source, "LoanWithdrawn", event);
  });

  ponder.on(`${source}:LoanDeclined`, async ({ event, context }) => {
    await context.db.update(financing, key(event.args.loanId)).set({
      status: "Declined",
      reasonRef: event.args.reasonRef,
      closedAt: event.block.timestamp,
      updatedAt: event.block.timestamp,
    });
    await audit(context, source, "LoanDeclined", event);
  });
}
