import { Field, ID, Int, ObjectType } from "@nestjs/graphql";
import { OrderStatus } from "../common/enums";
import { Connection } from "../common/pagination";
import { GraphQLBigInt, GraphQLDateTime } from "../common/scalars";

@ObjectType({ description: "A purchase order submitted by a supplier and confirmed by its buyer." })
export class PurchaseOrder {
  @Field(() => ID)
  id!: number;
  @Field(() => String)
  supplier!: string;
  @Field(() => String)
  buyer!: string;
  @Field(() => String)
  orderNumber!: string;
  @Field(() => GraphQLBigInt)
  amount!: string;
  @Field(() => String)
  currency!: string;
  @Field(() => GraphQLDateTime)
  deliveryDate!: Date;
  @Field(() => Int)
  paymentTermDays!: number;
  @Field(() => String)
  documentHash!: string;
  @Field(() => String)
  documentUri!: string;
  @Field(() => OrderStatus)
  status!: string;
  @Field(() => String, { nullable: true, description: "Bank financing the order, while its loan is open." })
  lienHolder!: string | null;
  @Field(() => ID, { nullable: true })
  receivableId!: number | null;
  @Field(() => String, { nullable: true })
  rejectionReason!: string | null;
  @Field(() => GraphQLDateTime)
  submittedAt!: Date;
  @Field(() => Int)
  submittedBlock!: number;
  @Field(() => Int)
  updatedBlock!: number;
}

@ObjectType()
export class PurchaseOrderConnection extends Connection(PurchaseOrder) {}
