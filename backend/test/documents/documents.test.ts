/**
 * Encrypted documents end to end, on PGlite and PostgreSQL, over HTTP (multipart upload, downloads) and
 * GraphQL: each accepted type round-trips and the parties decrypt it client side with envelope.ts and
 * check the commitment; non-parties, anonymous callers and the regulator's writes are refused; every
 * upload limit; sharing; tampering with the stored blocks or the recorded metadata is reported; a failed
 * upload leaves no row and no block; and no stored block holds any plaintext. Also the app on a Kubo
 * node (the in-test fake of its RPC API).
 */
import fs from "node:fs";
import { expect } from "chai";
import { eq, sql } from "drizzle-orm";
import { hexlify, randomBytes } from "ethers";
import * as schema from "../../src/database/schema";
import { CONTENT_OVERHEAD, openDocument, toBase64, unwrapKey, type WrappedKey } from "../../src/documents/envelope";
import { DATABASE_KINDS } from "../api/harness";
import { fakeKubo } from "./fake-kubo";
import { startDocumentsApp, type DocumentsApp, type HttpResult, type MemberName } from "./harness";
import { filesUnder, jpeg, pdf, png } from "./samples";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

const DOCUMENT = `query($id: String!) { document(id: $id) {
  id cid commitment ciphertextSha256 owner kind fileName mimeType size createdAt parties
  wrappedKey { party ephemeralPublicKey iv wrappedKey addedBy addedAt } } }`;
const LIST = `query($first: Int, $after: String) { documents(first: $first, after: $after) {
  totalCount pageInfo { hasNextPage endCursor } edges { node { id owner parties wrappedKey { party } } } } }`;
const SHARE = `mutation($id: String!, $parties: [String!]!, $documentKey: String!) {
  shareDocument(id: $id, parties: $parties, documentKey: $documentKey) { id parties wrappedKey { party } } }`;
const REGISTER = `mutation($publicKey: String!) { registerEncryptionKey(publicKey: $publicKey) { address publicKey registeredAt } }`;
const KEY = `query($address: String!) { encryptionKey(address: $address) { address publicKey } }`;

function expectError(result: HttpResult, status: number, code: string, message?: RegExp): void {
  expect(result.status, JSON.stringify(result.body)).to.equal(status);
  expect(result.body.error.code).to.equal(code);
  if (message) expect(result.body.error.message).to.match(message);
}

function gqlCode(response: { errors?: any[] }): string | undefined {
  return response.errors?.[0]?.extensions?.code;
}

