import { Field, ID, InputType, Int } from "@nestjs/graphql";
import { IsInt, IsString, Matches, Max, MaxLength, Min, MinLength } from "class-validator";
import { GraphQLBigInt } from "../api/common/scalars";
import { IsAddress, IsDocumentId, IsId } from "../api/common/validation";

/** Printable ASCII with at least one visible character (a blank lot or unit identifies nothing). */
const PRINTABLE = /^[\x20-\x7e]*[\x21-\x7e][\x20-\x7e]*$/;
/** Up to 39 digits: the regex bounds the length, the service the uint128 range. */
const POSITIVE_QUANTITY = /^[1-9]\d{0,38}$/;
const QUANTITY = /^(0|[1-9]\d{0,38})$/;
const MINOR_UNITS = /^[1-9]\d{0,28}$/;

@InputType({ description: "A warehouse receipt for goods the signed-in warehouse stores for `owner`." })
export class IssueReceiptInput {
  @Field(() => String, { description: "The goods' owner: an active member, not the warehouse itself." })
  @IsAddress()
  owner!: string;
  @Field(() => String, {
    description: "The warehouse's lot reference (1 to 64 printable ASCII); unique per warehouse.",
  })
  @IsString()
  @MinLength(1)
  @MaxLength(64)
  @Matches(PRINTABLE, { message: "lot must be printable ASCII with a visible character" })
  lot!: string;
  @Field(() => String, { description: "What the goods are, in words (at most 200 characters)." })
  goods!: string;
  @Field(() => GraphQLBigInt, { description: "Quantity in `unit`, 1 to 2^128 - 1." })
  @Matches(POSITIVE_QUANTITY, { message: "quantity must be a positive integer below 2^128, as a string of digits" })
  quantity!: string;
  @Field(() => String, { description: 'Unit of the quantity, e.g. "kg", "t", "bale" (1 to 31 printable ASCII).' })
  @IsString()
  @MinLength(1)
  @MaxLength(31)
  @Matches(PRINTABLE, { message: "unit must be printable ASCII with a visible character" })
  unit!: string;
  @Field(() => GraphQLBigInt, { description: "The goods' value in minor units of the settlement currency." })
  @Matches(MINOR_UNITS, {
    message: "valuation must be a positive integer of minor units below 2^96, as a string of digits",
  })
  valuation!: string;
  @Field(() => String, { description: "The receipt scan, uploaded first (POST /documents)." })
  @IsDocumentId()
  documentId!: string;
}

@InputType({ description: "An inventory attestation by the warehouse that issued the receipt." })
export class AttestReceiptInput {
  @Field(() => ID)
  @IsId()
  receiptId!: number;
  @Field(() => GraphQLBigInt, { description: "Quantity counted, 0 to 2^128 - 1 (0: the goods are gone)." })
  @Matches(QUANTITY, { message: "quantity must be an integer from 0 to 2^128 - 1, as a string of digits" })
  quantity!: string;
  @Field(() => Int, {
    description: "0 when nothing is wrong, otherwise an anomaly code (1 to 65535: temperature, damage...).",
  })
  @IsInt()
  @Min(0)
  @Max(65_535)
  anomaly!: number;
  @Field(() => String, { description: "The inspection report, uploaded first (POST /documents)." })
  @IsDocumentId()
  reportDocumentId!: string;
}
