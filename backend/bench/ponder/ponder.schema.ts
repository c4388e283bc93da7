/**
 * The state a bank's indexer keeps of the consortium, projected by Ponder from the nine contracts'
 * events: the same tables as our own indexer, so the benchmark compares like with like.
 */
import { index, onchainTable, primaryKey } from "ponder";

/** Consortium members (MemberRegistry). */
export const member = onchainTable("member", (t) => ({
  address: t.hex().primaryKey(),
  orgId: t.hex().notNull(),
  roles: t.integer().notNull(),
  status: t.text().notNull(), // Active | Suspended
  blacklisted: t.boolean().notNull(),
  kycRef: t.hex().notNull(),
  admittedBy: t.hex().notNull(),
  admittedAt: t.bigint().notNull(),
  suspensionRef: t.hex(),
  blacklistRef: t.hex(),
  updatedAt: t.bigint().notNull(),
}));

/** Purchase orders (PurchaseOrders). */
export const purchaseOrder = onchainTable(
  "purchase_order",
  (t) => ({
    id: t.bigint().primaryKey(),
    supplier: t.hex().notNull(),
    buyer: t.hex().notNull(),
    orderNumber: t.text().notNull(),
    amount: t.bigint().notNull(),
    currency: t.hex().notNull(),
    deliveryDate: t.bigint().notNull(),
    paymentTermDays: t.integer().notNull(),
    documentHash: t.hex().notNull(),
    documentUri: t.text().notNull(),
    status: t.text().notNull(), // Pending | Confirmed | Rejected | Cancelled | Converted
    lienHolder: t.hex(),
    receivableId: t.bigint(),
    reasonRef: t.hex(),
    submittedAt: t.bigint().notNull(),
    updatedAt: t.bigint().notNull(),
  }),
  (table) => ({ supplierIdx: index().on(table.supplier), buyerIdx: index().on(table.buyer) }),
);

/** Warehouse receipts (WarehouseReceipts). */
export const warehouseReceipt = onchainTable(
  "warehouse_receipt",
  (t) => ({
    id: t.bigint().primaryKey(),
    warehouse: t.hex().notNull(),
    owner: t.hex().notNull(),
    lot: t.text().notNull(),
    goods: t.text().notNull(),
    quantity: t.bigint().notNull(),
    unit: t.hex().notNull(),
    valuation: t.bigint().notNull(),
    currency: t.hex().notNull(),
    documentHash: t.hex().notNull(),
    documentUri: t.text().notNull(),
    status: t.text().notNull(), // Active | ReleaseRequested | Released
    pledgee: t.hex(),
    pledgedQuantity: t.bigint().notNull(),
    frozen: t.boolean().notNull(),
    attestedQuantity: t.bigint(),
    attestations: t.integer().notNull(),
    issuedAt: t.bigint().notNull(),
    updatedAt: t.bigint().notNull(),
  }),
  (table) => ({ ownerIdx: index().on(table.owner) }),
);

/** Inventory attestations posted by warehouses. */
export const attestation = onchainTable(
  "attestation",
  (t) => ({
    id: t.text().primaryKey(), // <tx hash>-<log index>
    receiptId: t.bigint().notNull(),
    warehouse: t.hex().notNull(),
    quantity: t.bigint().notNull(),
    anomaly: t.integer().notNull(),
    reportHash: t.hex().notNull(),
    freezes: t.boolean().notNull(),
    blockNumber: t.bigint().notNull(),
    timestamp: t.bigint().notNull(),
  }),
  (table) => ({ receiptIdx: index().on(table.receiptId) }),
);

/** Receivables: the root of each tree of parts (Receivables). */
export const receivable = onchainTable(
  "receivable",
  (t) => ({
    id: t.bigint().primaryKey(),
    obligor: t.hex().notNull(),
    creditor: t.hex().notNull(),
    face: t.bigint().notNull(),
    currency: t.hex().notNull(),
    maturity: t.bigint().notNull(),
    longTerm: t.boolean().notNull(),
    orderId: t.bigint(),
    invoiceHash: t.hex().notNull(),
    invoiceUri: t.text().notNull(),
    status: t.text().notNull(), // Outstanding | Overdue | Defaulted | Paid
    paidAt: t.bigint(),
    paidLate: t.boolean(),
    defaultedBy: t.hex(),
    issuedAt: t.bigint().notNull(),
    updatedAt: t.bigint().notNull(),
  }),
  (table) => ({ obligorIdx: index().on(table.obligor) }),
);

/** Parts of receivables: split off a parent, a split lowers the parent's amount. */
export const receivablePart = onchainTable(
  "receivable_part",
  (t) => ({
    id: t.bigint().primaryKey(),
    receivableId: t.bigint().notNull(),
    parentId: t.bigint(),
    holder: t.hex().notNull(),
    face: t.bigint().notNull(),
    amount: t.bigint().notNull(),
    status: t.text().notNull(), // Active | Redeemed
    redeemedAmount: t.bigint(),
    createdAt: t.bigint().notNull(),
    updatedAt: t.bigint().notNull(),
  }),
  (table) => ({ receivableIdx: index().on(table.receivableId), holderIdx: index().on(table.holder) }),
);

