import { Field, InputType, ObjectType } from "@nestjs/graphql";
import { Type } from "class-transformer";
import { IsDate, IsOptional, MaxLength } from "class-validator";
import { Connection } from "../api/common/pagination";
import { GraphQLDateTime, GraphQLJSON } from "../api/common/scalars";
import { IsAddress } from "../api/common/validation";
import { MemberRole } from "../api/common/enums";

@ObjectType({ description: "One recorded mutation or upload: who, what, when, the result." })
export class AuditEntry {
  @Field(() => String, { description: "Sequence number (a string: it may exceed 2^53)." })
  id!: string;
  @Field(() => GraphQLDateTime)
  at!: Date;
  @Field(() => String, { nullable: true, description: "The signed-in member, or null before sign-in." })
  actor!: string | null;
  @Field(() => [MemberRole], { description: "The actor's roles at that moment." })
  actorRoles!: MemberRole[];
  @Field(() => String, { description: 'The operation, e.g. "signIn" or "uploadDocument".' })
  action!: string;
  @Field(() => GraphQLJSON, { description: "Its arguments; signatures, tokens and keys are redacted." })
  detail!: unknown;
  @Field(() => String, { description: "OK, or the error code." })
  result!: string;
  @Field(() => String, { nullable: true })
  error!: string | null;
  @Field(() => String, { nullable: true })
  ip!: string | null;
}

@ObjectType()
export class AuditEntryConnection extends Connection(AuditEntry) {}

@InputType()
export class AuditFilter {
  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsAddress()
  actor?: string;
  @Field(() => String, { nullable: true })
  @IsOptional()
  @MaxLength(100)
  action?: string;
  @Field(() => String, { nullable: true, description: "OK or an error code." })
  @IsOptional()
  @MaxLength(100)
  result?: string;
  @Field(() => GraphQLDateTime, { nullable: true, description: "From this instant (inclusive)." })
  @IsOptional()
  @Type(() => Date)
  @IsDate()
  from?: Date;
  @Field(() => GraphQLDateTime, { nullable: true, description: "Before this instant (exclusive)." })
  @IsOptional()
  @Type(() => Date)
  @IsDate()
  to?: Date;
}
