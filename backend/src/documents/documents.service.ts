/**
 * The documents feature: members register X25519 public keys; an upload is checked (size, type by
 * content, parties), encrypted under a fresh document key, stored on IPFS and its key wrapped for every
 * party and every active regulator with a key; downloads hand out the ciphertext (checked against the
 * recorded SHA-256) and the caller's wrapped key only; a party shares a document by presenting the key it
 * unwrapped. The backend keeps no key that opens a stored document (DESIGN.md invariant 6).
 */
import { createHash, randomUUID } from "node:crypto";
import { Inject, Injectable, Logger } from "@nestjs/common";
import { ApiErrorCode, ApiException } from "../api/api.exception";
import { pageArgs, type Page } from "../api/common/pagination";
import { parseAddress } from "../api/common/validation";
import { AuditService } from "../audit/audit.service";
import { memberProblem } from "../auth/sessions";
import { isRegulator, Role, type Viewer } from "../auth/viewer";
import { RateLimiter } from "../common/rate-limiter";
import { CONFIG } from "../common/tokens";
import type { BackendConfig } from "../config/config";
import type { DocumentKey, DocumentRow, MemberKey } from "../database/schema";
import { DOCUMENT_KINDS, type Document, type EncryptionKey, type WrappedDocumentKey } from "./document.model";
import { DOCUMENT_STORE, StoredContentError, type DocumentStore } from "./document-store";
import { DocumentsRepository, type KeyHolder } from "./documents.repository";
import {
  CONTENT_OVERHEAD,
  decryptContent,
  encryptContent,
  EnvelopeError,
  fromBase64,
  KEY_BYTES,
  publicKeyProblem,
  randomDocumentKey,
  toBase64,
  wrapKey,
} from "./envelope";
import { ACCEPTED_MIME_TYPES, detectType, mediaTypeOf, sanitizeFileName } from "./file-type";

/** Most parties one upload or share may name. */
export const MAX_PARTIES = 20;

/** The part of an uploaded file the service reads (multer's memory storage: never written to disk). */
export interface UploadedFile {
  buffer: Buffer;
  originalname: string;
  mimetype: string;
  size: number;
}

export interface UploadInput {
  file: UploadedFile | undefined;
  kind: unknown;
  parties: unknown;
}

/** What POST /documents answers. */
export interface UploadResult {
  id: string;
  cid: string;
  commitment: string;
  ciphertextSha256: string;
  size: number;
  mimeType: string;
  kind: string;
  fileName: string;
  owner: string;
  parties: string[];
  createdAt: Date;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const sha256 = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");

function notFound(id: string): ApiException {
  // The same answer whether the document does not exist or the caller may not see it.
  return new ApiException(ApiErrorCode.NOT_FOUND, `no document ${id} visible to you`);
}

function toKeyModel(row: MemberKey): EncryptionKey {
  return { address: row.address, publicKey: row.publicKey, registeredAt: row.registeredAt };
}

function toWrappedKey(row: DocumentKey): WrappedDocumentKey {
  return {
    party: row.party,
    ephemeralPublicKey: row.ephemeralPublicKey,
    iv: row.iv,
    wrappedKey: row.wrappedKey,
    addedBy: row.addedBy,
    addedAt: row.addedAt,
  };
}

/** Parties in a stable order whatever the database's collation: the owner, then by date added, then address. */
function byParty(owner: string) {
  return (a: Pick<DocumentKey, "party" | "addedAt">, b: Pick<DocumentKey, "party" | "addedAt">) =>
    Number(b.party === owner) - Number(a.party === owner) ||
    a.addedAt.getTime() - b.addedAt.getTime() ||
    (a.party.toLowerCase() < b.party.toLowerCase() ? -1 : a.party.toLowerCase() > b.party.toLowerCase() ? 1 : 0);
}

function toView(row: DocumentRow, holders: KeyHolder[], viewer: Viewer): Document {
  const mine = holders.find((h) => h.party === viewer.address);
  return {
    ...row,
    parties: holders
      .filter((h) => ((h.roles ?? 0) & Role.REGULATOR) === 0)
      .sort(byParty(row.owner))
      .map((h) => h.party),
    wrappedKey: mine ? toWrappedKey(mine) : null,
  };
}

/** The checksummed addresses (each at most once) of a list (GraphQL) or comma-separated text (multipart field). */
export function parseParties(value: unknown, argument = "parties"): string[] {
  const items =
    typeof value === "string"
      ? value.split(",").map((v) => v.trim())
      : Array.isArray(value)
        ? value.map((v) => (typeof v === "string" ? v.trim() : v))
        : null;
  if (items === null) {
    throw ApiException.badInput(argument, `"${argument}" must list member addresses (comma-separated in a form)`);
  }
  const listed = items.filter((v) => v !== "").map((v) => parseAddress(v, argument));
  const addresses = [...new Set(listed)];
  if (addresses.length !== listed.length) {
    const twice = listed.find((a, i) => listed.indexOf(a) !== i);
    throw ApiException.badInput(argument, `"${argument}" names ${twice} more than once`);
  }
  if (addresses.length > MAX_PARTIES) {
    throw ApiException.badInput(argument, `"${argument}" names ${addresses.length} members; at most ${MAX_PARTIES}`);
  }
  return addresses;
}

@Injectable()
export class DocumentsService {
  private readonly logger = new Logger("Documents");
  private readonly uploads: RateLimiter;

