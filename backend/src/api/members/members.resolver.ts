import { Inject } from "@nestjs/common";
import { Args, Parent, Query, ResolveField, Resolver } from "@nestjs/graphql";
import type {
  CreditLine as CreditLineRow,
  HeldPayout as HeldPayoutRow,
  Member as MemberRow,
  TokenBalance as TokenBalanceRow,
} from "../../database/schema";
import { AfterArg, FirstArg, RequestLoaders } from "../common/args";
import { MemberRole, roleNames } from "../common/enums";
import type { OrderBy } from "../common/order.input";
import { GraphQLBigInt } from "../common/scalars";
import { AddressPipe, InputPipe } from "../common/validation";
import type { Loaders } from "../loaders/loaders";
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

  @Query(() => Member, { nullable: true, description: "A member by address." })
  member(@Args("address", { type: () => String }, AddressPipe) address: string, @RequestLoaders() loaders: Loaders) {
    return loaders.member.load(address);
  }

  @Query(() => MemberConnection)
  members(
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

  @ResolveField(() => [TokenBalance])
  balances(@Parent() member: MemberRow, @RequestLoaders() loaders: Loaders) {
    return loaders.balancesOf.load(member.address);
  }

  @ResolveField(() => [HeldPayout])
  heldPayouts(@Parent() member: MemberRow, @RequestLoaders() loaders: Loaders) {
    return loaders.heldPayoutsOf.load(member.address);
  }

  @ResolveField(() => [CreditLine], { description: "Credit lines this bank granted." })
  creditLinesGranted(@Parent() member: MemberRow, @RequestLoaders() loaders: Loaders) {
    return loaders.creditLinesGrantedBy.load(member.address);
  }

  @ResolveField(() => [CreditLine], { description: "Credit lines banks granted to this member." })
  creditLinesReceived(@Parent() member: MemberRow, @RequestLoaders() loaders: Loaders) {
    return loaders.creditLinesOf.load(member.address);
  }
}

@Resolver(() => TokenBalance)
export class TokenBalancesResolver {
  constructor(@Inject(MembersService) private readonly service: MembersService) {}

  @Query(() => TokenBalanceConnection)
  tokenBalances(
    @Args("filter", { type: () => TokenBalanceFilter, nullable: true }, new InputPipe(TokenBalanceFilter))
    filter: TokenBalanceFilter | undefined,
    @Args("orderBy", { type: () => TokenBalanceOrder, nullable: true }) orderBy: OrderBy<TokenBalanceSortField> | null,
    @FirstArg() first: number | null,
    @AfterArg() after: string | null,
  ) {
    return this.service.balances(filter, orderBy, first, after);
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
    @Args("filter", { type: () => HeldPayoutFilter, nullable: true }, new InputPipe(HeldPayoutFilter))
    filter: HeldPayoutFilter | undefined,
    @Args("orderBy", { type: () => HeldPayoutOrder, nullable: true }) orderBy: OrderBy<HeldPayoutSortField> | null,
    @FirstArg() first: number | null,
    @AfterArg() after: string | null,
  ) {
    return this.service.heldPayouts(filter, orderBy, first, after);
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
    @Args("filter", { type: () => CreditLineFilter, nullable: true }, new InputPipe(CreditLineFilter))
    filter: CreditLineFilter | undefined,
    @Args("orderBy", { type: () => CreditLineOrder, nullable: true }) orderBy: OrderBy<CreditLineSortField> | null,
    @FirstArg() first: number | null,
    @AfterArg() after: string | null,
  ) {
    return this.service.creditLines(filter, orderBy, first, after);
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
