import { Field, ID, InputType, Int } from "@nestjs/graphql";
import { IsDate, IsInt, IsString, Matches, Max, MaxLength, Min, MinLength } from "class-validator";
import { GraphQLBigInt, GraphQLDateTime } from "../api/common/scalars";
import { IsAddress, IsDocumentId, IsId } from "../api/common/validation";

const MINOR_UNITS = /^[1-9]\d{0,28}$/;
const MINOR_UNITS_MESSAGE = "must be a positive integer of minor units below 2^96, as a string of digits";

@InputType({ description: "A purchase order to submit to its buyer (a core enterprise)." })
export class SubmitOrderInput {
  @Field(() => String)
  @IsAddress()
  buyer!: string;
  @Field(() => String, { description: "The buyer's order number; unique per buyer and supplier." })
  @IsString()
  @MinLength(1)
  @MaxLength(64)
  @Matches(/^[\x20-\x7e]+$/, { message: "orderNumber must be printable ASCII" })
  orderNumber!: string;
  @Field(() => GraphQLBigInt, { description: "Order amount in minor units." })
  @Matches(MINOR_UNITS, { message: `amount ${MINOR_UNITS_MESSAGE}` })
  amount!: string;
  @Field(() => GraphQLDateTime, { description: "Not in the past, at most three years ahead." })
  @IsDate()
  deliveryDate!: Date;
  @Field(() => Int, { description: "Days from accepted delivery to payment, 1 to 365." })
  @IsInt()
  @Min(1)
  @Max(365)
  paymentTermDays!: number;
  @Field(() => String, { description: "The order document, uploaded first (POST /documents)." })
  @IsDocumentId()
  documentId!: string;
}

@InputType({ description: "A payable the obligor (a core enterprise) confirms, issued as a receivable." })
export class IssueReceivableInput {
  @Field(() => String)
  @IsAddress()
  creditor!: string;
  @Field(() => GraphQLBigInt, { description: "Face amount in minor units." })
  @Matches(MINOR_UNITS, { message: `face ${MINOR_UNITS_MESSAGE}` })
  face!: string;
  @Field(() => GraphQLDateTime, { description: "After now, at most one year ahead." })
  @IsDate()
  maturity!: Date;
  @Field(() => String, { description: "The invoice document, uploaded first (POST /documents)." })
  @IsDocumentId()
  invoiceDocumentId!: string;
}

@InputType()
export class SplitPartInput {
  @Field(() => ID)
  @IsId()
  partId!: number;
  @Field(() => String)
  @IsAddress()
  to!: string;
  @Field(() => GraphQLBigInt, { description: "Amount split off into the new part." })
  @Matches(MINOR_UNITS, { message: `amount ${MINOR_UNITS_MESSAGE}` })
  amount!: string;
}
