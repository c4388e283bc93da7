/**
 * Financing applications: workflow state written by the API (never by the indexer, not touched by
 * reorg rollbacks). An application asks one or more banks to finance one asset; each addressed bank
 * has its own decision row; every status change of either is appended to the history.
 *
 * Changing this file needs a migration: `npm run db:generate -w backend`, then commit `backend/drizzle`.
 */
import { sql } from "drizzle-orm";
import {
  bigint,
  bigserial,
  boolean,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  uniqueIndex,
} from "drizzle-orm/pg-core";
import { amount, time } from "./schema";

export const financingApplications = pgTable(
  "financing_applications",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    /** FACTORING, ORDER_FINANCING or RECEIPT_LOAN. */
    product: text("product").notNull(),
    applicant: text("applicant").notNull(),
    /** part, order or receipt (as in the indexer's financings table). */
    assetType: text("asset_type").notNull(),
    assetId: bigint("asset_id", { mode: "number" }).notNull(),
    /** Amount asked (receipt loans only). */
    amount: amount("amount"),
    /** Lowest advance rate accepted (factoring, order financing). */
    minAdvanceBps: integer("min_advance_bps"),
    /** Highest discount rate (factoring) or interest rate (loans) accepted, bps a year. */
    maxRateBps: integer("max_rate_bps").notNull(),
    recourseAccepted: boolean("recourse_accepted"),
    tenorDays: integer("tenor_days"),
    documentIds: text("document_ids").array().notNull(),
    /** DRAFT, SUBMITTED, UNDER_REVIEW, APPROVED, EXECUTED, REJECTED, WITHDRAWN or EXPIRED. */
    status: text("status").notNull(),
    /** Whole seconds: it becomes the on-chain offer's expiresAt, which identifies the offer. */
    expiresAt: time("expires_at").notNull(),
    /** Quote preview at the applicant's bounds, stored at submission. */
    quote: jsonb("quote"),
    /** The on-chain financing that executed the application (set by the reconciler). */
    financingProduct: text("financing_product"),
    financingId: bigint("financing_id", { mode: "number" }),
    executedBank: text("executed_bank"),
    createdAt: time("created_at").notNull(),
    updatedAt: time("updated_at").notNull(),
    submittedAt: time("submitted_at"),
    closedAt: time("closed_at"),
  },
  (t) => [
    index("financing_applications_applicant_idx").on(t.applicant),
    index("financing_applications_status_idx").on(t.status),
    // One open application per asset: the database refuses a second one, whatever the race.
    uniqueIndex("financing_applications_open_asset_idx")
      .on(t.assetType, t.assetId)
      .where(sql`status in ('SUBMITTED', 'UNDER_REVIEW', 'APPROVED')`),
  ],
);

/** Each addressed bank's decision on an application. */
export const applicationDecisions = pgTable(
  "application_decisions",
  {
    applicationId: bigint("application_id", { mode: "number" }).notNull(),
    bank: text("bank").notNull(),
    /** PENDING, UNDER_REVIEW, APPROVED or REJECTED. */
    status: text("status").notNull(),
    /** Approved terms (those of the product). */
    advanceBps: integer("advance_bps"),
    rateBps: integer("rate_bps"),
    ltvBps: integer("ltv_bps"),
    withRecourse: boolean("with_recourse"),
    amount: amount("amount"),
    /** Quote at the approved terms, when approved. */
    quote: jsonb("quote"),
    reason: text("reason"),
    decidedAt: time("decided_at"),
    /** The on-chain offer or request to this bank, once indexed (financings.id of the product). */
    financingId: bigint("financing_id", { mode: "number" }),
    financingStatus: text("financing_status"),
    updatedAt: time("updated_at").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.applicationId, t.bank] }),
    index("application_decisions_bank_idx").on(t.bank, t.status),
  ],
);

/** Every transition of an application or of a bank's decision (append-only). */
export const applicationHistory = pgTable(
  "application_history",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    applicationId: bigint("application_id", { mode: "number" }).notNull(),
    /** Null: the application's own status; else that bank's decision. */
    bank: text("bank"),
    /** Member address, or "system" for the reconciler. */
    actor: text("actor").notNull(),
    at: time("at").notNull(),
    fromStatus: text("from_status"),
    toStatus: text("to_status").notNull(),
    note: text("note"),
  },
  (t) => [index("application_history_application_idx").on(t.applicationId, t.id)],
);

export type FinancingApplicationRow = typeof financingApplications.$inferSelect;
export type ApplicationDecisionRow = typeof applicationDecisions.$inferSelect;
export type ApplicationHistoryRow = typeof applicationHistory.$inferSelect;
