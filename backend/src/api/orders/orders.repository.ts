import { Injectable } from "@nestjs/common";
import { and, asc, eq, gte, inArray, lt, or } from "drizzle-orm";
import { purchaseOrders, type PurchaseOrder } from "../../database/schema";
import type { Access } from "../common/access";
import type { OrderBy } from "../common/order.input";
import { key, keysetPage, type ListSpec, type Page, type PageArgs } from "../common/pagination";
import { anyOf, containsText, Repository } from "../common/repository";
import { PurchaseOrderSortField, type PurchaseOrderFilter } from "./dtos/orders.input";

const ORDERS: ListSpec<PurchaseOrderSortField> = {
  name: "purchaseOrders",
  table: purchaseOrders,
  key: [key(purchaseOrders.id, "id", "int")],
  sorts: {
    ID: key(purchaseOrders.id, "id", "int"),
    AMOUNT: key(purchaseOrders.amount, "amount", "numeric"),
    DELIVERY_DATE: key(purchaseOrders.deliveryDate, "deliveryDate", "time"),
    SUBMITTED_AT: key(purchaseOrders.submittedAt, "submittedAt", "time"),
  },
};

@Injectable()
export class OrdersRepository extends Repository {
  list(
    access: Access,
    filter: PurchaseOrderFilter | undefined,
    order: OrderBy<PurchaseOrderSortField>,
    page: PageArgs,
  ): Promise<Page<PurchaseOrder>> {
    const f = filter ?? {};
    const where = and(
      access.orders(),
      anyOf(purchaseOrders.id, f.ids),
      f.supplier ? eq(purchaseOrders.supplier, f.supplier) : undefined,
      f.buyer ? eq(purchaseOrders.buyer, f.buyer) : undefined,
      f.party ? or(eq(purchaseOrders.supplier, f.party), eq(purchaseOrders.buyer, f.party)) : undefined,
      anyOf(purchaseOrders.status, f.status),
      f.currency ? eq(purchaseOrders.currency, f.currency) : undefined,
      f.lienHolder ? eq(purchaseOrders.lienHolder, f.lienHolder) : undefined,
      f.receivableId !== undefined && f.receivableId !== null
        ? eq(purchaseOrders.receivableId, f.receivableId)
        : undefined,
      f.deliveryFrom ? gte(purchaseOrders.deliveryDate, f.deliveryFrom) : undefined,
      f.deliveryTo ? lt(purchaseOrders.deliveryDate, f.deliveryTo) : undefined,
      containsText(purchaseOrders.orderNumber, f.orderNumberContains),
    );
    return keysetPage(this.db, ORDERS, { where, ...order, page });
  }

  byIds(ids: readonly number[], access: Access): Promise<PurchaseOrder[]> {
    return this.db
      .select()
      .from(purchaseOrders)
      .where(and(inArray(purchaseOrders.id, [...ids]), access.orders()));
  }

  byReceivables(receivableIds: readonly number[], access: Access): Promise<PurchaseOrder[]> {
    return this.db
      .select()
      .from(purchaseOrders)
      .where(and(inArray(purchaseOrders.receivableId, [...receivableIds]), access.orders()))
      .orderBy(asc(purchaseOrders.id));
  }

  /** Orders where `address` is the supplier (or the buyer), optionally only those in `statuses`. */
  ofMember(access: Access, address: string, side: "supplier" | "buyer", statuses?: string[]): Promise<PurchaseOrder[]> {
    return this.db
      .select()
      .from(purchaseOrders)
      .where(
        and(
          access.orders(),
          eq(side === "supplier" ? purchaseOrders.supplier : purchaseOrders.buyer, address),
          anyOf(purchaseOrders.status, statuses),
        ),
      )
      .orderBy(asc(purchaseOrders.id));
  }
}
