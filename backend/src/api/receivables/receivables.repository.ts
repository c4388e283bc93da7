import { Injectable } from "@nestjs/common";
import { and, asc, eq, gt, gte, inArray, isNotNull, isNull, lt, lte, or, sql } from "drizzle-orm";
import {
  holdings,
  receivableParts,
  receivables,
  type Holding,
  type Receivable,
  type ReceivablePart,
} from "../../database/schema";
import type { Access } from "../common/access";
import { PartStatus, ReceivableStatus } from "../common/enums";
import type { OrderBy } from "../common/order.input";
import { key, keysetPage, type ListSpec, type Page, type PageArgs } from "../common/pagination";
import { anyOf, Repository } from "../common/repository";
import {
  HoldingSortField,
  ReceivablePartSortField,
  ReceivableSortField,
  type HoldingFilter,
  type ReceivableFilter,
  type ReceivablePartFilter,
} from "./dtos/receivables.input";
import type { CalendarBucket } from "./receivable.model";

const RECEIVABLES: ListSpec<ReceivableSortField> = {
  name: "receivables",
  table: receivables,
  key: [key(receivables.id, "id", "int")],
  sorts: {
    ID: key(receivables.id, "id", "int"),
    FACE: key(receivables.face, "face", "numeric"),
    MATURITY: key(receivables.maturity, "maturity", "time"),
    ISSUED_AT: key(receivables.issuedAt, "issuedAt", "time"),
  },
};

const PARTS: ListSpec<ReceivablePartSortField> = {
  name: "receivableParts",
  table: receivableParts,
  key: [key(receivableParts.id, "id", "int")],
  sorts: {
    ID: key(receivableParts.id, "id", "int"),
    AMOUNT: key(receivableParts.amount, "amount", "numeric"),
    FACE: key(receivableParts.face, "face", "numeric"),
    DEPTH: key(receivableParts.depth, "depth", "int"),
    CREATED_AT: key(receivableParts.createdAt, "createdAt", "time"),
  },
};

const HOLDINGS: ListSpec<HoldingSortField> = {
  name: "holdings",
  table: holdings,
  key: [key(holdings.holder, "holder", "text"), key(holdings.receivableId, "receivableId", "int")],
  sorts: {
    RECEIVABLE: key(holdings.receivableId, "receivableId", "int"),
    AMOUNT: key(holdings.amount, "amount", "numeric"),
  },
};

export interface CalendarRow {
  day: string;
  currency: string;
  count: number;
  face: string;
  paid: string;
  outstanding: string;
  overdueCount: number;
}

const TRUNC_UNITS: Record<CalendarBucket, string> = { DAY: "day", WEEK: "week", MONTH: "month" };

@Injectable()
export class ReceivablesRepository extends Repository {
  list(
    access: Access,
    filter: ReceivableFilter | undefined,
    order: OrderBy<ReceivableSortField>,
    page: PageArgs,
  ): Promise<Page<Receivable>> {
    const f = filter ?? {};
    const where = and(
      access.receivables(),
      anyOf(receivables.id, f.ids),
      f.obligor ? eq(receivables.obligor, f.obligor) : undefined,
      f.creditor ? eq(receivables.creditor, f.creditor) : undefined,
      f.party ? or(eq(receivables.obligor, f.party), eq(receivables.creditor, f.party)) : undefined,
      anyOf(receivables.status, f.status),
      f.currency ? eq(receivables.currency, f.currency) : undefined,
      f.maturityFrom ? gte(receivables.maturity, f.maturityFrom) : undefined,
      f.maturityTo ? lt(receivables.maturity, f.maturityTo) : undefined,
      f.faceMin !== undefined && f.faceMin !== null ? gte(receivables.face, f.faceMin) : undefined,
      f.faceMax !== undefined && f.faceMax !== null ? lte(receivables.face, f.faceMax) : undefined,
      typeof f.longTerm === "boolean" ? eq(receivables.longTerm, f.longTerm) : undefined,
      f.orderId !== undefined && f.orderId !== null ? eq(receivables.orderId, f.orderId) : undefined,
    );
    return keysetPage(this.db, RECEIVABLES, { where, ...order, page });
  }

  listParts(
    access: Access,
    filter: ReceivablePartFilter | undefined,
    order: OrderBy<ReceivablePartSortField>,
    page: PageArgs,
  ): Promise<Page<ReceivablePart>> {
    const f = filter ?? {};
    const where = and(
      access.parts(),
      f.receivableId !== undefined && f.receivableId !== null
        ? eq(receivableParts.receivableId, f.receivableId)
        : undefined,
      f.holder ? eq(receivableParts.holder, f.holder) : undefined,
      f.parentId !== undefined && f.parentId !== null ? eq(receivableParts.parentId, f.parentId) : undefined,
      f.root === true
        ? isNull(receivableParts.parentId)
        : f.root === false
          ? isNotNull(receivableParts.parentId)
          : undefined,
      anyOf(receivableParts.status, f.status),
    );
    return keysetPage(this.db, PARTS, { where, ...order, page });
  }