  constructor(
    @Inject(DocumentsRepository) private readonly repository: DocumentsRepository,
    @Inject(DOCUMENT_STORE) private readonly store: DocumentStore,
    @Inject(CONFIG) private readonly config: BackendConfig,
    @Inject(AuditService) private readonly audit: AuditService,
  ) {
    this.uploads = new RateLimiter("uploads", config.uploadsPerMinute);
  }

  // -------------------------------------------------------------------------------------------------
  // Keys
  // -------------------------------------------------------------------------------------------------

  async registerKey(viewer: Viewer, publicKey: string): Promise<EncryptionKey> {
    let bytes: Uint8Array;
    try {
      bytes = fromBase64(publicKey, "publicKey");
    } catch {
      throw ApiException.badInput("publicKey", "publicKey must be a raw 32-byte X25519 public key in standard base64");
    }
    const problem = publicKeyProblem(bytes);
    if (problem) throw ApiException.badInput("publicKey", `publicKey is refused: ${problem}`);
    return toKeyModel(await this.repository.upsertKey(viewer.address, toBase64(bytes), new Date()));
  }

  async encryptionKey(address: string): Promise<EncryptionKey | null> {
    const row = await this.repository.key(address);
    return row ? toKeyModel(row) : null;
  }

  // -------------------------------------------------------------------------------------------------
  // Upload
  // -------------------------------------------------------------------------------------------------

  /** The checks made before an upload's body is read: not the regulator, within the member's rate limit. */
  admitUpload(viewer: Viewer): void {
    if (isRegulator(viewer)) {
      throw new ApiException(ApiErrorCode.FORBIDDEN, "the regulator reads documents but uploads none");
    }
    this.uploads.hit(viewer.address);
  }

  async upload(viewer: Viewer, input: UploadInput): Promise<UploadResult> {
    this.checkNotRegulator(viewer, "uploads");
    const { file } = input;
    if (!file || !Buffer.isBuffer(file.buffer)) {
      throw ApiException.badInput("file", 'send the document as multipart/form-data in the field "file"');
    }
    if (file.buffer.length === 0) throw ApiException.badInput("file", "the file is empty");
    if (file.buffer.length > this.config.uploadMaxBytes) {
      throw new ApiException(
        ApiErrorCode.PAYLOAD_TOO_LARGE,
        `the file has ${file.buffer.length} bytes; at most ${this.config.uploadMaxBytes} are accepted`,
      );
    }
    const type = detectType(file.buffer);
    if (!type) {
      throw new ApiException(
        ApiErrorCode.UNSUPPORTED_MEDIA_TYPE,
        `the file's content is not one of the accepted types (${ACCEPTED_MIME_TYPES.join(", ")})`,
      );
    }
    const declared = mediaTypeOf(file.mimetype);
    if (declared !== type.mimeType) {
      throw new ApiException(
        ApiErrorCode.UNSUPPORTED_MEDIA_TYPE,
        `the file is declared as "${declared || "(none)"}" but its content is ${type.mimeType}; declare the type it is`,
      );
    }
    const kind = typeof input.kind === "string" ? input.kind.trim() : "";
    if (!DOCUMENT_KINDS.includes(kind)) {
      throw ApiException.badInput(
        "kind",
        `"kind" must be one of ${DOCUMENT_KINDS.join(", ")}, got ${JSON.stringify(input.kind ?? null)}`,
      );
    }
    const named = parseParties(input.parties ?? "");
    const parties = [viewer.address, ...named.filter((p) => p !== viewer.address)];
    const partyKeys = await this.recipients(parties, "parties");
    const regulators = (await this.repository.activeRegulatorKeys()).filter((r) => !parties.includes(r.address));

    const id = randomUUID();
    const now = new Date();
    const documentKey = randomDocumentKey();
    const { ciphertext, commitment } = await encryptContent(documentKey, id, file.buffer);
    const keys = await this.wrapFor(documentKey, id, [...partyKeys, ...regulators], viewer.address, now);
    documentKey.fill(0);

    const row: DocumentRow = {
      id,
      cid: await this.store.put(ciphertext),
      commitment,
      ciphertextSha256: sha256(ciphertext),
      owner: viewer.address,
      kind,
      fileName: sanitizeFileName(file.originalname, type),
      mimeType: type.mimeType,
      size: file.buffer.length,
      createdAt: now,
    };
    try {
      await this.repository.transaction((tx) => this.repository.insertDocument(tx, row, keys));
    } catch (error) {
      // Nothing recorded: the blocks just written would be unreachable, so they go too.
      await this.store
        .remove(row.cid)
        .catch((removal: Error) =>
          this.logger.error(`could not remove ${row.cid} of failed upload ${id}: ${removal.message}`),
        );
      throw error;
    }
    return {
      ...row,
      parties: keys
        .filter((k) => parties.includes(k.party))
        .sort(byParty(row.owner))
        .map((k) => k.party),
    };
  }

