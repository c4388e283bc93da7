import { Inject } from "@nestjs/common";
import { Args, Parent, Query, ResolveField, Resolver } from "@nestjs/graphql";
import { RequestLoaders } from "../common/args";
import { AddressPipe } from "../common/validation";
import { Financing } from "../financings/financing.model";
import type { Loaders } from "../loaders/loaders";
import { HeldPayout, Member, TokenBalance } from "../members/member.model";
import { PurchaseOrder } from "../orders/order.model";
import { WarehouseReceipt } from "../receipts/receipt.model";
import { Holding, ReceivablePart } from "../receivables/receivable.model";
import { MemberPositions } from "./positions.model";
import { PositionsService } from "./positions.service";

@Resolver(() => MemberPositions)
export class PositionsResolver {
  constructor(@Inject(PositionsService) private readonly service: PositionsService) {}

  @Query(() => MemberPositions, { description: "A member's holdings, parts, orders, receipts, financings and cash." })
  memberPositions(
    @Args("address", { type: () => String }, AddressPipe) address: string,
    @Args("includeClosed", { type: () => Boolean, defaultValue: false }) includeClosed: boolean,
  ): MemberPositions {
    return { address, includeClosed };
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
  holdings(@Parent() p: MemberPositions) {
    return this.service.holdings(p);
  }

  @ResolveField(() => [ReceivablePart], { description: "Parts held (active unless includeClosed)." })
  parts(@Parent() p: MemberPositions) {
    return this.service.parts(p);
  }

  @ResolveField(() => [PurchaseOrder], {
    description: "Orders as supplier (pending or confirmed unless includeClosed).",
  })
  ordersAsSupplier(@Parent() p: MemberPositions) {
    return this.service.ordersOf(p, "supplier");
  }

  @ResolveField(() => [PurchaseOrder], { description: "Orders as buyer (pending or confirmed unless includeClosed)." })
  ordersAsBuyer(@Parent() p: MemberPositions) {
    return this.service.ordersOf(p, "buyer");
  }

  @ResolveField(() => [WarehouseReceipt], { description: "Receipts owned (not released unless includeClosed)." })
  receiptsOwned(@Parent() p: MemberPositions) {
    return this.service.receiptsOwned(p);
  }

  @ResolveField(() => [Financing], {
    description: "Financings as seller or borrower (pending or open unless includeClosed).",
  })
  financingsAsParty(@Parent() p: MemberPositions) {
    return this.service.financingsOf(p, "party");
  }

  @ResolveField(() => [Financing], { description: "Financings as bank (pending or open unless includeClosed)." })
  financingsAsBank(@Parent() p: MemberPositions) {
    return this.service.financingsOf(p, "bank");
  }
}