for (const kind of DATABASE_KINDS) {
  describe(`documents over HTTP and GraphQL (${kind})`, function () {
    let t: DocumentsApp;
    /** Every plaintext the tests sent, accepted or not: none may be found in the blockstore. */
    const sent: Uint8Array[] = [];
    const addr = (name: MemberName) => t.members[name].address;

    before(async function () {
      t = await startDocumentsApp(kind, { uploadsPerMinute: 40 });
    });

    after(async function () {
      await t?.close();
    });

    async function upload(
      as: MemberName | null,
      bytes: Uint8Array,
      type: string,
      parties: MemberName[],
      options: { kind?: string; name?: string; partiesText?: string } = {},
    ): Promise<HttpResult> {
      sent.push(bytes);
      return t.upload(as, {
        file: { bytes, type, name: options.name ?? "document" },
        kind: options.kind ?? "INVOICE",
        parties: options.partiesText ?? parties.map(addr).join(","),
      });
    }

    async function uploadOk(as: MemberName, bytes: Uint8Array, type: string, parties: MemberName[]) {
      const result = await upload(as, bytes, type, parties);
      expect(result.status, JSON.stringify(result.body)).to.equal(201);
      return result.body as { id: string; cid: string; commitment: string; size: number; parties: string[] };
    }

    /** What a party does: fetch the record and the ciphertext, unwrap its key, decrypt, check the commitment. */
    async function decryptAs(name: MemberName, id: string): Promise<Uint8Array> {
      const meta = await t.getJson(name, `/documents/${id}`);
      expect(meta.status, JSON.stringify(meta.body)).to.equal(200);
      const content = await t.getBytes(name, `/documents/${id}/content`);
      expect(content.status, JSON.stringify(content.body)).to.equal(200);
      expect(content.headers.get("content-type")).to.equal("application/octet-stream");
      const key = await unwrapKey(meta.body.wrappedKey as WrappedKey, t.members[name].keys.privateKey, id, addr(name));
      return openDocument(key, meta.body, content.body);
    }

    async function documentKeyOf(name: MemberName, id: string): Promise<string> {
      const meta = await t.getJson(name, `/documents/${id}`);
      return toBase64(await unwrapKey(meta.body.wrappedKey, t.members[name].keys.privateKey, id, addr(name)));
    }

    const documentCount = async () =>
      Number((await t.database.db.select({ n: sql<number>`count(*)` }).from(schema.documents))[0].n);

    async function auditRows(action: string) {
      return t.database.db.select().from(schema.auditLog).where(eq(schema.auditLog.action, action));
    }

    describe("uploads and downloads", function () {
      it("round-trips a PDF, a PNG, a JPEG and a multi-block PDF; every party decrypts it and the commitment checks", async function () {
        const samples: [Uint8Array, string][] = [
          [pdf("round-trip"), "application/pdf"],
          [png("round-trip"), "image/png"],
          [jpeg("round-trip"), "image/jpeg"],
          [pdf("round-trip-large", 1_500_000), "application/pdf"],
        ];
        for (const [bytes, type] of samples) {
          const created = await uploadOk("supplier", bytes, type, ["core"]);
          expect(created.id).to.match(UUID);
          expect(created.commitment).to.match(/^0x[0-9a-f]{64}$/);
          expect(created).to.include({ size: bytes.length, mimeType: type, kind: "INVOICE", owner: addr("supplier") });
          expect(created.parties).to.deep.equal([addr("supplier"), addr("core")]);
          for (const party of ["supplier", "core"] as MemberName[]) {
            const plaintext = await decryptAs(party, created.id);
            expect(Buffer.from(plaintext).equals(Buffer.from(bytes)), `${type} for ${party}`).to.equal(true);
          }
          const content = await t.getBytes("core", `/documents/${created.id}/content`);
          expect(content.body.length).to.equal(bytes.length + CONTENT_OVERHEAD);
          expect(content.headers.get("cache-control")).to.equal("private, no-store");
        }
        const large = await t.getJson("core", `/documents/${(await latest("supplier")).id}`);
        expect(large.body.size).to.equal(samples[3][0].length);
      });

      it("answers the record and the caller's wrapped key through GraphQL too", async function () {
        const created = await uploadOk("supplier", pdf("graphql"), "application/pdf", ["core", "bank"]);
        const { data, errors } = await t.gql("bank", DOCUMENT, { id: created.id });
        expect(errors).to.equal(undefined);
        expect(data.document).to.include({ id: created.id, cid: created.cid, commitment: created.commitment });
        expect(data.document.parties).to.have.members([addr("supplier"), addr("core"), addr("bank")]);
        expect(data.document.wrappedKey.party).to.equal(addr("bank"));
        const key = await unwrapKey(data.document.wrappedKey, t.members.bank.keys.privateKey, created.id, addr("bank"));
        const content = await t.getBytes("bank", `/documents/${created.id}/content`);
        await openDocument(key, data.document, content.body);
      });

      it("keeps a safe file name and the type found in the content", async function () {
        const result = await upload("supplier", pdf("name"), "application/pdf; charset=binary", ["core"], {
          name: "../../etc/contract\u202Egnp.exe",
          kind: "ORDER",
        });
        expect(result.status, JSON.stringify(result.body)).to.equal(201);
        expect(result.body.fileName).to.equal("contractgnp.exe.pdf");
        expect(result.body.mimeType).to.equal("application/pdf");
        expect(result.body.kind).to.equal("ORDER");
      });

      it("records accepted uploads in the audit log, without their content or keys", async function () {
        const created = await uploadOk("supplier", png("audited"), "image/png", ["core"]);
        const row = (await auditRows("uploadDocument")).find((r) => (r.detail as any).id === created.id);
        expect(row).to.not.equal(undefined);
        expect(row!).to.include({ actor: addr("supplier"), result: "OK" });
        expect(row!.detail).to.include({ cid: created.cid, kind: "INVOICE", mimeType: "image/png" });
        expect(JSON.stringify(row!.detail)).to.not.match(/wrappedKey|ephemeral/);
      });
    });

    async function latest(owner: MemberName) {
      const [row] = await t.database.db
        .select()
        .from(schema.documents)
        .where(eq(schema.documents.owner, addr(owner)))
        .orderBy(sql`${schema.documents.createdAt} desc`)
        .limit(1);
      return row;
    }

    describe("who may read", function () {
      let id: string;

      before(async function () {
        id = (await uploadOk("supplier", jpeg("visibility"), "image/jpeg", ["core"])).id;
      });

      it("answers a non-party NOT_FOUND, exactly as for a document that does not exist", async function () {
        const missing = "00000000-0000-4000-8000-000000000000";
        for (const route of [`/documents/${id}`, `/documents/${id}/content`]) {
          const refused = await t.getJson("outsider", route);
          expectError(refused, 404, "NOT_FOUND");
          const absent = await t.getJson("outsider", route.replace(id, missing));
          expect(refused.body.error.message.replace(id, "X")).to.equal(absent.body.error.message.replace(missing, "X"));
        }
        expectError(await t.getJson("outsider", "/documents/not-an-id"), 404, "NOT_FOUND");
        expect((await t.gql("outsider", DOCUMENT, { id })).data.document).to.equal(null);
        const list = await t.gql("outsider", LIST, { first: 500 });
        expect(list.data.documents.edges.map((e: any) => e.node.id)).to.not.include(id);
      });

      it("answers an anonymous caller or a bad token UNAUTHENTICATED", async function () {
        expectError(await t.getJson(null, `/documents/${id}`), 401, "UNAUTHENTICATED");
        expectError(await t.getBytes(null, `/documents/${id}/content`), 401, "UNAUTHENTICATED");
        const badToken = await fetch(`${t.base}/documents/${id}`, {
          headers: { authorization: `Bearer ${"x".repeat(43)}` },
        });
        expect(badToken.status).to.equal(401);
        expect(gqlCode(await t.gql(null, DOCUMENT, { id }))).to.equal("UNAUTHENTICATED");
        expect(gqlCode(await t.gql(null, LIST, {}))).to.equal("UNAUTHENTICATED");
        expectError(
          await t.upload(null, {
            file: { bytes: pdf(), type: "application/pdf", name: "a.pdf" },
            kind: "OTHER",
            parties: "",
          }),
          401,
          "UNAUTHENTICATED",
        );
      });

      it("refuses a suspended member on every request (FORBIDDEN)", async function () {
        expectError(await t.getJson("suspended", `/documents/${id}`), 403, "FORBIDDEN", /suspended/);
      });

      it("lets the regulator read and decrypt any document, and list all of them", async function () {
        const plaintext = await decryptAs("regulator", id);
        expect(plaintext.length).to.be.greaterThan(64);
        const { data } = await t.gql("regulator", DOCUMENT, { id });
        expect(data.document.parties).to.deep.equal([addr("supplier"), addr("core")]);
        expect(data.document.wrappedKey.party).to.equal(addr("regulator"));
        const list = await t.gql("regulator", LIST, { first: 500 });
        expect(list.data.documents.totalCount).to.equal(await documentCount());
      });

      it("shows a regulator without a key the documents but hands it no key and no content", async function () {
        const { data } = await t.gql("keylessRegulator", DOCUMENT, { id });
        expect(data.document.id).to.equal(id);
        expect(data.document.wrappedKey).to.equal(null);
        expectError(await t.getJson("keylessRegulator", `/documents/${id}`), 404, "NOT_FOUND");
        expectError(await t.getBytes("keylessRegulator", `/documents/${id}/content`), 404, "NOT_FOUND");
      });

      it("refuses the regulator any upload or share", async function () {
        const before = await documentCount();
        expectError(await upload("regulator", pdf("regulator"), "application/pdf", []), 403, "FORBIDDEN", /regulator/);
        const key = await documentKeyOf("regulator", id);
        const shared = await t.gql("regulator", SHARE, { id, parties: [addr("bank")], documentKey: key });
        expect(gqlCode(shared)).to.equal("FORBIDDEN");
        expect(await documentCount()).to.equal(before);
        expectError(await t.getJson("bank", `/documents/${id}`), 404, "NOT_FOUND");
      });

      it("pages through a member's documents, newest first, without repeats", async function () {
        const seen: string[] = [];
        let after: string | null = null;
        let total = 0;
        for (;;) {
          const response: any = await t.gql("core", LIST, { first: 2, after });
          const page = response.data.documents;
          total = page.totalCount;
          seen.push(...page.edges.map((e: any) => e.node.id));
          for (const edge of page.edges) expect(edge.node.wrappedKey.party).to.equal(addr("core"));
          if (!page.pageInfo.hasNextPage) break;
          after = page.pageInfo.endCursor;
        }
        expect(new Set(seen).size).to.equal(seen.length);
        expect(seen.length).to.equal(total);
        const expected = await t.database.db
          .select({ id: schema.documentKeys.documentId })
          .from(schema.documentKeys)
          .where(eq(schema.documentKeys.party, addr("core")));
        expect(seen).to.have.members(expected.map((r) => r.id));
      });
    });

    describe("sharing", function () {
      let id: string;

      before(async function () {
        id = (await uploadOk("supplier", pdf("sharing"), "application/pdf", ["core"])).id;
      });

      it("lets a party add a member by presenting the document key; the new party decrypts it", async function () {
        expectError(await t.getJson("bank", `/documents/${id}`), 404, "NOT_FOUND");
        const key = await documentKeyOf("core", id);
        const shared = await t.gql("core", SHARE, { id, parties: [addr("bank")], documentKey: key });
        expect(shared.errors).to.equal(undefined);
        expect(shared.data.shareDocument.parties).to.deep.equal([addr("supplier"), addr("core"), addr("bank")]);
        const plaintext = await decryptAs("bank", id);
        expect(plaintext.length).to.be.greaterThan(64);
        const added = await t.database.db
          .select()
          .from(schema.documentKeys)
          .where(eq(schema.documentKeys.party, addr("bank")));
        expect(added.find((k) => k.documentId === id)?.addedBy).to.equal(addr("core"));
      });

      it("refuses a key that does not open the document (FORBIDDEN), changing nothing", async function () {
        const before = await t.database.db
          .select()
          .from(schema.documentKeys)
          .where(eq(schema.documentKeys.documentId, id));
        const wrong = toBase64(randomBytes(32));
        const response = await t.gql("supplier", SHARE, { id, parties: [addr("outsider")], documentKey: wrong });
        expect(gqlCode(response)).to.equal("FORBIDDEN");
        expect(response.errors![0].message).to.match(/does not open/);
        const short = await t.gql("supplier", SHARE, {
          id,
          parties: [addr("outsider")],
          documentKey: toBase64(randomBytes(16)),
        });
        expect(gqlCode(short)).to.equal("BAD_USER_INPUT");
        const after = await t.database.db
          .select()
          .from(schema.documentKeys)
          .where(eq(schema.documentKeys.documentId, id));
        expect(after).to.have.length(before.length);
        expectError(await t.getJson("outsider", `/documents/${id}`), 404, "NOT_FOUND");
      });

      it("refuses a member that is not a party, even with the right key", async function () {
        const key = await documentKeyOf("supplier", id);
        const response = await t.gql("outsider", SHARE, { id, parties: [addr("outsider")], documentKey: key });
        expect(gqlCode(response)).to.equal("NOT_FOUND");
      });

      it("names every new party that is no active member with a key", async function () {
        const key = await documentKeyOf("supplier", id);
        const response = await t.gql("supplier", SHARE, {
          id,
          parties: [addr("nokey"), addr("suspended"), t.stranger.address, addr("keylessRegulator")],
          documentKey: key,
        });
        expect(gqlCode(response)).to.equal("BAD_USER_INPUT");
        const message: string = response.errors![0].message;
        expect(message).to.include(addr("nokey")).and.include("encryption key");
        expect(message).to.include(addr("suspended")).and.include("suspended");
        expect(message).to.include(t.stranger.address).and.include("not a member");
        expect(message).to.include(addr("keylessRegulator")).and.include("regulator");
        expect(gqlCode(await t.gql("supplier", SHARE, { id, parties: ["0x1234"], documentKey: key }))).to.equal(
          "BAD_USER_INPUT",
        );
      });

      it("records shares in the audit log with the document key redacted", async function () {
        const rows = (await auditRows("shareDocument")).filter((r) => (r.detail as any).id === id);
        expect(rows.map((r) => r.result)).to.include.members(["OK", "FORBIDDEN", "NOT_FOUND", "BAD_USER_INPUT"]);
        for (const row of rows) expect((row.detail as any).documentKey).to.equal("[redacted]");
      });
    });

    describe("upload limits", function () {
      let documentsBefore: number;
      let blocksBefore: string[];

      before(async function () {
        documentsBefore = await documentCount();
        blocksBefore = filesUnder(t.config.ipfsDir);
      });

      after(async function () {
        // None of the refused uploads left a row or a block.
        expect(await documentCount()).to.equal(documentsBefore);
        expect(filesUnder(t.config.ipfsDir)).to.deep.equal(blocksBefore);
      });

      it("refuses a file over the size limit with PAYLOAD_TOO_LARGE (413)", async function () {
        const max = t.config.uploadMaxBytes;
        expectError(
          await upload("supplier", pdf("too-large", max), "application/pdf", ["core"]),
          413,
          "PAYLOAD_TOO_LARGE",
          new RegExp(String(max)),
        );
        // Far over: refused from its Content-Length, before the body is read.
        expectError(
          await upload("supplier", pdf("far-too-large", max + 200_000), "application/pdf", ["core"]),
          413,
          "PAYLOAD_TOO_LARGE",
          /the request has \d+ bytes/,
        );
      });

      it("refuses content that is no PDF, PNG or JPEG, and a declared type that is not the content's (415)", async function () {
        const text = Buffer.from("just some text, not a document type we accept ".repeat(3));
        expectError(
          await upload("supplier", text, "application/pdf", ["core"]),
          415,
          "UNSUPPORTED_MEDIA_TYPE",
          /content/,
        );
        expectError(
          await upload("supplier", png("mismatch"), "application/pdf", ["core"]),
          415,
          "UNSUPPORTED_MEDIA_TYPE",
          /image\/png/,
        );
        expectError(
          await upload("supplier", pdf("octet"), "application/octet-stream", ["core"]),
          415,
          "UNSUPPORTED_MEDIA_TYPE",
        );
      });

      it("refuses an empty file, a missing file and an unknown kind (400)", async function () {
        expectError(
          await upload("supplier", new Uint8Array(0), "application/pdf", ["core"]),
          400,
          "BAD_USER_INPUT",
          /empty/,
        );
        expectError(
          await t.upload("supplier", { kind: "INVOICE", parties: addr("core") }),
          400,
          "BAD_USER_INPUT",
          /file/,
        );
        expectError(
          await upload("supplier", pdf("kind"), "application/pdf", ["core"], { kind: "MEMO" }),
          400,
          "BAD_USER_INPUT",
          /kind/,
        );
      });

      it("names the parties that are unknown, suspended, without a key or malformed (400)", async function () {
        const unknown = await upload("supplier", pdf("unknown"), "application/pdf", [], {
          partiesText: `${addr("core")},${t.stranger.address}`,
        });
        expectError(unknown, 400, "BAD_USER_INPUT", new RegExp(`${t.stranger.address} is not a member`));
        expectError(
          await upload("supplier", pdf("suspended"), "application/pdf", ["suspended"]),
          400,
          "BAD_USER_INPUT",
          new RegExp(`${addr("suspended")} is suspended`),
        );
        expectError(
          await upload("supplier", pdf("nokey"), "application/pdf", ["nokey"]),
          400,
          "BAD_USER_INPUT",
          new RegExp(`${addr("nokey")} has not registered`),
        );
        expectError(
          await upload("supplier", pdf("regulator-party"), "application/pdf", ["regulator"]),
          400,
          "BAD_USER_INPUT",
          /regulator/,
        );
        expectError(
          await upload("supplier", pdf("malformed"), "application/pdf", [], { partiesText: "0xnot-an-address" }),
          400,
          "BAD_USER_INPUT",
          /address/,
        );
      });

      it("refuses an uploader that has no key of its own (400 naming it)", async function () {
        expectError(
          await upload("nokey", pdf("own-key"), "application/pdf", ["core"]),
          400,
          "BAD_USER_INPUT",
          new RegExp(`${addr("nokey")} has not registered`),
        );
      });

      it("records refused uploads in the audit log with their error code", async function () {
        const results = (await auditRows("uploadDocument")).map((r) => r.result);
        expect(results).to.include.members([
          "PAYLOAD_TOO_LARGE",
          "UNSUPPORTED_MEDIA_TYPE",
          "BAD_USER_INPUT",
          "FORBIDDEN",
          "UNAUTHENTICATED",
        ]);
      });
    });

    describe("rate limit", function () {
      it("refuses a member's uploads over the per-minute limit with RATE_LIMITED and Retry-After; others go on", async function () {
        for (let i = 0; i < t.config.uploadsPerMinute; i++) {
          const response = await t.upload("busy", { kind: "OTHER", parties: "" });
          expect(response.status).to.equal(400);
        }
        const limited = await upload("busy", pdf("limited"), "application/pdf", []);
        expectError(limited, 429, "RATE_LIMITED");
        expect(Number(limited.headers.get("retry-after"))).to.be.within(1, 60);
        await uploadOk("outsider", pdf("not-limited"), "application/pdf", []);
      });
    });

    describe("failures and tampering", function () {
      it("leaves no row and no block when the database write fails", async function () {
        const failing = addr("failing");
        await t.database.db.execute(
          sql.raw(`create function scf_test_fail_document_keys() returns trigger language plpgsql as $$
            begin
              if new.party = '${failing}' then raise exception 'simulated database failure'; end if;
              return new;
            end $$`),
        );
        await t.database.db.execute(
          sql.raw(`create trigger scf_test_fail_document_keys before insert on document_keys
            for each row execute function scf_test_fail_document_keys()`),
        );
        try {
          const documents = await documentCount();
          const blocks = filesUnder(t.config.ipfsDir);
          // Large enough for several blocks: every one of them must go.
          const result = await upload("supplier", pdf("db-failure", 2_200_000), "application/pdf", ["core", "failing"]);
          expectError(result, 500, "INTERNAL_SERVER_ERROR");
          expect(await documentCount()).to.equal(documents);
          expect(filesUnder(t.config.ipfsDir)).to.deep.equal(blocks);
          const keys = await t.database.db
            .select()
            .from(schema.documentKeys)
            .where(eq(schema.documentKeys.party, failing));
          expect(keys).to.deep.equal([]);
          const audited = await auditRows("uploadDocument");
          expect(audited.map((r) => r.result)).to.include("INTERNAL_SERVER_ERROR");
        } finally {
          await t.database.db.execute(sql.raw("drop trigger scf_test_fail_document_keys on document_keys"));
          await t.database.db.execute(sql.raw("drop function scf_test_fail_document_keys()"));
        }
      });

      it("reports a stored block altered on disk as DOCUMENT_TAMPERED (422) with an error log line", async function () {
        const before = new Set(filesUnder(t.config.ipfsDir));
        const created = await uploadOk("supplier", pdf("tamper-block"), "application/pdf", ["core"]);
        const [block] = filesUnder(t.config.ipfsDir).filter((f) => !before.has(f));
        const original = fs.readFileSync(block);
        const altered = Buffer.from(original);
        altered[20] ^= 0x01;
        fs.writeFileSync(block, altered);
        try {
          const response = await t.getBytes("core", `/documents/${created.id}/content`);
          expectError(response, 422, "DOCUMENT_TAMPERED", new RegExp(created.id));
          expect(t.logger.errors.some((line) => line.includes(created.id) && /integrity/.test(line))).to.equal(true);
          const audited = (await auditRows("documentIntegrityCheck")).find((r) => (r.detail as any).id === created.id);
          expect(audited?.result).to.equal("DOCUMENT_TAMPERED");
        } finally {
          fs.writeFileSync(block, original);
        }
        expect((await t.getBytes("core", `/documents/${created.id}/content`)).status).to.equal(200);
      });

      it("reports altered metadata (recorded hash, CID, size) as DOCUMENT_TAMPERED, and a client detects an altered commitment", async function () {
        const created = await uploadOk("supplier", png("tamper-meta"), "image/png", ["core"]);
        const other = await uploadOk("supplier", png("tamper-other"), "image/png", ["core"]);
        const [row] = await t.database.db.select().from(schema.documents).where(eq(schema.documents.id, created.id));
        const flipped = `${row.ciphertextSha256[0] === "0" ? "1" : "0"}${row.ciphertextSha256.slice(1)}`;
        const alterations: Partial<schema.DocumentRow>[] = [
          { ciphertextSha256: flipped },
          { cid: other.cid },
          { size: row.size + 1 },
        ];
        for (const change of alterations) {
          await t.database.db.update(schema.documents).set(change).where(eq(schema.documents.id, created.id));
          try {
            expectError(await t.getBytes("core", `/documents/${created.id}/content`), 422, "DOCUMENT_TAMPERED");
          } finally {
            await t.database.db.update(schema.documents).set(row).where(eq(schema.documents.id, created.id));
          }
        }
        // The commitment is checked by whoever decrypts: a client, and the server when a key is presented.
        const forged = `0x${hexlify(randomBytes(32)).slice(2)}`;
        await t.database.db
          .update(schema.documents)
          .set({ commitment: forged })
          .where(eq(schema.documents.id, created.id));
        try {
          let failed = false;
          await decryptAs("core", created.id).catch((error: Error) => {
            failed = /commitment/.test(error.message);
          });
          expect(failed).to.equal(true);
          const key = await documentKeyOf("core", created.id);
          const shared = await t.gql("core", SHARE, { id: created.id, parties: [addr("bank")], documentKey: key });
          expect(gqlCode(shared)).to.equal("DOCUMENT_TAMPERED");
        } finally {
          await t.database.db.update(schema.documents).set(row).where(eq(schema.documents.id, created.id));
        }
        const plaintext = await decryptAs("core", created.id);
        expect(plaintext.length).to.be.greaterThan(64);
      });
    });

    describe("encryption keys", function () {
      it("registers a member's public key and answers it", async function () {
        const publicKey = toBase64(t.members.registrant.keys.publicKey);
        const registered = await t.gql("registrant", REGISTER, { publicKey });
        expect(registered.errors).to.equal(undefined);
        expect(registered.data.registerEncryptionKey).to.include({ address: addr("registrant"), publicKey });
        const read = await t.gql(null, KEY, { address: addr("registrant").toLowerCase() });
        expect(read.data.encryptionKey).to.deep.equal({ address: addr("registrant"), publicKey });
        expect((await t.gql(null, KEY, { address: t.stranger.address })).data.encryptionKey).to.equal(null);
        // Now it can be a party.
        const created = await uploadOk("supplier", jpeg("registrant"), "image/jpeg", ["registrant"]);
        expect(Buffer.from(await decryptAs("registrant", created.id)).length).to.be.greaterThan(64);
      });

      it("refuses the all-zero key, other small-order points, wrong lengths and non-base64", async function () {
        const order8 = Buffer.from("e0eb7a7c3b41b8ae1656e3faf19fc46ada098deb9c32b1fd866205165f49b800", "hex");
        const one = Buffer.alloc(32);
        one[0] = 1;
        for (const publicKey of [
          toBase64(new Uint8Array(32)),
          toBase64(one),
          toBase64(order8),
          toBase64(randomBytes(31)),
          toBase64(randomBytes(33)),
          "not base64 at all",
        ]) {
          const response = await t.gql("nokey", REGISTER, { publicKey });
          expect(gqlCode(response), publicKey).to.equal("BAD_USER_INPUT");
        }
        expect((await t.gql(null, KEY, { address: addr("nokey") })).data.encryptionKey).to.equal(null);
        expect(gqlCode(await t.gql(null, REGISTER, { publicKey: toBase64(t.members.nokey.keys.publicKey) }))).to.equal(
          "UNAUTHENTICATED",
        );
      });
    });

    describe("confidentiality at rest", function () {
      it("stores no 16-byte window of any plaintext in any block of the blockstore", async function () {
        const blocks = filesUnder(t.config.ipfsDir);
        expect(blocks.length).to.be.greaterThan(10);
        const windows = new Set<string>();
        let documents = 0;
        for (const plaintext of sent) {
          if (plaintext.length < 64) continue;
          documents += 1;
          const text = Buffer.from(plaintext).toString("latin1");
          for (let i = 0; i + 16 <= text.length; i++) windows.add(text.slice(i, i + 16));
        }
        expect(documents).to.be.greaterThan(15);
        let scanned = 0;
        for (const file of blocks) {
          const bytes = fs.readFileSync(file).toString("latin1");
          scanned += bytes.length;
          for (let i = 0; i + 16 <= bytes.length; i++) {
            if (windows.has(bytes.slice(i, i + 16))) {
              throw new Error(`block ${file} holds plaintext at offset ${i}`);
            }
          }
        }
        expect(scanned).to.be.greaterThan(1_500_000);
      });
    });
  });
}

