import { Inject, Injectable } from "@nestjs/common";
import type { ReceivablePart } from "../../database/schema";
import { ApiException } from "../api.exception";
import type { Access } from "../common/access";
import { PartStatus } from "../common/enums";
import { orderOrDefault, type OrderBy } from "../common/order.input";
import { pageArgs } from "../common/pagination";
import {
  HoldingSortField,
  ReceivablePartSortField,
  ReceivableSortField,
  type HoldingFilter,
  type ReceivableFilter,
  type ReceivablePartFilter,
} from "./dtos/receivables.input";
import { CalendarBucket, type MaturityBucket, type MaturityCalendar, type ReceivableLineage } from "./receivable.model";
import { ReceivablesRepository } from "./receivables.repository";

/** Longest calendar range, in days (about 50 years). */
const MAX_CALENDAR_DAYS = 18_300;
const DAY_MS = 86_400_000;

/** End (exclusive) of the UTC period starting at `start`. */
function periodEnd(start: Date, bucket: CalendarBucket): Date {
  switch (bucket) {
    case CalendarBucket.DAY:
      return new Date(start.getTime() + DAY_MS);
    case CalendarBucket.WEEK:
      return new Date(start.getTime() + 7 * DAY_MS);
    case CalendarBucket.MONTH:
      return new Date(Date.UTC(start.getUTCFullYear(), start.getUTCMonth() + 1, 1));
  }
}

@Injectable()
export class ReceivablesService {
  constructor(@Inject(ReceivablesRepository) private readonly repository: ReceivablesRepository) {}

  receivables(
    access: Access,
    filter: ReceivableFilter | undefined,
    orderBy: OrderBy<ReceivableSortField> | null,
    first: number | null,
    after: string | null,
  ) {
    return this.repository.list(
      access,
      filter,
      orderOrDefault(orderBy, ReceivableSortField.ID),
      pageArgs(first, after),
    );
  }

  parts(
    access: Access,
    filter: ReceivablePartFilter | undefined,
    orderBy: OrderBy<ReceivablePartSortField> | null,
    first: number | null,
    after: string | null,
  ) {
    return this.repository.listParts(
      access,
      filter,
      orderOrDefault(orderBy, ReceivablePartSortField.ID),
      pageArgs(first, after),
    );
  }

  holdings(
    access: Access,
    filter: HoldingFilter | undefined,
    orderBy: OrderBy<HoldingSortField> | null,
    first: number | null,
    after: string | null,
  ) {
    return this.repository.listHoldings(
      access,
      filter,
      orderOrDefault(orderBy, HoldingSortField.RECEIVABLE),
      pageArgs(first, after),
    );
  }

  /**
   * The part, its ancestors (root first) and every descendant (by depth, then id); null if there is no
   * such part or its receivable is not visible to the viewer.
   */
  async lineage(access: Access, partId: number): Promise<ReceivableLineage | null> {
    const rows = await this.repository.lineage(access, partId);
    const byId = new Map(rows.map((p) => [p.id, p]));
    const part = byId.get(partId);
    if (!part) return null;
    const ancestors: ReceivablePart[] = [];
    for (let p = part.parentId === null ? undefined : byId.get(part.parentId); p;) {
      ancestors.unshift(p);
      p = p.parentId === null ? undefined : byId.get(p.parentId);
    }
    const ancestorIds = new Set(ancestors.map((p) => p.id));
    const descendants = rows.filter((p) => p.id !== partId && !ancestorIds.has(p.id));
    const activeAmount = [part, ...descendants]
      .filter((p) => p.status === PartStatus.Active)
      .reduce((sum, p) => sum + BigInt(p.amount), 0n);
    return { part, ancestors, descendants, activeAmount: activeAmount.toString() };
  }

  async maturityCalendar(
    access: Access,
    obligor: string,
    from: Date,
    to: Date,
    bucket: CalendarBucket,
  ): Promise<MaturityCalendar> {
    access.requireSelf(obligor, "obligor", "the maturity calendar of the receivables");
    if (!(from.getTime() < to.getTime())) {
      throw ApiException.badInput(
        "to",
        `argument "to" (${to.toISOString()}) must be after "from" (${from.toISOString()})`,
      );
    }
    if (to.getTime() - from.getTime() > MAX_CALENDAR_DAYS * DAY_MS) {
      throw ApiException.badInput("to", `the calendar covers at most ${MAX_CALENDAR_DAYS} days`);
    }
    const rows = await this.repository.calendar(obligor, from, to, bucket);
    const buckets: MaturityBucket[] = rows.map((row) => {
      const start = new Date(`${row.day}T00:00:00.000Z`);
      return {
        start,
        end: periodEnd(start, bucket),
        currency: row.currency,
        count: row.count,
        face: row.face,
        paid: row.paid,
        outstanding: row.outstanding,
        overdueCount: row.overdueCount,
      };
    });
    return { obligor, from, to, bucket, buckets };
  }
}
