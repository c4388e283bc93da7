import { Field, ID, Int, ObjectType } from "@nestjs/graphql";
import { ReceiptStatus } from "../common/enums";
import { Connection } from "../common/pagination";
import { GraphQLBigInt, GraphQLDateTime } from "../common/scalars";

@ObjectType({ description: "A warehouse receipt for goods in store." })
export class WarehouseReceipt {
  @Field(() => ID)
  id!: number;
  @Field(() => String)
  warehouse!: string;
  @Field(() => String)
  owner!: string;
  @Field(() => String)
  lot!: string;
  @Field(() => String)
  goods!: string;
  @Field(() => GraphQLBigInt)
  quantity!: string;
  @Field(() => String)
  unit!: string;
  @Field(() => GraphQLBigInt)
  valuation!: string;
  @Field(() => String)
  currency!: string;
  @Field(() => String)
  documentHash!: string;
  @Field(() => String)
  documentUri!: string;
  @Field(() => ReceiptStatus)
  status!: string;
  @Field(() => String, { nullable: true })
  pledgee!: string | null;
  @Field(() => GraphQLBigInt, { nullable: true })
  pledgedQuantity!: string | null;
  @Field(() => Boolean)
  frozen!: boolean;
  @Field(() => GraphQLBigInt, { nullable: true })
  lastAttestedQuantity!: string | null;
  @Field(() => GraphQLDateTime)
  issuedAt!: Date;
  @Field(() => Int)
  issuedBlock!: number;
  @Field(() => Int)
  updatedBlock!: number;
}

@ObjectType({ description: "An inventory attestation posted by the warehouse." })
export class Attestation {
  @Field(() => Int)
  blockNumber!: number;
  @Field(() => Int)
  logIndex!: number;
  @Field(() => ID)
  receiptId!: number;
  @Field(() => String)
  warehouse!: string;
  @Field(() => GraphQLBigInt)
  quantity!: string;
  @Field(() => Int, { description: "Anomaly code (0: none)." })
  anomaly!: number;
  @Field(() => String)
  reportHash!: string;
  @Field(() => Boolean)
  freezes!: boolean;
  @Field(() => GraphQLDateTime)
  attestedAt!: Date;
}

@ObjectType()
export class WarehouseReceiptConnection extends Connection(WarehouseReceipt) {}
@ObjectType()
export class AttestationConnection extends Connection(Attestation) {}
