import { Field, InputType } from "@nestjs/graphql";
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsEnum,
  IsString,
  Matches,
  MaxLength,
} from "class-validator";
import { MemberRole } from "../api/common/enums";
import { IsAddress } from "../api/common/validation";

/**
 * A short reference stored on chain as a bytes32 string (org id, KYC file, deposit reference): printable
 * ASCII, so that one character is one byte, starting and ending with a visible character (a reference
 * that differs only by blanks at its ends would look the same in every list).
 */
export const REFERENCE = /^[\x21-\x7e](?:[\x20-\x7e]*[\x21-\x7e])?$/;
/** At most 31 bytes: a bytes32 string keeps one byte for its terminating zero. */
export const REFERENCE_MAX = 31;
export const REFERENCE_RULE = `1 to ${REFERENCE_MAX} printable ASCII characters, starting and ending with a visible one`;

@InputType({ description: "An organisation account the operator admits after KYC." })
export class AdmitMemberInput {
  @Field(() => String, { description: "The account to admit: not a member yet." })
  @IsAddress()
  account!: string;
  @Field(() => String, { description: `The organisation's id (${REFERENCE_RULE}).` })
  @IsString()
  @MaxLength(REFERENCE_MAX)
  @Matches(REFERENCE, { message: `orgId must be ${REFERENCE_RULE}` })
  orgId!: string;
  @Field(() => [MemberRole], {
    description:
      "Its roles, each once (at least one). OPERATOR needs the governance account; SYSTEM is only for the protocol's contracts; REGULATOR stands alone.",
  })
  @IsArray()
  @ArrayMinSize(1, { message: "roles must name at least one role" })
  @ArrayMaxSize(7)
  @ArrayUnique(undefined, { message: "roles must name each role once" })
  @IsEnum(MemberRole, { each: true })
  roles!: MemberRole[];
  @Field(() => String, { description: `Reference of the KYC file kept off chain (${REFERENCE_RULE}).` })
  @IsString()
  @MaxLength(REFERENCE_MAX)
  @Matches(REFERENCE, { message: `kycRef must be ${REFERENCE_RULE}` })
  kycRef!: string;
}
