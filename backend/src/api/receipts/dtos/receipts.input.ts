import { Field, ID, InputType, registerEnumType } from "@nestjs/graphql";
import { GraphQLDateTime } from "../../common/scalars";
import { IsOptional, MaxLength } from "class-validator";
import { ReceiptStatus } from "../../common/enums";
import { orderInput } from "../../common/order.input";
import { IsAddress, IsId, IsSearchText } from "../../common/validation";

@InputType()
export class WarehouseReceiptFilter {
  @Field(() => String, { nullable: true })
  @IsAddress()
  owner?: string;
  @Field(() => String, { nullable: true })
  @IsAddress()
  warehouse?: string;
  @Field(() => String, { nullable: true })
  @IsAddress()
  pledgee?: string;
  @Field(() => [ReceiptStatus], { nullable: true })
  status?: string[];
  @Field(() => String, { nullable: true })
  @IsOptional()
  @MaxLength(8)
  currency?: string;
  @Field(() => Boolean, { nullable: true })
  frozen?: boolean;
  @Field(() => Boolean, { nullable: true, description: "Only receipts pledged (true) or not (false)." })
  pledged?: boolean;
  @Field(() => String, {
    nullable: true,
    description:
      "Receipts whose lot contains this text, ignoring case (1 to 64 characters, `%` and `_` match themselves).",
  })
  @IsSearchText()
  lotContains?: string;
}

export enum WarehouseReceiptSortField {
  ID = "ID",
  VALUATION = "VALUATION",
  ISSUED_AT = "ISSUED_AT",
}
registerEnumType(WarehouseReceiptSortField, { name: "WarehouseReceiptSortField" });
export const WarehouseReceiptOrder = orderInput(
  WarehouseReceiptSortField,
  "WarehouseReceipt",
  WarehouseReceiptSortField.ID,
);

@InputType()
export class AttestationFilter {
  @Field(() => ID, { nullable: true })
  @IsId()
  receiptId?: number;
  @Field(() => String, { nullable: true })
  @IsAddress()
  warehouse?: string;
  @Field(() => Boolean, { nullable: true, description: "Only attestations reporting an anomaly." })
  anomalous?: boolean;
  @Field(() => GraphQLDateTime, { nullable: true })
  attestedFrom?: Date;
  @Field(() => GraphQLDateTime, { nullable: true })
  attestedTo?: Date;
}

export enum AttestationSortField {
  CHAIN_ORDER = "CHAIN_ORDER",
  ATTESTED_AT = "ATTESTED_AT",
}
registerEnumType(AttestationSortField, { name: "AttestationSortField" });
export const AttestationOrder = orderInput(AttestationSortField, "Attestation", AttestationSortField.CHAIN_ORDER);
