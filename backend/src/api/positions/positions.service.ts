import { Inject, Injectable } from "@nestjs/common";
import type { Access } from "../common/access";
import { OPEN_FINANCING_STATUSES, OrderStatus, PENDING_FINANCING_STATUSES } from "../common/enums";
import { FinancingsRepository } from "../financings/financings.repository";
import { OrdersRepository } from "../orders/orders.repository";
import { ReceiptsRepository } from "../receipts/receipts.repository";
import { ReceivablesRepository } from "../receivables/receivables.repository";
import type { MemberPositions } from "./positions.model";

/** Orders still waiting for the buyer or for conversion. */
const OPEN_ORDER_STATUSES: string[] = [OrderStatus.Pending, OrderStatus.Confirmed];
/** Financings requested, offered or funded and not closed. */
const LIVE_FINANCING_STATUSES: string[] = [...PENDING_FINANCING_STATUSES, ...OPEN_FINANCING_STATUSES];

@Injectable()
export class PositionsService {
  constructor(
    @Inject(ReceivablesRepository) private readonly receivables: ReceivablesRepository,
    @Inject(OrdersRepository) private readonly orders: OrdersRepository,
    @Inject(ReceiptsRepository) private readonly receipts: ReceiptsRepository,
    @Inject(FinancingsRepository) private readonly financings: FinancingsRepository,
  ) {}

  /** Positions are for the member itself and the regulator only (FORBIDDEN for anyone else). */
  positions(access: Access, address: string, includeClosed: boolean): MemberPositions {
    access.requireSelf(address, "address", "the positions (holdings, orders, receipts, financings and cash)");
    return { address, includeClosed };
  }

  // The lists below apply the viewer's visibility too: a receivable the member passed on entirely keeps
  // a zero holding, and the holding is shown only while the receivable itself is visible.
  holdings(access: Access, p: MemberPositions) {
    return this.receivables.holdingsOf(access, p.address, p.includeClosed);
  }

  parts(access: Access, p: MemberPositions) {
    return this.receivables.partsHeldBy(access, p.address, p.includeClosed);
  }

  ordersOf(access: Access, p: MemberPositions, side: "supplier" | "buyer") {
    return this.orders.ofMember(access, p.address, side, p.includeClosed ? undefined : OPEN_ORDER_STATUSES);
  }

  receiptsOwned(access: Access, p: MemberPositions) {
    return this.receipts.ownedBy(access, p.address, p.includeClosed);
  }

  financingsOf(access: Access, p: MemberPositions, side: "party" | "bank") {
    return this.financings.ofMember(access, p.address, side, p.includeClosed ? undefined : LIVE_FINANCING_STATUSES);
  }
}
