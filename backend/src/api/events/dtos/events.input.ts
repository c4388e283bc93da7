import { Field, InputType, Int, registerEnumType } from "@nestjs/graphql";
import { ArrayMaxSize, IsOptional, Matches, MaxLength, Min } from "class-validator";
import { orderInput } from "../../common/order.input";

@InputType()
export class ChainEventFilter {
  @Field(() => String, { nullable: true, description: "Contract name (registry, receivables, factoring, ...)." })
  @IsOptional()
  @MaxLength(64)
  contract?: string;
  @Field(() => [String], { nullable: true, description: "Any of these event names." })
  @IsOptional()
  @ArrayMaxSize(100)
  names?: string[];
  @Field(() => String, { nullable: true })
  @IsOptional()
  @Matches(/^0x[0-9a-fA-F]{64}$/, { message: "txHash must be 0x and 64 hex digits" })
  txHash?: string;
  @Field(() => String, { nullable: true, description: 'Events whose refs contain this one ("receivable:3").' })
  @IsOptional()
  @MaxLength(100)
  ref?: string;
  @Field(() => Int, { nullable: true })
  @IsOptional()
  @Min(0)
  fromBlock?: number;
  @Field(() => Int, { nullable: true, description: "Inclusive." })
  @IsOptional()
  @Min(0)
  toBlock?: number;
}

export enum ChainEventSortField {
  CHAIN_ORDER = "CHAIN_ORDER",
}
registerEnumType(ChainEventSortField, { name: "ChainEventSortField" });
export const ChainEventOrder = orderInput(ChainEventSortField, "ChainEvent", ChainEventSortField.CHAIN_ORDER);
