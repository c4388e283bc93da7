/**
 * Documents: uploads go to the backend (POST /documents), which encrypts them under a fresh key wrapped
 * for every party and stores them on IPFS; opening one downloads the ciphertext and decrypts it here with
 * the member's document key, checking it against the commitment recorded with it.
 */
import { ApiError, apiHeaders, gql } from "./graphql";
import type { Session } from "./session";

export type DocumentKind = "ORDER" | "INVOICE" | "DELIVERY_NOTE" | "RECEIPT_SCAN" | "OTHER";

/** What an upload answers: the id to name in a mutation, and the commitment the chain records. */
export interface UploadedDocument {
  id: string;
  cid: string;
  commitment: string;
  fileName: string;
  size: number;
}

/** Largest file the portal sends (the backend enforces its own limit too). */
export const MAX_UPLOAD_BYTES = 10 * 1024 * 1024;
const ACCEPTED = ["application/pdf", "image/png", "image/jpeg"];

/** Why `file` cannot be uploaded, or null. */
export function fileProblem(file: File): string | null {
  if (file.size === 0) return "The file is empty.";
  if (file.size > MAX_UPLOAD_BYTES) return `The file is larger than ${MAX_UPLOAD_BYTES / 1024 / 1024} MB.`;
  if (file.type && !ACCEPTED.includes(file.type)) return "Only PDF, PNG and JPEG files are accepted.";
  return null;
}

/** Uploads `file` as a document of `kind` shared with `parties` (addresses besides the uploader). */
export async function uploadDocument(file: File, kind: DocumentKind, parties: string[]): Promise<UploadedDocument> {
  const problem = fileProblem(file);
  if (problem) throw new ApiError(problem, "BAD_USER_INPUT", "file");
  const form = new FormData();
  form.set("file", file, file.name);
  form.set("kind", kind);
  form.set("parties", parties.join(","));
  const response = await fetch("/documents", { method: "POST", headers: apiHeaders(), body: form });
  const body = await response.json().catch(() => ({}));
  if (response.status !== 201) {
    // The backend answers `{ error: { code, message } }`.
    const error = (body as { error?: { code?: string; message?: string } }).error ?? {};
    throw new ApiError(error.message ?? `The upload failed (HTTP ${response.status}).`, error.code ?? "UPLOAD_FAILED");
  }
  return body as UploadedDocument;
}

/** Downloads and decrypts document `id`; answers it as a Blob of its type. */
export async function openDocument(session: Session, id: string): Promise<Blob> {
  const { document } = await gql<{
    document: {
      id: string;
      commitment: string;
      mimeType: string;
      wrappedKey: { ephemeralPublicKey: string; iv: string; wrappedKey: string } | null;
    } | null;
  }>(
    `query($id: String!) { document(id: $id) { id commitment mimeType wrappedKey { ephemeralPublicKey iv wrappedKey } } }`,
    {
      id,
    },
  );
  if (!document) throw new ApiError("This document does not exist or is not shared with you.", "NOT_FOUND");
  if (!document.wrappedKey) throw new ApiError("The document's key was not shared with your account.", "FORBIDDEN");
  const response = await fetch(`/documents/${encodeURIComponent(id)}/content`, { headers: apiHeaders() });
  if (!response.ok)
    throw new ApiError(`The document could not be downloaded (HTTP ${response.status}).`, "DOWNLOAD_FAILED");
  const ciphertext = new Uint8Array(await response.arrayBuffer());
  const [envelope, keys] = await Promise.all([import("@envelope"), session.documentKeys()]);
  const documentKey = await envelope.unwrapKey(
    document.wrappedKey,
    keys.privateKey,
    document.id,
    session.viewer!.address,
  );
  const plaintext = await envelope.openDocument(documentKey, document, ciphertext);
  return new Blob([plaintext as BlobPart], { type: document.mimeType });
}
