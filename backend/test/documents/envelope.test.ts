/**
 * The document envelope (src/documents/envelope.ts), on its own: round trips, and every way a wrong key,
 * another document or party, an altered or truncated input must fail; key pairs re-derived from a
 * wallet's signature and never from public data; public keys of small order refused. Also the upload's
 * content sniffing and file name sanitising (src/documents/file-type.ts).
 */
import { expect } from "chai";
import { hexlify, keccak256, randomBytes as ethersRandom, Wallet, concat } from "ethers";
import {
  commitmentOf,
  CONTENT_OVERHEAD,
  decryptContent,
  DOCUMENT_KEY_MESSAGE,
  documentKeyPairFromSignature,
  encryptContent,
  EnvelopeError,
  fromBase64,
  generateKeyPair,
  openDocument,
  publicKeyOf,
  publicKeyProblem,
  randomDocumentKey,
  toBase64,
  unwrapKey,
  wrapKey,
} from "../../src/documents/envelope";
import { detectType, mediaTypeOf, sanitizeFileName, ACCEPTED_TYPES } from "../../src/documents/file-type";
import { jpeg, pdf, png } from "./samples";

async function rejects(promise: Promise<unknown>, pattern?: RegExp): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    expect(error).to.be.instanceOf(EnvelopeError);
    if (pattern) expect((error as Error).message).to.match(pattern);
    return error as Error;
  }
  throw new Error("expected a rejection");
}

const flip = (bytes: Uint8Array, at: number) => {
  const copy = Uint8Array.from(bytes);
  copy[at] ^= 0x01;
  return copy;
};

