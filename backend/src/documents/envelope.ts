/**
 * The document envelope: how a document is encrypted for the parties of a deal, in standard primitives
 * only (raw X25519 keys, HKDF-SHA256, AES-256-GCM with 96-bit IVs, keccak256), through Web Crypto, so
 * the same module runs in Node (tests, clients, the backend) and in the browser portal. Pure: no I/O,
 * no Node-only APIs. The backend uses it to encrypt uploads and wrap keys; it never holds a private key.
 *
 * Formats (version 1; every string is standard base64):
 * - key pair: raw 32-byte X25519 private key and public key (RFC 7748);
 * - a member's key pair from its wallet: `privateKey = HKDF-SHA256(ikm = signature bytes,
 *   salt = "scf/document-key-pair/v1", info = "x25519", 32)` over the wallet's signature (EIP-191) of
 *   DOCUMENT_KEY_MESSAGE; wallets sign deterministically (RFC 6979), so signing again re-derives it;
 * - content: `iv (12) || AES-256-GCM(documentKey, iv, aad = "scf/document/v1:" + documentId,
 *   salt (32) || plaintext)` with its 16-byte tag at the end: plaintext size + 60 bytes;
 * - commitment (what goes on chain): `keccak256(salt || plaintext)`, bytes32 hex. The salt travels only
 *   inside the encrypted payload, so only a holder of the document key can check the commitment (and
 *   nobody can confirm a guess of a short document from the public commitment);
 * - wrapped document key for a party: an ephemeral X25519 key pair `e`, `kek = HKDF-SHA256(ikm =
 *   X25519(e, partyPublicKey), salt = ePublic || partyPublicKey, info = "scf/document-key-wrap/v1", 32)`,
 *   `wrappedKey = AES-256-GCM(kek, iv, aad = "scf/document-key/v1:" + documentId + ":" + lowercase
 *   party address, documentKey)` (48 bytes with the tag).
 */
import { concat as concatBytes, getBytes, keccak256, verifyMessage } from "ethers";

/** The message a member's wallet signs (EIP-191 personal_sign) to derive its document key pair. */
export const DOCUMENT_KEY_MESSAGE =
  "SCF consortium: derive my document encryption key.\n\n" +
  "Signing this message creates no transaction and costs nothing. Only sign it in the SCF portal: " +
  "whoever holds this signature can read the documents shared with you.";

export const KEY_BYTES = 32;
export const IV_BYTES = 12;
export const TAG_BYTES = 16;
export const SALT_BYTES = 32;
/** What encryption adds to a document: IV, commitment salt and GCM tag. */
export const CONTENT_OVERHEAD = IV_BYTES + SALT_BYTES + TAG_BYTES;

const KEY_PAIR_SALT = "scf/document-key-pair/v1";
const KEY_PAIR_INFO = "x25519";
const WRAP_INFO = "scf/document-key-wrap/v1";

/** A member's X25519 key pair, raw bytes. */
export interface DocumentKeyPair {
  publicKey: Uint8Array;
  privateKey: Uint8Array;
}

/** A document key wrapped for one party (the columns of document_keys), base64. */
export interface WrappedKey {
  ephemeralPublicKey: string;
  iv: string;
  wrappedKey: string;
}

/** Encryption, decryption or a check failed: wrong key, wrong document, altered or truncated data. */
export class EnvelopeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "EnvelopeError";
  }
}

function subtle(): SubtleCrypto {
  const c = (globalThis as { crypto?: Crypto }).crypto;
  if (!c?.subtle) throw new Error("Web Crypto (globalThis.crypto.subtle) is not available");
  return c.subtle;
}

export function randomBytes(length: number): Uint8Array {
  const bytes = new Uint8Array(length);
  (globalThis as { crypto: Crypto }).crypto.getRandomValues(bytes);
  return bytes;
}

const utf8 = (text: string) => new TextEncoder().encode(text);

// ---------------------------------------------------------------------------------------------------
// Encodings
// ---------------------------------------------------------------------------------------------------

const B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

export function toBase64(bytes: Uint8Array): string {
  let out = "";
  for (let i = 0; i < bytes.length; i += 3) {
    const n = (bytes[i] << 16) | ((bytes[i + 1] ?? 0) << 8) | (bytes[i + 2] ?? 0);
    out += B64[(n >> 18) & 63] + B64[(n >> 12) & 63];
    out += i + 1 < bytes.length ? B64[(n >> 6) & 63] : "=";
    out += i + 2 < bytes.length ? B64[n & 63] : "=";
  }
  return out;
}

