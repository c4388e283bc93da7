import { Inject, Injectable } from "@nestjs/common";
import type { Access } from "../common/access";
import { orderOrDefault, type OrderBy } from "../common/order.input";
import { pageArgs } from "../common/pagination";
import { PurchaseOrderSortField, type PurchaseOrderFilter } from "./dtos/orders.input";
import { OrdersRepository } from "./orders.repository";

@Injectable()
export class OrdersService {
  constructor(@Inject(OrdersRepository) private readonly repository: OrdersRepository) {}

  list(
    access: Access,
    filter: PurchaseOrderFilter | undefined,
    orderBy: OrderBy<PurchaseOrderSortField> | null,
    first: number | null,
    after: string | null,
  ) {
    return this.repository.list(
      access,
      filter,
      orderOrDefault(orderBy, PurchaseOrderSortField.ID),
      pageArgs(first, after),
    );
  }
}
