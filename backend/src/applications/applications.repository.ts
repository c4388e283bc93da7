/**
 * Database access of the applications feature: its own tables (applications, decisions, history) and
 * the reads it needs from the indexer's tables (assets, members, credit lines, financings, events).
 * Writes that must be atomic take an Executor (a transaction) from the service.
 */
import { Inject, Injectable } from "@nestjs/common";
import { and, asc, desc, eq, inArray, isNotNull, ne, or, sql, type SQL } from "drizzle-orm";
import { DATABASE } from "../common/tokens";
import type { Database, DatabaseHandle, Executor } from "../database/database";
import {
  applicationDecisions,
  applicationHistory,
  financingApplications,
  type ApplicationDecisionRow,
  type ApplicationHistoryRow,
  type FinancingApplicationRow,
} from "../database/applications.schema";
import {
  chainEvents,
  creditLines,
  financings,
  members,
  purchaseOrders,
  receivableParts,
  receivables,
  warehouseReceipts,
  type ChainEvent,
  type CreditLine,
  type Financing,
  type Member,
  type PurchaseOrder,
  type Receivable,
  type ReceivablePart,
  type WarehouseReceipt,
} from "../database/schema";
import { key, keysetPage, type ListSpec, type Page, type PageArgs } from "../api/common/pagination";
import { OrderDirection } from "../api/common/pagination";
import { OPEN_STATUSES } from "./application.states";

/** Financing statuses in which the bank's money is out (or the asset is held for it). */
export const FUNDED_STATUSES = ["Funded", "RecourseClaimed", "Active", "Defaulted"];
/** Not yet funded, still waiting for the bank. */
export const PENDING_STATUSES = ["Offered", "Requested"];
/** Ended after having been funded. */
export const REPAID_STATUSES = ["Collected", "RecourseSettled", "Repaid"];
export const DEFAULT_STATUSES = ["Defaulted", "RecourseClaimed", "Enforced"];

export type ApplicationsSortField = "CREATED";

const APPLICATIONS: ListSpec<ApplicationsSortField> = {
  name: "financingApplications",
  table: financingApplications,
  key: [key(financingApplications.id, "id", "int")],
  sorts: { CREATED: key(financingApplications.id, "id", "int") },
};

@Injectable()
export class ApplicationsRepository {
  constructor(@Inject(DATABASE) private readonly database: DatabaseHandle) {}

  get db(): Database {
    return this.database.db;
  }

  /** Runs `work` in one database transaction: a failed call changes nothing. */
  transaction<T>(work: (tx: Executor) => Promise<T>): Promise<T> {
    return this.db.transaction((tx) => work(tx as unknown as Executor));
  }

  // ------------------------------------------------------------------------------------------------
  // Applications
  // ------------------------------------------------------------------------------------------------

  async application(id: number, executor: Executor = this.db): Promise<FinancingApplicationRow | undefined> {
    const [row] = await executor.select().from(financingApplications).where(eq(financingApplications.id, id));
    return row;
  }

  async insertApplication(
    executor: Executor,
    row: typeof financingApplications.$inferInsert,
  ): Promise<FinancingApplicationRow> {
    const [inserted] = await executor.insert(financingApplications).values(row).returning();
    return inserted;
  }

  /**
   * `UPDATE ... SET change WHERE id = id AND status IN (from)`: the one way an application's row
   * changes, so a concurrent transition that got there first makes this one match no row.
   */
  async updateApplicationIf(
    executor: Executor,
    id: number,
    from: readonly string[],
    change: Partial<typeof financingApplications.$inferInsert>,
  ): Promise<FinancingApplicationRow | undefined> {
    const [row] = await executor
      .update(financingApplications)
      .set(change)
      .where(and(eq(financingApplications.id, id), inArray(financingApplications.status, [...from])))
      .returning();
    return row;
  }

  listApplications(where: SQL | undefined, page: PageArgs): Promise<Page<FinancingApplicationRow>> {
    return keysetPage<FinancingApplicationRow, ApplicationsSortField>(this.db, APPLICATIONS, {
      where,
      field: "CREATED",
      direction: OrderDirection.DESC,
      page,
    });
  }

  /** Applications that may change by themselves (execution on chain, expiry). */
  reconcilable(ids?: number[]): Promise<FinancingApplicationRow[]> {
    return this.db
      .select()
      .from(financingApplications)
      .where(
        and(
          inArray(financingApplications.status, [...OPEN_STATUSES]),
          ids ? inArray(financingApplications.id, ids) : undefined,
        ),
      )
      .orderBy(asc(financingApplications.id));
  }

