import { Field, ID, InputType, registerEnumType } from "@nestjs/graphql";
import { GraphQLDateTime } from "../../common/scalars";
import { FinancedAssetType, FinancingProduct, FinancingStatus, RepaymentKind } from "../../common/enums";
import { orderInput } from "../../common/order.input";
import { IsAddress, IsId } from "../../common/validation";

@InputType()
export class FinancingFilter {
  @Field(() => [FinancingProduct], { nullable: true })
  product?: FinancingProduct[];
  @Field(() => String, { nullable: true })
  @IsAddress()
  bank?: string;
  @Field(() => String, { nullable: true, description: "Seller (factoring) or borrower (loans)." })
  @IsAddress()
  party?: string;
  @Field(() => String, { nullable: true })
  @IsAddress()
  obligor?: string;
  @Field(() => [FinancingStatus], { nullable: true })
  status?: string[];
  @Field(() => Boolean, { nullable: true, description: "Only open financings (funded, not closed)." })
  open?: boolean;
  @Field(() => ID, { nullable: true })
  @IsId()
  receivableId?: number;
  @Field(() => FinancedAssetType, { nullable: true })
  assetType?: FinancedAssetType;
  @Field(() => ID, { nullable: true })
  @IsId()
  assetId?: number;
  @Field(() => GraphQLDateTime, { nullable: true, description: "Due on or after." })
  dueFrom?: Date;
  @Field(() => GraphQLDateTime, { nullable: true, description: "Due before." })
  dueTo?: Date;
}

export enum FinancingSortField {
  ID = "ID",
  REQUESTED_AT = "REQUESTED_AT",
  REQUESTED_AMOUNT = "REQUESTED_AMOUNT",
  OUTSTANDING = "OUTSTANDING",
}
registerEnumType(FinancingSortField, { name: "FinancingSortField" });
export const FinancingOrder = orderInput(FinancingSortField, "Financing", FinancingSortField.ID);

@InputType()
export class RepaymentFilter {
  @Field(() => FinancingProduct, { nullable: true })
  product?: FinancingProduct;
  @Field(() => ID, { nullable: true })
  @IsId()
  financingId?: number;
  @Field(() => [RepaymentKind], { nullable: true })
  kind?: RepaymentKind[];
  @Field(() => String, { nullable: true })
  @IsAddress()
  payer?: string;
  @Field(() => GraphQLDateTime, { nullable: true })
  paidFrom?: Date;
  @Field(() => GraphQLDateTime, { nullable: true })
  paidTo?: Date;
}

export enum RepaymentSortField {
  CHAIN_ORDER = "CHAIN_ORDER",
  PAID_AT = "PAID_AT",
}
registerEnumType(RepaymentSortField, { name: "RepaymentSortField" });
export const RepaymentOrder = orderInput(RepaymentSortField, "Repayment", RepaymentSortField.CHAIN_ORDER);