  listHoldings(
    access: Access,
    filter: HoldingFilter | undefined,
    order: OrderBy<HoldingSortField>,
    page: PageArgs,
  ): Promise<Page<Holding>> {
    const f = filter ?? {};
    const where = and(
      access.holdings(),
      f.holder ? eq(holdings.holder, f.holder) : undefined,
      f.receivableId !== undefined && f.receivableId !== null ? eq(holdings.receivableId, f.receivableId) : undefined,
      f.nonZero ? gt(holdings.amount, "0") : undefined,
    );
    return keysetPage(this.db, HOLDINGS, { where, ...order, page });
  }

  byIds(ids: readonly number[], access: Access): Promise<Receivable[]> {
    return this.db
      .select()
      .from(receivables)
      .where(and(inArray(receivables.id, [...ids]), access.receivables()));
  }

  partsByIds(ids: readonly number[], access: Access): Promise<ReceivablePart[]> {
    return this.db
      .select()
      .from(receivableParts)
      .where(and(inArray(receivableParts.id, [...ids]), access.parts()));
  }

  partsOfReceivables(receivableIds: readonly number[], access: Access): Promise<ReceivablePart[]> {
    return this.db
      .select()
      .from(receivableParts)
      .where(and(inArray(receivableParts.receivableId, [...receivableIds]), access.parts()))
      .orderBy(asc(receivableParts.depth), asc(receivableParts.id));
  }

  childrenOf(parentIds: readonly number[], access: Access): Promise<ReceivablePart[]> {
    return this.db
      .select()
      .from(receivableParts)
      .where(and(inArray(receivableParts.parentId, [...parentIds]), access.parts()))
      .orderBy(asc(receivableParts.id));
  }

  holdingsOfReceivables(receivableIds: readonly number[], access: Access): Promise<Holding[]> {
    return this.db
      .select()
      .from(holdings)
      .where(and(inArray(holdings.receivableId, [...receivableIds]), access.holdings()))
      .orderBy(asc(holdings.receivableId), asc(holdings.holder));
  }

  /** Holdings of `holder` (all, or only non-zero ones). */
  holdingsOf(access: Access, holder: string, includeZero: boolean): Promise<Holding[]> {
    return this.db
      .select()
      .from(holdings)
      .where(and(access.holdings(), eq(holdings.holder, holder), includeZero ? undefined : gt(holdings.amount, "0")))
      .orderBy(asc(holdings.receivableId));
  }

  /** Parts held by `holder` (all, or only active ones). */
  partsHeldBy(access: Access, holder: string, includeRedeemed: boolean): Promise<ReceivablePart[]> {
    return this.db
      .select()
      .from(receivableParts)
      .where(
        and(
          access.parts(),
          eq(receivableParts.holder, holder),
          includeRedeemed ? undefined : eq(receivableParts.status, PartStatus.Active),
        ),
      )
      .orderBy(asc(receivableParts.id));
  }

  /**
   * The part `partId`, its ancestors and all its descendants, in one recursive query; nothing when its
   * receivable is not visible (the parts of a tree share their receivable, so all or none are).
   */
  lineage(access: Access, partId: number): Promise<ReceivablePart[]> {
    const ids = sql`
      with recursive up (id, parent_id) as (
        select id, parent_id from receivable_parts where id = ${partId}
        union all
        select p.id, p.parent_id from receivable_parts p join up on p.id = up.parent_id
      ), down (id) as (
        select id from receivable_parts where id = ${partId}
        union all
        select p.id from receivable_parts p join down on p.parent_id = down.id
      )
      select id from up union select id from down`;
    return this.db
      .select()
      .from(receivableParts)
      .where(and(sql`${receivableParts.id} in (${ids})`, access.parts()))
      .orderBy(asc(receivableParts.depth), asc(receivableParts.id));
  }

  /** Receivables of `obligor` maturing in [from, to), by UTC period and currency. */
  calendar(obligor: string, from: Date, to: Date, bucket: CalendarBucket): Promise<CalendarRow[]> {
    const day = sql<string>`to_char(date_trunc('${sql.raw(TRUNC_UNITS[bucket])}', ${receivables.maturity} at time zone 'UTC'), 'YYYY-MM-DD')`;
    const unpaid = sql`${receivables.status} <> ${ReceivableStatus.Paid}`;
    return this.db
      .select({
        day,
        currency: receivables.currency,
        count: sql<number>`count(*)::int`,
        face: sql<string>`sum(${receivables.face})::text`,
        paid: sql<string>`coalesce(sum(${receivables.face}) filter (where ${receivables.status} = ${ReceivableStatus.Paid}), 0)::text`,
        outstanding: sql<string>`coalesce(sum(${receivables.face}) filter (where ${unpaid}), 0)::text`,
        overdueCount: sql<number>`(count(*) filter (where ${receivables.status} in (${ReceivableStatus.Overdue}, ${ReceivableStatus.Defaulted})))::int`,
      })
      .from(receivables)
      .where(and(eq(receivables.obligor, obligor), gte(receivables.maturity, from), lt(receivables.maturity, to)))
      .groupBy(day, receivables.currency)
      .orderBy(day, receivables.currency);
  }
}
