/**
 * The indexer's tables: a pure projection of the consortium contracts' events, plus the sync state
 * (cursor, recent block hashes, undo journal) that makes the projection crash- and reorg-safe.
 *
 * Conventions:
 * - amounts are `numeric(78, 0)` (any uint256) read back as strings of integer minor units;
 * - addresses are EIP-55 checksummed, as ethers decodes them;
 * - ids are the contracts' uint64 ids (safe JavaScript integers);
 * - `*_block` columns say which block last wrote the row, for audit and for reorg checks.
 *
 * Changing this file needs a migration: `npm run db:generate -w backend`, then commit `backend/drizzle`.
 */
import {
  bigint,
  bigserial,
  boolean,
  index,
  integer,
  jsonb,
  numeric,
  pgTable,
  primaryKey,
  text,
  timestamp,
} from "drizzle-orm/pg-core";

/** Column types shared by every table (applications.schema.ts too): amounts of up to 78 digits, ids, UTC times. */
export const amount = (name: string) => numeric(name, { precision: 78, scale: 0 });
export const id = (name: string) => bigint(name, { mode: "number" });
export const time = (name: string) => timestamp(name, { withTimezone: true, mode: "date" });

// ---------------------------------------------------------------------------------------------------
// Sync state
// ---------------------------------------------------------------------------------------------------

/** Where the indexer is: the last block whose events are all in the tables, and its hash. */
export const indexerCursor = pgTable("indexer_cursor", {
  chainId: integer("chain_id").primaryKey(),
  /** Identifies the deployment indexed (addresses and start block); another one needs a fresh database. */
  deploymentKey: text("deployment_key").notNull(),
  blockNumber: id("block_number").notNull(),
  blockHash: text("block_hash").notNull(),
  blockTime: time("block_time"),
  updatedAt: time("updated_at").notNull(),
});

/** Hashes of recently indexed blocks (those that had events, and each batch's last block), for reorgs. */
export const recentBlocks = pgTable(
  "recent_blocks",
  {
    chainId: integer("chain_id").notNull(),
    blockNumber: id("block_number").notNull(),
    blockHash: text("block_hash").notNull(),
  },
  (t) => [primaryKey({ columns: [t.chainId, t.blockNumber] })],
);

/**
 * Undo journal of entity rows written in blocks that may still be reorganised away: the row as it was
 * before the first write in that block (`previous` null: the row did not exist). Rolled back newest first.
 */
export const journal = pgTable(
  "journal",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    blockNumber: id("block_number").notNull(),
    tableName: text("table_name").notNull(),
    rowKey: jsonb("row_key").notNull(),
    previous: jsonb("previous"),
  },
  (t) => [index("journal_block_idx").on(t.blockNumber)],
);

// ---------------------------------------------------------------------------------------------------
// Audit: one row per raw event
// ---------------------------------------------------------------------------------------------------

export const chainEvents = pgTable(
  "chain_events",
  {
    chainId: integer("chain_id").notNull(),
    blockNumber: id("block_number").notNull(),
    logIndex: integer("log_index").notNull(),
    blockHash: text("block_hash").notNull(),
    blockTime: time("block_time").notNull(),
    txHash: text("tx_hash").notNull(),
    txIndex: integer("tx_index").notNull(),
    /** Contract name as in the deployment file (registry, receivables, ...). */
    contract: text("contract").notNull(),
    address: text("address").notNull(),
    name: text("name").notNull(),
    /** Decoded arguments; integers as decimal strings. */
    args: jsonb("args").notNull(),
    /** Assets and members the event concerns: "order:1", "receipt:2", "receivable:3", "part:4", "member:0x..". */
    refs: text("refs").array().notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.chainId, t.blockNumber, t.logIndex] }),
    index("chain_events_refs_idx").using("gin", t.refs),
    index("chain_events_name_idx").on(t.name),
  ],
);

// ---------------------------------------------------------------------------------------------------
// Members and cash
// ---------------------------------------------------------------------------------------------------

export const members = pgTable(
  "members",
  {
    address: text("address").primaryKey(),
    orgId: text("org_id").notNull(),
    roles: integer("roles").notNull(),
    /** Active or Suspended; None for an account blacklisted before (or without) being admitted. */
    status: text("status").notNull(),
    blacklisted: boolean("blacklisted").notNull(),
    kycRef: text("kyc_ref").notNull(),
    suspensionReason: text("suspension_reason"),
    blacklistReason: text("blacklist_reason"),
    admittedAt: time("admitted_at"),
    admittedBlock: id("admitted_block"),
    updatedBlock: id("updated_block").notNull(),
  },
  (t) => [index("members_org_idx").on(t.orgId)],
);

