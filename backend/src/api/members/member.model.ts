import { Field, Int, ObjectType } from "@nestjs/graphql";
import { Connection } from "../common/pagination";
import { GraphQLBigInt, GraphQLDateTime } from "../common/scalars";
import { CreditLineKind, MemberStatus } from "../common/enums";

@ObjectType({ description: "A consortium member (registry)." })
export class Member {
  @Field(() => String, { description: "EIP-55 address." })
  address!: string;
  @Field(() => String)
  orgId!: string;
  @Field(() => Int, { description: "Role bits (see roleNames)." })
  roles!: number;
  @Field(() => MemberStatus)
  status!: string;
  @Field(() => Boolean)
  blacklisted!: boolean;
  // kycRef, suspensionReason and blacklistReason are fields of MembersResolver: private to some viewers.
  @Field(() => GraphQLDateTime, {
    nullable: true,
    description: "Null for an account blacklisted without being admitted.",
  })
  admittedAt!: Date | null;
  @Field(() => Int, { nullable: true })
  admittedBlock!: number | null;
  @Field(() => Int)
  updatedBlock!: number;
}

@ObjectType({ description: "A settlement-token balance." })
export class TokenBalance {
  @Field(() => String)
  token!: string;
  @Field(() => String)
  account!: string;
  @Field(() => String)
  currency!: string;
  @Field(() => GraphQLBigInt)
  balance!: string;
  @Field(() => Int)
  updatedBlock!: number;
}

@ObjectType({ description: "Payout a financing contract holds for a member that was inactive when paid." })
export class HeldPayout {
  @Field(() => String, { description: "The contract holding it: factoring, orderFinancing or receiptFinancing." })
  contract!: string;
  @Field(() => String)
  account!: string;
  @Field(() => String)
  currency!: string;
  @Field(() => GraphQLBigInt)
  amount!: string;
  @Field(() => Int)
  updatedBlock!: number;
}

@ObjectType({ description: "A bank's credit limit for a counterparty, and its use." })
export class CreditLine {
  @Field(() => String)
  bank!: string;
  @Field(() => String)
  counterparty!: string;
  @Field(() => CreditLineKind)
  kind!: string;
  @Field(() => GraphQLBigInt)
  limit!: string;
  @Field(() => GraphQLBigInt)
  used!: string;
  @Field(() => Int)
  updatedBlock!: number;
}

@ObjectType()
export class MemberConnection extends Connection(Member) {}
@ObjectType()
export class TokenBalanceConnection extends Connection(TokenBalance) {}
@ObjectType()
export class HeldPayoutConnection extends Connection(HeldPayout) {}
@ObjectType()
export class CreditLineConnection extends Connection(CreditLine) {}
