import { Field, ID, Int, ObjectType } from "@nestjs/graphql";
import { CreditLineKind, FinancedAssetType, FinancingProduct, FinancingStatus, RepaymentKind } from "../common/enums";
import { Connection } from "../common/pagination";
import { GraphQLBigInt, GraphQLDateTime } from "../common/scalars";

@ObjectType({ description: "A factoring deal or a loan (order or receipt financing), keyed by (product, id)." })
export class Financing {
  @Field(() => FinancingProduct)
  product!: string;
  @Field(() => ID, { description: "The deal's or loan's id in its product's contract." })
  id!: number;
  @Field(() => FinancedAssetType)
  assetType!: string;
  @Field(() => ID)
  assetId!: number;
  @Field(() => ID, { nullable: true, description: "The receivable behind the asset, when known." })
  receivableId!: number | null;
  @Field(() => String, { description: "Seller (factoring) or borrower (loans)." })
  party!: string;
  @Field(() => String)
  bank!: string;
  @Field(() => String, { nullable: true })
  obligor!: string | null;
  @Field(() => FinancingStatus)
  status!: string;
  @Field(() => GraphQLBigInt)
  requestedAmount!: string;
  @Field(() => Int, { nullable: true })
  minAdvanceBps!: number | null;
  @Field(() => Int)
  maxRateBps!: number;
  @Field(() => Int, { nullable: true })
  tenorDays!: number | null;
  @Field(() => Boolean, { nullable: true })
  recourse!: boolean | null;
  @Field(() => GraphQLDateTime)
  expiresAt!: Date;
  @Field(() => Int, { nullable: true })
  advanceBps!: number | null;
  @Field(() => Int, { nullable: true })
  rateBps!: number | null;
  @Field(() => Int, { nullable: true })
  capBps!: number | null;
  @Field(() => GraphQLBigInt, { nullable: true, description: "Cash the bank paid out (advance or loan principal)." })
  principal!: string | null;
  @Field(() => GraphQLBigInt, { nullable: true })
  discount!: string | null;
  @Field(() => GraphQLBigInt, { nullable: true })
  price!: string | null;
  @Field(() => Int, { nullable: true })
  daysToMaturity!: number | null;
  @Field(() => GraphQLDateTime, { nullable: true })
  dueAt!: Date | null;
  @Field(() => GraphQLBigInt)
  outstanding!: string;
  @Field(() => GraphQLBigInt)
  repaidPrincipal!: string;
  @Field(() => GraphQLBigInt)
  repaidInterest!: string;
  @Field(() => GraphQLBigInt, { nullable: true })
  amountDue!: string | null;
  @Field(() => String, { nullable: true })
  registryRef!: string | null;
  @Field(() => String, { nullable: true })
  declineReason!: string | null;
  @Field(() => GraphQLDateTime)
  requestedAt!: Date;
  @Field(() => GraphQLDateTime, { nullable: true })
  fundedAt!: Date | null;
  @Field(() => GraphQLDateTime, { nullable: true })
  closedAt!: Date | null;
  @Field(() => Int)
  requestedBlock!: number;
  @Field(() => Int)
  updatedBlock!: number;
}

@ObjectType({ description: "A cash flow that closed or reduced a financing." })
export class Repayment {
  @Field(() => Int)
  blockNumber!: number;
  @Field(() => Int)
  logIndex!: number;
  @Field(() => FinancingProduct)
  product!: string;
  @Field(() => ID)
  financingId!: number;
  @Field(() => RepaymentKind)
  kind!: string;
  @Field(() => String, { nullable: true })
  payer!: string | null;
  @Field(() => GraphQLBigInt)
  principal!: string;
  @Field(() => GraphQLBigInt)
  interest!: string;
  @Field(() => GraphQLBigInt)
  toBank!: string;
  @Field(() => GraphQLBigInt)
  toParty!: string;
  @Field(() => GraphQLDateTime)
  paidAt!: Date;
}

