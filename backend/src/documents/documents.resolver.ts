/**
 * GraphQL operations of documents: register and read encryption keys, list and read the documents the
 * signed-in member may see, and share one with more parties. Uploads and downloads are HTTP endpoints
 * (documents.controller.ts). Mutations are recorded in the audit log by the API's AuditPlugin (the
 * document key presented to shareDocument is redacted there).
 */
import { Inject } from "@nestjs/common";
import { Args, Mutation, Query, Resolver } from "@nestjs/graphql";
import { AfterArg, FirstArg } from "../api/common/args";
import { AddressPipe } from "../api/common/validation";
import { CurrentViewer } from "../auth/request-auth";
import type { Viewer } from "../auth/viewer";
import { Document, DocumentConnection, EncryptionKey } from "./document.model";
import { DocumentsService } from "./documents.service";

@Resolver(() => Document)
export class DocumentsResolver {
  constructor(@Inject(DocumentsService) private readonly service: DocumentsService) {}

  @Mutation(() => EncryptionKey, {
    description:
      "Registers (or replaces) the signed-in member's X25519 public key, raw 32 bytes in base64. Document keys are wrapped to it; the private key never leaves the member (derive it with documentKeyPairFromSignature).",
  })
  registerEncryptionKey(
    @CurrentViewer() viewer: Viewer,
    @Args("publicKey", { type: () => String }) publicKey: string,
  ): Promise<EncryptionKey> {
    return this.service.registerKey(viewer, publicKey);
  }

  @Query(() => EncryptionKey, { nullable: true, description: "A member's registered public key; null when none." })
  encryptionKey(@Args("address", { type: () => String }, AddressPipe) address: string): Promise<EncryptionKey | null> {
    return this.service.encryptionKey(address);
  }

  @Query(() => DocumentConnection, {
    description: "Documents the signed-in member holds a key to, newest first (the regulator: every document).",
  })
  documents(@CurrentViewer() viewer: Viewer, @FirstArg() first: number | null, @AfterArg() after: string | null) {
    return this.service.list(viewer, first, after);
  }

  @Query(() => Document, {
    nullable: true,
    description: "A document the signed-in member may see (a party, or the regulator); null otherwise.",
  })
  document(@CurrentViewer() viewer: Viewer, @Args("id", { type: () => String }) id: string): Promise<Document | null> {
    return this.service.document(viewer, id);
  }

  @Mutation(() => Document, {
    description:
      "A current party gives more parties (active members with keys) access, presenting the document key it unwrapped (base64); the server checks that the key opens the document before wrapping it for them.",
  })
  shareDocument(
    @CurrentViewer() viewer: Viewer,
    @Args("id", { type: () => String }) id: string,
    @Args("parties", { type: () => [String] }) parties: string[],
    @Args("documentKey", { type: () => String }) documentKey: string,
  ): Promise<Document> {
    return this.service.share(viewer, id, parties, documentKey);
  }
}