/** What each account holds of each receivable (active parts). */
export const holding = onchainTable(
  "holding",
  (t) => ({
    holder: t.hex().notNull(),
    receivableId: t.bigint().notNull(),
    amount: t.bigint().notNull(),
    parts: t.integer().notNull(),
  }),
  (table) => ({ pk: primaryKey({ columns: [table.holder, table.receivableId] }) }),
);

/** Financings: factoring deals and both loan kinds (Factoring, OrderFinancing, ReceiptFinancing). */
export const financing = onchainTable(
  "financing",
  (t) => ({
    id: t.text().primaryKey(), // factoring-<dealId> | order-<loanId> | receipt-<loanId>
    kind: t.text().notNull(), // factoring | order | receipt
    number: t.bigint().notNull(), // deal or loan id in its contract
    assetId: t.bigint().notNull(), // part, order or receipt
    applicant: t.hex().notNull(), // seller or borrower
    bank: t.hex(), // null: a factoring offer to any bank
    obligor: t.hex(),
    requestedAmount: t.bigint().notNull(), // face, order amount or drawing
    minAdvanceBps: t.integer(),
    maxRateBps: t.integer(),
    tenorDays: t.integer(),
    recourseAccepted: t.boolean(),
    expiresAt: t.bigint().notNull(),
    status: t.text().notNull(),
    principal: t.bigint(), // loans: outstanding principal; factoring: advance
    discount: t.bigint(),
    price: t.bigint(),
    rateBps: t.integer(),
    capBps: t.integer(), // advance rate or LTV
    withRecourse: t.boolean(),
    dueAt: t.bigint(),
    registryRef: t.hex(),
    reasonRef: t.hex(),
    requestedAt: t.bigint().notNull(),
    fundedAt: t.bigint(),
    closedAt: t.bigint(),
    updatedAt: t.bigint().notNull(),
  }),
  (table) => ({
    applicantIdx: index().on(table.applicant),
    bankIdx: index().on(table.bank),
    assetIdx: index().on(table.kind, table.assetId),
  }),
);

/** Money back on a financing: loan repayments, collections, recourse settlements. */
export const repayment = onchainTable(
  "repayment",
  (t) => ({
    id: t.text().primaryKey(), // <tx hash>-<log index>
    financingId: t.text().notNull(),
    kind: t.text().notNull(), // repaid | collected | recourse
    payer: t.hex(),
    principal: t.bigint().notNull(),
    interest: t.bigint().notNull(),
    toBank: t.bigint().notNull(),
    toApplicant: t.bigint().notNull(),
    afterDefault: t.boolean().notNull(),
    blockNumber: t.bigint().notNull(),
    timestamp: t.bigint().notNull(),
  }),
  (table) => ({ financingIdx: index().on(table.financingId) }),
);

/** Credit lines per bank, counterparty and kind (CreditLimits). */
export const creditLine = onchainTable(
  "credit_line",
  (t) => ({
    bank: t.hex().notNull(),
    counterparty: t.hex().notNull(),
    kind: t.text().notNull(), // Obligor | Borrower
    limit: t.bigint().notNull(),
    used: t.bigint().notNull(),
    updatedAt: t.bigint().notNull(),
  }),
  (table) => ({ pk: primaryKey({ columns: [table.bank, table.counterparty, table.kind] }) }),
);

/** Settlement-token balances (ERC-20 Transfer). */
export const tokenBalance = onchainTable("token_balance", (t) => ({
  account: t.hex().primaryKey(),
  balance: t.bigint().notNull(),
  updatedAt: t.bigint().notNull(),
}));

/** Payouts a financing contract holds for a suspended member (PayoutHeld / PayoutClaimed). */
export const heldPayout = onchainTable(
  "held_payout",
  (t) => ({
    contract: t.hex().notNull(),
    account: t.hex().notNull(),
    currency: t.hex().notNull(),
    amount: t.bigint().notNull(),
    updatedAt: t.bigint().notNull(),
  }),
  (table) => ({ pk: primaryKey({ columns: [table.contract, table.account, table.currency] }) }),
);

/** The audit trail: one row per raw event of the nine contracts. */
export const rawEvent = onchainTable(
  "raw_event",
  (t) => ({
    id: t.text().primaryKey(), // <chain id>-<block>-<log index>
    chainId: t.integer().notNull(),
    blockNumber: t.bigint().notNull(),
    blockTimestamp: t.bigint().notNull(),
    txHash: t.hex().notNull(),
    logIndex: t.integer().notNull(),
    contract: t.hex().notNull(),
    contractName: t.text().notNull(),
    eventName: t.text().notNull(),
    args: t.json().notNull(),
  }),
  (table) => ({ blockIdx: index().on(table.blockNumber), eventIdx: index().on(table.contractName, table.eventName) }),
);
