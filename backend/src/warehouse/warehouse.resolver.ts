/**
 * Mutations of the warehouse receipt steps: each returns the transactions the signed-in member signs
 * with its wallet (see WarehouseService for the checks made first).
 */
import { Inject } from "@nestjs/common";
import { Args, ID, Mutation, Resolver } from "@nestjs/graphql";
import { AddressPipe, IdPipe, InputPipe } from "../api/common/validation";
import { CurrentViewer } from "../auth/request-auth";
import type { Viewer } from "../auth/viewer";
import { PreparedTransaction } from "../transactions/prepared-transaction";
import { AttestReceiptInput, IssueReceiptInput } from "./warehouse.inputs";
import { WarehouseService } from "./warehouse.service";

@Resolver()
export class WarehouseResolver {
  constructor(@Inject(WarehouseService) private readonly service: WarehouseService) {}

  @Mutation(() => [PreparedTransaction], {
    description: "Warehouse: issue a receipt for goods it stores for their owner, with the uploaded receipt scan.",
  })
  issueReceipt(
    @CurrentViewer() viewer: Viewer,
    @Args("input", { type: () => IssueReceiptInput }, new InputPipe(IssueReceiptInput)) input: IssueReceiptInput,
  ) {
    return this.service.issueReceipt(viewer, input);
  }

  @Mutation(() => [PreparedTransaction], {
    description:
      "Issuing warehouse: attest a receipt's inventory with an uploaded report. On a pledged receipt, a count " +
      "below the pledged quantity or an anomaly freezes further drawing on the pledge and alerts the bank.",
  })
  attestReceipt(
    @CurrentViewer() viewer: Viewer,
    @Args("input", { type: () => AttestReceiptInput }, new InputPipe(AttestReceiptInput)) input: AttestReceiptInput,
  ) {
    return this.service.attestReceipt(viewer, input);
  }

  @Mutation(() => [PreparedTransaction], {
    description: "Issuing warehouse: release the goods of a receipt whose owner asked for them; the receipt is void.",
  })
  releaseGoods(@CurrentViewer() viewer: Viewer, @Args("receiptId", { type: () => ID }, IdPipe) receiptId: number) {
    return this.service.releaseGoods(viewer, receiptId);
  }

  @Mutation(() => [PreparedTransaction], {
    description: "Owner: ask the warehouse for the goods of an active, unpledged receipt.",
  })
  requestRelease(@CurrentViewer() viewer: Viewer, @Args("receiptId", { type: () => ID }, IdPipe) receiptId: number) {
    return this.service.requestRelease(viewer, receiptId);
  }

  @Mutation(() => [PreparedTransaction], {
    description: "Owner: transfer an active, unpledged receipt to another active member.",
  })
  transferReceipt(
    @CurrentViewer() viewer: Viewer,
    @Args("receiptId", { type: () => ID }, IdPipe) receiptId: number,
    @Args("to", { type: () => String }, AddressPipe) to: string,
  ) {
    return this.service.transferReceipt(viewer, receiptId, to);
  }

  @Mutation(() => [PreparedTransaction], {
    description: "Pledgee bank: lift the freeze an attestation put on a pledged receipt, after reviewing it.",
  })
  unfreezeReceipt(@CurrentViewer() viewer: Viewer, @Args("receiptId", { type: () => ID }, IdPipe) receiptId: number) {
    return this.service.unfreezeReceipt(viewer, receiptId);
  }
}
