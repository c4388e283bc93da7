/** GraphQL object types of financing applications: the application, bank decisions, history, quotes, risk. */
import { Field, ID, Int, ObjectType } from "@nestjs/graphql";
import { Connection } from "../api/common/pagination";
import { GraphQLBigInt, GraphQLDateTime } from "../api/common/scalars";
import { ApplicationProduct, ApplicationStatus, DecisionStatus } from "./application.states";

@ObjectType({ description: "A quote computed with the contracts' pricing rules (Pricing.sol), as of `asOf`." })
export class ApplicationQuote {
  @Field(() => ApplicationProduct)
  product!: ApplicationProduct;
  @Field(() => GraphQLDateTime, { description: "When it was computed; the day count starts that UTC day." })
  asOf!: Date;
  @Field(() => Int, { description: "ACT days: to maturity (factoring) or the tenor (loans)." })
  days!: number;
  @Field(() => GraphQLBigInt, { description: "Part face, order amount, or amount asked against the receipt." })
  base!: string;
  @Field(() => Int, { nullable: true, description: "Advance rate (factoring, order financing)." })
  advanceBps!: number | null;
  @Field(() => Int, { description: "Annual discount (factoring) or interest (loans) rate." })
  rateBps!: number;
  @Field(() => GraphQLBigInt, { description: "Advance (factoring) or principal (loans): floor(base x advance)." })
  advance!: string;
  @Field(() => GraphQLBigInt, { nullable: true, description: "Factoring: ceil(advance x rate x days / 360)." })
  discount!: string | null;
  @Field(() => GraphQLBigInt, { nullable: true, description: "Loans: ceil(principal x rate x tenor / 360)." })
  interest!: string | null;
  @Field(() => GraphQLBigInt, { description: "What the applicant receives: price (factoring) or principal." })
  proceeds!: string;
  @Field(() => GraphQLBigInt, { description: "What the bank gets back: the advance, or principal + interest." })
  repayment!: string;
}

@ObjectType({ description: "An addressed bank's decision on an application." })
export class BankDecision {
  @Field(() => String)
  bank!: string;
  @Field(() => DecisionStatus)
  status!: string;
  @Field(() => Int, { nullable: true })
  advanceBps!: number | null;
  @Field(() => Int, { nullable: true, description: "Approved discount (factoring) or interest rate." })
  rateBps!: number | null;
  @Field(() => Int, { nullable: true, description: "Approved loan-to-value (receipt loans)." })
  ltvBps!: number | null;
  @Field(() => Boolean, { nullable: true })
  withRecourse!: boolean | null;
  @Field(() => GraphQLBigInt, { nullable: true, description: "Approved amount (receipt loans)." })
  amount!: string | null;
  @Field(() => ApplicationQuote, { nullable: true, description: "Quote at the approved terms." })
  quote!: ApplicationQuote | null;
  @Field(() => String, { nullable: true, description: "Why it was rejected." })
  reason!: string | null;
  @Field(() => GraphQLDateTime, { nullable: true })
  decidedAt!: Date | null;
  @Field(() => ID, { nullable: true, description: "The on-chain offer/request to this bank, once indexed." })
  financingId!: number | null;
  @Field(() => String, { nullable: true })
  financingStatus!: string | null;
}

@ObjectType({ description: "One transition of an application (bank null) or of a bank's decision." })
export class ApplicationHistoryEntry {
  @Field(() => String, { nullable: true })
  bank!: string | null;
  @Field(() => String, { description: "Member address, or `system` (reconciler)." })
  actor!: string;
  @Field(() => GraphQLDateTime)
  at!: Date;
  @Field(() => String, { nullable: true })
  fromStatus!: string | null;
  @Field(() => String)
  toStatus!: string;
  @Field(() => String, { nullable: true })
  note!: string | null;
}

@ObjectType({ description: "A financing application." })
export class FinancingApplication {
  @Field(() => ID)
  id!: number;
  @Field(() => ApplicationProduct)
  product!: string;
  @Field(() => String)
  applicant!: string;
  @Field(() => String, { description: "part, order or receipt." })
  assetType!: string;
  @Field(() => ID)
  assetId!: number;
  @Field(() => GraphQLBigInt, { nullable: true, description: "Amount asked (receipt loans)." })
  amount!: string | null;
  @Field(() => Int, { nullable: true })
  minAdvanceBps!: number | null;
  @Field(() => Int, { description: "Highest discount (factoring) or interest (loans) rate accepted." })
  maxRateBps!: number;
  @Field(() => Boolean, { nullable: true })
  recourseAccepted!: boolean | null;
  @Field(() => Int, { nullable: true })
  tenorDays!: number | null;
  @Field(() => [String])
  documentIds!: string[];
  @Field(() => ApplicationStatus)
  status!: string;
  @Field(() => GraphQLDateTime)
  expiresAt!: Date;
  @Field(() => FinancingProductRef, { nullable: true, description: "The on-chain financing that executed it." })
  financing?: FinancingProductRef | null;
  @Field(() => String, { nullable: true })
  executedBank!: string | null;
  @Field(() => GraphQLDateTime)
  createdAt!: Date;
  @Field(() => GraphQLDateTime)
  updatedAt!: Date;
  @Field(() => GraphQLDateTime, { nullable: true })
  submittedAt!: Date | null;
  @Field(() => GraphQLDateTime, { nullable: true })
  closedAt!: Date | null;
}

