import { Inject } from "@nestjs/common";
import { Args, ID, Parent, Query, ResolveField, Resolver } from "@nestjs/graphql";
import type { Attestation as AttestationRow, WarehouseReceipt as WarehouseReceiptRow } from "../../database/schema";
import { ViewerAccess, type Access } from "../common/access";
import { AfterArg, FirstArg, RequestLoaders } from "../common/args";
import { FinancedAssetType } from "../common/enums";
import type { OrderBy } from "../common/order.input";
import { IdPipe, InputPipe } from "../common/validation";
import { Financing } from "../financings/financing.model";
import { assetKey } from "../financings/financings.repository";
import type { ViewerLoaders as Loaders } from "../loaders/loaders";
import { Member } from "../members/member.model";
import {
  AttestationFilter,
  AttestationOrder,
  WarehouseReceiptFilter,
  WarehouseReceiptOrder,
  type AttestationSortField,
  type WarehouseReceiptSortField,
} from "./dtos/receipts.input";
import { Attestation, AttestationConnection, WarehouseReceipt, WarehouseReceiptConnection } from "./receipt.model";
import { ReceiptsService } from "./receipts.service";

@Resolver(() => WarehouseReceipt)
export class ReceiptsResolver {
  constructor(@Inject(ReceiptsService) private readonly service: ReceiptsService) {}

  @Query(() => WarehouseReceipt, {
    nullable: true,
    description: "A receipt (null unless the viewer is its owner, warehouse, pledgee or a party of its financing).",
  })
  warehouseReceipt(@RequestLoaders() loaders: Loaders, @Args("id", { type: () => ID }, IdPipe) id: number) {
    return loaders.receipt.load(id);
  }

  @Query(() => WarehouseReceiptConnection, { description: "The receipts visible to the viewer." })
  warehouseReceipts(
    @ViewerAccess() access: Access,
    @Args("filter", { type: () => WarehouseReceiptFilter, nullable: true }, new InputPipe(WarehouseReceiptFilter))
    filter: WarehouseReceiptFilter | undefined,
    @Args("orderBy", { type: () => WarehouseReceiptOrder, nullable: true })
    orderBy: OrderBy<WarehouseReceiptSortField> | null,
    @FirstArg() first: number | null,
    @AfterArg() after: string | null,
  ) {
    return this.service.receipts(access, filter, orderBy, first, after);
  }

  @ResolveField(() => [Attestation], { description: "Attestations, in chain order." })
  attestations(@Parent() receipt: WarehouseReceiptRow, @RequestLoaders() loaders: Loaders) {
    return loaders.attestationsOf.load(receipt.id);
  }

  @ResolveField(() => Member, { nullable: true })
  ownerMember(@Parent() receipt: WarehouseReceiptRow, @RequestLoaders() loaders: Loaders) {
    return loaders.member.load(receipt.owner);
  }

  @ResolveField(() => Member, { nullable: true })
  warehouseMember(@Parent() receipt: WarehouseReceiptRow, @RequestLoaders() loaders: Loaders) {
    return loaders.member.load(receipt.warehouse);
  }

  @ResolveField(() => Member, { nullable: true })
  pledgeeMember(@Parent() receipt: WarehouseReceiptRow, @RequestLoaders() loaders: Loaders) {
    return receipt.pledgee === null ? null : loaders.member.load(receipt.pledgee);
  }

  @ResolveField(() => [Financing], { description: "Loans against this receipt." })
  financings(@Parent() receipt: WarehouseReceiptRow, @RequestLoaders() loaders: Loaders) {
    return loaders.financingsOfAsset.load(assetKey(FinancedAssetType.receipt, receipt.id));
  }
}

@Resolver(() => Attestation)
export class AttestationsResolver {
  constructor(@Inject(ReceiptsService) private readonly service: ReceiptsService) {}

  @Query(() => AttestationConnection, { description: "Attestations of the receipts visible to the viewer." })
  attestations(
    @ViewerAccess() access: Access,
    @Args("filter", { type: () => AttestationFilter, nullable: true }, new InputPipe(AttestationFilter))
    filter: AttestationFilter | undefined,
    @Args("orderBy", { type: () => AttestationOrder, nullable: true }) orderBy: OrderBy<AttestationSortField> | null,
    @FirstArg() first: number | null,
    @AfterArg() after: string | null,
  ) {
    return this.service.attestations(access, filter, orderBy, first, after);
  }

  @ResolveField(() => WarehouseReceipt, { nullable: true })
  receipt(@Parent() attestation: AttestationRow, @RequestLoaders() loaders: Loaders) {
    return loaders.receipt.load(attestation.receiptId);
  }
}