/** Strict standard base64 (padded, canonical): anything else is an error, never silently skipped. */
export function fromBase64(text: string, what = "value"): Uint8Array {
  if (typeof text !== "string" || text.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(text)) {
    throw new EnvelopeError(`${what} is not standard base64`);
  }
  const padding = text.endsWith("==") ? 2 : text.endsWith("=") ? 1 : 0;
  const out = new Uint8Array((text.length / 4) * 3 - padding);
  let o = 0;
  for (let i = 0; i < text.length; i += 4) {
    const n =
      (B64.indexOf(text[i]) << 18) |
      (B64.indexOf(text[i + 1]) << 12) |
      ((text[i + 2] === "=" ? 0 : B64.indexOf(text[i + 2])) << 6) |
      (text[i + 3] === "=" ? 0 : B64.indexOf(text[i + 3]));
    out[o++] = (n >> 16) & 255;
    if (o < out.length) out[o++] = (n >> 8) & 255;
    if (o < out.length) out[o++] = n & 255;
  }
  if (toBase64(out) !== text) throw new EnvelopeError(`${what} is not canonical base64`);
  return out;
}

function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------
// X25519
// ---------------------------------------------------------------------------------------------------

/** PKCS#8 header of an X25519 private key (RFC 8410): Web Crypto imports raw private keys only this way. */
const PKCS8_X25519 = Uint8Array.from([
  0x30, 0x2e, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x6e, 0x04, 0x22, 0x04, 0x20,
]);

const P = 2n ** 255n - 19n;
/** u-coordinates of the points of order 1, 2, 4 and 8 on Curve25519 (canonical, below p). */
const SMALL_ORDER = new Set<bigint>([
  0n,
  1n,
  P - 1n,
  325606250916557431795983626356110631294008115727848805560023387167927233504n,
  39382357235489614581723060781553021112529911719440698176882885853963445705823n,
]);

/**
 * Why `publicKey` is unusable as an X25519 public key, or null when it is fine: it must be 32 bytes,
 * canonical (below 2^255 - 19, top bit clear) and not a point of small order (e.g. all zeros), whose
 * shared secrets an attacker would know.
 */
export function publicKeyProblem(publicKey: Uint8Array): string | null {
  if (publicKey.length !== KEY_BYTES) return `an X25519 public key has ${KEY_BYTES} bytes, got ${publicKey.length}`;
  if (publicKey[31] & 0x80) return "the X25519 public key is not canonical (top bit set)";
  let u = 0n;
  for (let i = KEY_BYTES - 1; i >= 0; i--) u = (u << 8n) | BigInt(publicKey[i]);
  if (u >= P) return "the X25519 public key is not canonical (not below 2^255 - 19)";
  if (SMALL_ORDER.has(u))
    return "the X25519 public key is a point of small order (e.g. all zeros): it protects nothing";
  return null;
}

async function importPrivate(privateKey: Uint8Array): Promise<CryptoKey> {
  if (privateKey.length !== KEY_BYTES) {
    throw new EnvelopeError(`an X25519 private key has ${KEY_BYTES} bytes, got ${privateKey.length}`);
  }
  return subtle().importKey("pkcs8", concat(PKCS8_X25519, privateKey), { name: "X25519" }, true, ["deriveBits"]);
}

async function importPublic(publicKey: Uint8Array): Promise<CryptoKey> {
  const problem = publicKeyProblem(publicKey);
  if (problem) throw new EnvelopeError(problem);
  return subtle().importKey("raw", publicKey, { name: "X25519" }, true, []);
}

/** The public key of a raw X25519 private key. */
export async function publicKeyOf(privateKey: Uint8Array): Promise<Uint8Array> {
  const jwk = await subtle().exportKey("jwk", await importPrivate(privateKey));
  return fromBase64Url(jwk.x as string);
}

function fromBase64Url(text: string): Uint8Array {
  const b64 = text.replace(/-/g, "+").replace(/_/g, "/");
  return fromBase64(b64 + "=".repeat((4 - (b64.length % 4)) % 4), "JWK coordinate");
}

async function sharedSecret(privateKey: Uint8Array, publicKey: Uint8Array): Promise<Uint8Array> {
  try {
    const bits = await subtle().deriveBits(
      { name: "X25519", public: await importPublic(publicKey) },
      await importPrivate(privateKey),
      256,
    );
    return new Uint8Array(bits);
  } catch (error) {
    if (error instanceof EnvelopeError) throw error;
    throw new EnvelopeError("X25519 key agreement failed (invalid key)");
  }
}

/** A fresh random key pair (clients that keep their own key; tests). */
export async function generateKeyPair(): Promise<DocumentKeyPair> {
  const privateKey = randomBytes(KEY_BYTES);
  return { privateKey, publicKey: await publicKeyOf(privateKey) };
}

async function hkdf(ikm: Uint8Array, salt: Uint8Array, info: string): Promise<Uint8Array> {
  const key = await subtle().importKey("raw", ikm, "HKDF", false, ["deriveBits"]);
  const bits = await subtle().deriveBits({ name: "HKDF", hash: "SHA-256", salt, info: utf8(info) }, key, 256);
  return new Uint8Array(bits);
}

