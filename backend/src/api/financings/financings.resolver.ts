import { Inject } from "@nestjs/common";
import { Args, ID, Int, Parent, Query, ResolveField, Resolver } from "@nestjs/graphql";
import { GraphQLDateTime } from "../common/scalars";
import type { Financing as FinancingRow, Repayment as RepaymentRow } from "../../database/schema";
import { ViewerAccess, type Access } from "../common/access";
import { AfterArg, FirstArg, RequestLoaders } from "../common/args";
import { FinancedAssetType, FinancingProduct } from "../common/enums";
import type { OrderBy } from "../common/order.input";
import { AddressPipe, IdPipe, InputPipe } from "../common/validation";
import type { ViewerLoaders as Loaders } from "../loaders/loaders";
import { Member } from "../members/member.model";
import { PurchaseOrder } from "../orders/order.model";
import { WarehouseReceipt } from "../receipts/receipt.model";
import { Receivable, ReceivablePart } from "../receivables/receivable.model";
import {
  FinancingFilter,
  FinancingOrder,
  RepaymentFilter,
  RepaymentOrder,
  type FinancingSortField,
  type RepaymentSortField,
} from "./dtos/financings.input";
import {
  BankPortfolio,
  Exposure,
  Financing,
  FinancingConnection,
  OverdueExposure,
  Repayment,
  RepaymentConnection,
} from "./financing.model";
import { financingKey } from "./financings.repository";
import { FinancingsService } from "./financings.service";

@Resolver(() => Financing)
export class FinancingsResolver {
  constructor(@Inject(FinancingsService) private readonly service: FinancingsService) {}

  @Query(() => Financing, {
    nullable: true,
    description: "A financing (null unless the viewer is its party or its bank).",
  })
  financing(
    @RequestLoaders() loaders: Loaders,
    @Args("product", { type: () => FinancingProduct }) product: FinancingProduct,
    @Args("id", { type: () => ID }, IdPipe) id: number,
  ) {
    return loaders.financing.load(financingKey(product, id));
  }

  @Query(() => FinancingConnection, { description: "The financings the viewer is the party or the bank of." })
  financings(
    @ViewerAccess() access: Access,
    @Args("filter", { type: () => FinancingFilter, nullable: true }, new InputPipe(FinancingFilter))
    filter: FinancingFilter | undefined,
    @Args("orderBy", { type: () => FinancingOrder, nullable: true }) orderBy: OrderBy<FinancingSortField> | null,
    @FirstArg() first: number | null,
    @AfterArg() after: string | null,
  ) {
    return this.service.financings(access, filter, orderBy, first, after);
  }

  @Query(() => BankPortfolio, {
    description:
      "The open financings a bank funded, with maturities and exposures (for that bank and the regulator only).",
  })
  bankPortfolio(
    @ViewerAccess() access: Access,
    @Args("bank", { type: () => String }, AddressPipe) bank: string,
    @Args("maturingWithinDays", { type: () => Int, defaultValue: 30 }) maturingWithinDays: number,
    @Args("asOf", { type: () => GraphQLDateTime, nullable: true, description: "Default: now." }) asOf: Date | null,
  ) {
    return this.service.portfolio(access, bank, maturingWithinDays, asOf);
  }

  @ResolveField(() => Receivable, { nullable: true })
  receivable(@Parent() financing: FinancingRow, @RequestLoaders() loaders: Loaders) {
    return financing.receivableId === null ? null : loaders.receivable.load(financing.receivableId);
  }

  @ResolveField(() => ReceivablePart, { nullable: true, description: "The part sold (factoring)." })
  part(@Parent() financing: FinancingRow, @RequestLoaders() loaders: Loaders) {
    return financing.assetType === FinancedAssetType.part ? loaders.part.load(financing.assetId) : null;
  }

  @ResolveField(() => PurchaseOrder, { nullable: true, description: "The order financed (order financing)." })
  order(@Parent() financing: FinancingRow, @RequestLoaders() loaders: Loaders) {
    return financing.assetType === FinancedAssetType.order ? loaders.order.load(financing.assetId) : null;
  }

  @ResolveField(() => WarehouseReceipt, { nullable: true, description: "The receipt pledged (receipt financing)." })
  receipt(@Parent() financing: FinancingRow, @RequestLoaders() loaders: Loaders) {
    return financing.assetType === FinancedAssetType.receipt ? loaders.receipt.load(financing.assetId) : null;
  }

  @ResolveField(() => Member, { nullable: true })
  partyMember(@Parent() financing: FinancingRow, @RequestLoaders() loaders: Loaders) {
    return loaders.member.load(financing.party);
  }

  @ResolveField(() => Member, { nullable: true })
  bankMember(@Parent() financing: FinancingRow, @RequestLoaders() loaders: Loaders) {
    return loaders.member.load(financing.bank);
  }

  @ResolveField(() => Member, { nullable: true })
  obligorMember(@Parent() financing: FinancingRow, @RequestLoaders() loaders: Loaders) {
    return financing.obligor === null ? null : loaders.member.load(financing.obligor);
  }

  @ResolveField(() => [Repayment], { description: "Cash flows, in chain order." })
  repayments(@Parent() financing: FinancingRow, @RequestLoaders() loaders: Loaders) {
    return loaders.repaymentsOf.load(financingKey(financing.product, financing.id));
  }
}

@Resolver(() => Repayment)
export class RepaymentsResolver {
  constructor(@Inject(FinancingsService) private readonly service: FinancingsService) {}

  @Query(() => RepaymentConnection, { description: "Repayments of the financings visible to the viewer." })
  repayments(
    @ViewerAccess() access: Access,
    @Args("filter", { type: () => RepaymentFilter, nullable: true }, new InputPipe(RepaymentFilter))
    filter: RepaymentFilter | undefined,
    @Args("orderBy", { type: () => RepaymentOrder, nullable: true }) orderBy: OrderBy<RepaymentSortField> | null,
    @FirstArg() first: number | null,
    @AfterArg() after: string | null,
  ) {
    return this.service.repayments(access, filter, orderBy, first, after);
  }

  @ResolveField(() => Financing, { nullable: true })
  financing(@Parent() repayment: RepaymentRow, @RequestLoaders() loaders: Loaders) {
    return loaders.financing.load(financingKey(repayment.product, repayment.financingId));
  }
}

@Resolver(() => BankPortfolio)
export class BankPortfolioResolver {
  @ResolveField(() => Member, { nullable: true })
  bankMember(@Parent() portfolio: BankPortfolio, @RequestLoaders() loaders: Loaders) {
    return loaders.member.load(portfolio.bank);
  }
}

@Resolver(() => Exposure)
export class ExposureResolver {
  @ResolveField(() => Member, { nullable: true })
  counterpartyMember(@Parent() exposure: Exposure, @RequestLoaders() loaders: Loaders) {
    return loaders.member.load(exposure.counterparty);
  }
}

@Resolver(() => OverdueExposure)
export class OverdueExposureResolver {
  @ResolveField(() => Member, { nullable: true })
  counterpartyMember(@Parent() overdue: OverdueExposure, @RequestLoaders() loaders: Loaders) {
    return loaders.member.load(overdue.counterparty);
  }
}