@ObjectType({ description: "A bank's open exposure to one counterparty, against its credit line." })
export class Exposure {
  @Field(() => String, { description: "The obligor, or the borrower for loans without an obligor." })
  counterparty!: string;
  @Field(() => CreditLineKind)
  kind!: string;
  @Field(() => Int, { description: "Open financings." })
  count!: number;
  @Field(() => GraphQLBigInt, { description: "Their outstanding total." })
  outstanding!: string;
  @Field(() => GraphQLBigInt, {
    nullable: true,
    description: "The bank's limit for the counterparty (null: no line set).",
  })
  limit!: string | null;
  @Field(() => GraphQLBigInt, { nullable: true, description: "The part of the line in use." })
  used!: string | null;
  @Field(() => GraphQLBigInt, { nullable: true, description: "limit - used (0 when the use exceeds a lowered limit)." })
  remaining!: string | null;
}

@ObjectType({ description: "Count and outstanding total of a set of financings." })
export class PortfolioFigure {
  @Field(() => Int)
  count!: number;
  @Field(() => GraphQLBigInt)
  outstanding!: string;
}

@ObjectType({
  description:
    "The open financings of a bank due within one range of whole days from asOf: a bar of the maturity ladder.",
})
export class MaturityLadderBucket {
  @Field(() => String, { description: "Stable key of the bucket: overdue, d30, d90, d180 or later." })
  key!: string;
  @Field(() => Int, {
    nullable: true,
    description:
      "First day of the bucket, inclusive, in whole days from asOf to the due date rounded down (null: no lower bound).",
  })
  fromDay!: number | null;
  @Field(() => Int, { nullable: true, description: "Last day of the bucket, inclusive (null: no upper bound)." })
  toDay!: number | null;
  @Field(() => Int, { description: "Open financings due in the bucket." })
  count!: number;
  @Field(() => GraphQLBigInt, { description: "Their outstanding total." })
  outstanding!: string;
}

@ObjectType({ description: "A bank's overdue open financings with one counterparty." })
export class OverdueExposure {
  @Field(() => String, { description: "The obligor, or the borrower for loans without an obligor (as in exposures)." })
  counterparty!: string;
  @Field(() => CreditLineKind)
  kind!: string;
  @Field(() => Int, { description: "Open financings due before asOf." })
  count!: number;
  @Field(() => GraphQLBigInt, { description: "Their outstanding total." })
  outstanding!: string;
}

@ObjectType({ description: "The open financings funded by a bank." })
export class BankPortfolio {
  @Field(() => String)
  bank!: string;
  @Field(() => GraphQLDateTime)
  asOf!: Date;
  @Field(() => Int)
  maturingWithinDays!: number;
  @Field(() => PortfolioFigure, { description: "Every open financing (funded, not yet closed)." })
  open!: PortfolioFigure;
  @Field(() => PortfolioFigure, { description: "Open financings due within maturingWithinDays of asOf." })
  maturing!: PortfolioFigure;
  @Field(() => PortfolioFigure, { description: "Open financings due before asOf." })
  overdue!: PortfolioFigure;
  @Field(() => [Exposure], { description: "Per obligor (or borrower), by outstanding, largest first." })
  exposures!: Exposure[];
  @Field(() => [MaturityLadderBucket], {
    description:
      "The open financings by due date (their own, else their receivable's maturity) in whole days from asOf, " +
      "rounded down: overdue (due before asOf, as in overdue), 0-30 days, 31-90, 91-180, and 181 or more; " +
      "the five buckets always, in that order, empty ones with zeros. Open financings with no due date at all " +
      "are in no bucket, so the buckets may sum to less than open.",
  })
  maturityLadder!: MaturityLadderBucket[];
  @Field(() => [OverdueExposure], {
    description:
      "The overdue open financings (those of overdue) per obligor (or borrower), by outstanding, largest first.",
  })
  overdueByCounterparty!: OverdueExposure[];
}

@ObjectType()
export class FinancingConnection extends Connection(Financing) {}
@ObjectType()
export class RepaymentConnection extends Connection(Repayment) {}
