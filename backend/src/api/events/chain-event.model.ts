import { Field, Int, ObjectType, registerEnumType } from "@nestjs/graphql";
import { Connection } from "../common/pagination";
import { GraphQLDateTime, GraphQLJSON } from "../common/scalars";

@ObjectType({ description: "A raw contract event, as indexed." })
export class ChainEvent {
  @Field(() => Int)
  chainId!: number;
  @Field(() => Int)
  blockNumber!: number;
  @Field(() => Int)
  logIndex!: number;
  @Field(() => String)
  blockHash!: string;
  @Field(() => GraphQLDateTime)
  blockTime!: Date;
  @Field(() => String)
  txHash!: string;
  @Field(() => Int)
  txIndex!: number;
  @Field(() => String, { description: "Contract name as in the deployment file (registry, receivables, ...)." })
  contract!: string;
  @Field(() => String)
  address!: string;
  @Field(() => String, { description: "Event name." })
  name!: string;
  @Field(() => GraphQLJSON, { description: "Decoded arguments; integers as decimal strings." })
  args!: unknown;
  @Field(() => [String], { description: 'Assets and members the event concerns ("receivable:3", "member:0x..").' })
  refs!: string[];
}

@ObjectType()
export class ChainEventConnection extends Connection(ChainEvent) {}

/** The kinds of `refs` of chain events, with their prefixes. */
export enum AssetKind {
  MEMBER = "MEMBER",
  ORDER = "ORDER",
  RECEIPT = "RECEIPT",
  RECEIVABLE = "RECEIVABLE",
  PART = "PART",
  FACTORING = "FACTORING",
  ORDER_LOAN = "ORDER_LOAN",
  RECEIPT_LOAN = "RECEIPT_LOAN",
  CREDIT_LINE = "CREDIT_LINE",
}
registerEnumType(AssetKind, {
  name: "AssetKind",
  description:
    'What an asset history is about: a member (id: its address), an asset or a financing (id: its id), a credit line (id: "bank:counterparty:Obligor|Borrower").',
});

export const ASSET_REF_PREFIX: Record<AssetKind, string> = {
  [AssetKind.MEMBER]: "member",
  [AssetKind.ORDER]: "order",
  [AssetKind.RECEIPT]: "receipt",
  [AssetKind.RECEIVABLE]: "receivable",
  [AssetKind.PART]: "part",
  [AssetKind.FACTORING]: "factoring",
  [AssetKind.ORDER_LOAN]: "order-loan",
  [AssetKind.RECEIPT_LOAN]: "receipt-loan",
  [AssetKind.CREDIT_LINE]: "credit-line",
};
