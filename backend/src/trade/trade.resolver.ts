/**
 * Mutations of the trade steps: each returns the transactions the signed-in member signs with its
 * wallet, in order (see TradeService for the checks made first).
 */
import { Inject } from "@nestjs/common";
import { Args, ID, Mutation, Resolver } from "@nestjs/graphql";
import { AddressPipe, IdPipe, InputPipe } from "../api/common/validation";
import { CurrentViewer } from "../auth/request-auth";
import type { Viewer } from "../auth/viewer";
import { PreparedTransaction } from "../transactions/prepared-transaction";
import { IssueReceivableInput, SplitPartInput, SubmitOrderInput } from "./trade.inputs";
import { TradeService } from "./trade.service";

@Resolver()
export class TradeResolver {
  constructor(@Inject(TradeService) private readonly trade: TradeService) {}

  @Mutation(() => [PreparedTransaction], {
    description: "Supplier: submit a purchase order with its uploaded document.",
  })
  submitOrder(
    @CurrentViewer() viewer: Viewer,
    @Args("input", { type: () => SubmitOrderInput }, new InputPipe(SubmitOrderInput)) input: SubmitOrderInput,
  ) {
    return this.trade.submitOrder(viewer, input);
  }

  @Mutation(() => [PreparedTransaction], { description: "Buyer (core enterprise): confirm a pending order." })
  confirmOrder(@CurrentViewer() viewer: Viewer, @Args("orderId", { type: () => ID }, IdPipe) orderId: number) {
    return this.trade.confirmOrder(viewer, orderId);
  }

  @Mutation(() => [PreparedTransaction], {
    description: "Buyer: reject a pending order with a reason (at most 31 bytes).",
  })
  rejectOrder(
    @CurrentViewer() viewer: Viewer,
    @Args("orderId", { type: () => ID }, IdPipe) orderId: number,
    @Args("reason", { type: () => String }) reason: string,
  ) {
    return this.trade.rejectOrder(viewer, orderId, reason);
  }

  @Mutation(() => [PreparedTransaction], {
    description:
      "Buyer: accept delivery of a confirmed order against an uploaded invoice; the order becomes a receivable.",
  })
  acceptDelivery(
    @CurrentViewer() viewer: Viewer,
    @Args("orderId", { type: () => ID }, IdPipe) orderId: number,
    @Args("invoiceDocumentId", { type: () => String }) invoiceDocumentId: string,
  ) {
    return this.trade.acceptDelivery(viewer, orderId, invoiceDocumentId);
  }

  @Mutation(() => [PreparedTransaction], { description: "Core enterprise: confirm a payable, issued as a receivable." })
  issueReceivable(
    @CurrentViewer() viewer: Viewer,
    @Args("input", { type: () => IssueReceivableInput }, new InputPipe(IssueReceivableInput))
    input: IssueReceivableInput,
  ) {
    return this.trade.issueReceivable(viewer, input);
  }

  @Mutation(() => [PreparedTransaction], {
    description: "Holder: split an amount off a part into a new part for another member.",
  })
  splitPart(
    @CurrentViewer() viewer: Viewer,
    @Args("input", { type: () => SplitPartInput }, new InputPipe(SplitPartInput)) input: SplitPartInput,
  ) {
    return this.trade.splitPart(viewer, input);
  }

  @Mutation(() => [PreparedTransaction], { description: "Holder: transfer a whole part to another member." })
  transferPart(
    @CurrentViewer() viewer: Viewer,
    @Args("partId", { type: () => ID }, IdPipe) partId: number,
    @Args("to", { type: () => String }, AddressPipe) to: string,
  ) {
    return this.trade.transferPart(viewer, partId, to);
  }

  @Mutation(() => [PreparedTransaction], {
    description: "Obligor: pay a receivable in full (approve the settlement tokens, then pay).",
  })
  payReceivable(
    @CurrentViewer() viewer: Viewer,
    @Args("receivableId", { type: () => ID }, IdPipe) receivableId: number,
  ) {
    return this.trade.payReceivable(viewer, receivableId);
  }
}
