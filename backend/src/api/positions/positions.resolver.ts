import { Inject } from "@nestjs/common";
import { Args, Parent, Query, ResolveField, Resolver } from "@nestjs/graphql";
import { ViewerAccess, type Access } from "../common/access";
import { RequestLoaders } from "../common/args";
import { AddressPipe } from "../common/validation";
import { Financing } from "../financings/financing.model";
import type { ViewerLoaders as Loaders } from "../loaders/loaders";
import { HeldPayout, Member, TokenBalance } from "../members/member.model";
import { PurchaseOrder } from "../orders/order.model";
import { WarehouseReceipt } from "../receipts/receipt.model";
import { Holding, ReceivablePart } from "../receivables/receivable.model";
import { MemberPositions } from "./positions.model";
import { PositionsService } from "./positions.service";

@Resolver(() => MemberPositions)
export class PositionsResolver {
  constructor(@Inject(PositionsService) private readonly service: PositionsService) {}

  @Query(() => MemberPositions, {
    description:
      "A member's holdings, parts, orders, receipts, financings and cash (for that member and the regulator only).",
  })
  memberPositions(
    @ViewerAccess() access: Access,
    @Args("address", { type: () => String }, AddressPipe) address: string,
    @Args("includeClosed", { type: () => Boolean, defaultValue: false }) includeClosed: boolean,
  ): MemberPositions {
    return this.service.positions(access, address, includeClosed);
  }

  @ResolveField(() => Member, { nullable: true })
  member(@Parent() p: MemberPositions, @RequestLoaders() loaders: Loaders) {
    return loaders.member.load(p.address);
  }

  @ResolveField(() => [TokenBalance])
  balances(@Parent() p: MemberPositions, @RequestLoaders() loaders: Loaders) {
    return loaders.balancesOf.load(p.address);
  }

  @ResolveField(() => [HeldPayout])
  heldPayouts(@Parent() p: MemberPositions, @RequestLoaders() loaders: Loaders) {
    return loaders.heldPayoutsOf.load(p.address);
  }

  @ResolveField(() => [Holding], { description: "Receivables held (non-zero unless includeClosed)." })
  holdings(@Parent() p: MemberPositions, @ViewerAccess() access: Access) {
    return this.service.holdings(access, p);
  }

  @ResolveField(() => [ReceivablePart], { description: "Parts held (active unless includeClosed)." })
  parts(@Parent() p: MemberPositions, @ViewerAccess() access: Access) {
    return this.service.parts(access, p);
  }

  @ResolveField(() => [PurchaseOrder], {
    description: "Orders as supplier (pending or confirmed unless includeClosed).",
  })
  ordersAsSupplier(@Parent() p: MemberPositions, @ViewerAccess() access: Access) {
    return this.service.ordersOf(access, p, "supplier");
  }

  @ResolveField(() => [PurchaseOrder], { description: "Orders as buyer (pending or confirmed unless includeClosed)." })
  ordersAsBuyer(@Parent() p: MemberPositions, @ViewerAccess() access: Access) {
    return this.service.ordersOf(access, p, "buyer");
  }

  @ResolveField(() => [WarehouseReceipt], { description: "Receipts owned (not released unless includeClosed)." })
  receiptsOwned(@Parent() p: MemberPositions, @ViewerAccess() access: Access) {
    return this.service.receiptsOwned(access, p);
  }

  @ResolveField(() => [Financing], {
    description: "Financings as seller or borrower (pending or open unless includeClosed).",
  })
  financingsAsParty(@Parent() p: MemberPositions, @ViewerAccess() access: Access) {
    return this.service.financingsOf(access, p, "party");
  }

  @ResolveField(() => [Financing], { description: "Financings as bank (pending or open unless includeClosed)." })
  financingsAsBank(@Parent() p: MemberPositions, @ViewerAccess() access: Access) {
    return this.service.financingsOf(access, p, "bank");
  }
}
