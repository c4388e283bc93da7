/**
 * What an upload is, by its content: the accepted types (PDF, PNG, JPEG) recognised by their magic
 * bytes, the declared Content-Type checked against them, and the file name made safe to store and to
 * show (no path, no control or bidi characters, bounded length, the extension of the real type).
 */

export interface AcceptedType {
  mimeType: string;
  /** Extensions a file name of this type may end with; the first is added when none fits. */
  extensions: string[];
}

export const ACCEPTED_TYPES: readonly AcceptedType[] = [
  { mimeType: "application/pdf", extensions: [".pdf"] },
  { mimeType: "image/png", extensions: [".png"] },
  { mimeType: "image/jpeg", extensions: [".jpg", ".jpeg"] },
];

export const ACCEPTED_MIME_TYPES = ACCEPTED_TYPES.map((t) => t.mimeType);

const startsWith = (bytes: Uint8Array, prefix: number[], offset = 0) =>
  bytes.length >= offset + prefix.length && prefix.every((b, i) => bytes[offset + i] === b);

const ascii = (text: string) => [...text].map((c) => c.charCodeAt(0));

/** The accepted type `bytes` are, by their signature, or null for any other content. */
export function detectType(bytes: Uint8Array): AcceptedType | null {
  // "%PDF-" then a version digit.
  if (startsWith(bytes, ascii("%PDF-")) && bytes.length > 5 && bytes[5] >= 0x30 && bytes[5] <= 0x39) {
    return ACCEPTED_TYPES[0];
  }
  // PNG signature followed by the IHDR chunk every PNG starts with.
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]) && startsWith(bytes, ascii("IHDR"), 12)) {
    return ACCEPTED_TYPES[1];
  }
  // SOI marker then the start of another marker.
  if (startsWith(bytes, [0xff, 0xd8, 0xff]) && bytes.length > 3 && bytes[3] >= 0xc0 && bytes[3] !== 0xff) {
    return ACCEPTED_TYPES[2];
  }
  return null;
}

/** The media type of a Content-Type header value, lower case, without parameters. */
export function mediaTypeOf(contentType: string | undefined | null): string {
  return (contentType ?? "").split(";")[0].trim().toLowerCase();
}

const MAX_NAME = 120;
// Control characters, bidi overrides/isolates (which disguise extensions) and characters file systems refuse.
// eslint-disable-next-line no-control-regex
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069<>:"|?*\\/]/g;

/** A file name safe to store and show, ending with an extension of `type`. */
export function sanitizeFileName(name: string | undefined | null, type: AcceptedType): string {
  const base = (name ?? "").split(/[\\/]/).pop() ?? "";
  let clean = base
    .normalize("NFC")
    .replace(UNSAFE, "")
    .replace(/\s+/g, " ")
    .trim()
    .replace(/^[.\s]+/, "");
  const lower = clean.toLowerCase();
  let extension = type.extensions.find((e) => lower.endsWith(e));
  if (extension) {
    clean = clean.slice(0, clean.length - extension.length).trimEnd();
  } else {
    extension = type.extensions[0];
  }
  // Cut by code points, so that no surrogate pair is split.
  const stem = [...clean]
    .slice(0, MAX_NAME - extension.length)
    .join("")
    .trimEnd();
  return `${stem === "" ? "document" : stem}${extension}`;
}
