import { Inject } from "@nestjs/common";
import { Args, Parent, Query, ResolveField, Resolver } from "@nestjs/graphql";
import type {
  CreditLine as CreditLineRow,
  HeldPayout as HeldPayoutRow,
  Member as MemberRow,
  TokenBalance as TokenBalanceRow,
} from "../../database/schema";
import { ViewerAccess, type Access } from "../common/access";
import { AfterArg, FirstArg, RequestLoaders } from "../common/args";
import { MemberRole, roleNames } from "../common/enums";
import type { OrderBy } from "../common/order.input";
import { GraphQLBigInt } from "../common/scalars";
import { AddressPipe, InputPipe } from "../common/validation";
import type { ViewerLoaders as Loaders } from "../loaders/loaders";
import {
  CreditLineFilter,
  CreditLineOrder,
  HeldPayoutFilter,
  HeldPayoutOrder,
  MemberFilter,
  MemberOrder,
  TokenBalanceFilter,
  TokenBalanceOrder,
  type CreditLineSortField,
  type HeldPayoutSortField,
  type MemberSortField,
  type TokenBalanceSortField,
} from "./dtos/members.input";
import {
  CreditLine,
  CreditLineConnection,
  HeldPayout,
  HeldPayoutConnection,
  Member,
  MemberConnection,
  TokenBalance,
  TokenBalanceConnection,
} from "./member.model";
import { MembersService, remainingOf } from "./members.service";

@Resolver(() => Member)
export class MembersResolver {
  constructor(@Inject(MembersService) private readonly service: MembersService) {}

  @Query(() => Member, { nullable: true, description: "A member by address (the directory is open to every member)." })
  member(@RequestLoaders() loaders: Loaders, @Args("address", { type: () => String }, AddressPipe) address: string) {
    return loaders.member.load(address);
  }

  @Query(() => MemberConnection, { description: "The directory of members (open to every member)." })
  members(
    @ViewerAccess() _signedIn: Access, // the directory is for members: this requires a session
    @Args("filter", { type: () => MemberFilter, nullable: true }, new InputPipe(MemberFilter))
    filter: MemberFilter | undefined,
    @Args("orderBy", { type: () => MemberOrder, nullable: true }) orderBy: OrderBy<MemberSortField> | null,
    @FirstArg() first: number | null,
    @AfterArg() after: string | null,
  ) {
    return this.service.members(filter, orderBy, first, after);
  }

  @ResolveField(() => [MemberRole])
  roleNames(@Parent() member: MemberRow) {
    return roleNames(member.roles);
  }

  @ResolveField(() => String, {
    nullable: true,
    description: "KYC reference: shown to the member itself, the operator and the regulator only (null otherwise).",
  })
  kycRef(@Parent() member: MemberRow, @ViewerAccess() access: Access) {
    return access.seesPrivateFieldsOf(member.address) ? member.kycRef : null;
  }

  @ResolveField(() => String, {
    nullable: true,
    description: "Why it is suspended: shown to the member itself, the operator and the regulator only.",
  })
  suspensionReason(@Parent() member: MemberRow, @ViewerAccess() access: Access) {
    return access.seesPrivateFieldsOf(member.address) ? member.suspensionReason : null;
  }

  @ResolveField(() => String, {
    nullable: true,
    description: "Why it is blacklisted: shown to the member itself, the operator and the regulator only.",
  })
  blacklistReason(@Parent() member: MemberRow, @ViewerAccess() access: Access) {
    return access.seesPrivateFieldsOf(member.address) ? member.blacklistReason : null;
  }

  // Cash and credit lines of another member are left out (an empty list), as in the lists.
  @ResolveField(() => [TokenBalance], { description: "Its cash: shown to the account itself and the regulator." })
  balances(@Parent() member: MemberRow, @RequestLoaders() loaders: Loaders) {
    return loaders.balancesOf.load(member.address);
  }

  @ResolveField(() => [HeldPayout], { description: "Shown to the account itself and the regulator." })
  heldPayouts(@Parent() member: MemberRow, @RequestLoaders() loaders: Loaders) {
    return loaders.heldPayoutsOf.load(member.address);
  }

