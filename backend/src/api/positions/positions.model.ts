import { Field, ObjectType } from "@nestjs/graphql";

@ObjectType({
  description:
    "Everything a member holds or owes, now. Lists hold the open positions only unless includeClosed was set.",
})
export class MemberPositions {
  @Field(() => String)
  address!: string;
  @Field(() => Boolean)
  includeClosed!: boolean;
}
