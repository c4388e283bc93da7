import { Field, InputType, registerEnumType } from "@nestjs/graphql";
import { ArrayMaxSize, IsIn, IsOptional, MaxLength } from "class-validator";
import { CreditLineKind, FINANCING_CONTRACT_NAMES, MemberRole, MemberStatus } from "../../common/enums";
import { orderInput } from "../../common/order.input";
import { IsAddress } from "../../common/validation";

@InputType()
export class MemberFilter {
  @Field(() => [String], { nullable: true, description: "Any of these addresses." })
  @IsOptional()
  @ArrayMaxSize(500)
  @IsAddress({ each: true })
  addresses?: string[];
  @Field(() => String, { nullable: true })
  @IsOptional()
  @MaxLength(200)
  orgId?: string;
  @Field(() => [MemberStatus], { nullable: true })
  status?: string[];
  @Field(() => MemberRole, { nullable: true, description: "Members having this role." })
  role?: MemberRole;
  @Field(() => Boolean, { nullable: true })
  blacklisted?: boolean;
}

export enum MemberSortField {
  ADDRESS = "ADDRESS",
  ORG_ID = "ORG_ID",
  /** By admission block (accounts never admitted first). */
  ADMITTED = "ADMITTED",
}
registerEnumType(MemberSortField, { name: "MemberSortField" });
export const MemberOrder = orderInput(MemberSortField, "Member", MemberSortField.ADDRESS);

@InputType()
export class TokenBalanceFilter {
  @Field(() => String, { nullable: true })
  @IsAddress()
  account?: string;
  @Field(() => String, { nullable: true, description: "Settlement token contract." })
  @IsAddress()
  token?: string;
  @Field(() => String, { nullable: true })
  @IsOptional()
  @MaxLength(8)
  currency?: string;
  @Field(() => Boolean, { nullable: true, description: "Only non-zero balances." })
  nonZero?: boolean;
}

export enum TokenBalanceSortField {
  ACCOUNT = "ACCOUNT",
  BALANCE = "BALANCE",
}
registerEnumType(TokenBalanceSortField, { name: "TokenBalanceSortField" });
export const TokenBalanceOrder = orderInput(TokenBalanceSortField, "TokenBalance", TokenBalanceSortField.ACCOUNT);

@InputType()
export class HeldPayoutFilter {
  @Field(() => String, { nullable: true })
  @IsAddress()
  account?: string;
  @Field(() => String, {
    nullable: true,
    description: "Financing contract holding the payout: factoring, orderFinancing or receiptFinancing.",
  })
  @IsIn(FINANCING_CONTRACT_NAMES, { message: `contract must be one of ${FINANCING_CONTRACT_NAMES.join(", ")}` })
  contract?: string;
  @Field(() => String, { nullable: true })
  @IsOptional()
  @MaxLength(8)
  currency?: string;
}

export enum HeldPayoutSortField {
  ACCOUNT = "ACCOUNT",
  AMOUNT = "AMOUNT",
}
registerEnumType(HeldPayoutSortField, { name: "HeldPayoutSortField" });
export const HeldPayoutOrder = orderInput(HeldPayoutSortField, "HeldPayout", HeldPayoutSortField.ACCOUNT);

@InputType()
export class CreditLineFilter {
  @Field(() => String, { nullable: true })
  @IsAddress()
  bank?: string;
  @Field(() => String, { nullable: true })
  @IsAddress()
  counterparty?: string;
  @Field(() => CreditLineKind, { nullable: true })
  kind?: string;
}

export enum CreditLineSortField {
  BANK = "BANK",
  LIMIT = "LIMIT",
  USED = "USED",
}
registerEnumType(CreditLineSortField, { name: "CreditLineSortField" });
export const CreditLineOrder = orderInput(CreditLineSortField, "CreditLine", CreditLineSortField.BANK);
