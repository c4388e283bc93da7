import { Injectable } from "@nestjs/common";
import { inArray, isNotNull, sql, type SQL } from "drizzle-orm";
import { financings, members, purchaseOrders, receivables, warehouseReceipts } from "../../database/schema";
import {
  MemberRole,
  MemberStatus,
  OPEN_FINANCING_STATUSES,
  ReceiptStatus,
  ReceivableStatus,
  ROLE_BITS,
} from "../common/enums";
import { Repository } from "../common/repository";

export interface MemberCountsRow {
  total: number;
  active: number;
  suspended: number;
  none: number;
  blacklisted: number;
}

export interface StatusCountRow {
  status: string;
  count: number;
}

export interface CurrencyTotalRow {
  currency: string;
  total: string;
}

export interface ReceiptCountsRow {
  active: number;
  pledged: number;
  frozen: number;
  released: number;
}

export interface ProductCountsRow {
  product: string;
  total: number;
  open: number;
}

/** `count(*) filter (where condition)` as an int. */
function countWhere(condition: SQL): SQL<number> {
  return sql<number>`(count(*) filter (where ${condition}))::int`;
}

const COUNT = sql<number>`count(*)::int`;

/** The member counts' columns: one aggregate each. */
const MEMBER_COUNTS = {
  total: COUNT,
  active: countWhere(sql`${members.status} = ${MemberStatus.Active}`),
  suspended: countWhere(sql`${members.status} = ${MemberStatus.Suspended}`),
  none: countWhere(sql`${members.status} = ${MemberStatus.None}`),
  blacklisted: countWhere(sql`${members.blacklisted}`),
};

/** The unpaid receivables, as the regulator's dashboard counts them. */
export const UNPAID_RECEIVABLE_STATUSES: string[] = [ReceivableStatus.Outstanding, ReceivableStatus.Overdue];

/**
 * Aggregates over the whole index, for the network statistics: every figure is a COUNT or SUM in the
 * database, grouped there; no row is loaded.
 */
@Injectable()
export class StatisticsRepository extends Repository {
  async memberCounts(): Promise<MemberCountsRow> {
    const [row] = await this.db.select(MEMBER_COUNTS).from(members);
    return row;
  }

  /** Counts per role, for the roles some member has (a member counts under each of its roles). */
  memberCountsByRole(): Promise<(MemberCountsRow & { role: string })[]> {
    const bits = sql.join(
      (Object.keys(ROLE_BITS) as MemberRole[]).map((r) => sql`(cast(${r} as text), cast(${ROLE_BITS[r]} as integer))`),
      sql`, `,
    );
    const role = sql<string>`role_bits.role`;
    return this.db
      .select({ role, ...MEMBER_COUNTS })
      .from(members)
      .innerJoin(sql`(values ${bits}) as role_bits(role, bit)`, sql`(${members.roles} & role_bits.bit) <> 0`)
      .groupBy(role);
  }

  orderCountsByStatus(): Promise<StatusCountRow[]> {
    return this.db
      .select({ status: purchaseOrders.status, count: COUNT })
      .from(purchaseOrders)
      .groupBy(purchaseOrders.status);
  }

  receivableCountsByStatus(): Promise<StatusCountRow[]> {
    return this.db.select({ status: receivables.status, count: COUNT }).from(receivables).groupBy(receivables.status);
  }

  /** Face total of the unpaid receivables per currency, by currency. */
  unpaidFaceByCurrency(): Promise<CurrencyTotalRow[]> {
    return this.db
      .select({ currency: receivables.currency, total: sql<string>`sum(${receivables.face})::text` })
      .from(receivables)
      .where(inArray(receivables.status, UNPAID_RECEIVABLE_STATUSES))
      .groupBy(receivables.currency)
      .orderBy(receivables.currency);
  }

  async receiptCounts(): Promise<ReceiptCountsRow> {
    const [row] = await this.db
      .select({
        active: countWhere(inArray(warehouseReceipts.status, [ReceiptStatus.Active, ReceiptStatus.ReleaseRequested])),
        pledged: countWhere(isNotNull(warehouseReceipts.pledgee)),
        frozen: countWhere(sql`${warehouseReceipts.frozen}`),
        released: countWhere(sql`${warehouseReceipts.status} = ${ReceiptStatus.Released}`),
      })
      .from(warehouseReceipts);
    return row;
  }

  /** Per product with any financing: all of them, and the open ones (OPEN_FINANCING_STATUSES, as FinancingFilter.open). */
  financingCountsByProduct(): Promise<ProductCountsRow[]> {
    return this.db
      .select({
        product: financings.product,
        total: COUNT,
        open: countWhere(inArray(financings.status, OPEN_FINANCING_STATUSES)),
      })
      .from(financings)
      .groupBy(financings.product);
  }
}
