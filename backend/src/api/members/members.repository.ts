import { Injectable } from "@nestjs/common";
import { and, asc, eq, gt, inArray, sql } from "drizzle-orm";
import {
  creditLines,
  heldPayouts,
  members,
  tokenBalances,
  type CreditLine,
  type HeldPayout,
  type Member,
  type TokenBalance,
} from "../../database/schema";
import type { Access } from "../common/access";
import { ROLE_BITS } from "../common/enums";
import type { OrderBy } from "../common/order.input";
import { key, keysetPage, type ListSpec, type Page, type PageArgs } from "../common/pagination";
import { anyOf, Repository } from "../common/repository";
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

const MEMBERS: ListSpec<MemberSortField> = {
  name: "members",
  table: members,
  key: [key(members.address, "address", "text")],
  sorts: {
    ADDRESS: key(members.address, "address", "text"),
    ORG_ID: key(members.orgId, "orgId", "text"),
    // Accounts blacklisted without being admitted have no admission: they sort first.
    ADMITTED: key(members.admittedBlock, "admittedBlock", "int", -1),
  },
};

const BALANCES: ListSpec<TokenBalanceSortField> = {
  name: "tokenBalances",
  table: tokenBalances,
  key: [key(tokenBalances.account, "account", "text"), key(tokenBalances.token, "token", "text")],
  sorts: {
    ACCOUNT: key(tokenBalances.account, "account", "text"),
    BALANCE: key(tokenBalances.balance, "balance", "numeric"),
  },
};

const HELD: ListSpec<HeldPayoutSortField> = {
  name: "heldPayouts",
  table: heldPayouts,
  key: [
    key(heldPayouts.account, "account", "text"),
    key(heldPayouts.contract, "contract", "text"),
    key(heldPayouts.currency, "currency", "text"),
  ],
  sorts: {
    ACCOUNT: key(heldPayouts.account, "account", "text"),
    AMOUNT: key(heldPayouts.amount, "amount", "numeric"),
  },
};

const CREDIT_LINES: ListSpec<CreditLineSortField> = {
  name: "creditLines",
  table: creditLines,
  key: [
    key(creditLines.bank, "bank", "text"),
    key(creditLines.counterparty, "counterparty", "text"),
    key(creditLines.kind, "kind", "text"),
  ],
  sorts: {
    BANK: key(creditLines.bank, "bank", "text"),
    LIMIT: key(creditLines.limit, "limit", "numeric"),
    USED: key(creditLines.used, "used", "numeric"),
  },
};

@Injectable()
export class MembersRepository extends Repository {
  /** The directory: every signed-in member sees every member (private fields are masked by the resolver). */
  listMembers(
    filter: MemberFilter | undefined,
    order: OrderBy<MemberSortField>,
    page: PageArgs,
  ): Promise<Page<Member>> {
    const where = and(
      anyOf(members.address, filter?.addresses),
      filter?.orgId !== undefined ? eq(members.orgId, filter.orgId) : undefined,
      anyOf(members.status, filter?.status),
      filter?.role !== undefined ? sql`(${members.roles} & ${ROLE_BITS[filter.role]}) <> 0` : undefined,
      filter?.blacklisted !== undefined && filter.blacklisted !== null
        ? eq(members.blacklisted, filter.blacklisted)
        : undefined,
    );
    return keysetPage(this.db, MEMBERS, { where, ...order, page });
  }

  listBalances(
    access: Access,
    filter: TokenBalanceFilter | undefined,
    order: OrderBy<TokenBalanceSortField>,
    page: PageArgs,
  ) {
    const where = and(
      access.tokenBalances(),
      filter?.account ? eq(tokenBalances.account, filter.account) : undefined,
      filter?.token ? eq(tokenBalances.token, filter.token) : undefined,
      filter?.currency ? eq(tokenBalances.currency, filter.currency) : undefined,
      filter?.nonZero ? gt(tokenBalances.balance, "0") : undefined,
    );
    return keysetPage<TokenBalance, TokenBalanceSortField>(this.db, BALANCES, { where, ...order, page });
  }

  listHeldPayouts(
    access: Access,
    filter: HeldPayoutFilter | undefined,
    order: OrderBy<HeldPayoutSortField>,
    page: PageArgs,
  ) {
    const where = and(
      access.heldPayouts(),
      filter?.account ? eq(heldPayouts.account, filter.account) : undefined,
      filter?.contract ? eq(heldPayouts.contract, filter.contract) : undefined,
      filter?.currency ? eq(heldPayouts.currency, filter.currency) : undefined,
    );
    return keysetPage<HeldPayout, HeldPayoutSortField>(this.db, HELD, { where, ...order, page });
  }

  listCreditLines(
    access: Access,
    filter: CreditLineFilter | undefined,
    order: OrderBy<CreditLineSortField>,
    page: PageArgs,
  ) {
    const where = and(
      access.creditLines(),
      filter?.bank ? eq(creditLines.bank, filter.bank) : undefined,
      filter?.counterparty ? eq(creditLines.counterparty, filter.counterparty) : undefined,
      filter?.kind ? eq(creditLines.kind, filter.kind) : undefined,
    );
    return keysetPage<CreditLine, CreditLineSortField>(this.db, CREDIT_LINES, { where, ...order, page });
  }

  byAddresses(addresses: readonly string[]): Promise<Member[]> {
    return this.db
      .select()
      .from(members)
      .where(inArray(members.address, [...addresses]));
  }

  balancesOf(accounts: readonly string[], access: Access): Promise<TokenBalance[]> {
    return this.db
      .select()
      .from(tokenBalances)
      .where(and(inArray(tokenBalances.account, [...accounts]), access.tokenBalances()))
      .orderBy(asc(tokenBalances.account), asc(tokenBalances.token));
  }

  heldPayoutsOf(accounts: readonly string[], access: Access): Promise<HeldPayout[]> {
    return this.db
      .select()
      .from(heldPayouts)
      .where(and(inArray(heldPayouts.account, [...accounts]), access.heldPayouts()))
      .orderBy(asc(heldPayouts.account), asc(heldPayouts.contract), asc(heldPayouts.currency));
  }

  creditLinesGrantedBy(banks: readonly string[], access: Access): Promise<CreditLine[]> {
    return this.db
      .select()
      .from(creditLines)
      .where(and(inArray(creditLines.bank, [...banks]), access.creditLines()))
      .orderBy(asc(creditLines.bank), asc(creditLines.counterparty), asc(creditLines.kind));
  }

  creditLinesOf(counterparties: readonly string[], access: Access): Promise<CreditLine[]> {
    return this.db
      .select()
      .from(creditLines)
      .where(and(inArray(creditLines.counterparty, [...counterparties]), access.creditLines()))
      .orderBy(asc(creditLines.counterparty), asc(creditLines.bank), asc(creditLines.kind));
  }
}
