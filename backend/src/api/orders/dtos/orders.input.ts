import { Field, ID, InputType, registerEnumType } from "@nestjs/graphql";
import { GraphQLDateTime } from "../../common/scalars";
import { ArrayMaxSize, IsOptional, MaxLength } from "class-validator";
import { OrderStatus } from "../../common/enums";
import { orderInput } from "../../common/order.input";
import { IsAddress, IsId, IsSearchText } from "../../common/validation";

@InputType()
export class PurchaseOrderFilter {
  @Field(() => [ID], { nullable: true, description: "Only these orders (at most 500 ids)." })
  @IsOptional()
  @ArrayMaxSize(500)
  @IsId({ each: true })
  ids?: number[];
  @Field(() => String, { nullable: true })
  @IsAddress()
  supplier?: string;
  @Field(() => String, { nullable: true })
  @IsAddress()
  buyer?: string;
  @Field(() => String, { nullable: true, description: "Orders where this member is the supplier or the buyer." })
  @IsAddress()
  party?: string;
  @Field(() => [OrderStatus], { nullable: true })
  status?: string[];
  @Field(() => String, { nullable: true })
  @IsOptional()
  @MaxLength(8)
  currency?: string;
  @Field(() => String, { nullable: true })
  @IsAddress()
  lienHolder?: string;
  @Field(() => ID, { nullable: true })
  @IsId()
  receivableId?: number;
  @Field(() => GraphQLDateTime, { nullable: true, description: "Delivery on or after." })
  deliveryFrom?: Date;
  @Field(() => GraphQLDateTime, { nullable: true, description: "Delivery before." })
  deliveryTo?: Date;
  @Field(() => String, {
    nullable: true,
    description:
      "Orders whose order number contains this text, ignoring case (1 to 64 characters, `%` and `_` match themselves).",
  })
  @IsSearchText()
  orderNumberContains?: string;
}

export enum PurchaseOrderSortField {
  ID = "ID",
  AMOUNT = "AMOUNT",
  DELIVERY_DATE = "DELIVERY_DATE",
  SUBMITTED_AT = "SUBMITTED_AT",
}
registerEnumType(PurchaseOrderSortField, { name: "PurchaseOrderSortField" });
export const PurchaseOrderOrder = orderInput(PurchaseOrderSortField, "PurchaseOrder", PurchaseOrderSortField.ID);
