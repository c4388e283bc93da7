import { Inject, Injectable } from "@nestjs/common";
import type { Access } from "../common/access";
import { orderOrDefault, type OrderBy } from "../common/order.input";
import { pageArgs } from "../common/pagination";
import {
  CreditLineSortField,
  HeldPayoutSortField,
  MemberSortField,
  TokenBalanceSortField,
  type CreditLineFilter,
  type HeldPayoutFilter,
  type MemberFilter,
  type TokenBalanceFilter,
} from "./dtos/members.input";
import { MembersRepository } from "./members.repository";

@Injectable()
export class MembersService {
  constructor(@Inject(MembersRepository) private readonly repository: MembersRepository) {}

  members(
    filter: MemberFilter | undefined,
    orderBy: OrderBy<MemberSortField> | null,
    first: number | null,
    after: string | null,
  ) {
    return this.repository.listMembers(
      filter,
      orderOrDefault(orderBy, MemberSortField.ADDRESS),
      pageArgs(first, after),
    );
  }

  balances(
    access: Access,
    filter: TokenBalanceFilter | undefined,
    orderBy: OrderBy<TokenBalanceSortField> | null,
    first: number | null,
    after: string | null,
  ) {
    return this.repository.listBalances(
      access,
      filter,
      orderOrDefault(orderBy, TokenBalanceSortField.ACCOUNT),
      pageArgs(first, after),
    );
  }

  heldPayouts(
    access: Access,
    filter: HeldPayoutFilter | undefined,
    orderBy: OrderBy<HeldPayoutSortField> | null,
    first: number | null,
    after: string | null,
  ) {
    return this.repository.listHeldPayouts(
      access,
      filter,
      orderOrDefault(orderBy, HeldPayoutSortField.ACCOUNT),
      pageArgs(first, after),
    );
  }

  creditLines(
    access: Access,
    filter: CreditLineFilter | undefined,
    orderBy: OrderBy<CreditLineSortField> | null,
    first: number | null,
    after: string | null,
  ) {
    return this.repository.listCreditLines(
      access,
      filter,
      orderOrDefault(orderBy, CreditLineSortField.BANK),
      pageArgs(first, after),
    );
  }
}

/** What remains of a credit line: limit - used, 0 when the use exceeds a lowered limit. */
export function remainingOf(limit: string, used: string): string {
  const rest = BigInt(limit) - BigInt(used);
  return (rest > 0n ? rest : 0n).toString();
}