  /** Another application holding the asset (SUBMITTED, UNDER_REVIEW or APPROVED). */
  async openApplicationOf(
    assetType: string,
    assetId: number,
    exceptId: number | null,
  ): Promise<FinancingApplicationRow | undefined> {
    const [row] = await this.db
      .select()
      .from(financingApplications)
      .where(
        and(
          eq(financingApplications.assetType, assetType),
          eq(financingApplications.assetId, assetId),
          inArray(financingApplications.status, [...OPEN_STATUSES]),
          exceptId !== null ? ne(financingApplications.id, exceptId) : undefined,
        ),
      )
      .limit(1);
    return row;
  }

  // ------------------------------------------------------------------------------------------------
  // Decisions and history
  // ------------------------------------------------------------------------------------------------

  decisions(applicationIds: readonly number[], executor: Executor = this.db): Promise<ApplicationDecisionRow[]> {
    if (applicationIds.length === 0) return Promise.resolve([]);
    return executor
      .select()
      .from(applicationDecisions)
      .where(inArray(applicationDecisions.applicationId, [...applicationIds]))
      .orderBy(asc(applicationDecisions.applicationId), asc(applicationDecisions.bank));
  }

  async decision(
    applicationId: number,
    bank: string,
    executor: Executor = this.db,
  ): Promise<ApplicationDecisionRow | undefined> {
    const [row] = await executor
      .select()
      .from(applicationDecisions)
      .where(and(eq(applicationDecisions.applicationId, applicationId), eq(applicationDecisions.bank, bank)));
    return row;
  }

  async replaceDecisions(executor: Executor, applicationId: number, banks: string[], now: Date): Promise<void> {
    await executor.delete(applicationDecisions).where(eq(applicationDecisions.applicationId, applicationId));
    if (banks.length === 0) return;
    await executor
      .insert(applicationDecisions)
      .values(banks.map((bank) => ({ applicationId, bank, status: "PENDING", updatedAt: now })));
  }

  /** Conditional update of one bank's decision (see updateApplicationIf). */
  async updateDecisionIf(
    executor: Executor,
    applicationId: number,
    bank: string,
    from: readonly string[],
    change: Partial<typeof applicationDecisions.$inferInsert>,
  ): Promise<ApplicationDecisionRow | undefined> {
    const [row] = await executor
      .update(applicationDecisions)
      .set(change)
      .where(
        and(
          eq(applicationDecisions.applicationId, applicationId),
          eq(applicationDecisions.bank, bank),
          inArray(applicationDecisions.status, [...from]),
        ),
      )
      .returning();
    return row;
  }

  async appendHistory(executor: Executor, entry: typeof applicationHistory.$inferInsert): Promise<void> {
    await executor.insert(applicationHistory).values(entry);
  }

  history(applicationIds: readonly number[]): Promise<ApplicationHistoryRow[]> {
    if (applicationIds.length === 0) return Promise.resolve([]);
    return this.db
      .select()
      .from(applicationHistory)
      .where(inArray(applicationHistory.applicationId, [...applicationIds]))
      .orderBy(asc(applicationHistory.applicationId), asc(applicationHistory.id));
  }

  // ------------------------------------------------------------------------------------------------
  // Indexed tables
  // ------------------------------------------------------------------------------------------------

  async member(address: string): Promise<Member | undefined> {
    const [row] = await this.db.select().from(members).where(eq(members.address, address));
    return row;
  }

  membersOf(addresses: readonly string[]): Promise<Member[]> {
    if (addresses.length === 0) return Promise.resolve([]);
    return this.db
      .select()
      .from(members)
      .where(inArray(members.address, [...addresses]));
  }

  async part(id: number): Promise<ReceivablePart | undefined> {
    const [row] = await this.db.select().from(receivableParts).where(eq(receivableParts.id, id));
    return row;
  }

  async receivable(id: number): Promise<Receivable | undefined> {
    const [row] = await this.db.select().from(receivables).where(eq(receivables.id, id));
    return row;
  }

  async order(id: number): Promise<PurchaseOrder | undefined> {
    const [row] = await this.db.select().from(purchaseOrders).where(eq(purchaseOrders.id, id));
    return row;
  }

  async receipt(id: number): Promise<WarehouseReceipt | undefined> {
    const [row] = await this.db.select().from(warehouseReceipts).where(eq(warehouseReceipts.id, id));
    return row;
  }

  /** The parent chain of part `id`, the part first and the receivable's root part last. */
  async lineage(id: number): Promise<ReceivablePart[]> {
    const chain: ReceivablePart[] = [];
    let next: number | null = id;
    // Depth is bounded by the contract; the guard only protects against a corrupt index.
    while (next !== null && chain.length < 64) {
      const part = await this.part(next);
      if (!part) break;
      chain.push(part);
      next = part.parentId;
    }
    return chain;
  }

  /** Financings of the asset still pending or funded. */
  openFinancingsOf(product: string, assetId: number): Promise<Financing[]> {
    return this.db
      .select()
      .from(financings)
      .where(
        and(
          eq(financings.product, product),
          eq(financings.assetId, assetId),
          inArray(financings.status, [...PENDING_STATUSES, ...FUNDED_STATUSES]),
        ),
      )
      .orderBy(asc(financings.id));
  }