describe("documents: envelope", function () {
  const text = new TextEncoder().encode("Invoice 2026-0042: 1,250 t of copper cathodes, due in 90 days. ".repeat(3));

  describe("content", function () {
    it("round-trips and recomputes the commitment keccak256(salt || plaintext)", async function () {
      const key = randomDocumentKey();
      const { ciphertext, commitment } = await encryptContent(key, "doc-1", text);
      expect(ciphertext.length).to.equal(text.length + CONTENT_OVERHEAD);
      const opened = await decryptContent(key, "doc-1", ciphertext);
      expect(Buffer.from(opened.plaintext).equals(Buffer.from(text))).to.equal(true);
      expect(opened.commitment)
        .to.equal(commitment)
        .and.to.match(/^0x[0-9a-f]{64}$/);
      expect(commitmentOf(opened.salt, opened.plaintext)).to.equal(keccak256(concat([opened.salt, text])));
      expect(Buffer.from(await openDocument(key, { id: "doc-1", commitment }, ciphertext)).equals(Buffer.from(text))).to
        .be.true;
    });

    it("salts the commitment: the same document twice gives different commitments and ciphertexts", async function () {
      const key = randomDocumentKey();
      const a = await encryptContent(key, "doc-1", text);
      const b = await encryptContent(key, "doc-1", text);
      expect(a.commitment).to.not.equal(b.commitment);
      expect(hexlify(a.ciphertext)).to.not.equal(hexlify(b.ciphertext));
      expect(a.commitment).to.not.equal(keccak256(text));
    });

    it("fails with another key, another document id, any altered byte, or a truncated ciphertext", async function () {
      const key = randomDocumentKey();
      const { ciphertext, commitment } = await encryptContent(key, "doc-1", text);
      await rejects(decryptContent(randomDocumentKey(), "doc-1", ciphertext), /does not open/);
      await rejects(decryptContent(key, "doc-2", ciphertext), /does not open/);
      for (const at of [0, 11, 12, 40, ciphertext.length - 1]) {
        await rejects(decryptContent(key, "doc-1", flip(ciphertext, at)), /does not open/);
      }
      await rejects(decryptContent(key, "doc-1", ciphertext.subarray(0, ciphertext.length - 1)), /does not open/);
      await rejects(decryptContent(key, "doc-1", ciphertext.subarray(0, CONTENT_OVERHEAD - 1)), /truncated/);
      await rejects(decryptContent(key.subarray(0, 16), "doc-1", ciphertext), /32 bytes/);
      const other = `0x${"11".repeat(32)}`;
      await rejects(openDocument(key, { id: "doc-1", commitment: other }, ciphertext), /does not match its commitment/);
      expect(commitment).to.not.equal(other);
    });
  });

  describe("key wrapping", function () {
    it("lets the party it was wrapped for unwrap the document key, whatever the address case", async function () {
      const party = await generateKeyPair();
      const address = Wallet.createRandom().address;
      const key = randomDocumentKey();
      const wrapped = await wrapKey(key, party.publicKey, "doc-1", address);
      expect(fromBase64(wrapped.wrappedKey)).to.have.length(48);
      expect(fromBase64(wrapped.iv)).to.have.length(12);
      expect(hexlify(await unwrapKey(wrapped, party.privateKey, "doc-1", address.toLowerCase()))).to.equal(
        hexlify(key),
      );
    });

    it("fails for another private key, document, party, an altered or truncated wrapped key", async function () {
      const party = await generateKeyPair();
      const intruder = await generateKeyPair();
      const address = Wallet.createRandom().address;
      const wrapped = await wrapKey(randomDocumentKey(), party.publicKey, "doc-1", address);
      await rejects(unwrapKey(wrapped, intruder.privateKey, "doc-1", address), /does not open/);
      await rejects(unwrapKey(wrapped, party.privateKey, "doc-2", address), /does not open/);
      await rejects(unwrapKey(wrapped, party.privateKey, "doc-1", Wallet.createRandom().address), /does not open/);
      const sealed = fromBase64(wrapped.wrappedKey);
      await rejects(
        unwrapKey({ ...wrapped, wrappedKey: toBase64(flip(sealed, 5)) }, party.privateKey, "doc-1", address),
        /does not open/,
      );
      await rejects(
        unwrapKey({ ...wrapped, wrappedKey: toBase64(sealed.subarray(0, 40)) }, party.privateKey, "doc-1", address),
        /48 bytes/,
      );
      await rejects(
        unwrapKey(
          { ...wrapped, iv: toBase64(fromBase64(wrapped.iv).subarray(0, 8)) },
          party.privateKey,
          "doc-1",
          address,
        ),
        /IV/,
      );
      const otherEphemeral = toBase64((await generateKeyPair()).publicKey);
      await rejects(
        unwrapKey({ ...wrapped, ephemeralPublicKey: otherEphemeral }, party.privateKey, "doc-1", address),
        /does not open/,
      );
      await rejects(unwrapKey({ ...wrapped, iv: "not base64!" }, party.privateKey, "doc-1", address), /base64/);
    });

    it("refuses to wrap for a public key of small order (all zeros, one, order-8 points) or a non-canonical one", async function () {
      const u = (value: bigint) => {
        const bytes = new Uint8Array(32);
        for (let i = 0; i < 32; i++) bytes[i] = Number((value >> BigInt(8 * i)) & 0xffn);
        return bytes;
      };
      const p = 2n ** 255n - 19n;
      const bad = [
        u(0n),
        u(1n),
        u(p - 1n),
        u(325606250916557431795983626356110631294008115727848805560023387167927233504n),
        u(39382357235489614581723060781553021112529911719440698176882885853963445705823n),
        u(p),
        u(p + 1n),
      ];
      for (const key of bad) {
        expect(publicKeyProblem(key), hexlify(key)).to.be.a("string");
        await rejects(wrapKey(randomDocumentKey(), key, "doc-1", "0x00"));
      }
      const highBit = Uint8Array.from((await generateKeyPair()).publicKey);
      highBit[31] |= 0x80;
      expect(publicKeyProblem(highBit)).to.match(/top bit/);
      expect(publicKeyProblem(new Uint8Array(31))).to.match(/32 bytes/);
      expect(publicKeyProblem((await generateKeyPair()).publicKey)).to.equal(null);
    });
  });

  describe("key pairs from a wallet", function () {
    it("re-derives the same key pair from the wallet's signature, and another one for another wallet", async function () {
      const wallet = Wallet.createRandom();
      const first = await documentKeyPairFromSignature(await wallet.signMessage(DOCUMENT_KEY_MESSAGE));
      const again = await documentKeyPairFromSignature(await wallet.signMessage(DOCUMENT_KEY_MESSAGE));
      expect(hexlify(again.privateKey)).to.equal(hexlify(first.privateKey));
      expect(hexlify(first.publicKey)).to.equal(hexlify(await publicKeyOf(first.privateKey)));
      const other = await documentKeyPairFromSignature(await Wallet.createRandom().signMessage(DOCUMENT_KEY_MESSAGE));
      expect(hexlify(other.publicKey)).to.not.equal(hexlify(first.publicKey));
      // And the pair works end to end.
      const key = randomDocumentKey();
      const wrapped = await wrapKey(key, first.publicKey, "d", wallet.address);
      expect(hexlify(await unwrapKey(wrapped, again.privateKey, "d", wallet.address))).to.equal(hexlify(key));
    });

    it("refuses public data (an address, a public key, a hash) and empty signatures as seed", async function () {
      const wallet = Wallet.createRandom();
      // A public key whose last byte happens to look like a signature's v (27 or 28).
      let lookalike = "";
      for (let i = 0; i < 5000 && !lookalike; i++) {
        const key = new Wallet(hexlify(ethersRandom(32))).signingKey.publicKey;
        if (key.endsWith("1b") || key.endsWith("1c")) lookalike = key;
      }
      expect(lookalike).to.not.equal("");
      for (const input of [
        lookalike,
        wallet.address,
        wallet.signingKey.publicKey,
        wallet.signingKey.compressedPublicKey,
        keccak256(wallet.address),
        `0x${"00".repeat(65)}`,
        "",
      ]) {
        await rejects(documentKeyPairFromSignature(input), /signature/);
      }
    });

    it("checks, when told the signer, that the signature is that account's signature of the fixed message", async function () {
      const wallet = Wallet.createRandom();
      const signature = await wallet.signMessage(DOCUMENT_KEY_MESSAGE);
      const pair = await documentKeyPairFromSignature(signature, wallet.address);
      expect(hexlify(pair.publicKey)).to.equal(hexlify((await documentKeyPairFromSignature(signature)).publicKey));
      await rejects(documentKeyPairFromSignature(signature, Wallet.createRandom().address), /not 0x/);
      await rejects(documentKeyPairFromSignature(await wallet.signMessage("something else"), wallet.address), /not 0x/);
    });
  });

  describe("base64", function () {
    it("round-trips any length and refuses non-canonical or foreign alphabets", function () {
      for (let n = 0; n < 40; n++) {
        const bytes = ethersRandom(n);
        expect(toBase64(bytes)).to.equal(Buffer.from(bytes).toString("base64"));
        expect(hexlify(fromBase64(toBase64(bytes)))).to.equal(hexlify(bytes));
      }
      for (const bad of ["abc", "ab=c", "a-b_", "QUI=\n", "QR==", "===="])
        expect(() => fromBase64(bad)).to.throw(EnvelopeError);
    });
  });
});

