import { Inject, Injectable } from "@nestjs/common";
import type { Access } from "../common/access";
import { orderOrDefault, type OrderBy } from "../common/order.input";
import { pageArgs } from "../common/pagination";
import { parseIntArg } from "../common/validation";
import { remainingOf } from "../members/members.service";
import {
  FinancingSortField,
  RepaymentSortField,
  type FinancingFilter,
  type RepaymentFilter,
} from "./dtos/financings.input";
import type { BankPortfolio, Exposure } from "./financing.model";
import { FinancingsRepository } from "./financings.repository";

const DAY_MS = 86_400_000;
export const MAX_MATURING_DAYS = 3650;

/**
 * The maturity ladder: ranges of whole days from asOf to the due date (rounded down), bounds inclusive,
 * null for an open end. "overdue" is everything due before asOf (the portfolio's overdue figure).
 */
export const MATURITY_LADDER: readonly { key: string; fromDay: number | null; toDay: number | null }[] = [
  { key: "overdue", fromDay: null, toDay: -1 },
  { key: "d30", fromDay: 0, toDay: 30 },
  { key: "d90", fromDay: 31, toDay: 90 },
  { key: "d180", fromDay: 91, toDay: 180 },
  { key: "later", fromDay: 181, toDay: null },
];

/** By outstanding, largest first, then by counterparty and kind. */
function byOutstanding(a: { outstanding: string; counterparty: string; kind: string }, b: typeof a): number {
  const d = BigInt(b.outstanding) - BigInt(a.outstanding);
  return d > 0n ? 1 : d < 0n ? -1 : a.counterparty.localeCompare(b.counterparty) || a.kind.localeCompare(b.kind);
}

@Injectable()
export class FinancingsService {
  constructor(@Inject(FinancingsRepository) private readonly repository: FinancingsRepository) {}

  financings(
    access: Access,
    filter: FinancingFilter | undefined,
    orderBy: OrderBy<FinancingSortField> | null,
    first: number | null,
    after: string | null,
  ) {
    return this.repository.list(access, filter, orderOrDefault(orderBy, FinancingSortField.ID), pageArgs(first, after));
  }

  repayments(
    access: Access,
    filter: RepaymentFilter | undefined,
    orderBy: OrderBy<RepaymentSortField> | null,
    first: number | null,
    after: string | null,
  ) {
    return this.repository.listRepayments(
      access,
      filter,
      orderOrDefault(orderBy, RepaymentSortField.CHAIN_ORDER),
      pageArgs(first, after),
    );
  }

  /**
   * The open financings `bank` funded: totals, those due within `maturingWithinDays` of `asOf`, those
   * overdue at `asOf`, the exposure per obligor (or borrower) next to the bank's credit line, the
   * maturity ladder (MATURITY_LADDER) and the overdue ones per obligor (or borrower).
   * For that bank and the regulator only.
   */
  async portfolio(
    access: Access,
    bank: string,
    maturingWithinDays: number | null,
    asOf: Date | null,
  ): Promise<BankPortfolio> {
    access.requireSelf(bank, "bank", "the portfolio and credit lines");
    const days = parseIntArg(maturingWithinDays, "maturingWithinDays", 0, MAX_MATURING_DAYS, 30);
    const at = asOf ?? new Date();
    // A financing due d whole days after asOf is in the first range whose last day is >= d, i.e. due
    // before asOf + (toDay + 1) days.
    const bounds = MATURITY_LADDER.slice(0, -1).map((b) => new Date(at.getTime() + (b.toDay! + 1) * DAY_MS));
    const [totals, groups, lines, ladder, overdue] = await Promise.all([
      this.repository.portfolioTotals(bank, at, new Date(at.getTime() + days * DAY_MS)),
      this.repository.exposures(bank),
      this.repository.creditLinesOf(bank),
      this.repository.ladder(bank, bounds),
      this.repository.overdueExposures(bank, at),
    ]);
    const inBucket = new Map(ladder.map((r) => [r.bucket, r]));
    const lineOf = new Map(lines.map((l) => [`${l.counterparty}:${l.kind}`, l]));
    const exposures: Exposure[] = groups.map((g) => {
      const line = lineOf.get(`${g.counterparty}:${g.kind}`);
      return {
        counterparty: g.counterparty,
        kind: g.kind,
        count: g.count,
        outstanding: g.outstanding,
        limit: line?.limit ?? null,
        used: line?.used ?? null,
        remaining: line ? remainingOf(line.limit, line.used) : null,
      };
    });
    exposures.sort(byOutstanding);
    return {
      bank,
      asOf: at,
      maturingWithinDays: days,
      open: { count: totals.openCount, outstanding: totals.openOutstanding },
      maturing: { count: totals.maturingCount, outstanding: totals.maturingOutstanding },
      overdue: { count: totals.overdueCount, outstanding: totals.overdueOutstanding },
      exposures,
      maturityLadder: MATURITY_LADDER.map((b, i) => ({
        ...b,
        count: inBucket.get(i)?.count ?? 0,
        outstanding: inBucket.get(i)?.outstanding ?? "0",
      })),
      overdueByCounterparty: overdue.sort(byOutstanding),
    };
  }
}
