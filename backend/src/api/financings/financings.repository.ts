import { Injectable } from "@nestjs/common";
import { and, asc, eq, gte, inArray, lt, or, sql, type SQL } from "drizzle-orm";
import {
  creditLines,
  financings,
  receivables,
  repayments,
  type CreditLine,
  type Financing,
  type Repayment,
} from "../../database/schema";
import type { Access } from "../common/access";
import { OPEN_FINANCING_STATUSES } from "../common/enums";
import type { OrderBy } from "../common/order.input";
import { key, keysetPage, type ListSpec, type Page, type PageArgs } from "../common/pagination";
import { anyOf, Repository } from "../common/repository";
import {
  FinancingSortField,
  RepaymentSortField,
  type FinancingFilter,
  type RepaymentFilter,
} from "./dtos/financings.input";

const FINANCINGS: ListSpec<FinancingSortField> = {
  name: "financings",
  table: financings,
  key: [key(financings.product, "product", "text"), key(financings.id, "id", "int")],
  sorts: {
    ID: key(financings.id, "id", "int"),
    REQUESTED_AT: key(financings.requestedAt, "requestedAt", "time"),
    REQUESTED_AMOUNT: key(financings.requestedAmount, "requestedAmount", "numeric"),
    OUTSTANDING: key(financings.outstanding, "outstanding", "numeric"),
  },
};

const REPAYMENTS: ListSpec<RepaymentSortField> = {
  name: "repayments",
  table: repayments,
  key: [
    key(repayments.blockNumber, "blockNumber", "int"),
    key(repayments.logIndex, "logIndex", "int"),
    key(repayments.financingId, "financingId", "int"),
  ],
  sorts: {
    CHAIN_ORDER: key(repayments.blockNumber, "blockNumber", "int"),
    PAID_AT: key(repayments.paidAt, "paidAt", "time"),
  },
};

/** A financing's key as the loaders use it: "PRODUCT:id". */
export function financingKey(product: string, id: number): string {
  return `${product}:${id}`;
}

/** An asset's key as the loaders use it: "assetType:id". */
export function assetKey(assetType: string, id: number): string {
  return `${assetType}:${id}`;
}

function splitKey(k: string): [string, number] {
  const i = k.lastIndexOf(":");
  return [k.slice(0, i), Number(k.slice(i + 1))];
}

const isOpen = () => inArray(financings.status, OPEN_FINANCING_STATUSES);
/** A financing's due date: its own, else its receivable's maturity (needs the join on receivables). */
const dueDate = () => sql`coalesce(${financings.dueAt}, ${receivables.maturity})`;
/** The counterparty an open financing counts against: its obligor, else its borrower (party). */
const counterpartyOf = () => sql<string>`coalesce(${financings.obligor}, ${financings.party})`;
const counterpartyKind = () => sql<string>`case when ${financings.obligor} is null then 'Borrower' else 'Obligor' end`;
const timestamp = (d: Date) => sql`cast(${d.toISOString()} as timestamptz)`;

export interface PortfolioTotals {
  openCount: number;
  openOutstanding: string;
  maturingCount: number;
  maturingOutstanding: string;
  overdueCount: number;
  overdueOutstanding: string;
}

export interface LadderRow {
  /** Index of the first bound the due date is before, or the number of bounds when it is after all. */
  bucket: number;
  count: number;
  outstanding: string;
}

export interface ExposureRow {
  counterparty: string;
  kind: string;
  count: number;
  outstanding: string;
}