describe("documents: content types and file names", function () {
  it("recognises PDF, PNG and JPEG by their magic bytes and nothing else", function () {
    expect(detectType(pdf())?.mimeType).to.equal("application/pdf");
    expect(detectType(png())?.mimeType).to.equal("image/png");
    expect(detectType(jpeg())?.mimeType).to.equal("image/jpeg");
    for (const other of [
      Buffer.from("plain text that claims nothing"),
      Buffer.from("%PDF"),
      Buffer.from("GIF89a......"),
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
      Buffer.from([0xff, 0xd8]),
      Buffer.from("PK\u0003\u0004 zip"),
      new Uint8Array(0),
    ]) {
      expect(detectType(other), JSON.stringify(Buffer.from(other).toString("latin1"))).to.equal(null);
    }
  });

  it("reads a Content-Type without its parameters", function () {
    expect(mediaTypeOf("Application/PDF; charset=binary")).to.equal("application/pdf");
    expect(mediaTypeOf(undefined)).to.equal("");
  });

  it("strips paths, control and bidi characters, bounds the length and keeps the real extension", function () {
    const [pdfType, pngType, jpegType] = ACCEPTED_TYPES;
    expect(sanitizeFileName("../../etc/invoice.pdf", pdfType)).to.equal("invoice.pdf");
    expect(sanitizeFileName("C:\\Users\\me\\scan.JPEG", jpegType)).to.equal("scan.jpeg");
    expect(sanitizeFileName("bill\u202Efdp.exe", pdfType)).to.equal("billfdp.exe.pdf");
    expect(sanitizeFileName('a\u0000b\r\nc<>:"|?* d.png', pngType)).to.equal("abc d.png");
    expect(sanitizeFileName("...hidden.pdf", pdfType)).to.equal("hidden.pdf");
    expect(sanitizeFileName("", pdfType)).to.equal("document.pdf");
    expect(sanitizeFileName(undefined, pngType)).to.equal("document.png");
    expect(sanitizeFileName("photo.png", jpegType)).to.equal("photo.png.jpg");
    const long = sanitizeFileName(`${"é".repeat(300)}.pdf`, pdfType);
    expect([...long]).to.have.length(120);
    expect(long.endsWith(".pdf")).to.equal(true);
    expect(sanitizeFileName("合同 2026.pdf", pdfType)).to.equal("合同 2026.pdf");
  });
});