@ObjectType({ description: "A row of the indexed financings table: (product, id)." })
export class FinancingProductRef {
  @Field(() => String, { description: "FACTORING, ORDER or RECEIPT (financings.product)." })
  product!: string;
  @Field(() => ID)
  id!: number;
}

@ObjectType()
export class FinancingApplicationConnection extends Connection(FinancingApplication) {}

// ---------------------------------------------------------------------------------------------------
// Risk summary: facts from the index, each with its value; no score.
// ---------------------------------------------------------------------------------------------------

@ObjectType({ description: "A part of the receivable's tree, from the applied part up to the root." })
export class LineageStep {
  @Field(() => ID)
  partId!: number;
  @Field(() => ID, { nullable: true })
  parentId!: number | null;
  @Field(() => Int)
  depth!: number;
  @Field(() => String)
  holder!: string;
  @Field(() => GraphQLBigInt)
  face!: string;
  @Field(() => GraphQLBigInt)
  amount!: string;
  @Field(() => String)
  status!: string;
}

@ObjectType({ description: "Who confirmed the asset on chain, and when." })
export class AssetConfirmation {
  @Field(() => String, { description: "ReceivableIssued, OrderConfirmed or ReceiptIssued." })
  event!: string;
  @Field(() => String)
  by!: string;
  @Field(() => GraphQLDateTime)
  at!: Date;
  @Field(() => Int)
  blockNumber!: number;
  @Field(() => String, { nullable: true })
  txHash!: string | null;
}

@ObjectType({ description: "A credit line of the bank and what remains of it." })
export class RemainingLimit {
  @Field(() => String)
  counterparty!: string;
  @Field(() => String, { description: "Obligor or Borrower." })
  kind!: string;
  @Field(() => Boolean, { description: "False: the bank set no such line (nothing can be financed)." })
  exists!: boolean;
  @Field(() => GraphQLBigInt)
  limit!: string;
  @Field(() => GraphQLBigInt)
  used!: string;
  @Field(() => GraphQLBigInt)
  remaining!: string;
}

@ObjectType({ description: "The borrower's (seller's) record in the index." })
export class BorrowerHistory {
  @Field(() => String)
  party!: string;
  @Field(() => Int, { description: "Financings funded for it." })
  financings!: number;
  @Field(() => GraphQLBigInt, { description: "Sum of what was paid out to it." })
  volume!: string;
  @Field(() => Int, { description: "Financings closed by repayment or collection." })
  repaid!: number;
  @Field(() => Int)
  open!: number;
  @Field(() => GraphQLBigInt)
  outstanding!: string;
  @Field(() => Int, { description: "Most days past due of its open financings (0: none overdue)." })
  maxDaysPastDue!: number;
  @Field(() => Int, { description: "Financings defaulted, recourse claimed or enforced." })
  defaults!: number;
}

@ObjectType({ description: "The bank's exposure on the obligor compared to its whole book." })
export class Concentration {
  @Field(() => String, { nullable: true })
  obligor!: string | null;
  @Field(() => GraphQLBigInt)
  outstandingWithObligor!: string;
  @Field(() => GraphQLBigInt)
  totalOutstanding!: string;
  @Field(() => Int, { description: "outstandingWithObligor / totalOutstanding in bps (0 when no book)." })
  shareBps!: number;
}

@ObjectType({ description: "One factor in words, with its value." })
export class RiskFactor {
  @Field(() => String)
  name!: string;
  @Field(() => String)
  value!: string;
  @Field(() => String)
  explanation!: string;
}

@ObjectType({ description: "What the bank needs to decide, every factor explained; no black-box score." })
export class RiskSummary {
  @Field(() => String, { description: "The bank the limits and concentration are computed for." })
  bank!: string;
  @Field(() => String)
  assetType!: string;
  @Field(() => ID)
  assetId!: number;
  @Field(() => String, { description: "The asset in words." })
  assetDescription!: string;
  @Field(() => String, { nullable: true })
  assetStatus!: string | null;
  @Field(() => [LineageStep], { description: "Factoring: the part's parent chain to the root part." })
  lineage!: LineageStep[];
  @Field(() => ID, { nullable: true, description: "The purchase order the receivable came from." })
  originOrderId!: number | null;
  @Field(() => AssetConfirmation, { nullable: true })
  confirmation!: AssetConfirmation | null;
  @Field(() => BorrowerHistory)
  borrowerHistory!: BorrowerHistory;
  @Field(() => Concentration)
  concentration!: Concentration;
  @Field(() => RemainingLimit, { nullable: true, description: "Null when the asset has no obligor (receipts)." })
  obligorLimit!: RemainingLimit | null;
  @Field(() => RemainingLimit)
  borrowerLimit!: RemainingLimit;
  @Field(() => [RiskFactor])
  factors!: RiskFactor[];
}