  async financing(product: string, id: number): Promise<Financing | undefined> {
    const [row] = await this.db
      .select()
      .from(financings)
      .where(and(eq(financings.product, product), eq(financings.id, id)));
    return row;
  }

  /**
   * The on-chain offers/requests an application produced: the product's rows for the asset from the
   * applicant to `bank`, carrying the application's expiry (which the prepared offer copies) or its
   * registry reference (which the prepared acceptance carries). Newest first.
   */
  financingsOfApplication(
    product: string,
    assetId: number,
    party: string,
    bank: string,
    expiresAt: Date,
    registryRef: string,
  ): Promise<Financing[]> {
    return this.db
      .select()
      .from(financings)
      .where(
        and(
          eq(financings.product, product),
          eq(financings.assetId, assetId),
          eq(financings.party, party),
          eq(financings.bank, bank),
          or(eq(financings.expiresAt, expiresAt), eq(financings.registryRef, registryRef)),
        ),
      )
      .orderBy(desc(financings.id));
  }

  async creditLine(bank: string, counterparty: string, kind: "Obligor" | "Borrower"): Promise<CreditLine | undefined> {
    const [row] = await this.db
      .select()
      .from(creditLines)
      .where(and(eq(creditLines.bank, bank), eq(creditLines.counterparty, counterparty), eq(creditLines.kind, kind)));
    return row;
  }

  /** The borrower's (seller's) record as financings party. */
  async partyHistory(party: string, now: Date) {
    const [row] = await this.db
      .select({
        financings: sql<string>`count(*) filter (where ${isNotNull(financings.fundedAt)})`,
        volume: sql<string>`coalesce(sum(${financings.principal}) filter (where ${isNotNull(financings.fundedAt)}), 0)`,
        repaid: sql<string>`count(*) filter (where ${inArray(financings.status, REPAID_STATUSES)})`,
        open: sql<string>`count(*) filter (where ${inArray(financings.status, FUNDED_STATUSES)})`,
        outstanding: sql<string>`coalesce(sum(${financings.outstanding}) filter (where ${inArray(financings.status, FUNDED_STATUSES)}), 0)`,
        defaults: sql<string>`count(*) filter (where ${inArray(financings.status, DEFAULT_STATUSES)})`,
        maxDaysPastDue: sql<string>`coalesce(max(floor(extract(epoch from (cast(${now.toISOString()} as timestamptz) - ${financings.dueAt})) / 86400)) filter (where ${inArray(financings.status, FUNDED_STATUSES)} and ${financings.dueAt} < cast(${now.toISOString()} as timestamptz)), 0)`,
      })
      .from(financings)
      .where(eq(financings.party, party));
    return {
      financings: Number(row?.financings ?? 0),
      volume: String(row?.volume ?? "0"),
      repaid: Number(row?.repaid ?? 0),
      open: Number(row?.open ?? 0),
      outstanding: String(row?.outstanding ?? "0"),
      defaults: Number(row?.defaults ?? 0),
      maxDaysPastDue: Number(row?.maxDaysPastDue ?? 0),
    };
  }

  /** A bank's outstanding: in total, and on financings whose obligor is `obligor`. */
  async bankOutstanding(bank: string, obligor: string | null) {
    const [row] = await this.db
      .select({
        total: sql<string>`coalesce(sum(${financings.outstanding}), 0)`,
        withObligor: obligor
          ? sql<string>`coalesce(sum(${financings.outstanding}) filter (where ${eq(financings.obligor, obligor)}), 0)`
          : sql<string>`0`,
      })
      .from(financings)
      .where(and(eq(financings.bank, bank), inArray(financings.status, FUNDED_STATUSES)));
    return { total: String(row?.total ?? "0"), withObligor: String(row?.withObligor ?? "0") };
  }

  /** Outstanding principal of the funded drawings on a receipt (the contract's pledge book). */
  async receiptOutstanding(receiptId: number): Promise<bigint> {
    const [row] = await this.db
      .select({ total: sql<string>`coalesce(sum(${financings.outstanding}), 0)` })
      .from(financings)
      .where(
        and(
          eq(financings.product, "RECEIPT"),
          eq(financings.assetId, receiptId),
          inArray(financings.status, ["Active", "Defaulted"]),
        ),
      );
    return BigInt(row?.total ?? "0");
  }

  /** The first chain event `name` about `ref` (e.g. "ReceivableIssued", "receivable:3"). */
  async firstEvent(name: string, ref: string): Promise<ChainEvent | undefined> {
    const [row] = await this.db
      .select()
      .from(chainEvents)
      .where(and(eq(chainEvents.name, name), sql`${chainEvents.refs} @> array[${ref}]::text[]`))
      .orderBy(asc(chainEvents.blockNumber), asc(chainEvents.logIndex))
      .limit(1);
    return row;
  }
}