export const tokenBalances = pgTable(
  "token_balances",
  {
    token: text("token").notNull(),
    account: text("account").notNull(),
    currency: text("currency").notNull(),
    balance: amount("balance").notNull(),
    updatedBlock: id("updated_block").notNull(),
  },
  (t) => [primaryKey({ columns: [t.token, t.account] }), index("token_balances_account_idx").on(t.account)],
);

/** Payouts a financing contract holds for a member that was inactive when paid (claimHeld). */
export const heldPayouts = pgTable(
  "held_payouts",
  {
    contract: text("contract").notNull(),
    account: text("account").notNull(),
    currency: text("currency").notNull(),
    amount: amount("amount").notNull(),
    updatedBlock: id("updated_block").notNull(),
  },
  (t) => [primaryKey({ columns: [t.contract, t.account, t.currency] })],
);

export const creditLines = pgTable(
  "credit_lines",
  {
    bank: text("bank").notNull(),
    counterparty: text("counterparty").notNull(),
    /** Obligor or Borrower. */
    kind: text("kind").notNull(),
    limit: amount("limit").notNull(),
    used: amount("used").notNull(),
    updatedBlock: id("updated_block").notNull(),
  },
  (t) => [primaryKey({ columns: [t.bank, t.counterparty, t.kind] }), index("credit_lines_cp_idx").on(t.counterparty)],
);

// ---------------------------------------------------------------------------------------------------
// Assets
// ---------------------------------------------------------------------------------------------------

export const purchaseOrders = pgTable(
  "purchase_orders",
  {
    id: id("id").primaryKey(),
    supplier: text("supplier").notNull(),
    buyer: text("buyer").notNull(),
    orderNumber: text("order_number").notNull(),
    amount: amount("amount").notNull(),
    currency: text("currency").notNull(),
    deliveryDate: time("delivery_date").notNull(),
    paymentTermDays: integer("payment_term_days").notNull(),
    documentHash: text("document_hash").notNull(),
    documentUri: text("document_uri").notNull(),
    /** Pending, Confirmed, Rejected, Cancelled or Converted. */
    status: text("status").notNull(),
    lienHolder: text("lien_holder"),
    receivableId: id("receivable_id"),
    rejectionReason: text("rejection_reason"),
    submittedAt: time("submitted_at").notNull(),
    submittedBlock: id("submitted_block").notNull(),
    updatedBlock: id("updated_block").notNull(),
  },
  (t) => [
    index("purchase_orders_supplier_idx").on(t.supplier),
    index("purchase_orders_buyer_idx").on(t.buyer),
    index("purchase_orders_status_idx").on(t.status),
  ],
);

export const warehouseReceipts = pgTable(
  "warehouse_receipts",
  {
    id: id("id").primaryKey(),
    warehouse: text("warehouse").notNull(),
    owner: text("owner").notNull(),
    lot: text("lot").notNull(),
    goods: text("goods").notNull(),
    quantity: amount("quantity").notNull(),
    unit: text("unit").notNull(),
    valuation: amount("valuation").notNull(),
    currency: text("currency").notNull(),
    documentHash: text("document_hash").notNull(),
    documentUri: text("document_uri").notNull(),
    /** Active, ReleaseRequested or Released. */
    status: text("status").notNull(),
    pledgee: text("pledgee"),
    pledgedQuantity: amount("pledged_quantity"),
    frozen: boolean("frozen").notNull(),
    lastAttestedQuantity: amount("last_attested_quantity"),
    issuedAt: time("issued_at").notNull(),
    issuedBlock: id("issued_block").notNull(),
    updatedBlock: id("updated_block").notNull(),
  },
  (t) => [
    index("warehouse_receipts_owner_idx").on(t.owner),
    index("warehouse_receipts_warehouse_idx").on(t.warehouse),
    index("warehouse_receipts_pledgee_idx").on(t.pledgee),
  ],
);