@Injectable()
export class FinancingsRepository extends Repository {
  list(
    access: Access,
    filter: FinancingFilter | undefined,
    order: OrderBy<FinancingSortField>,
    page: PageArgs,
  ): Promise<Page<Financing>> {
    const f = filter ?? {};
    const where = and(
      access.financings(),
      anyOf(financings.product, f.product),
      f.bank ? eq(financings.bank, f.bank) : undefined,
      f.party ? eq(financings.party, f.party) : undefined,
      f.obligor ? eq(financings.obligor, f.obligor) : undefined,
      anyOf(financings.status, f.status),
      f.open === true ? isOpen() : f.open === false ? sql`not ${isOpen()}` : undefined,
      f.receivableId !== undefined && f.receivableId !== null ? eq(financings.receivableId, f.receivableId) : undefined,
      f.assetType ? eq(financings.assetType, f.assetType) : undefined,
      f.assetId !== undefined && f.assetId !== null ? eq(financings.assetId, f.assetId) : undefined,
      f.dueFrom ? gte(financings.dueAt, f.dueFrom) : undefined,
      f.dueTo ? lt(financings.dueAt, f.dueTo) : undefined,
    );
    return keysetPage(this.db, FINANCINGS, { where, ...order, page });
  }

  listRepayments(
    access: Access,
    filter: RepaymentFilter | undefined,
    order: OrderBy<RepaymentSortField>,
    page: PageArgs,
  ): Promise<Page<Repayment>> {
    const f = filter ?? {};
    const where = and(
      access.repayments(),
      f.product ? eq(repayments.product, f.product) : undefined,
      f.financingId !== undefined && f.financingId !== null ? eq(repayments.financingId, f.financingId) : undefined,
      anyOf(repayments.kind, f.kind),
      f.payer ? eq(repayments.payer, f.payer) : undefined,
      f.paidFrom ? gte(repayments.paidAt, f.paidFrom) : undefined,
      f.paidTo ? lt(repayments.paidAt, f.paidTo) : undefined,
    );
    return keysetPage(this.db, REPAYMENTS, { where, ...order, page });
  }

  /** Financings by "PRODUCT:id" keys. */
  byKeys(keys: readonly string[], access: Access): Promise<Financing[]> {
    const pairs = keys.map(splitKey);
    const list = sql.join(
      pairs.map(([product, id]) => sql`(${product}, cast(${id} as bigint))`),
      sql`, `,
    );
    return this.db
      .select()
      .from(financings)
      .where(and(sql`(${financings.product}, ${financings.id}) in (${list})`, access.financings()));
  }

  byReceivables(receivableIds: readonly number[], access: Access): Promise<Financing[]> {
    return this.db
      .select()
      .from(financings)
      .where(and(inArray(financings.receivableId, [...receivableIds]), access.financings()))
      .orderBy(asc(financings.requestedAt), asc(financings.product), asc(financings.id));
  }

  /** Financings of assets by "assetType:id" keys. */
  byAssets(keys: readonly string[], access: Access): Promise<Financing[]> {
    const byType = new Map<string, number[]>();
    for (const [type, id] of keys.map(splitKey)) byType.set(type, [...(byType.get(type) ?? []), id]);
    const conditions: SQL[] = [...byType].map(
      ([type, ids]) => and(eq(financings.assetType, type), inArray(financings.assetId, ids)) as SQL,
    );
    return this.db
      .select()
      .from(financings)
      .where(and(or(...conditions), access.financings()))
      .orderBy(asc(financings.requestedAt), asc(financings.product), asc(financings.id));
  }

  /** Repayments of financings by "PRODUCT:id" keys, in chain order. */
  repaymentsOf(keys: readonly string[], access: Access): Promise<Repayment[]> {
    const list = sql.join(
      keys.map(splitKey).map(([product, id]) => sql`(${product}, cast(${id} as bigint))`),
      sql`, `,
    );
    return this.db
      .select()
      .from(repayments)
      .where(and(sql`(${repayments.product}, ${repayments.financingId}) in (${list})`, access.repayments()))
      .orderBy(asc(repayments.blockNumber), asc(repayments.logIndex));
  }

  /** Financings where `address` is the party or the bank; only pending and open ones unless `includeClosed`. */
  ofMember(access: Access, address: string, side: "party" | "bank", statuses?: string[]): Promise<Financing[]> {
    return this.db
      .select()
      .from(financings)
      .where(
        and(
          access.financings(),
          eq(side === "party" ? financings.party : financings.bank, address),
          anyOf(financings.status, statuses),
        ),
      )
      .orderBy(asc(financings.requestedAt), asc(financings.product), asc(financings.id));
  }

