import { Inject, Injectable } from "@nestjs/common";
import { hasRole, Role, type Viewer } from "../../auth/viewer";
import { ApiErrorCode, ApiException } from "../api.exception";
import { FinancingProduct, MemberRole, OrderStatus, ReceivableStatus, roleNames } from "../common/enums";
import type {
  MemberStatistics,
  OrderStatusCount,
  ProductFinancingCounts,
  ReceiptStatistics,
  ReceivableStatistics,
  RoleMemberCounts,
} from "./statistics.model";
import { StatisticsRepository, UNPAID_RECEIVABLE_STATUSES, type StatusCountRow } from "./statistics.repository";

const NO_MEMBERS = { total: 0, active: 0, suspended: 0, none: 0, blacklisted: 0 };

/** One entry per status of `statuses`, in their order, zero for those no row has. */
function everyStatus(statuses: string[], rows: StatusCountRow[]): StatusCountRow[] {
  const counts = new Map(rows.map((r) => [r.status, r.count]));
  return statuses.map((status) => ({ status, count: counts.get(status) ?? 0 }));
}

/** The network's figures, for its supervisors: the regulator and the operator. */
@Injectable()
export class StatisticsService {
  constructor(@Inject(StatisticsRepository) private readonly repository: StatisticsRepository) {}

  /** FORBIDDEN unless `viewer` is the regulator or the operator. */
  requireReader(viewer: Viewer): void {
    if (hasRole(viewer, Role.REGULATOR) || hasRole(viewer, Role.OPERATOR)) return;
    const roles = roleNames(viewer.roles);
    throw new ApiException(
      ApiErrorCode.FORBIDDEN,
      `the network statistics are shown only to the regulator and the operator; you are signed in as ${viewer.address} (${roles.length > 0 ? roles.join(", ") : "no role"})`,
    );
  }

  async members(): Promise<MemberStatistics> {
    const [all, byRole] = await Promise.all([this.repository.memberCounts(), this.repository.memberCountsByRole()]);
    const of = new Map(byRole.map((r) => [r.role, r]));
    return {
      ...all,
      byRole: (Object.values(MemberRole) as MemberRole[]).map((role): RoleMemberCounts => ({
        ...NO_MEMBERS,
        ...of.get(role),
        role,
      })),
    };
  }

  async purchaseOrders(): Promise<OrderStatusCount[]> {
    return everyStatus(Object.values(OrderStatus), await this.repository.orderCountsByStatus());
  }

  async receivables(): Promise<ReceivableStatistics> {
    const [byStatus, unpaidFace] = await Promise.all([
      this.repository.receivableCountsByStatus(),
      this.repository.unpaidFaceByCurrency(),
    ]);
    return {
      byStatus: everyStatus(Object.values(ReceivableStatus), byStatus),
      unpaid: byStatus.filter((r) => UNPAID_RECEIVABLE_STATUSES.includes(r.status)).reduce((n, r) => n + r.count, 0),
      unpaidFace,
    };
  }

  warehouseReceipts(): Promise<ReceiptStatistics> {
    return this.repository.receiptCounts();
  }

  async financings(): Promise<ProductFinancingCounts[]> {
    const rows = await this.repository.financingCountsByProduct();
    const of = new Map(rows.map((r) => [r.product, r]));
    return (Object.values(FinancingProduct) as FinancingProduct[]).map((product) => ({
      product,
      total: of.get(product)?.total ?? 0,
      open: of.get(product)?.open ?? 0,
    }));
  }
}