/** Inventory attestations posted by the warehouse (append-only, keyed by the event). */
export const attestations = pgTable(
  "attestations",
  {
    blockNumber: id("block_number").notNull(),
    logIndex: integer("log_index").notNull(),
    receiptId: id("receipt_id").notNull(),
    warehouse: text("warehouse").notNull(),
    quantity: amount("quantity").notNull(),
    anomaly: integer("anomaly").notNull(),
    reportHash: text("report_hash").notNull(),
    freezes: boolean("freezes").notNull(),
    attestedAt: time("attested_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.blockNumber, t.logIndex] }), index("attestations_receipt_idx").on(t.receiptId)],
);

export const receivables = pgTable(
  "receivables",
  {
    id: id("id").primaryKey(),
    obligor: text("obligor").notNull(),
    creditor: text("creditor").notNull(),
    face: amount("face").notNull(),
    currency: text("currency").notNull(),
    maturity: time("maturity").notNull(),
    longTerm: boolean("long_term").notNull(),
    orderId: id("order_id"),
    invoiceHash: text("invoice_hash").notNull(),
    invoiceUri: text("invoice_uri").notNull(),
    /** Outstanding, Overdue, Defaulted or Paid. */
    status: text("status").notNull(),
    /** Sum of the parts redeemed after payment. */
    redeemed: amount("redeemed").notNull(),
    paidAt: time("paid_at"),
    paidBy: text("paid_by"),
    paidLate: boolean("paid_late"),
    defaultedBy: text("defaulted_by"),
    issuedAt: time("issued_at").notNull(),
    issuedBlock: id("issued_block").notNull(),
    updatedBlock: id("updated_block").notNull(),
  },
  (t) => [
    index("receivables_obligor_idx").on(t.obligor),
    index("receivables_creditor_idx").on(t.creditor),
    index("receivables_maturity_idx").on(t.maturity),
  ],
);

/** Parts of receivables: the root part has the receivable's id; every split adds a child. */
export const receivableParts = pgTable(
  "receivable_parts",
  {
    id: id("id").primaryKey(),
    receivableId: id("receivable_id").notNull(),
    parentId: id("parent_id"),
    depth: integer("depth").notNull(),
    holder: text("holder").notNull(),
    /** Value when the part was created. */
    face: amount("face").notNull(),
    /** Value it still holds after parts were split off it. */
    amount: amount("amount").notNull(),
    /** Active or Redeemed. */
    status: text("status").notNull(),
    createdAt: time("created_at").notNull(),
    createdBlock: id("created_block").notNull(),
    updatedBlock: id("updated_block").notNull(),
  },
  (t) => [
    index("receivable_parts_receivable_idx").on(t.receivableId),
    index("receivable_parts_parent_idx").on(t.parentId),
    index("receivable_parts_holder_idx").on(t.holder),
  ],
);

/** What each member holds of each receivable (sum of its active parts). */
export const holdings = pgTable(
  "holdings",
  {
    holder: text("holder").notNull(),
    receivableId: id("receivable_id").notNull(),
    amount: amount("amount").notNull(),
    parts: integer("parts").notNull(),
    updatedBlock: id("updated_block").notNull(),
  },
  (t) => [primaryKey({ columns: [t.holder, t.receivableId] }), index("holdings_receivable_idx").on(t.receivableId)],
);

// ---------------------------------------------------------------------------------------------------
// Financing
// ---------------------------------------------------------------------------------------------------

/**
 * Factoring deals and loans in one table, keyed by (product, id):
 * - FACTORING: asset = receivable part sold to the bank; `principal` is the advance paid;
 * - ORDER: prepayment against a confirmed purchase order; repaid first from its receivable;
 * - RECEIPT: loan against a pledged warehouse receipt.
 */
export const financings = pgTable(
  "financings",
  {
    product: text("product").notNull(),
    id: id("id").notNull(),
    /** part, order or receipt. */
    assetType: text("asset_type").notNull(),
    assetId: id("asset_id").notNull(),
    /** The receivable behind the asset, when known (factoring; order financing after conversion). */
    receivableId: id("receivable_id"),
    /** Seller (factoring) or borrower (loans). */
    party: text("party").notNull(),
    bank: text("bank").notNull(),
    obligor: text("obligor"),
    /** Requested, Offered, Funded, Active, Repaid, Collected, Defaulted, ... (the contract's status names). */
    status: text("status").notNull(),
    /** Face of the part, amount of the order, or amount asked against the receipt. */
    requestedAmount: amount("requested_amount").notNull(),
    /** Minimum advance rate (factoring, order) in basis points. */
    minAdvanceBps: integer("min_advance_bps"),
    /** Highest discount (factoring) or interest (loans) rate accepted, in basis points a year. */
    maxRateBps: integer("max_rate_bps").notNull(),
    tenorDays: integer("tenor_days"),
    recourse: boolean("recourse"),
    expiresAt: time("expires_at").notNull(),
    advanceBps: integer("advance_bps"),
    rateBps: integer("rate_bps"),
    capBps: integer("cap_bps"),
    /** Cash the bank paid out: the advance (factoring) or the loan principal. */
    principal: amount("principal"),
    discount: amount("discount"),
    price: amount("price"),
    daysToMaturity: integer("days_to_maturity"),
    dueAt: time("due_at"),
    outstanding: amount("outstanding").notNull(),
    repaidPrincipal: amount("repaid_principal").notNull(),
    repaidInterest: amount("repaid_interest").notNull(),
    amountDue: amount("amount_due"),
    registryRef: text("registry_ref"),
    declineReason: text("decline_reason"),
    requestedAt: time("requested_at").notNull(),
    fundedAt: time("funded_at"),
    closedAt: time("closed_at"),
    requestedBlock: id("requested_block").notNull(),
    updatedBlock: id("updated_block").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.product, t.id] }),
    index("financings_party_idx").on(t.party),
    index("financings_bank_idx").on(t.bank),
    index("financings_asset_idx").on(t.assetType, t.assetId),
    index("financings_receivable_idx").on(t.receivableId),
  ],
);

