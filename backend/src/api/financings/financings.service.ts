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
   * overdue at `asOf`, and the exposure per obligor (or borrower) next to the bank's credit line.
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
    const [totals, groups, lines] = await Promise.all([
      this.repository.portfolioTotals(bank, at, new Date(at.getTime() + days * DAY_MS)),
      this.repository.exposures(bank),
      this.repository.creditLinesOf(bank),
    ]);
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
    exposures.sort((a, b) => {
      const d = BigInt(b.outstanding) - BigInt(a.outstanding);
      return d > 0n ? 1 : d < 0n ? -1 : a.counterparty.localeCompare(b.counterparty) || a.kind.localeCompare(b.kind);
    });
    return {
      bank,
      asOf: at,
      maturingWithinDays: days,
      open: { count: totals.openCount, outstanding: totals.openOutstanding },
      maturing: { count: totals.maturingCount, outstanding: totals.maturingOutstanding },
      overdue: { count: totals.overdueCount, outstanding: totals.overdueOutstanding },
      exposures,
    };
  }
}
