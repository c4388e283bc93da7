/**
 * Inputs of the applications API, validated with class-validator through InputPipe. Product-specific
 * rules (which bounds each product needs) are checked by `checkBounds` with their own messages.
 */
import { Field, ID, InputType, Int } from "@nestjs/graphql";
import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsDate, IsInt, IsOptional, Max, Min } from "class-validator";
import { GraphQLBigInt, GraphQLDateTime } from "../../api/common/scalars";
import { IsAddress, IsDocumentId, IsId } from "../../api/common/validation";
import { ApplicationProduct, ApplicationStatus } from "../application.states";

export const MAX_BANKS = 10;
export const MAX_DOCUMENTS = 20;

/** The applicant's bounds, shared by quotes, creation and update. */
@InputType({ isAbstract: true })
abstract class BoundsFields {
  @Field(() => Int, { nullable: true, description: "Factoring and order financing: lowest advance rate (bps)." })
  @IsOptional()
  @IsInt()
  minAdvanceBps?: number;
  @Field(() => Int, { nullable: true, description: "Factoring: highest annual discount rate (bps)." })
  @IsOptional()
  @IsInt()
  maxDiscountBps?: number;
  @Field(() => Boolean, { nullable: true, description: "Factoring: whether a deal with recourse is acceptable." })
  @IsOptional()
  recourseAccepted?: boolean;
  @Field(() => Int, { nullable: true, description: "Loans: highest annual interest rate (bps)." })
  @IsOptional()
  @IsInt()
  maxRateBps?: number;
  @Field(() => Int, { nullable: true, description: "Loans: 1 to 180 days." })
  @IsOptional()
  @IsInt()
  tenorDays?: number;
  @Field(() => GraphQLBigInt, { nullable: true, description: "Receipt loans: the amount asked (minor units)." })
  @IsOptional()
  amount?: string;
}

@InputType({ description: "What to quote: a product, its asset and the applicant's bounds." })
export class QuoteApplicationInput extends BoundsFields {
  @Field(() => ApplicationProduct)
  product!: ApplicationProduct;
  @Field(() => ID, { description: "Receivable part, purchase order or warehouse receipt id." })
  @IsId()
  assetId!: number;
}

@InputType()
export class CreateApplicationInput extends QuoteApplicationInput {
  @Field(() => [String], { description: "The banks asked (active BANK members)." })
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_BANKS)
  @IsAddress({ each: true })
  banks!: string[];
  @Field(() => GraphQLDateTime, { description: "When the application (and its on-chain offer) lapses." })
  @IsDate()
  expiresAt!: Date;
  @Field(() => [String], {
    nullable: true,
    description: "Ids of supporting documents (POST /documents), each at most once.",
  })
  @IsOptional()
  @ArrayMaxSize(MAX_DOCUMENTS)
  @ArrayUnique({ message: "documentIds must not repeat a document" })
  @IsDocumentId({ each: true })
  documentIds?: string[];
}

@InputType({ description: "Changes to a DRAFT: every field given replaces the stored one." })
export class UpdateApplicationInput extends BoundsFields {
  @Field(() => [String], { nullable: true })
  @IsOptional()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_BANKS)
  @IsAddress({ each: true })
  banks?: string[];
  @Field(() => GraphQLDateTime, { nullable: true })
  @IsOptional()
  @IsDate()
  expiresAt?: Date;
  @Field(() => [String], { nullable: true })
  @IsOptional()
  @ArrayMaxSize(MAX_DOCUMENTS)
  @ArrayUnique({ message: "documentIds must not repeat a document" })
  @IsDocumentId({ each: true })
  documentIds?: string[];
}

@InputType({ description: "A bank's terms; which ones apply depends on the product." })
export class ApprovalTermsInput {
  @Field(() => Int, { nullable: true, description: "Factoring and order financing: the advance rate (bps)." })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(10_000)
  advanceBps?: number;
  @Field(() => Int, { nullable: true, description: "Factoring: the annual discount rate (bps)." })
  @IsOptional()
  @IsInt()
  @Min(0)
  discountBps?: number;
  @Field(() => Boolean, { nullable: true, description: "Factoring: with recourse on the seller." })
  @IsOptional()
  withRecourse?: boolean;
  @Field(() => Int, { nullable: true, description: "Loans: the annual interest rate (bps)." })
  @IsOptional()
  @IsInt()
  @Min(0)
  rateBps?: number;
  @Field(() => Int, { nullable: true, description: "Receipt loans: the loan-to-value applied (bps)." })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(10_000)
  ltvBps?: number;
  @Field(() => GraphQLBigInt, {
    nullable: true,
    description: "Receipt loans: the amount lent (default: the amount asked; never more).",
  })
  @IsOptional()
  amount?: string;
}

@InputType()
export class ApplicationFilter {
  @Field(() => [ApplicationStatus], { nullable: true })
  @IsOptional()
  status?: ApplicationStatus[];
  @Field(() => ApplicationProduct, { nullable: true })
  @IsOptional()
  product?: ApplicationProduct;
  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsAddress()
  applicant?: string;
  @Field(() => String, { nullable: true, description: "Applications addressed to this bank." })
  @IsOptional()
  @IsAddress()
  bank?: string;
}