/** Cash flows that close or reduce a financing (append-only, keyed by the event). */
export const repayments = pgTable(
  "repayments",
  {
    blockNumber: id("block_number").notNull(),
    logIndex: integer("log_index").notNull(),
    product: text("product").notNull(),
    financingId: id("financing_id").notNull(),
    /** REPAID, COLLECTED, RECOURSE_CLAIMED, RECOURSE_SETTLED or ENFORCED. */
    kind: text("kind").notNull(),
    payer: text("payer"),
    principal: amount("principal").notNull(),
    interest: amount("interest").notNull(),
    toBank: amount("to_bank").notNull(),
    toParty: amount("to_party").notNull(),
    paidAt: time("paid_at").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.blockNumber, t.logIndex, t.financingId] }),
    index("repayments_financing_idx").on(t.product, t.financingId),
  ],
);

// ---------------------------------------------------------------------------------------------------
// Workflow state: written by the API (sign-in, documents, audit), never by the indexer, and not
// touched by reorg rollbacks.
// ---------------------------------------------------------------------------------------------------

/** SIWE nonces: issued by the API, each accepted once and only before it expires. */
export const authNonces = pgTable("auth_nonces", {
  nonce: text("nonce").primaryKey(),
  issuedAt: time("issued_at").notNull(),
  expiresAt: time("expires_at").notNull(),
  /** Set when a sign-in consumed it. */
  usedAt: time("used_at"),
});

/** Sign-in sessions; only the SHA-256 of the bearer token is stored. */
export const authSessions = pgTable(
  "auth_sessions",
  {
    tokenHash: text("token_hash").primaryKey(),
    address: text("address").notNull(),
    chainId: integer("chain_id").notNull(),
    issuedAt: time("issued_at").notNull(),
    expiresAt: time("expires_at").notNull(),
    revokedAt: time("revoked_at"),
  },
  (t) => [index("auth_sessions_address_idx").on(t.address)],
);

/** Each member's X25519 public key, for wrapping document keys to it (the private key never leaves the member). */
export const memberKeys = pgTable("member_keys", {
  address: text("address").primaryKey(),
  /** Raw 32-byte X25519 public key, base64. */
  publicKey: text("public_key").notNull(),
  registeredAt: time("registered_at").notNull(),
});

/** Encrypted documents stored on IPFS: what the chain's CID and commitment refer to. */
export const documents = pgTable(
  "documents",
  {
    id: text("id").primaryKey(),
    /** CID of the encrypted UnixFS file. */
    cid: text("cid").notNull(),
    /** Salted commitment to the plaintext (bytes32 hex), the value put on chain. */
    commitment: text("commitment").notNull(),
    /** SHA-256 of the stored ciphertext (hex), checked on every read. */
    ciphertextSha256: text("ciphertext_sha256").notNull(),
    owner: text("owner").notNull(),
    /** ORDER, INVOICE, DELIVERY_NOTE, RECEIPT_SCAN or OTHER. */
    kind: text("kind").notNull(),
    fileName: text("file_name").notNull(),
    mimeType: text("mime_type").notNull(),
    /** Plaintext size in bytes. */
    size: integer("size").notNull(),
    createdAt: time("created_at").notNull(),
  },
  (t) => [index("documents_owner_idx").on(t.owner), index("documents_cid_idx").on(t.cid)],
);

