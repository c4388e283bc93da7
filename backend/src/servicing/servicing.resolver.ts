/**
 * Mutations of servicing a funded financing: each returns the transactions the signed-in member signs
 * with its wallet, in order (see ServicingService for the checks made first).
 */
import { Inject } from "@nestjs/common";
import { Args, ID, Mutation, Resolver } from "@nestjs/graphql";
import { CreditLineKind, FinancingProduct } from "../api/common/enums";
import { GraphQLBigInt } from "../api/common/scalars";
import { AddressPipe, IdPipe } from "../api/common/validation";
import { CurrentViewer } from "../auth/request-auth";
import type { Viewer } from "../auth/viewer";
import { PreparedTransaction } from "../transactions/prepared-transaction";
import { ServicingService } from "./servicing.service";

@Resolver()
export class ServicingResolver {
  constructor(@Inject(ServicingService) private readonly service: ServicingService) {}

  @Mutation(() => [PreparedTransaction], {
    description:
      "Borrower of an active or defaulted ORDER or RECEIPT loan: approve the settlement tokens for principal and interest (interest accrued one day ahead, so that a repayment mined late is still covered), then repay in full.",
  })
  repayLoan(
    @CurrentViewer() viewer: Viewer,
    @Args("product", { type: () => FinancingProduct }) product: FinancingProduct,
    @Args("id", { type: () => ID }, IdPipe) id: number,
  ) {
    return this.service.repayLoan(viewer, product, id);
  }

  @Mutation(() => [PreparedTransaction], {
    description:
      "Bank or seller/borrower: collect a FACTORING deal or an ORDER loan whose receivable the obligor has paid (the bank is paid first, the rest goes to the seller/borrower).",
  })
  collectFinancing(
    @CurrentViewer() viewer: Viewer,
    @Args("product", { type: () => FinancingProduct }) product: FinancingProduct,
    @Args("id", { type: () => ID }, IdPipe) id: number,
  ) {
    return this.service.collectFinancing(viewer, product, id);
  }

  @Mutation(() => [PreparedTransaction], {
    description:
      "Bank: declare an active ORDER or RECEIPT loan in default, after its due date and a 30-day grace period.",
  })
  declareDefault(
    @CurrentViewer() viewer: Viewer,
    @Args("product", { type: () => FinancingProduct }) product: FinancingProduct,
    @Args("id", { type: () => ID }, IdPipe) id: number,
  ) {
    return this.service.declareDefault(viewer, product, id);
  }

  @Mutation(() => [PreparedTransaction], {
    description:
      "Bank: claim the advance of a funded factoring deal with recourse back from its seller, once the receivable is in default.",
  })
  claimRecourse(@CurrentViewer() viewer: Viewer, @Args("id", { type: () => ID }, IdPipe) id: number) {
    return this.service.claimRecourse(viewer, id);
  }

  @Mutation(() => [PreparedTransaction], {
    description:
      "Seller: approve the settlement tokens for the advance, then settle the bank's recourse claim (the part comes back).",
  })
  settleRecourse(@CurrentViewer() viewer: Viewer, @Args("id", { type: () => ID }, IdPipe) id: number) {
    return this.service.settleRecourse(viewer, id);
  }

  @Mutation(() => [PreparedTransaction], {
    description: "Pledgee bank: enforce the pledge of a receipt with a loan in default (the goods become the bank's).",
  })
  enforceReceiptPledge(
    @CurrentViewer() viewer: Viewer,
    @Args("receiptId", { type: () => ID }, IdPipe) receiptId: number,
  ) {
    return this.service.enforceReceiptPledge(viewer, receiptId);
  }

  @Mutation(() => [PreparedTransaction], {
    description:
      "Member: claim, in the deployment's currency, what a product's contract held for you while you could not be paid.",
  })
  claimHeldPayouts(
    @CurrentViewer() viewer: Viewer,
    @Args("product", { type: () => FinancingProduct }) product: FinancingProduct,
  ) {
    return this.service.claimHeldPayouts(viewer, product);
  }

  @Mutation(() => [PreparedTransaction], {
    description:
      "Bank: set your credit line of a kind for a member, 0 to 2^128 - 1 minor units; 0 closes the line (no new financing, what is in use stays). A suspended or blacklisted member's line may only be lowered.",
  })
  setCreditLimit(
    @CurrentViewer() viewer: Viewer,
    @Args("counterparty", { type: () => String }, AddressPipe) counterparty: string,
    @Args("kind", { type: () => CreditLineKind }) kind: keyof typeof CreditLineKind,
    @Args("limit", { type: () => GraphQLBigInt }) limit: string,
  ) {
    return this.service.setCreditLimit(viewer, counterparty, kind, limit);
  }
}