  /**
   * Totals of the open financings of `bank`: all, due in [asOf, maturingBefore), due before asOf.
   * A financing's due date is its own, else its receivable's maturity.
   */
  async portfolioTotals(bank: string, asOf: Date, maturingBefore: Date): Promise<PortfolioTotals> {
    const due = dueDate();
    const start = timestamp(asOf);
    const end = timestamp(maturingBefore);
    const maturing = sql`${due} >= ${start} and ${due} < ${end}`;
    const overdue = sql`${due} < ${start}`;
    const [row] = await this.db
      .select({
        openCount: sql<number>`count(*)::int`,
        openOutstanding: sql<string>`coalesce(sum(${financings.outstanding}), 0)::text`,
        maturingCount: sql<number>`(count(*) filter (where ${maturing}))::int`,
        maturingOutstanding: sql<string>`coalesce(sum(${financings.outstanding}) filter (where ${maturing}), 0)::text`,
        overdueCount: sql<number>`(count(*) filter (where ${overdue}))::int`,
        overdueOutstanding: sql<string>`coalesce(sum(${financings.outstanding}) filter (where ${overdue}), 0)::text`,
      })
      .from(financings)
      .leftJoin(receivables, eq(receivables.id, financings.receivableId))
      .where(and(eq(financings.bank, bank), isOpen()));
    return row;
  }

  /**
   * The open financings of `bank` that have a due date, by bucket of due date: bucket i holds those due
   * before `bounds[i]` and not before an earlier bound (`bounds` ascending), bucket `bounds.length` the
   * rest. Only the non-empty buckets are returned.
   */
  ladder(bank: string, bounds: Date[]): Promise<LadderRow[]> {
    const due = dueDate();
    const cases = sql.join(
      bounds.map((b, i) => sql`when ${due} < ${timestamp(b)} then cast(${i} as int)`),
      sql` `,
    );
    const dated = this.db
      .select({
        bucket: sql<number>`case ${cases} else cast(${bounds.length} as int) end`.as("bucket"),
        outstanding: financings.outstanding,
      })
      .from(financings)
      .leftJoin(receivables, eq(receivables.id, financings.receivableId))
      .where(and(eq(financings.bank, bank), isOpen(), sql`${due} is not null`))
      .as("dated");
    return this.db
      .select({
        bucket: dated.bucket,
        count: sql<number>`count(*)::int`,
        outstanding: sql<string>`coalesce(sum(${dated.outstanding}), 0)::text`,
      })
      .from(dated)
      .groupBy(dated.bucket);
  }

  /** Open financings of `bank` grouped by obligor (or by borrower when there is no obligor). */
  exposures(bank: string): Promise<ExposureRow[]> {
    return this.byCounterparty(bank);
  }

  /** The open financings of `bank` due before `asOf`, grouped as `exposures` groups them. */
  overdueExposures(bank: string, asOf: Date): Promise<ExposureRow[]> {
    return this.byCounterparty(bank, sql`${dueDate()} < ${timestamp(asOf)}`);
  }

  private byCounterparty(bank: string, where?: SQL): Promise<ExposureRow[]> {
    const counterparty = counterpartyOf();
    const kind = counterpartyKind();
    return this.db
      .select({
        counterparty,
        kind,
        count: sql<number>`count(*)::int`,
        outstanding: sql<string>`coalesce(sum(${financings.outstanding}), 0)::text`,
      })
      .from(financings)
      .leftJoin(receivables, eq(receivables.id, financings.receivableId))
      .where(and(eq(financings.bank, bank), isOpen(), where))
      .groupBy(counterparty, kind);
  }

  creditLinesOf(bank: string): Promise<CreditLine[]> {
    return this.db.select().from(creditLines).where(eq(creditLines.bank, bank));
  }
}