/** A document's key wrapped for one party (X25519 + HKDF + AES-256-GCM); only parties may fetch it. */
export const documentKeys = pgTable(
  "document_keys",
  {
    documentId: text("document_id").notNull(),
    party: text("party").notNull(),
    /** Ephemeral X25519 public key, IV and wrapped key, base64. */
    ephemeralPublicKey: text("ephemeral_public_key").notNull(),
    iv: text("iv").notNull(),
    wrappedKey: text("wrapped_key").notNull(),
    addedBy: text("added_by").notNull(),
    addedAt: time("added_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.documentId, t.party] }), index("document_keys_party_idx").on(t.party)],
);

/** Every mutation and upload: who, what, when, the result. Append-only; the regulator reads and exports it. */
export const auditLog = pgTable(
  "audit_log",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    at: time("at").notNull(),
    /** The signed-in member's address, or null before sign-in. */
    actor: text("actor"),
    actorRoles: integer("actor_roles"),
    /** The operation, e.g. "signIn", "uploadDocument". */
    action: text("action").notNull(),
    /** The operation's arguments, without secrets (signatures, tokens and keys are left out). */
    detail: jsonb("detail").notNull(),
    /** OK, or the error code. */
    result: text("result").notNull(),
    error: text("error"),
    ip: text("ip"),
  },
  (t) => [index("audit_log_actor_idx").on(t.actor), index("audit_log_at_idx").on(t.at)],
);

/**
 * Alerts to one member (application received/decided, confirmation requested, maturity near, overdue,
 * pledge frozen). `dedupeKey` makes deriving them idempotent, whichever instance derives first.
 */
export const alerts = pgTable(
  "alerts",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    recipient: text("recipient").notNull(),
    kind: text("kind").notNull(),
    /** What it is about: "order:5", "receivable:3", "receipt:2", "application:<id>". */
    subject: text("subject").notNull(),
    message: text("message").notNull(),
    dedupeKey: text("dedupe_key").notNull().unique(),
    createdAt: time("created_at").notNull(),
    readAt: time("read_at"),
  },
  (t) => [index("alerts_recipient_idx").on(t.recipient, t.id)],
);

/** Where a background job that reads other tables in order has got to (e.g. alerts from chain events). */
export const workCursors = pgTable("work_cursors", {
  name: text("name").primaryKey(),
  blockNumber: id("block_number").notNull(),
  logIndex: integer("log_index").notNull(),
  updatedAt: time("updated_at").notNull(),
});

/** Entity tables the indexer journals for reorgs, with their primary-key property names. */
export const ENTITY_TABLES = {
  members: { table: members, key: ["address"] },
  tokenBalances: { table: tokenBalances, key: ["token", "account"] },
  heldPayouts: { table: heldPayouts, key: ["contract", "account", "currency"] },
  creditLines: { table: creditLines, key: ["bank", "counterparty", "kind"] },
  purchaseOrders: { table: purchaseOrders, key: ["id"] },
  warehouseReceipts: { table: warehouseReceipts, key: ["id"] },
  receivables: { table: receivables, key: ["id"] },
  receivableParts: { table: receivableParts, key: ["id"] },
  holdings: { table: holdings, key: ["holder", "receivableId"] },
  financings: { table: financings, key: ["product", "id"] },
} as const;

/** Append-only tables keyed by the event: a rollback deletes their rows above the common ancestor. */
export const APPEND_ONLY_TABLES = { attestations, repayments } as const;

export type EntityName = keyof typeof ENTITY_TABLES;
export type Member = typeof members.$inferSelect;
export type TokenBalance = typeof tokenBalances.$inferSelect;
export type HeldPayout = typeof heldPayouts.$inferSelect;
export type CreditLine = typeof creditLines.$inferSelect;
export type PurchaseOrder = typeof purchaseOrders.$inferSelect;
export type WarehouseReceipt = typeof warehouseReceipts.$inferSelect;
export type Attestation = typeof attestations.$inferSelect;
export type Receivable = typeof receivables.$inferSelect;
export type ReceivablePart = typeof receivableParts.$inferSelect;
export type Holding = typeof holdings.$inferSelect;
export type Financing = typeof financings.$inferSelect;
export type Repayment = typeof repayments.$inferSelect;
export type ChainEvent = typeof chainEvents.$inferSelect;

/** Row shape of each entity table, by entity name. */
export interface EntityRows {
  members: Member;
  tokenBalances: TokenBalance;
  heldPayouts: HeldPayout;
  creditLines: CreditLine;
  purchaseOrders: PurchaseOrder;
  warehouseReceipts: WarehouseReceipt;
  receivables: Receivable;
  receivableParts: ReceivablePart;
  holdings: Holding;
  financings: Financing;
}
export type AuthSession = typeof authSessions.$inferSelect;
export type MemberKey = typeof memberKeys.$inferSelect;
export type DocumentRow = typeof documents.$inferSelect;
export type DocumentKey = typeof documentKeys.$inferSelect;
export type AuditEntry = typeof auditLog.$inferSelect;
export type AlertRow = typeof alerts.$inferSelect;