const SECP256K1_P = 2n ** 256n - 2n ** 32n - 977n;

function modPow(base: bigint, exponent: bigint, modulus: bigint): bigint {
  let result = 1n;
  for (let b = base % modulus, e = exponent; e > 0n; e >>= 1n, b = (b * b) % modulus) {
    if (e & 1n) result = (result * b) % modulus;
  }
  return result;
}

/** True when 65 bytes are an uncompressed secp256k1 public key (0x04 || x || y on the curve), not a signature. */
function isUncompressedPublicKey(bytes: Uint8Array): boolean {
  if (bytes.length !== 65 || bytes[0] !== 0x04) return false;
  const x = BigInt(hexOf(bytes.subarray(1, 33)));
  const y = BigInt(hexOf(bytes.subarray(33, 65)));
  return (y * y) % SECP256K1_P === (modPow(x, 3n, SECP256K1_P) + 7n) % SECP256K1_P;
}

const hexOf = (bytes: Uint8Array) => `0x${Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("")}`;

/**
 * A member's key pair, re-derivable from its wallet: HKDF over the wallet's signature of
 * DOCUMENT_KEY_MESSAGE. Only a secret may seed it: the input must be a 65-byte signature (r || s || v),
 * so public data such as an address, a public key or a hash is refused; with `signer`, the signature
 * must also be that account's signature of DOCUMENT_KEY_MESSAGE.
 */
export async function documentKeyPairFromSignature(signature: string, signer?: string): Promise<DocumentKeyPair> {
  if (typeof signature !== "string" || !/^0x[0-9a-fA-F]{130}$/.test(signature)) {
    throw new EnvelopeError("expected the wallet's 65-byte signature of DOCUMENT_KEY_MESSAGE as 0x hex");
  }
  const bytes = getBytes(signature);
  if (![0, 1, 27, 28].includes(bytes[64]) || isUncompressedPublicKey(bytes)) {
    throw new EnvelopeError("expected a signature (r || s || v), not a public key or other public data");
  }
  if (bytes.slice(0, 64).every((b) => b === 0)) throw new EnvelopeError("the signature is empty (all zeros)");
  if (signer !== undefined) {
    let recovered: string;
    try {
      recovered = verifyMessage(DOCUMENT_KEY_MESSAGE, signature);
    } catch {
      throw new EnvelopeError("the signature is not a valid signature of DOCUMENT_KEY_MESSAGE");
    }
    if (recovered.toLowerCase() !== signer.toLowerCase()) {
      throw new EnvelopeError(`the signature is not ${signer}'s signature of DOCUMENT_KEY_MESSAGE`);
    }
  }
  const privateKey = await hkdf(bytes, utf8(KEY_PAIR_SALT), KEY_PAIR_INFO);
  return { privateKey, publicKey: await publicKeyOf(privateKey) };
}

// ---------------------------------------------------------------------------------------------------
// AES-256-GCM
// ---------------------------------------------------------------------------------------------------

async function aesKey(key: Uint8Array): Promise<CryptoKey> {
  if (key.length !== KEY_BYTES) throw new EnvelopeError(`an AES-256 key has ${KEY_BYTES} bytes, got ${key.length}`);
  return subtle().importKey("raw", key, "AES-GCM", false, ["encrypt", "decrypt"]);
}

async function seal(key: Uint8Array, iv: Uint8Array, aad: Uint8Array, plaintext: Uint8Array): Promise<Uint8Array> {
  const out = await subtle().encrypt(
    { name: "AES-GCM", iv, additionalData: aad, tagLength: 128 },
    await aesKey(key),
    plaintext,
  );
  return new Uint8Array(out);
}

async function open(key: Uint8Array, iv: Uint8Array, aad: Uint8Array, sealed: Uint8Array, what: string) {
  const cryptoKey = await aesKey(key);
  try {
    const out = await subtle().decrypt({ name: "AES-GCM", iv, additionalData: aad, tagLength: 128 }, cryptoKey, sealed);
    return new Uint8Array(out);
  } catch {
    throw new EnvelopeError(`${what} does not open: wrong key, another document, or altered data`);
  }
}

const contentAad = (documentId: string) => utf8(`scf/document/v1:${documentId}`);
const keyAad = (documentId: string, party: string) => utf8(`scf/document-key/v1:${documentId}:${party.toLowerCase()}`);

/** A fresh random 256-bit document key. */
export function randomDocumentKey(): Uint8Array {
  return randomBytes(KEY_BYTES);
}

