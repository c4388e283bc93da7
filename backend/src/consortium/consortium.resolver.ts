/**
 * Mutations of the operator's membership steps and of settlement-token deposits: each returns the
 * transactions the signed-in member signs with its wallet, in order (see ConsortiumService for the
 * checks made first).
 */
import { Inject } from "@nestjs/common";
import { Args, Mutation, Resolver } from "@nestjs/graphql";
import { MemberRole } from "../api/common/enums";
import { GraphQLBigInt } from "../api/common/scalars";
import { AddressPipe, InputPipe } from "../api/common/validation";
import { CurrentViewer } from "../auth/request-auth";
import type { Viewer } from "../auth/viewer";
import { PreparedTransaction } from "../transactions/prepared-transaction";
import { AdmitMemberInput } from "./consortium.inputs";
import { ConsortiumService } from "./consortium.service";

@Resolver()
export class ConsortiumResolver {
  constructor(@Inject(ConsortiumService) private readonly service: ConsortiumService) {}

  @Mutation(() => [PreparedTransaction], {
    description: "Operator: admit an organisation account after KYC, with its roles.",
  })
  admitMember(
    @CurrentViewer() viewer: Viewer,
    @Args("input", { type: () => AdmitMemberInput }, new InputPipe(AdmitMemberInput)) input: AdmitMemberInput,
  ) {
    return this.service.admitMember(viewer, input);
  }

  @Mutation(() => [PreparedTransaction], {
    description:
      "Operator: replace an admitted member's roles (giving or taking OPERATOR needs the governance account).",
  })
  setMemberRoles(
    @CurrentViewer() viewer: Viewer,
    @Args("account", { type: () => String }, AddressPipe) account: string,
    @Args("roles", { type: () => [MemberRole] }) roles: MemberRole[],
  ) {
    return this.service.setMemberRoles(viewer, account, roles);
  }

  @Mutation(() => [PreparedTransaction], {
    description: "Operator: suspend an active member (not itself), with a reason of at most 31 bytes.",
  })
  suspendMember(
    @CurrentViewer() viewer: Viewer,
    @Args("account", { type: () => String }, AddressPipe) account: string,
    @Args("reason", { type: () => String }) reason: string,
  ) {
    return this.service.suspendMember(viewer, account, reason);
  }

  @Mutation(() => [PreparedTransaction], { description: "Operator: reinstate a suspended member." })
  reinstateMember(
    @CurrentViewer() viewer: Viewer,
    @Args("account", { type: () => String }, AddressPipe) account: string,
  ) {
    return this.service.reinstateMember(viewer, account);
  }

  @Mutation(() => [PreparedTransaction], {
    description:
      "Operator: put any address (not itself) on the shared blacklist or take it off, with a reason of at most 31 bytes.",
  })
  setMemberBlacklisted(
    @CurrentViewer() viewer: Viewer,
    @Args("account", { type: () => String }, AddressPipe) account: string,
    @Args("blacklisted", { type: () => Boolean }) blacklisted: boolean,
    @Args("reason", { type: () => String }) reason: string,
  ) {
    return this.service.setMemberBlacklisted(viewer, account, blacklisted, reason);
  }

  @Mutation(() => [PreparedTransaction], {
    description:
      "Bank (active, not blacklisted): mint settlement tokens to an active member against money received off chain, under a deposit reference.",
  })
  mintDeposit(
    @CurrentViewer() viewer: Viewer,
    @Args("to", { type: () => String }, AddressPipe) to: string,
    @Args("amount", { type: () => GraphQLBigInt }) amount: string,
    @Args("reference", { type: () => String }) reference: string,
  ) {
    return this.service.mintDeposit(viewer, to, amount, reference);
  }

  @Mutation(() => [PreparedTransaction], {
    description: "Member: burn settlement tokens of its own, to be paid out off chain by a member bank.",
  })
  redeemDeposit(
    @CurrentViewer() viewer: Viewer,
    @Args("amount", { type: () => GraphQLBigInt }) amount: string,
    @Args("bank", { type: () => String }, AddressPipe) bank: string,
    @Args("reference", { type: () => String }) reference: string,
  ) {
    return this.service.redeemDeposit(viewer, amount, bank, reference);
  }
}
