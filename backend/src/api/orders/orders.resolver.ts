import { Inject } from "@nestjs/common";
import { Args, ID, Parent, Query, ResolveField, Resolver } from "@nestjs/graphql";
import type { PurchaseOrder as PurchaseOrderRow } from "../../database/schema";
import { ViewerAccess, type Access } from "../common/access";
import { AfterArg, FirstArg, RequestLoaders } from "../common/args";
import { FinancedAssetType } from "../common/enums";
import type { OrderBy } from "../common/order.input";
import { IdPipe, InputPipe } from "../common/validation";
import { Financing } from "../financings/financing.model";
import { assetKey } from "../financings/financings.repository";
import type { ViewerLoaders as Loaders } from "../loaders/loaders";
import { Member } from "../members/member.model";
import { Receivable } from "../receivables/receivable.model";
import { PurchaseOrderFilter, PurchaseOrderOrder, type PurchaseOrderSortField } from "./dtos/orders.input";
import { PurchaseOrder, PurchaseOrderConnection } from "./order.model";
import { OrdersService } from "./orders.service";

@Resolver(() => PurchaseOrder)
export class OrdersResolver {
  constructor(@Inject(OrdersService) private readonly service: OrdersService) {}

  @Query(() => PurchaseOrder, {
    nullable: true,
    description: "An order (null unless the viewer is its supplier, its buyer or a party of its financing).",
  })
  purchaseOrder(@RequestLoaders() loaders: Loaders, @Args("id", { type: () => ID }, IdPipe) id: number) {
    return loaders.order.load(id);
  }

  @Query(() => PurchaseOrderConnection, { description: "The orders visible to the viewer." })
  purchaseOrders(
    @ViewerAccess() access: Access,
    @Args("filter", { type: () => PurchaseOrderFilter, nullable: true }, new InputPipe(PurchaseOrderFilter))
    filter: PurchaseOrderFilter | undefined,
    @Args("orderBy", { type: () => PurchaseOrderOrder, nullable: true })
    orderBy: OrderBy<PurchaseOrderSortField> | null,
    @FirstArg() first: number | null,
    @AfterArg() after: string | null,
  ) {
    return this.service.list(access, filter, orderBy, first, after);
  }

  @ResolveField(() => Member, { nullable: true })
  supplierMember(@Parent() order: PurchaseOrderRow, @RequestLoaders() loaders: Loaders) {
    return loaders.member.load(order.supplier);
  }

  @ResolveField(() => Member, { nullable: true })
  buyerMember(@Parent() order: PurchaseOrderRow, @RequestLoaders() loaders: Loaders) {
    return loaders.member.load(order.buyer);
  }

  @ResolveField(() => Receivable, { nullable: true, description: "The receivable the order was converted into." })
  receivable(@Parent() order: PurchaseOrderRow, @RequestLoaders() loaders: Loaders) {
    return order.receivableId === null ? null : loaders.receivable.load(order.receivableId);
  }

  @ResolveField(() => [Financing], { description: "Order financings against this order." })
  financings(@Parent() order: PurchaseOrderRow, @RequestLoaders() loaders: Loaders) {
    return loaders.financingsOfAsset.load(assetKey(FinancedAssetType.order, order.id));
  }
}