  // -------------------------------------------------------------------------------------------------
  // Reading
  // -------------------------------------------------------------------------------------------------

  /** A document the viewer may see (a key holder, or the regulator), with its parties and the viewer's key. */
  async document(viewer: Viewer, id: string): Promise<Document | null> {
    if (!UUID.test(id)) return null;
    const row = await this.repository.document(id);
    if (!row) return null;
    const holders = await this.repository.keyHolders([id]);
    if (!isRegulator(viewer) && !holders.some((h) => h.party === viewer.address)) return null;
    return toView(row, holders, viewer);
  }

  /** For downloads: only a member holding a wrapped key of the document; NOT_FOUND for anyone else. */
  async keyHolderDocument(viewer: Viewer, id: string): Promise<Document> {
    const document = await this.document(viewer, id);
    if (!document?.wrappedKey) throw notFound(id);
    return document;
  }

  async list(viewer: Viewer, first: number | null, after: string | null): Promise<Page<Document>> {
    const page = await this.repository.list(isRegulator(viewer) ? undefined : viewer.address, pageArgs(first, after));
    const holders = await this.repository.keyHolders(page.edges.map((e) => e.node.id));
    return {
      edges: page.edges.map((e) => ({
        cursor: e.cursor,
        node: toView(
          e.node,
          holders.filter((h) => h.documentId === e.node.id),
          viewer,
        ),
      })),
      pageInfo: page.pageInfo,
      get totalCount() {
        return page.totalCount;
      },
    };
  }

  /** The ciphertext of a document the viewer holds a key to, after checking it is what was recorded. */
  async content(viewer: Viewer, id: string): Promise<{ document: Document; ciphertext: Uint8Array }> {
    const document = await this.keyHolderDocument(viewer, id);
    return { document, ciphertext: await this.verifiedCiphertext(viewer, document) };
  }

  private async verifiedCiphertext(viewer: Viewer, row: DocumentRow): Promise<Uint8Array> {
    let ciphertext: Uint8Array;
    try {
      ciphertext = await this.store.get(row.cid);
    } catch (error) {
      if (error instanceof StoredContentError) return this.tampered(viewer, row, error.message);
      throw error;
    }
    if (ciphertext.length !== row.size + CONTENT_OVERHEAD) {
      return this.tampered(
        viewer,
        row,
        `the stored ciphertext has ${ciphertext.length} bytes, ${row.size + CONTENT_OVERHEAD} were recorded`,
      );
    }
    const digest = sha256(ciphertext);
    if (digest !== row.ciphertextSha256) {
      return this.tampered(
        viewer,
        row,
        `the stored ciphertext's SHA-256 is ${digest}, ${row.ciphertextSha256} was recorded`,
      );
    }
    return ciphertext;
  }

  private async tampered(viewer: Viewer, row: DocumentRow, reason: string): Promise<never> {
    this.logger.error(`document ${row.id} (cid ${row.cid}) failed its integrity check: ${reason}`);
    await this.audit.record({
      viewer,
      action: "documentIntegrityCheck",
      detail: { id: row.id, cid: row.cid },
      result: ApiErrorCode.DOCUMENT_TAMPERED,
      error: reason,
    });
    throw new ApiException(
      ApiErrorCode.DOCUMENT_TAMPERED,
      `document ${row.id} does not match what was recorded for it (${reason}); it was altered in storage or in the database`,
      { id: row.id },
    );
  }