/** `keccak256(salt || plaintext)`, bytes32 hex: the value put on chain for a document. */
export function commitmentOf(salt: Uint8Array, plaintext: Uint8Array): string {
  if (salt.length !== SALT_BYTES) throw new EnvelopeError(`the commitment salt has ${SALT_BYTES} bytes`);
  return keccak256(concatBytes([salt, plaintext]));
}

export interface EncryptedContent {
  ciphertext: Uint8Array;
  commitment: string;
}

/** Encrypts a document under its key, bound to its id; a random salt for the commitment goes inside. */
export async function encryptContent(
  documentKey: Uint8Array,
  documentId: string,
  plaintext: Uint8Array,
): Promise<EncryptedContent> {
  const salt = randomBytes(SALT_BYTES);
  const iv = randomBytes(IV_BYTES);
  const sealed = await seal(documentKey, iv, contentAad(documentId), concat(salt, plaintext));
  return { ciphertext: concat(iv, sealed), commitment: commitmentOf(salt, plaintext) };
}

export interface DecryptedContent {
  plaintext: Uint8Array;
  salt: Uint8Array;
  /** Recomputed from the decrypted salt and plaintext: compare it with the recorded/on-chain one. */
  commitment: string;
}

/** Decrypts a document's ciphertext; fails on a wrong key, another document's id, or any altered byte. */
export async function decryptContent(
  documentKey: Uint8Array,
  documentId: string,
  ciphertext: Uint8Array,
): Promise<DecryptedContent> {
  if (ciphertext.length < CONTENT_OVERHEAD) {
    throw new EnvelopeError(`the ciphertext is truncated: ${ciphertext.length} bytes, at least ${CONTENT_OVERHEAD}`);
  }
  const payload = await open(
    documentKey,
    ciphertext.subarray(0, IV_BYTES),
    contentAad(documentId),
    ciphertext.subarray(IV_BYTES),
    "the document",
  );
  const salt = payload.slice(0, SALT_BYTES);
  const plaintext = payload.slice(SALT_BYTES);
  return { plaintext, salt, commitment: commitmentOf(salt, plaintext) };
}

/**
 * What a party does with a downloaded document: decrypts it and checks it against the commitment
 * recorded (or read on chain); any mismatch is an error, never a silently wrong document.
 */
export async function openDocument(
  documentKey: Uint8Array,
  document: { id: string; commitment: string },
  ciphertext: Uint8Array,
): Promise<Uint8Array> {
  const { plaintext, commitment } = await decryptContent(documentKey, document.id, ciphertext);
  if (commitment.toLowerCase() !== document.commitment.toLowerCase()) {
    throw new EnvelopeError(`the document does not match its commitment ${document.commitment}`);
  }
  return plaintext;
}

// ---------------------------------------------------------------------------------------------------
// Key wrapping
// ---------------------------------------------------------------------------------------------------

/** Wraps a document key for one party (its registered public key), bound to the document and the party. */
export async function wrapKey(
  documentKey: Uint8Array,
  recipientPublicKey: Uint8Array,
  documentId: string,
  party: string,
): Promise<WrappedKey> {
  if (documentKey.length !== KEY_BYTES) throw new EnvelopeError(`a document key has ${KEY_BYTES} bytes`);
  const ephemeral = await generateKeyPair();
  const shared = await sharedSecret(ephemeral.privateKey, recipientPublicKey);
  const kek = await hkdf(shared, concat(ephemeral.publicKey, recipientPublicKey), WRAP_INFO);
  const iv = randomBytes(IV_BYTES);
  const wrapped = await seal(kek, iv, keyAad(documentId, party), documentKey);
  return { ephemeralPublicKey: toBase64(ephemeral.publicKey), iv: toBase64(iv), wrappedKey: toBase64(wrapped) };
}

/** The document key a party unwraps with its private key; fails for any other key, document or party. */
export async function unwrapKey(
  wrapped: WrappedKey,
  privateKey: Uint8Array,
  documentId: string,
  party: string,
): Promise<Uint8Array> {
  const ephemeralPublicKey = fromBase64(wrapped.ephemeralPublicKey, "ephemeralPublicKey");
  const iv = fromBase64(wrapped.iv, "iv");
  const sealed = fromBase64(wrapped.wrappedKey, "wrappedKey");
  if (iv.length !== IV_BYTES) throw new EnvelopeError(`the IV has ${IV_BYTES} bytes, got ${iv.length}`);
  if (sealed.length !== KEY_BYTES + TAG_BYTES) {
    throw new EnvelopeError(`a wrapped key has ${KEY_BYTES + TAG_BYTES} bytes, got ${sealed.length}`);
  }
  const publicKey = await publicKeyOf(privateKey);
  const shared = await sharedSecret(privateKey, ephemeralPublicKey);
  const kek = await hkdf(shared, concat(ephemeralPublicKey, publicKey), WRAP_INFO);
  return open(kek, iv, keyAad(documentId, party), sealed, "the wrapped document key");
}
