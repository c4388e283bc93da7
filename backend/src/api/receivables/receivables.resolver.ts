import { Inject } from "@nestjs/common";
import { Args, ID, Parent, Query, ResolveField, Resolver } from "@nestjs/graphql";
import { GraphQLDateTime } from "../common/scalars";
import type {
  Holding as HoldingRow,
  Receivable as ReceivableRow,
  ReceivablePart as ReceivablePartRow,
} from "../../database/schema";
import { ViewerAccess, type Access } from "../common/access";
import { AfterArg, FirstArg, RequestLoaders } from "../common/args";
import { FinancedAssetType } from "../common/enums";
import type { OrderBy } from "../common/order.input";
import { AddressPipe, IdPipe, InputPipe } from "../common/validation";
import { Financing } from "../financings/financing.model";
import { assetKey } from "../financings/financings.repository";
import type { ViewerLoaders as Loaders } from "../loaders/loaders";
import { Member } from "../members/member.model";
import { PurchaseOrder } from "../orders/order.model";
import {
  HoldingFilter,
  HoldingOrder,
  ReceivableFilter,
  ReceivableOrder,
  ReceivablePartFilter,
  ReceivablePartOrder,
  type HoldingSortField,
  type ReceivablePartSortField,
  type ReceivableSortField,
} from "./dtos/receivables.input";
import {
  CalendarBucket,
  Holding,
  HoldingConnection,
  MaturityCalendar,
  Receivable,
  ReceivableConnection,
  ReceivableLineage,
  ReceivablePart,
  ReceivablePartConnection,
} from "./receivable.model";
import { ReceivablesService } from "./receivables.service";

@Resolver(() => Receivable)
export class ReceivablesResolver {
  constructor(@Inject(ReceivablesService) private readonly service: ReceivablesService) {}

  @Query(() => Receivable, {
    nullable: true,
    description:
      "A receivable (null unless the viewer is its obligor, its creditor, holds or held a part of it, or is a party of its financing).",
  })
  receivable(@RequestLoaders() loaders: Loaders, @Args("id", { type: () => ID }, IdPipe) id: number) {
    return loaders.receivable.load(id);
  }

  @Query(() => ReceivableConnection, { description: "The receivables visible to the viewer." })
  receivables(
    @ViewerAccess() access: Access,
    @Args("filter", { type: () => ReceivableFilter, nullable: true }, new InputPipe(ReceivableFilter))
    filter: ReceivableFilter | undefined,
    @Args("orderBy", { type: () => ReceivableOrder, nullable: true }) orderBy: OrderBy<ReceivableSortField> | null,
    @FirstArg() first: number | null,
    @AfterArg() after: string | null,
  ) {
    return this.service.receivables(access, filter, orderBy, first, after);
  }

  @Query(() => MaturityCalendar, {
    description:
      "A core enterprise's receivables maturing in [from, to), by period (for that obligor and the regulator only).",
  })
  maturityCalendar(
    @ViewerAccess() access: Access,
    @Args("obligor", { type: () => String }, AddressPipe) obligor: string,
    @Args("from", { type: () => GraphQLDateTime }) from: Date,
    @Args("to", { type: () => GraphQLDateTime }) to: Date,
    @Args("bucket", { type: () => CalendarBucket, defaultValue: CalendarBucket.MONTH }) bucket: CalendarBucket,
  ) {
    return this.service.maturityCalendar(access, obligor, from, to, bucket);
  }

  @ResolveField(() => [ReceivablePart], { description: "Every part, by depth then id." })
  parts(@Parent() receivable: ReceivableRow, @RequestLoaders() loaders: Loaders) {
    return loaders.partsOf.load(receivable.id);
  }

  @ResolveField(() => [Holding], { description: "Who holds how much of it." })
  holdings(@Parent() receivable: ReceivableRow, @RequestLoaders() loaders: Loaders) {
    return loaders.holdingsOf.load(receivable.id);
  }

  @ResolveField(() => PurchaseOrder, { nullable: true, description: "The purchase order it was converted from." })
  order(@Parent() receivable: ReceivableRow, @RequestLoaders() loaders: Loaders) {
    return receivable.orderId === null ? null : loaders.order.load(receivable.orderId);
  }

  @ResolveField(() => Member, { nullable: true })
  obligorMember(@Parent() receivable: ReceivableRow, @RequestLoaders() loaders: Loaders) {
    return loaders.member.load(receivable.obligor);
  }