  @ResolveField(() => [CreditLine], {
    description: "Credit lines this bank granted (those the viewer is the bank or the counterparty of).",
  })
  creditLinesGranted(@Parent() member: MemberRow, @RequestLoaders() loaders: Loaders) {
    return loaders.creditLinesGrantedBy.load(member.address);
  }

  @ResolveField(() => [CreditLine], {
    description: "Credit lines banks granted to this member (those the viewer is the bank or the counterparty of).",
  })
  creditLinesReceived(@Parent() member: MemberRow, @RequestLoaders() loaders: Loaders) {
    return loaders.creditLinesOf.load(member.address);
  }
}

@Resolver(() => TokenBalance)
export class TokenBalancesResolver {
  constructor(@Inject(MembersService) private readonly service: MembersService) {}

  @Query(() => TokenBalanceConnection)
  tokenBalances(
    @ViewerAccess() access: Access,
    @Args("filter", { type: () => TokenBalanceFilter, nullable: true }, new InputPipe(TokenBalanceFilter))
    filter: TokenBalanceFilter | undefined,
    @Args("orderBy", { type: () => TokenBalanceOrder, nullable: true }) orderBy: OrderBy<TokenBalanceSortField> | null,
    @FirstArg() first: number | null,
    @AfterArg() after: string | null,
  ) {
    return this.service.balances(access, filter, orderBy, first, after);
  }

  @ResolveField(() => Member, { nullable: true })
  accountMember(@Parent() balance: TokenBalanceRow, @RequestLoaders() loaders: Loaders) {
    return loaders.member.load(balance.account);
  }
}

@Resolver(() => HeldPayout)
export class HeldPayoutsResolver {
  constructor(@Inject(MembersService) private readonly service: MembersService) {}

  @Query(() => HeldPayoutConnection)
  heldPayouts(
    @ViewerAccess() access: Access,
    @Args("filter", { type: () => HeldPayoutFilter, nullable: true }, new InputPipe(HeldPayoutFilter))
    filter: HeldPayoutFilter | undefined,
    @Args("orderBy", { type: () => HeldPayoutOrder, nullable: true }) orderBy: OrderBy<HeldPayoutSortField> | null,
    @FirstArg() first: number | null,
    @AfterArg() after: string | null,
  ) {
    return this.service.heldPayouts(access, filter, orderBy, first, after);
  }

  @ResolveField(() => Member, { nullable: true })
  accountMember(@Parent() payout: HeldPayoutRow, @RequestLoaders() loaders: Loaders) {
    return loaders.member.load(payout.account);
  }
}

@Resolver(() => CreditLine)
export class CreditLinesResolver {
  constructor(@Inject(MembersService) private readonly service: MembersService) {}

  @Query(() => CreditLineConnection)
  creditLines(
    @ViewerAccess() access: Access,
    @Args("filter", { type: () => CreditLineFilter, nullable: true }, new InputPipe(CreditLineFilter))
    filter: CreditLineFilter | undefined,
    @Args("orderBy", { type: () => CreditLineOrder, nullable: true }) orderBy: OrderBy<CreditLineSortField> | null,
    @FirstArg() first: number | null,
    @AfterArg() after: string | null,
  ) {
    return this.service.creditLines(access, filter, orderBy, first, after);
  }

  @ResolveField(() => GraphQLBigInt, { description: "limit - used (0 when the use exceeds a lowered limit)." })
  remaining(@Parent() line: CreditLineRow) {
    return remainingOf(line.limit, line.used);
  }

  @ResolveField(() => Member, { nullable: true })
  bankMember(@Parent() line: CreditLineRow, @RequestLoaders() loaders: Loaders) {
    return loaders.member.load(line.bank);
  }

  @ResolveField(() => Member, { nullable: true })
  counterpartyMember(@Parent() line: CreditLineRow, @RequestLoaders() loaders: Loaders) {
    return loaders.member.load(line.counterparty);
  }
}
