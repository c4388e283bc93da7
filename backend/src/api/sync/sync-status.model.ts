import { Field, Int, ObjectType } from "@nestjs/graphql";
import { GraphQLDateTime } from "../common/scalars";

@ObjectType({ description: "How far the indexer is." })
export class SyncStatus {
  @Field(() => Int)
  chainId!: number;
  @Field(() => Int, {
    nullable: true,
    description: "Last block whose events are all indexed (null before the first batch).",
  })
  indexedBlock!: number | null;
  @Field(() => String, { nullable: true })
  indexedBlockHash!: string | null;
  @Field(() => GraphQLDateTime, { nullable: true })
  indexedBlockTime!: Date | null;
  @Field(() => Int, { nullable: true, description: "Chain head at the last poll (null if unknown)." })
  headBlock!: number | null;
  @Field(() => Int, { nullable: true, description: "Blocks between the head and the indexed block." })
  lag!: number | null;
  @Field(() => Boolean, { description: "True once the indexer reached the head at least once." })
  caughtUp!: boolean;
  @Field(() => String, { nullable: true, description: "The last RPC or database failure, while it lasts." })
  lastError!: string | null;
  @Field(() => GraphQLDateTime, { nullable: true })
  lastErrorAt!: Date | null;
  @Field(() => GraphQLDateTime)
  updatedAt!: Date;
}
