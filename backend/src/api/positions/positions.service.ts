import { Inject, Injectable } from "@nestjs/common";
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

  holdings(p: MemberPositions) {
    return this.receivables.holdingsOf(p.address, p.includeClosed);
  }

  parts(p: MemberPositions) {
    return this.receivables.partsHeldBy(p.address, p.includeClosed);
  }

  ordersOf(p: MemberPositions, side: "supplier" | "buyer") {
    return this.orders.ofMember(p.address, side, p.includeClosed ? undefined : OPEN_ORDER_STATUSES);
  }

  receiptsOwned(p: MemberPositions) {
    return this.receipts.ownedBy(p.address, p.includeClosed);
  }

  financingsOf(p: MemberPositions, side: "party" | "bank") {
    return this.financings.ofMember(p.address, side, p.includeClosed ? undefined : LIVE_FINANCING_STATUSES);
  }
}
