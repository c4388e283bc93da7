/** GraphQL types of sign-in (SIWE): the challenge to sign, the result of signing in, and the viewer. */
import { Field, Int, ObjectType } from "@nestjs/graphql";
import { GraphQLDateTime } from "../api/common/scalars";
import { MemberRole } from "../api/common/enums";

@ObjectType({
  description:
    "An EIP-4361 (Sign-In with Ethereum) message to sign with the wallet, and its fields. Sign `message` as is (personal_sign).",
})
export class SignInChallenge {
  @Field(() => String, { description: "host[:port] the message is bound to." })
  domain!: string;
  @Field(() => String, { description: "EIP-55 address that must sign." })
  address!: string;
  @Field(() => String)
  statement!: string;
  @Field(() => String)
  uri!: string;
  @Field(() => String)
  version!: string;
  @Field(() => Int)
  chainId!: number;
  @Field(() => String, { description: "Single-use; valid until nonceExpiresAt." })
  nonce!: string;
  @Field(() => GraphQLDateTime)
  issuedAt!: Date;
  @Field(() => GraphQLDateTime, { description: "End of the message's validity, and of the session it opens." })
  expirationTime!: Date;
  @Field(() => GraphQLDateTime, { description: "Sign in before this time, or ask for a new challenge." })
  nonceExpiresAt!: Date;
  @Field(() => String, { description: "The full EIP-4361 text of the fields above." })
  message!: string;
}

@ObjectType({ description: "The signed-in member." })
export class Viewer {
  @Field(() => String, { description: "EIP-55 address that signed in." })
  address!: string;
  @Field(() => String)
  orgId!: string;
  @Field(() => [MemberRole], { description: "Roles of the membership as indexed now." })
  roles!: MemberRole[];
  @Field(() => GraphQLDateTime, { description: "When the session ends." })
  expiresAt!: Date;
}

@ObjectType()
export class SignInResult {
  @Field(() => String, {
    description: "Session token for `Authorization: Bearer <token>` (also set as the httpOnly cookie scf_session).",
  })
  token!: string;
  @Field(() => GraphQLDateTime)
  expiresAt!: Date;
  @Field(() => Viewer)
  viewer!: Viewer;
}
