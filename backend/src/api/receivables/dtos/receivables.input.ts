import { Field, ID, InputType, registerEnumType } from "@nestjs/graphql";
import { ArrayMaxSize, IsOptional, MaxLength } from "class-validator";
import { PartStatus, ReceivableStatus } from "../../common/enums";
import { orderInput } from "../../common/order.input";
import { GraphQLBigInt, GraphQLDateTime } from "../../common/scalars";
import { IsAddress, IsId } from "../../common/validation";

@InputType()
export class ReceivableFilter {
  @Field(() => [ID], { nullable: true })
  @IsOptional()
  @ArrayMaxSize(500)
  @IsId({ each: true })
  ids?: number[];
  @Field(() => String, { nullable: true })
  @IsAddress()
  obligor?: string;
  @Field(() => String, { nullable: true })
  @IsAddress()
  creditor?: string;
  @Field(() => String, { nullable: true, description: "Receivables where this member is the obligor or the creditor." })
  @IsAddress()
  party?: string;
  @Field(() => [ReceivableStatus], { nullable: true })
  status?: string[];
  @Field(() => String, { nullable: true })
  @IsOptional()
  @MaxLength(8)
  currency?: string;
  @Field(() => GraphQLDateTime, { nullable: true, description: "Maturity on or after." })
  maturityFrom?: Date;
  @Field(() => GraphQLDateTime, { nullable: true, description: "Maturity before." })
  maturityTo?: Date;
  @Field(() => GraphQLBigInt, { nullable: true, description: "Face at least." })
  faceMin?: string;
  @Field(() => GraphQLBigInt, { nullable: true, description: "Face at most." })
  faceMax?: string;
  @Field(() => Boolean, { nullable: true })
  longTerm?: boolean;
  @Field(() => ID, { nullable: true })
  @IsId()
  orderId?: number;
}

export enum ReceivableSortField {
  ID = "ID",
  FACE = "FACE",
  MATURITY = "MATURITY",
  ISSUED_AT = "ISSUED_AT",
}
registerEnumType(ReceivableSortField, { name: "ReceivableSortField" });
export const ReceivableOrder = orderInput(ReceivableSortField, "Receivable", ReceivableSortField.ID);

@InputType()
export class ReceivablePartFilter {
  @Field(() => ID, { nullable: true })
  @IsId()
  receivableId?: number;
  @Field(() => String, { nullable: true })
  @IsAddress()
  holder?: string;
  @Field(() => ID, { nullable: true, description: "Parts split directly off this part." })
  @IsId()
  parentId?: number;
  @Field(() => Boolean, { nullable: true, description: "Only root parts (true) or only split parts (false)." })
  root?: boolean;
  @Field(() => [PartStatus], { nullable: true })
  status?: string[];
}

export enum ReceivablePartSortField {
  ID = "ID",
  AMOUNT = "AMOUNT",
  FACE = "FACE",
  DEPTH = "DEPTH",
  CREATED_AT = "CREATED_AT",
}
registerEnumType(ReceivablePartSortField, { name: "ReceivablePartSortField" });
export const ReceivablePartOrder = orderInput(ReceivablePartSortField, "ReceivablePart", ReceivablePartSortField.ID);

@InputType()
export class HoldingFilter {
  @Field(() => String, { nullable: true })
  @IsAddress()
  holder?: string;
  @Field(() => ID, { nullable: true })
  @IsId()
  receivableId?: number;
  @Field(() => Boolean, { nullable: true, description: "Only holdings with a non-zero amount." })
  nonZero?: boolean;
}

export enum HoldingSortField {
  RECEIVABLE = "RECEIVABLE",
  AMOUNT = "AMOUNT",
}
registerEnumType(HoldingSortField, { name: "HoldingSortField" });
export const HoldingOrder = orderInput(HoldingSortField, "Holding", HoldingSortField.RECEIVABLE);