  // -------------------------------------------------------------------------------------------------
  // Sharing
  // -------------------------------------------------------------------------------------------------

  /**
   * A current party adds parties by presenting the document key it unwrapped. The key must really open
   * the document (GCM verifies) and reproduce the recorded commitment; the key and plaintext are then
   * dropped. Parties that already hold a key keep it.
   */
  async share(viewer: Viewer, id: string, partiesArg: unknown, documentKeyArg: string): Promise<Document> {
    this.checkNotRegulator(viewer, "shares");
    const document = await this.document(viewer, id);
    if (!document?.wrappedKey) throw notFound(id);
    const named = parseParties(partiesArg);
    if (named.length === 0) throw ApiException.badInput("parties", '"parties" must name at least one member');
    const holders = new Set((await this.repository.keyHolders([id])).map((h) => h.party));
    const added = named.filter((p) => !holders.has(p));
    const partyKeys = await this.recipients(added, "parties");
    const regulators = (await this.repository.activeRegulatorKeys()).filter((r) => !holders.has(r.address));

    let documentKey: Uint8Array;
    try {
      documentKey = fromBase64(documentKeyArg, "documentKey");
    } catch {
      throw ApiException.badInput("documentKey", "documentKey must be the 32-byte document key in standard base64");
    }
    if (documentKey.length !== KEY_BYTES) {
      throw ApiException.badInput("documentKey", `documentKey must have ${KEY_BYTES} bytes, got ${documentKey.length}`);
    }
    const ciphertext = await this.verifiedCiphertext(viewer, document);
    let commitment: string;
    try {
      const opened = await decryptContent(documentKey, id, ciphertext);
      opened.plaintext.fill(0);
      commitment = opened.commitment;
    } catch (error) {
      documentKey.fill(0);
      if (error instanceof EnvelopeError) {
        throw new ApiException(ApiErrorCode.FORBIDDEN, "the document key presented does not open this document");
      }
      throw error;
    }
    if (commitment !== document.commitment) {
      documentKey.fill(0);
      await this.tampered(viewer, document, `the recorded commitment ${document.commitment} is not the document's`);
    }
    const now = new Date();
    const keys = await this.wrapFor(documentKey, id, [...partyKeys, ...regulators], viewer.address, now);
    documentKey.fill(0);
    await this.repository.transaction((tx) => this.repository.insertKeys(tx, keys));
    return (await this.document(viewer, id))!;
  }

  // -------------------------------------------------------------------------------------------------

  private checkNotRegulator(viewer: Viewer, what: string): void {
    if (isRegulator(viewer)) {
      throw new ApiException(ApiErrorCode.FORBIDDEN, `the regulator reads documents but makes no ${what}`);
    }
  }

  /**
   * The registered keys of `addresses`, each an active member that registered a key and is not a
   * regulator (regulators get every key anyway); otherwise BAD_USER_INPUT naming every one at fault.
   */
  private async recipients(addresses: string[], argument: string): Promise<MemberKey[]> {
    const [memberRows, keyRows] = await Promise.all([
      this.repository.members(addresses),
      this.repository.keys(addresses),
    ]);
    const problems: string[] = [];
    for (const address of addresses) {
      const member = memberRows.find((m) => m.address === address);
      const problem = memberProblem(member, address);
      if (problem) problems.push(problem);
      else if (isRegulator(member!)) {
        problems.push(`${address} is a regulator: regulators receive every document key without being named`);
      } else if (!keyRows.some((k) => k.address === address)) {
        problems.push(`${address} has not registered an encryption key (registerEncryptionKey)`);
      }
    }
    if (problems.length > 0) {
      throw new ApiException(ApiErrorCode.BAD_USER_INPUT, `invalid ${argument}: ${problems.join("; ")}`, {
        argument,
      });
    }
    return addresses.map((a) => keyRows.find((k) => k.address === a)!);
  }

  private async wrapFor(
    documentKey: Uint8Array,
    documentId: string,
    recipients: MemberKey[],
    addedBy: string,
    addedAt: Date,
  ): Promise<DocumentKey[]> {
    return Promise.all(
      recipients.map(async (recipient) => ({
        documentId,
        party: recipient.address,
        ...(await wrapKey(documentKey, fromBase64(recipient.publicKey), documentId, recipient.address)),
        addedBy,
        addedAt,
      })),
    );
  }
}