  @ResolveField(() => Member, { nullable: true })
  creditorMember(@Parent() receivable: ReceivableRow, @RequestLoaders() loaders: Loaders) {
    return loaders.member.load(receivable.creditor);
  }

  @ResolveField(() => [Financing], { description: "Financings of its parts, or of the order it came from." })
  financings(@Parent() receivable: ReceivableRow, @RequestLoaders() loaders: Loaders) {
    return loaders.financingsOfReceivable.load(receivable.id);
  }
}

@Resolver(() => ReceivablePart)
export class ReceivablePartsResolver {
  constructor(@Inject(ReceivablesService) private readonly service: ReceivablesService) {}

  @Query(() => ReceivablePart, { nullable: true, description: "A part (null unless its receivable is visible)." })
  receivablePart(@RequestLoaders() loaders: Loaders, @Args("id", { type: () => ID }, IdPipe) id: number) {
    return loaders.part.load(id);
  }

  @Query(() => ReceivablePartConnection, { description: "Parts of the receivables visible to the viewer." })
  receivableParts(
    @ViewerAccess() access: Access,
    @Args("filter", { type: () => ReceivablePartFilter, nullable: true }, new InputPipe(ReceivablePartFilter))
    filter: ReceivablePartFilter | undefined,
    @Args("orderBy", { type: () => ReceivablePartOrder, nullable: true })
    orderBy: OrderBy<ReceivablePartSortField> | null,
    @FirstArg() first: number | null,
    @AfterArg() after: string | null,
  ) {
    return this.service.parts(access, filter, orderBy, first, after);
  }

  @Query(() => ReceivableLineage, {
    nullable: true,
    description:
      "A part's ancestors up to the root and all its descendants (null: no such part, or its receivable is not visible).",
  })
  receivableLineage(@ViewerAccess() access: Access, @Args("partId", { type: () => ID }, IdPipe) partId: number) {
    return this.service.lineage(access, partId);
  }

  @ResolveField(() => Receivable, { nullable: true })
  receivable(@Parent() part: ReceivablePartRow, @RequestLoaders() loaders: Loaders) {
    return loaders.receivable.load(part.receivableId);
  }

  @ResolveField(() => ReceivablePart, { nullable: true, description: "The part it was split off (null for the root)." })
  parent(@Parent() part: ReceivablePartRow, @RequestLoaders() loaders: Loaders) {
    return part.parentId === null ? null : loaders.part.load(part.parentId);
  }

  @ResolveField(() => [ReceivablePart], { description: "Parts split directly off it." })
  children(@Parent() part: ReceivablePartRow, @RequestLoaders() loaders: Loaders) {
    return loaders.childrenOf.load(part.id);
  }

  @ResolveField(() => Member, { nullable: true })
  holderMember(@Parent() part: ReceivablePartRow, @RequestLoaders() loaders: Loaders) {
    return loaders.member.load(part.holder);
  }

  @ResolveField(() => [Financing], { description: "Factoring deals of this part." })
  financings(@Parent() part: ReceivablePartRow, @RequestLoaders() loaders: Loaders) {
    return loaders.financingsOfAsset.load(assetKey(FinancedAssetType.part, part.id));
  }
}

@Resolver(() => Holding)
export class HoldingsResolver {
  constructor(@Inject(ReceivablesService) private readonly service: ReceivablesService) {}

  @Query(() => HoldingConnection, { description: "Holdings of the receivables visible to the viewer." })
  holdings(
    @ViewerAccess() access: Access,
    @Args("filter", { type: () => HoldingFilter, nullable: true }, new InputPipe(HoldingFilter))
    filter: HoldingFilter | undefined,
    @Args("orderBy", { type: () => HoldingOrder, nullable: true }) orderBy: OrderBy<HoldingSortField> | null,
    @FirstArg() first: number | null,
    @AfterArg() after: string | null,
  ) {
    return this.service.holdings(access, filter, orderBy, first, after);
  }

  @ResolveField(() => Receivable, { nullable: true })
  receivable(@Parent() holding: HoldingRow, @RequestLoaders() loaders: Loaders) {
    return loaders.receivable.load(holding.receivableId);
  }

  @ResolveField(() => Member, { nullable: true })
  holderMember(@Parent() holding: HoldingRow, @RequestLoaders() loaders: Loaders) {
    return loaders.member.load(holding.holder);
  }
}
