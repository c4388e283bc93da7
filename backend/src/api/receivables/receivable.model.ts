import { Field, ID, Int, ObjectType, registerEnumType } from "@nestjs/graphql";
import { PartStatus, ReceivableStatus } from "../common/enums";
import { Connection } from "../common/pagination";
import { GraphQLBigInt, GraphQLDateTime } from "../common/scalars";

@ObjectType({ description: "A receivable: what an obligor (core enterprise) owes, payable at maturity." })
export class Receivable {
  @Field(() => ID)
  id!: number;
  @Field(() => String)
  obligor!: string;
  @Field(() => String, { description: "Original creditor (supplier)." })
  creditor!: string;
  @Field(() => GraphQLBigInt)
  face!: string;
  @Field(() => String)
  currency!: string;
  @Field(() => GraphQLDateTime)
  maturity!: Date;
  @Field(() => Boolean)
  longTerm!: boolean;
  @Field(() => ID, { nullable: true })
  orderId!: number | null;
  @Field(() => String)
  invoiceHash!: string;
  @Field(() => String)
  invoiceUri!: string;
  @Field(() => ReceivableStatus)
  status!: string;
  @Field(() => GraphQLBigInt, { description: "Sum of the parts redeemed after payment." })
  redeemed!: string;
  @Field(() => GraphQLDateTime, { nullable: true })
  paidAt!: Date | null;
  @Field(() => String, { nullable: true })
  paidBy!: string | null;
  @Field(() => Boolean, { nullable: true })
  paidLate!: boolean | null;
  @Field(() => String, { nullable: true })
  defaultedBy!: string | null;
  @Field(() => GraphQLDateTime)
  issuedAt!: Date;
  @Field(() => Int)
  issuedBlock!: number;
  @Field(() => Int)
  updatedBlock!: number;
}

@ObjectType({ description: "A part of a receivable: the root part has the receivable's id; every split adds a child." })
export class ReceivablePart {
  @Field(() => ID)
  id!: number;
  @Field(() => ID)
  receivableId!: number;
  @Field(() => ID, { nullable: true })
  parentId!: number | null;
  @Field(() => Int, { description: "0 for the root part." })
  depth!: number;
  @Field(() => String)
  holder!: string;
  @Field(() => GraphQLBigInt, { description: "Value when the part was created." })
  face!: string;
  @Field(() => GraphQLBigInt, { description: "Value it still holds after parts were split off it." })
  amount!: string;
  @Field(() => PartStatus)
  status!: string;
  @Field(() => GraphQLDateTime)
  createdAt!: Date;
  @Field(() => Int)
  createdBlock!: number;
  @Field(() => Int)
  updatedBlock!: number;
}

@ObjectType({ description: "What a member holds of a receivable (sum of its active parts)." })
export class Holding {
  @Field(() => String)
  holder!: string;
  @Field(() => ID)
  receivableId!: number;
  @Field(() => GraphQLBigInt)
  amount!: string;
  @Field(() => Int, { description: "Active parts held." })
  parts!: number;
  @Field(() => Int)
  updatedBlock!: number;
}

@ObjectType({ description: "A part's place in its receivable's tree of splits." })
export class ReceivableLineage {
  @Field(() => ReceivablePart)
  part!: ReceivablePart;
  @Field(() => [ReceivablePart], {
    description: "From the root part down to the part's parent (empty for a root part).",
  })
  ancestors!: ReceivablePart[];
  @Field(() => [ReceivablePart], { description: "Every part split off the part, directly or not, by depth then id." })
  descendants!: ReceivablePart[];
  @Field(() => GraphQLBigInt, { description: "Amount still held by the part and its active descendants." })
  activeAmount!: string;
}

export enum CalendarBucket {
  DAY = "DAY",
  WEEK = "WEEK",
  MONTH = "MONTH",
}
registerEnumType(CalendarBucket, {
  name: "CalendarBucket",
  description: "Calendar buckets in UTC; weeks start on Monday.",
});

@ObjectType({ description: "Receivables of an obligor maturing in one period, in one currency." })
export class MaturityBucket {
  @Field(() => GraphQLDateTime, { description: "Start of the period (inclusive)." })
  start!: Date;
  @Field(() => GraphQLDateTime, { description: "End of the period (exclusive)." })
  end!: Date;
  @Field(() => String)
  currency!: string;
  @Field(() => Int)
  count!: number;
  @Field(() => GraphQLBigInt, { description: "Face total." })
  face!: string;
  @Field(() => GraphQLBigInt, { description: "Face of the receivables paid." })
  paid!: string;
  @Field(() => GraphQLBigInt, { description: "Face of the receivables not paid (outstanding, overdue or defaulted)." })
  outstanding!: string;
  @Field(() => Int, { description: "Receivables overdue or defaulted." })
  overdueCount!: number;
}

@ObjectType({ description: "A core enterprise's receivables by maturity period." })
export class MaturityCalendar {
  @Field(() => String)
  obligor!: string;
  @Field(() => GraphQLDateTime)
  from!: Date;
  @Field(() => GraphQLDateTime)
  to!: Date;
  @Field(() => CalendarBucket)
  bucket!: CalendarBucket;
  @Field(() => [MaturityBucket], { description: "Periods with at least one receivable, in order." })
  buckets!: MaturityBucket[];
}

@ObjectType()
export class ReceivableConnection extends Connection(Receivable) {}
@ObjectType()
export class ReceivablePartConnection extends Connection(ReceivablePart) {}
@ObjectType()
export class HoldingConnection extends Connection(Holding) {}