describe("documents with KUBO_URL set (pglite, against the in-test fake Kubo)", function () {
  let kubo: Awaited<ReturnType<typeof fakeKubo>>;
  let t: DocumentsApp;

  before(async function () {
    kubo = await fakeKubo();
    t = await startDocumentsApp("pglite", { kuboUrl: kubo.url });
  });

  after(async function () {
    await t?.close();
    await kubo?.close();
  });

  it("stores the ciphertext in Kubo (pinned), not in the embedded blockstore, and serves it back", async function () {
    const bytes = pdf("kubo");
    const created = await t.upload("supplier", {
      file: { bytes, type: "application/pdf", name: "kubo.pdf" },
      kind: "DELIVERY_NOTE",
      parties: t.members.core.address,
    });
    expect(created.status, JSON.stringify(created.body)).to.equal(201);
    expect(kubo.pinned.has(created.body.cid)).to.equal(true);
    expect(filesUnder(t.config.ipfsDir)).to.deep.equal([]);
    const stored = kubo.pinned.get(created.body.cid)!;
    expect(stored.includes(Buffer.from(bytes).subarray(10, 42))).to.equal(false);

    const meta = await t.getJson("core", `/documents/${created.body.id}`);
    const content = await t.getBytes("core", `/documents/${created.body.id}/content`);
    expect(content.status).to.equal(200);
    const key = await unwrapKey(
      meta.body.wrappedKey,
      t.members.core.keys.privateKey,
      created.body.id,
      t.members.core.address,
    );
    expect(Buffer.from(await openDocument(key, meta.body, content.body)).equals(Buffer.from(bytes))).to.equal(true);

    // Kubo losing the content is reported as tampering, not served or answered with a 500.
    kubo.pinned.delete(created.body.cid);
    const lost = await t.getBytes("core", `/documents/${created.body.id}/content`);
    expect(lost.status).to.equal(422);
    expect(lost.body.error.code).to.equal("DOCUMENT_TAMPERED");
  });
});
