/** GraphQL types of the encrypted documents and of the members' encryption keys. */
import { Field, Int, ObjectType, registerEnumType } from "@nestjs/graphql";
import { GraphQLDateTime } from "../api/common/scalars";
import { Connection } from "../api/common/pagination";

export enum DocumentKind {
  ORDER = "ORDER",
  INVOICE = "INVOICE",
  DELIVERY_NOTE = "DELIVERY_NOTE",
  RECEIPT_SCAN = "RECEIPT_SCAN",
  OTHER = "OTHER",
}
registerEnumType(DocumentKind, { name: "DocumentKind", description: "What a document is, for the deal it backs." });

export const DOCUMENT_KINDS = Object.values(DocumentKind) as string[];

@ObjectType({ description: "A member's X25519 public key, to which document keys are wrapped." })
export class EncryptionKey {
  @Field(() => String)
  address!: string;
  @Field(() => String, { description: "Raw 32-byte X25519 public key, base64." })
  publicKey!: string;
  @Field(() => GraphQLDateTime)
  registeredAt!: Date;
}

@ObjectType({
  description:
    "A document key wrapped for one party: X25519 with the ephemeral key, HKDF-SHA256, AES-256-GCM (see backend/src/documents/envelope.ts).",
})
export class WrappedDocumentKey {
  @Field(() => String, { description: "The party it is wrapped for (bound into the AAD, lower case)." })
  party!: string;
  @Field(() => String, { description: "Ephemeral X25519 public key, base64." })
  ephemeralPublicKey!: string;
  @Field(() => String, { description: "96-bit IV, base64." })
  iv!: string;
  @Field(() => String, {
    description: "The 32-byte document key sealed with AES-256-GCM (48 bytes with the tag), base64.",
  })
  wrappedKey!: string;
  @Field(() => String)
  addedBy!: string;
  @Field(() => GraphQLDateTime)
  addedAt!: Date;
}

@ObjectType({ description: "An encrypted document on IPFS; only its parties (and the regulator) can decrypt it." })
export class Document {
  @Field(() => String)
  id!: string;
  @Field(() => String, { description: "CID of the encrypted UnixFS file." })
  cid!: string;
  @Field(() => String, { description: "keccak256(salt || plaintext), bytes32 hex: the value put on chain." })
  commitment!: string;
  @Field(() => String, { description: "SHA-256 of the stored ciphertext, hex; checked on every download." })
  ciphertextSha256!: string;
  @Field(() => String, { description: "The member that uploaded it." })
  owner!: string;
  @Field(() => DocumentKind)
  kind!: string;
  @Field(() => String)
  fileName!: string;
  @Field(() => String)
  mimeType!: string;
  @Field(() => Int, { description: "Plaintext size in bytes." })
  size!: number;
  @Field(() => GraphQLDateTime)
  createdAt!: Date;
  @Field(() => [String], { description: "Members of the deal that can decrypt it (the regulator is not listed)." })
  parties!: string[];
  @Field(() => WrappedDocumentKey, {
    nullable: true,
    description:
      "The document key wrapped for the signed-in member; null when none is (e.g. a regulator without a key).",
  })
  wrappedKey!: WrappedDocumentKey | null;
}

@ObjectType()
export class DocumentConnection extends Connection(Document) {}
