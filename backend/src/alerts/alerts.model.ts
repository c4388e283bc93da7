import { Field, ID, ObjectType, registerEnumType } from "@nestjs/graphql";
import { GraphQLDateTime } from "../api/common/scalars";
import { Connection } from "../api/common/pagination";

export enum AlertKind {
  APPLICATION_RECEIVED = "APPLICATION_RECEIVED",
  APPLICATION_APPROVED = "APPLICATION_APPROVED",
  APPLICATION_REJECTED = "APPLICATION_REJECTED",
  CONFIRMATION_REQUESTED = "CONFIRMATION_REQUESTED",
  MATURITY_SOON = "MATURITY_SOON",
  OVERDUE = "OVERDUE",
  RECEIPT_FROZEN = "RECEIPT_FROZEN",
}
registerEnumType(AlertKind, { name: "AlertKind" });

@ObjectType({ description: "Something a member should act on or know about." })
export class Alert {
  @Field(() => ID)
  id!: string;
  @Field(() => String)
  recipient!: string;
  @Field(() => AlertKind)
  kind!: AlertKind;
  @Field(() => String, { description: 'What it is about: "order:5", "receivable:3", "receipt:2", "application:<id>".' })
  subject!: string;
  @Field(() => String)
  message!: string;
  @Field(() => GraphQLDateTime)
  createdAt!: Date;
  @Field(() => GraphQLDateTime, { nullable: true })
  readAt!: Date | null;
}

@ObjectType()
export class AlertConnection extends Connection(Alert) {}
