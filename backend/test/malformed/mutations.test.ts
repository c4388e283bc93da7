/**
 * Every GraphQL mutation, and the REST upload, against malformed input (issue #4), on PGlite and
 * PostgreSQL. Per mutation: one valid baseline call, seeded so that it is accepted, and at least 20
 * variants that each change one argument or input field. A variant must be refused with a client code
 * (never INTERNAL_SERVER_ERROR, never HTTP 5xx), answer no data for the field, and change no row of
 * any workflow table. Variants run before their baseline, so the accepted baseline proves each one
 * differed from a valid call only by what it broke. The live schema is introspected: a mutation or
 * an argument/input field without cases fails the suite.
 */
import { expect } from "chai";
import { id as keccakId, Wallet } from "ethers";
import { ApplicationsReconciler } from "../../src/applications/applications.reconciler";
import { SessionService } from "../../src/auth/sessions";
import type { Database } from "../../src/database/database";
import * as schema from "../../src/database/schema";
import {
  documentKeyPairFromSignature,
  DOCUMENT_KEY_MESSAGE,
  toBase64,
  unwrapKey,
  type DocumentKeyPair,
} from "../../src/documents/envelope";
import { financingRow } from "../applications/support";
import { filesUnder, jpeg, pdf, png } from "../documents/samples";
import { documentRows, labelAddress, memberRow, startTestApp, type TestApp } from "../support/app";
import type { DatabaseKind } from "../support/backend";
import {
  addressVariants,
  amountVariants,
  changedTables,
  dateVariants,
  expectCoverage,
  fingerprint,
  HUGE,
  idVariants,
  intVariants,
  OMIT,
  rawGql,
  runMalformedCases,
  SCRIPT,
  short,
  SQL_INJECTION,
  textVariants,
  trackedTables,
  ZERO_ADDRESS,
  type Variant,
} from "./support";

const DAY = 86_400_000;
const NOW = Date.now();
const UPLOAD_MAX_BYTES = 4096;
const MIN_VARIANTS = 20;

/** Members with real wallets (sign-in, document keys). */
const WALLET = {
  supplier: new Wallet(keccakId("malformed:supplier")),
  supplier2: new Wallet(keccakId("malformed:supplier2")),
  core: new Wallet(keccakId("malformed:core")),
  bank: new Wallet(keccakId("malformed:bank")),
  bank2: new Wallet(keccakId("malformed:bank2")),
  regulator: new Wallet(keccakId("malformed:regulator")),
  suspended: new Wallet(keccakId("malformed:suspended")),
  nokey: new Wallet(keccakId("malformed:nokey")),
  registrant: new Wallet(keccakId("malformed:registrant")),
};
type Who = keyof typeof WALLET;
const ROLES: Record<Who, number> = {
  supplier: 4,
  supplier2: 4,
  core: 2,
  bank: 8,
  bank2: 8,
  regulator: 32,
  suspended: 4,
  nokey: 4,
  registrant: 16,
};
const WITH_KEY: Who[] = ["supplier", "supplier2", "core", "bank", "bank2", "suspended"];
const A = Object.fromEntries(Object.entries(WALLET).map(([k, w]) => [k, w.address])) as Record<Who, string>;

const TX = "chainId from to data value method";
const APP = "id status";

/** One mutation: its baseline call and its malformed variants. */
interface Case {
  name: string;
  as: Who | null;
  query: string;
  vars: Record<string, unknown>;
  variants: Variant[];
  /** Checks the baseline's data (after the variants ran). */
  accepted(data: any): void;
  /** Extra headers of every call (the baseline's too). */
  headers?: Record<string, string>;
  /** The baseline's token when it is not the member's ordinary session. */
  token?: string;
}

async function seed(db: Database, keys: Record<Who, DocumentKeyPair>, settlementToken: string): Promise<void> {
  await db
    .insert(schema.members)
    .values(
      (Object.keys(WALLET) as Who[]).map((who) =>
        memberRow(A[who], ROLES[who], { status: who === "suspended" ? "Suspended" : "Active" }),
      ),
    );
  await db
    .insert(schema.memberKeys)
    .values(
      WITH_KEY.map((who) => ({ address: A[who], publicKey: toBase64(keys[who].publicKey), registeredAt: new Date() })),
    );
  const order = (id: number, status: string) => ({
    id,
    supplier: A.supplier,
    buyer: A.core,
    orderNumber: `PO-${id}`,
    amount: "100000",
    currency: "CNY",
    deliveryDate: new Date(NOW + 10 * DAY),
    paymentTermDays: 30,
    documentHash: "0x01",
    documentUri: "ipfs://x",
    status,
    submittedAt: new Date(NOW - DAY),
    submittedBlock: 5,
    updatedBlock: 5,
  });
  await db.insert(schema.purchaseOrders).values([order(1, "Pending"), order(2, "Confirmed")]);
  // Receivable 10 for the trade steps; 21..29 each back one application (a part per receivable).
  const receivableIds = [10, 21, 22, 23, 24, 25, 26, 27, 28, 29];
  await db.insert(schema.receivables).values(
    receivableIds.map((id) => ({
      id,
      obligor: A.core,
      creditor: A.supplier,
      face: id === 10 ? "50000" : "100000",
      currency: "CNY",
      maturity: new Date(NOW + 90 * DAY),
      longTerm: false,
      invoiceHash: `0x${id.toString(16).padStart(64, "0")}`,
      invoiceUri: `ipfs://invoice/${id}`,
      status: "Outstanding",
      redeemed: "0",
      issuedAt: new Date(NOW - 10 * DAY),
      issuedBlock: 10 + id,
      updatedBlock: 10 + id,
    })),
  );
  await db.insert(schema.receivableParts).values(
    receivableIds.map((id) => ({
      id,
      receivableId: id,
      depth: 0,
      holder: A.supplier,
      face: id === 10 ? "50000" : "100000",
      amount: id === 10 ? "50000" : "100000",
      status: "Active",
      createdAt: new Date(NOW - 9 * DAY),
      createdBlock: 20 + id,
      updatedBlock: 20 + id,
    })),
  );
  await db
    .insert(schema.tokenBalances)
    .values([{ token: settlementToken, account: A.core, currency: "CNY", balance: "60000", updatedBlock: 7 }]);
  await db.insert(schema.creditLines).values(
    [A.bank, A.bank2].flatMap((bank) => [
      { bank, counterparty: A.core, kind: "Obligor", limit: "10000000", used: "0", updatedBlock: 5 },
      { bank, counterparty: A.supplier, kind: "Borrower", limit: "10000000", used: "0", updatedBlock: 5 },
    ]),
  );
  for (const d of [
    documentRows("order-doc", A.supplier, [A.supplier, A.core], new Date(NOW - DAY)),
    documentRows("invoice-doc", A.core, [A.core, A.supplier], new Date(NOW - DAY)),
    documentRows("other-doc", A.supplier2, [A.supplier2], new Date(NOW - DAY)),
  ]) {
    await db.insert(schema.documents).values(d.row);
    await db.insert(schema.documentKeys).values(d.keys);
  }
  await db.insert(schema.alerts).values(
    [1, 2, 3].map((n) => ({
      recipient: A.supplier,
      kind: "MATURITY_NEAR",
      subject: `receivable:${n}`,
      message: `alert ${n}`,
      dedupeKey: `malformed:${n}`,
      createdAt: new Date(NOW - DAY),
    })),
  );
}

for (const kind of ["pglite", "postgres"] as DatabaseKind[]) {
  describe(`malformed input to every mutation (${kind})`, function () {
    let t: TestApp;
    let tables: string[];
    const tokens = {} as Record<Who, string>;
    const keys = {} as Record<Who, DocumentKeyPair>;
    const cases: Case[] = [];

    const gql = (who: Who | null, query: string, variables?: Record<string, unknown>, token?: string | null) =>
      rawGql(t.base, token !== undefined ? token : who ? tokens[who] : null, query, variables);

    async function ok(who: Who, query: string, variables: Record<string, unknown>, field: string): Promise<any> {
      const answer = await gql(who, query, variables);
      expect(answer.body.errors, `${field}: ${short(answer.body.errors)}`).to.equal(undefined);
      return answer.body.data[field];
    }

    function upload(
      who: Who | null,
      fields: { file?: { bytes: Uint8Array; type: string; name?: string; field?: string }[]; [k: string]: unknown },
      headers: Record<string, string> = {},
    ) {
      const form = new FormData();
      for (const [key, value] of Object.entries(fields)) {
        if (key !== "file" && value !== undefined) form.append(key, String(value));
      }
      for (const f of fields.file ?? []) {
        form.append(f.field ?? "file", new Blob([f.bytes], { type: f.type }), f.name ?? "document.pdf");
      }
      return fetch(`${t.base}/documents`, {
        method: "POST",
        headers: { ...(who ? { authorization: `Bearer ${tokens[who]}` } : {}), ...headers },
        body: form,
      });
    }

    async function uploadOk(who: Who, parties: Who[]): Promise<string> {
      const response = await upload(who, {
        file: [{ bytes: pdf(`malformed-${who}`), type: "application/pdf" }],
        kind: "ORDER",
        parties: parties.map((p) => A[p]).join(","),
      });
      const body: any = await response.json();
      expect(response.status, short(body)).to.equal(201);
      return body.id;
    }

    async function documentKeyOf(who: Who, id: string): Promise<string> {
      const response = await fetch(`${t.base}/documents/${id}`, {
        headers: { authorization: `Bearer ${tokens[who]}` },
      });
      const meta: any = await response.json();
      return toBase64(await unwrapKey(meta.wrappedKey, keys[who].privateKey, id, A[who]));
    }

    /** A fingerprint once the background jobs (alerts, reconciler) have nothing left to change. */
    async function settled(): Promise<Record<string, string>> {
      await t.app.get(ApplicationsReconciler).reconcile();
      let last = await fingerprint(t.db, tables);
      for (let i = 0; i < 20; i++) {
        await new Promise((resolve) => setTimeout(resolve, 250));
        const now = await fingerprint(t.db, tables);
        if (changedTables(last, now).length === 0) return now;
        last = now;
      }
      throw new Error("the tables kept changing without any call");
    }

    before(async function () {
      for (const who of Object.keys(WALLET) as Who[]) {
        keys[who] = await documentKeyPairFromSignature(await WALLET[who].signMessage(DOCUMENT_KEY_MESSAGE));
      }
      t = await startTestApp(
        kind,
        async () => undefined,
        (c) => ({ ...c, uploadMaxBytes: UPLOAD_MAX_BYTES }),
      );
      await seed(t.db, keys, t.config.deployment.contracts.settlementToken);
      for (const who of Object.keys(WALLET) as Who[]) tokens[who] = await t.session(A[who]);
      tables = await trackedTables(t.db);
      await buildCases();
      await settled();
    });
    after(async () => t?.close());

    /** Seeds what the baselines need through the API (applications, an uploaded document) and lists the cases. */
    async function buildCases(): Promise<void> {
      cases.length = 0;
      // Whole seconds: the stored (and on-chain) expiry, which links the indexed offer to its application.
      const expiresAt = new Date(Math.floor((NOW + 30 * DAY) / 1000) * 1000).toISOString();
      const createInput = (assetId: string) => ({
        product: "FACTORING",
        assetId,
        banks: [A.bank, A.bank2],
        minAdvanceBps: 8000,
        maxDiscountBps: 1200,
        recourseAccepted: false,
        expiresAt,
        documentIds: ["doc-a"],
      });
      const CREATE = `mutation($input: CreateApplicationInput!) { createApplication(input: $input) { ${APP} } }`;
      const draft = async (assetId: string) =>
        Number((await ok("supplier", CREATE, { input: createInput(assetId) }, "createApplication")).id);
      const submitted = async (assetId: string) => {
        const id = await draft(assetId);
        await ok(
          "supplier",
          `mutation($id: ID!) { submitApplication(id: $id) { ${APP} } }`,
          { id },
          "submitApplication",
        );
        return id;
      };
      const approved = async (assetId: string) => {
        const id = await submitted(assetId);
        await ok(
          "bank",
          `mutation($id: ID!) { approveApplication(id: $id, terms: { advanceBps: 9000, discountBps: 1000 }) { ${APP} } }`,
          { id },
          "approveApplication",
        );
        return id;
      };
      const app = {
        update: await draft("21"),
        submit: await draft("22"),
        withdraw: await draft("23"),
        open: await submitted("24"),
        approve: await submitted("25"),
        reject: await submitted("26"),
        execute: await approved("27"),
        accept: await approved("28"),
      };
      // The applicant's on-chain offer to the approving bank, as the indexer would record it.
      await t.db.insert(schema.financings).values(
        financingRow({
          product: "FACTORING",
          id: 41,
          assetType: "part",
          assetId: 28,
          receivableId: 28,
          party: A.supplier,
          bank: A.bank,
          obligor: A.core,
          status: "Offered",
          requestedAmount: "100000",
          minAdvanceBps: 9000,
          maxRateBps: 1000,
          recourse: false,
          expiresAt: new Date(Date.parse(expiresAt)),
        }),
      );

      // A real encrypted document of the supplier shared with the core enterprise, and one the supplier does not hold.
      const sharedDoc = await uploadOk("supplier", ["core"]);
      const foreignDoc = await uploadOk("supplier2", ["core"]);
      const documentKey = await documentKeyOf("supplier", sharedDoc);

      // SIWE: a fresh challenge for supplier2, signed; a session to sign out; revoked and expired ones.
      const challenge = (
        await ok(
          "supplier",
          `mutation($address: String!) { signInChallenge(address: $address) { message nonce } }`,
          { address: A.supplier2 },
          "signInChallenge",
        )
      ).message as string;
      const signature = await WALLET.supplier2.signMessage(challenge);
      const sessions = t.app.get(SessionService);
      const signOutToken = await t.session(A.supplier);
      const revoked = await sessions.create(t.db, A.supplier, new Date(NOW + DAY));
      await sessions.revoke(revoked.sessionId);
      const expired = (await sessions.create(t.db, A.supplier, new Date(NOW - DAY), new Date(NOW - 2 * DAY))).token;
      const suspendedToken = tokens.suspended;

      const alertIds = (await t.db.select({ id: schema.alerts.id }).from(schema.alerts)).map((r) => String(r.id));

      const validKey = toBase64(keys.registrant.publicKey);
      const keyBytes = (bytes: number[]) => toBase64(Uint8Array.from(bytes));

      const inputField = (pathName: string, label: string, value: unknown): Variant => ({
        path: pathName,
        label: `${pathName}: ${label}`,
        value,
      });
      const unknownField = (arg: string, validInput: Record<string, unknown>): Variant => ({
        path: arg,
        label: `${arg}: an unknown input field`,
        value: { ...validInput, isAdmin: true },
      });

      // ---------------------------------------------------------------------------------------------
      // Sign-in
      // ---------------------------------------------------------------------------------------------
      cases.push({
        name: "signInChallenge",
        as: null,
        query: `mutation($address: String!) { signInChallenge(address: $address) { nonce message } }`,
        vars: { address: A.supplier },
        variants: addressVariants("address", A.supplier).filter((x) => !/no member/.test(x.label)),
        accepted: (data) => expect(data.signInChallenge.nonce).to.be.a("string"),
      });
      const swapped = challenge.replace(A.supplier2, A.supplier);
      cases.push({
        name: "signIn",
        as: null,
        query: `mutation($message: String!, $signature: String!) { signIn(message: $message, signature: $signature) { token } }`,
        vars: { message: challenge, signature },
        variants: [
          ...textVariants("message"),
          inputField("message", "another member's address in it", swapped),
          inputField("message", "an unknown nonce", challenge.replace(/Nonce: \S+/, "Nonce: abcdefgh12345678")),
          inputField("message", "another domain", challenge.replace(/^\S+/, "evil.example")),
          inputField("message", "another chain id", challenge.replace(/Chain ID: \d+/, "Chain ID: 1")),
          inputField(
            "message",
            "expired",
            challenge.replace(/Expiration Time: \S+/, "Expiration Time: 2001-01-01T00:00:00.000Z"),
          ),
          inputField("message", "SQL injection appended", `${challenge}\n${SQL_INJECTION}`),
          inputField("message", "script instead", SCRIPT),
          ...textVariants("signature"),
          inputField("signature", "0x only", "0x"),
          inputField("signature", "too short", "0x1234"),
          inputField("signature", "65 zero bytes", `0x${"00".repeat(65)}`),
          inputField("signature", "66 bytes", `${signature}00`),
          inputField("signature", "non-hex", `0x${"zz".repeat(65)}`),
          inputField("signature", "another wallet's signature", await WALLET.supplier.signMessage(challenge)),
          inputField("signature", "a signature of another message", await WALLET.supplier2.signMessage("hello")),
          inputField("signature", "SQL injection", SQL_INJECTION),
        ],
        accepted: (data) => expect(data.signIn.token).to.be.a("string"),
      });
      const header = (label: string, headers: Record<string, string>): Variant => ({
        path: "authorization",
        label: `Authorization/Cookie: ${label}`,
        headers,
        token: null,
      });
      cases.push({
        name: "signOut",
        as: "supplier",
        token: signOutToken,
        query: `mutation { signOut }`,
        vars: {},
        variants: [
          { path: "authorization", label: "no session at all", token: null },
          header("an unknown token", { authorization: `Bearer ${"A".repeat(43)}` }),
          header("a revoked session", { authorization: `Bearer ${revoked.token}` }),
          header("an expired session", { authorization: `Bearer ${expired}` }),
          header("a suspended member's session", { authorization: `Bearer ${suspendedToken}` }),
          header("a token too short", { authorization: "Bearer abc" }),
          // 8 kB: larger headers are refused by Node's HTTP parser (431) before the app sees them.
          header("an 8 kB token", { authorization: `Bearer ${"A".repeat(8 * 1024)}` }),
          header("Basic scheme", { authorization: `Basic ${Buffer.from("a:b").toString("base64")}` }),
          header("lower-case scheme", { authorization: `bearer ${signOutToken}` }),
          header("scheme only", { authorization: "Bearer" }),
          header("whitespace only", { authorization: "   \t" }),
          header("SQL injection", { authorization: `Bearer ' OR '1'='1' --aaaaaaaaaaaaaaaaaa` }),
          header("two tokens", { authorization: `Bearer ${signOutToken} ${signOutToken}` }),
          header("cookie with an unknown token", { cookie: `scf_session=${"B".repeat(43)}` }),
          header("cookie with SQL injection", { cookie: `scf_session=${encodeURIComponent(SQL_INJECTION)}` }),
          header("cookie with a revoked session", { cookie: `scf_session=${revoked.token}` }),
          header("cookie with an empty value", { cookie: "scf_session=" }),
          header("cookie with an 8 kB value", { cookie: `scf_session=${"C".repeat(8 * 1024)}` }),
          { path: "signOut", label: "an argument that does not exist", query: `mutation { signOut(all: true) }` },
          { path: "signOut", label: "a token argument", query: `mutation { signOut(token: "${signOutToken}") }` },
          { path: "signOut", label: "a selection on a Boolean", query: `mutation { signOut { ok } }` },
        ],
        accepted: (data) => expect(data.signOut).to.equal(true),
      });

      // ---------------------------------------------------------------------------------------------
      // Alerts and documents
      // ---------------------------------------------------------------------------------------------
      const manyIds = Array.from({ length: 501 }, (_, i) => String(i + 1));
      cases.push({
        name: "markAlertsRead",
        as: "supplier",
        query: `mutation($ids: [ID!], $upTo: ID) { markAlertsRead(ids: $ids, upTo: $upTo) }`,
        vars: { ids: [alertIds[0]] },
        variants: [
          inputField("ids", "neither ids nor upTo", OMIT),
          inputField("ids", "an empty list", []),
          inputField("ids", "501 ids", manyIds),
          inputField("ids", "a duplicate", [alertIds[0], alertIds[0]]),
          inputField("ids", "a negative id", ["-1"]),
          inputField("ids", "a non-numeric id", ["abc"]),
          inputField("ids", "a fractional id", [1.5]),
          inputField("ids", "a null item", [null]),
          inputField("ids", "2^256", [(1n << 256n).toString()]),
          inputField("ids", "an empty string", [""]),
          inputField("ids", "whitespace", ["  "]),
          inputField("ids", "100 kB of digits", ["1".repeat(100 * 1024)]),
          inputField("ids", "SQL injection", [SQL_INJECTION]),
          inputField("ids", "NUL byte", ["1\u0000"]),
          inputField("ids", "an object", [{ id: 1 }]),
          { path: "upTo", label: "upTo: with ids too", value: alertIds[2] },
          { path: "upTo", label: "upTo: negative", value: "-1" },
          { path: "upTo", label: "upTo: non-numeric", value: "abc" },
          { path: "upTo", label: "upTo: fractional", value: 1.5 },
          { path: "upTo", label: "upTo: a boolean", value: true },
          { path: "upTo", label: "upTo: 2^256", value: (1n << 256n).toString() },
          { path: "upTo", label: "upTo: empty string", value: "" },
          { path: "upTo", label: "upTo: a list", value: ["1"] },
        ].map((x) =>
          // upTo variants stand alone (no ids), except the one giving both.
          x.path === "upTo" && !/with ids/.test(x.label) ? { ...x, vars: "upToOnly" } : x,
        ) as Variant[],
        accepted: (data) => expect(data.markAlertsRead).to.equal(1),
      });
      cases.push({
        name: "registerEncryptionKey",
        as: "registrant",
        query: `mutation($publicKey: String!) { registerEncryptionKey(publicKey: $publicKey) { address publicKey } }`,
        vars: { publicKey: validKey },
        variants: [
          ...textVariants("publicKey"),
          inputField("publicKey", "not base64", "!!!!not-base64!!!!"),
          inputField(
            "publicKey",
            "base64url alphabet",
            validKey.replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, ""),
          ),
          inputField("publicKey", "unpadded", validKey.replace(/=+$/, "")),
          inputField("publicKey", "31 bytes", keyBytes(Array.from({ length: 31 }, (_, i) => i + 1))),
          inputField("publicKey", "33 bytes", keyBytes(Array.from({ length: 33 }, (_, i) => i + 1))),
          inputField("publicKey", "all zeros (small order)", keyBytes(new Array(32).fill(0))),
          inputField("publicKey", "top bit set", keyBytes([...new Array(31).fill(9), 0x80])),
          inputField("publicKey", "not below 2^255 - 19", keyBytes([...new Array(31).fill(0xff), 0x7f])),
          inputField(
            "publicKey",
            "hex instead of base64",
            `0x${Buffer.from(keys.registrant.publicKey).toString("hex")}`,
          ),
          inputField("publicKey", "a newline inside", `${validKey.slice(0, 20)}\n${validKey.slice(20)}`),
          inputField("publicKey", "NUL appended", `${validKey}\u0000`),
          inputField("publicKey", "SQL injection", SQL_INJECTION),
          inputField("publicKey", "script", SCRIPT),
        ],
        accepted: (data) =>
          expect(data.registerEncryptionKey).to.deep.equal({ address: A.registrant, publicKey: validKey }),
      });
      const manyParties = Array.from({ length: 21 }, (_, i) => labelAddress(`malformed:party${i}`));
      cases.push({
        name: "shareDocument",
        as: "supplier",
        query: `mutation($id: String!, $parties: [String!]!, $documentKey: String!) {
          shareDocument(id: $id, parties: $parties, documentKey: $documentKey) { id parties } }`,
        vars: { id: sharedDoc, parties: [A.bank], documentKey },
        variants: [
          ...textVariants("id"),
          inputField("id", "a document that does not exist", "00000000-0000-4000-8000-000000000000"),
          inputField("id", "a document the caller holds no key to", foreignDoc),
          inputField("id", "SQL injection", `${sharedDoc}' OR '1'='1`),
          inputField("parties", "an empty list", []),
          inputField("parties", "a malformed address", ["0x1234"]),
          inputField("parties", "the zero address", [ZERO_ADDRESS]),
          inputField("parties", "an address of no member", [labelAddress("malformed:nobody")]),
          inputField("parties", "a suspended member", [A.suspended]),
          inputField("parties", "a member without a key", [A.nokey]),
          inputField("parties", "the regulator", [A.regulator]),
          inputField("parties", "a duplicate", [A.bank, A.bank]),
          inputField("parties", "21 parties", manyParties),
          inputField("parties", "a null item", [null]),
          inputField("parties", "a bad checksum", [
            A.bank.slice(0, 2) +
              A.bank
                .slice(2)
                .toLowerCase()
                .replace(/[a-f]/, (c) => c.toUpperCase()),
          ]),
          inputField("parties", "a 100 kB item", [HUGE]),
          inputField("parties", "SQL injection", [SQL_INJECTION]),
          inputField("parties", "null", null),
          ...textVariants("documentKey"),
          inputField("documentKey", "another 32-byte key", toBase64(new Uint8Array(32).fill(7))),
          inputField("documentKey", "16 bytes", toBase64(new Uint8Array(16).fill(7))),
          inputField("documentKey", "not base64", "%%%%"),
        ],
        accepted: (data) => expect(data.shareDocument.parties).to.include(A.bank),
      });

      // ---------------------------------------------------------------------------------------------
      // Trade steps
      // ---------------------------------------------------------------------------------------------
      const order = {
        buyer: A.core,
        orderNumber: "PO-NEW",
        amount: "250000",
        deliveryDate: new Date(NOW + 5 * DAY).toISOString(),
        paymentTermDays: 45,
        documentId: "order-doc",
      };
      const txFrom = (field: string, from: string) => (data: any) => {
        expect(data[field], field).to.be.an("array").that.is.not.empty;
        for (const tx of data[field]) expect(tx.from).to.equal(from);
      };
      cases.push({
        name: "submitOrder",
        as: "supplier",
        query: `mutation($input: SubmitOrderInput!) { submitOrder(input: $input) { ${TX} } }`,
        vars: { input: order },
        variants: [
          ...addressVariants("input.buyer", A.core),
          inputField("input.buyer", "a buyer that is no core enterprise", A.bank),
          inputField("input.buyer", "a suspended buyer", A.suspended),
          ...textVariants("input.orderNumber", { maxBytes: 64 }),
          inputField("input.orderNumber", "65 characters", "P".repeat(65)),
          inputField("input.orderNumber", "non-ASCII", "订单-1"),
          inputField("input.orderNumber", "an order number already registered", "PO-1"),
          ...amountVariants("input.amount"),
          ...dateVariants("input.deliveryDate"),
          ...intVariants("input.paymentTermDays", 1, 365),
          ...textVariants("input.documentId"),
          inputField("input.documentId", "a document that does not exist", "nope"),
          inputField("input.documentId", "someone else's document", "other-doc"),
          inputField("input.documentId", "SQL injection", `order-doc' OR '1'='1`),
          unknownField("input", order),
          inputField("input", "null", null),
          inputField("input", "a list", [order]),
          {
            path: "input",
            label: "input: unknown field in a literal",
            query: `mutation { submitOrder(input: { buyer: "${A.core}", orderNumber: "PO-L", amount: "1", deliveryDate: "${order.deliveryDate}", paymentTermDays: 5, documentId: "order-doc", admin: true }) { ${TX} } }`,
          },
        ],
        accepted: txFrom("submitOrder", A.supplier),
      });
      cases.push({
        name: "confirmOrder",
        as: "core",
        query: `mutation($orderId: ID!) { confirmOrder(orderId: $orderId) { ${TX} } }`,
        vars: { orderId: "1" },
        variants: [...idVariants("orderId"), inputField("orderId", "an order not pending", "2")],
        accepted: txFrom("confirmOrder", A.core),
      });
      cases.push({
        name: "rejectOrder",
        as: "core",
        query: `mutation($orderId: ID!, $reason: String!) { rejectOrder(orderId: $orderId, reason: $reason) { ${TX} } }`,
        vars: { orderId: "1", reason: "price too high" },
        variants: [
          ...idVariants("orderId").slice(0, 10),
          ...textVariants("reason", { maxBytes: 31 }),
          inputField("reason", "32 ASCII bytes", "r".repeat(32)),
        ],
        accepted: txFrom("rejectOrder", A.core),
      });
      cases.push({
        name: "acceptDelivery",
        as: "core",
        query: `mutation($orderId: ID!, $invoiceDocumentId: String!) { acceptDelivery(orderId: $orderId, invoiceDocumentId: $invoiceDocumentId) { ${TX} } }`,
        vars: { orderId: "2", invoiceDocumentId: "invoice-doc" },
        variants: [
          ...idVariants("orderId").slice(0, 10),
          inputField("orderId", "an order not confirmed", "1"),
          ...textVariants("invoiceDocumentId"),
          inputField("invoiceDocumentId", "a document that does not exist", "nope"),
          inputField("invoiceDocumentId", "someone else's document", "other-doc"),
          inputField("invoiceDocumentId", "SQL injection", SQL_INJECTION),
        ],
        accepted: txFrom("acceptDelivery", A.core),
      });
      const payable = {
        creditor: A.supplier,
        face: "80000",
        maturity: new Date(NOW + 90 * DAY).toISOString(),
        invoiceDocumentId: "invoice-doc",
      };
      cases.push({
        name: "issueReceivable",
        as: "core",
        query: `mutation($input: IssueReceivableInput!) { issueReceivable(input: $input) { ${TX} } }`,
        vars: { input: payable },
        variants: [
          ...addressVariants("input.creditor", A.supplier),
          inputField("input.creditor", "the obligor itself", A.core),
          ...amountVariants("input.face"),
          ...dateVariants("input.maturity"),
          inputField("input.maturity", "more than a year ahead", new Date(NOW + 400 * DAY).toISOString()),
          ...textVariants("input.invoiceDocumentId"),
          inputField("input.invoiceDocumentId", "a document that does not exist", "nope"),
          inputField("input.invoiceDocumentId", "someone else's document", "other-doc"),
          unknownField("input", payable),
          inputField("input", "null", null),
        ],
        accepted: txFrom("issueReceivable", A.core),
      });
      const split = { partId: "10", to: A.supplier2, amount: "20000" };
      cases.push({
        name: "splitPart",
        as: "supplier",
        query: `mutation($input: SplitPartInput!) { splitPart(input: $input) { ${TX} } }`,
        vars: { input: split },
        variants: [
          ...idVariants("input.partId"),
          ...addressVariants("input.to", A.supplier2),
          inputField("input.to", "the holder itself", A.supplier),
          ...amountVariants("input.amount"),
          inputField("input.amount", "the whole part", "50000"),
          inputField("input.amount", "more than the part", "50001"),
          unknownField("input", split),
          inputField("input", "null", null),
        ],
        accepted: txFrom("splitPart", A.supplier),
      });
      cases.push({
        name: "transferPart",
        as: "supplier",
        query: `mutation($partId: ID!, $to: String!) { transferPart(partId: $partId, to: $to) { ${TX} } }`,
        vars: { partId: "10", to: A.supplier2 },
        variants: [
          ...idVariants("partId"),
          ...addressVariants("to", A.supplier2),
          inputField("to", "the holder itself", A.supplier),
          inputField("to", "a suspended member", A.suspended),
        ],
        accepted: txFrom("transferPart", A.supplier),
      });
      cases.push({
        name: "payReceivable",
        as: "core",
        query: `mutation($receivableId: ID!) { payReceivable(receivableId: $receivableId) { ${TX} } }`,
        vars: { receivableId: "10" },
        variants: [
          ...idVariants("receivableId"),
          inputField("receivableId", "a receivable the cash does not cover", "21"),
        ],
        accepted: txFrom("payReceivable", A.core),
      });

      // ---------------------------------------------------------------------------------------------
      // Financing applications
      // ---------------------------------------------------------------------------------------------
      const elevenBanks = Array.from({ length: 11 }, (_, i) => labelAddress(`malformed:bank${i}`));
      const bankListVariants = (p: string): Variant[] => [
        inputField(p, "an empty list", []),
        inputField(p, "a duplicate", [A.bank, A.bank]),
        inputField(p, "11 banks", elevenBanks),
        inputField(p, "a malformed address", [A.bank, "0x1234"]),
        inputField(p, "the zero address", [ZERO_ADDRESS]),
        inputField(p, "the applicant itself", [A.supplier]),
        inputField(p, "a member that is no bank", [A.core]),
        inputField(p, "a null item", [null]),
        inputField(p, "a 100 kB item", [HUGE]),
        inputField(p, "SQL injection", [SQL_INJECTION]),
      ];
      const documentIdVariants = (p: string): Variant[] => [
        inputField(
          p,
          "21 ids",
          Array.from({ length: 21 }, (_, i) => `doc-${i}`),
        ),
        inputField(p, "a 201-character id", ["d".repeat(201)]),
        inputField(p, "a null item", [null]),
        inputField(p, "an Int item", [5]),
        inputField(p, "a NUL byte", ["doc\u0000"]),
      ];
      const create = createInput("29");
      cases.push({
        name: "createApplication",
        as: "supplier",
        query: CREATE,
        vars: { input: create },
        variants: [
          inputField("input.product", "an enum value that does not exist", "LOTTERY"),
          inputField("input.product", "lower case", "factoring"),
          inputField("input.product", "empty string", ""),
          inputField("input.product", "an Int", 1),
          inputField("input.product", "null", null),
          inputField("input.product", "a product the asset is not", "RECEIPT_LOAN"),
          ...idVariants("input.assetId"),
          ...bankListVariants("input.banks"),
          inputField("input.banks", "left out", OMIT),
          ...intVariants("input.minAdvanceBps", 1, 10_000),
          ...intVariants("input.maxDiscountBps", 0, 65_535),
          inputField("input.maxRateBps", "given for factoring", 500),
          inputField("input.maxRateBps", "negative", -1),
          inputField("input.tenorDays", "given for factoring", 30),
          inputField("input.tenorDays", "negative", -1),
          inputField("input.amount", "given for factoring", "1000"),
          inputField("input.amount", "negative", "-1"),
          inputField("input.recourseAccepted", "a string", "yes"),
          inputField("input.recourseAccepted", "an Int", 1),
          ...dateVariants("input.expiresAt"),
          inputField("input.expiresAt", "more than a year ahead", new Date(NOW + 400 * DAY).toISOString()),
          ...documentIdVariants("input.documentIds"),
          unknownField("input", create),
          inputField("input", "null", null),
        ],
        accepted: (data) => expect(data.createApplication.status).to.equal("DRAFT"),
      });
      const appIdCases = (who: Who, id: number, name: string, extra: Record<string, unknown> = {}) => ({
        as: who,
        vars: { id: String(id), ...extra },
        name,
      });
      const update = { minAdvanceBps: 8500 };
      cases.push({
        ...appIdCases("supplier", app.update, "updateApplication", { input: update }),
        query: `mutation($id: ID!, $input: UpdateApplicationInput!) { updateApplication(id: $id, input: $input) { ${APP} } }`,
        variants: [
          ...idVariants("id"),
          inputField("id", "an application of another applicant's asset state (submitted)", String(app.open)),
          ...intVariants("input.minAdvanceBps", 1, 10_000, { nullable: true }),
          inputField("input.maxDiscountBps", "above 65535", 65_536),
          inputField("input.maxDiscountBps", "negative", -1),
          inputField("input.maxRateBps", "given for factoring", 500),
          inputField("input.tenorDays", "given for factoring", 30),
          inputField("input.amount", "given for factoring", "1000"),
          inputField("input.amount", "2^256", (1n << 256n).toString()),
          inputField("input.recourseAccepted", "a string", "no"),
          ...bankListVariants("input.banks"),
          ...dateVariants("input.expiresAt", { nullable: true }),
          ...documentIdVariants("input.documentIds"),
          unknownField("input", update),
          inputField("input", "null", null),
        ],
        accepted: (data) => expect(data.updateApplication.status).to.equal("DRAFT"),
      });
      cases.push({
        ...appIdCases("supplier", app.submit, "submitApplication"),
        query: `mutation($id: ID!) { submitApplication(id: $id) { ${APP} } }`,
        variants: [...idVariants("id"), inputField("id", "an application already submitted", String(app.open))],
        accepted: (data) => expect(data.submitApplication.status).to.equal("SUBMITTED"),
      });
      cases.push({
        ...appIdCases("supplier", app.withdraw, "withdrawApplication", { note: "no longer needed" }),
        query: `mutation($id: ID!, $note: String) { withdrawApplication(id: $id, note: $note) { ${APP} } }`,
        variants: [
          ...idVariants("id"),
          ...textVariants("note", { nullable: true }).filter(
            (x) => !/empty string|whitespace|zero-width/.test(x.label),
          ),
        ],
        accepted: (data) => expect(data.withdrawApplication.status).to.equal("WITHDRAWN"),
      });
      cases.push({
        ...appIdCases("bank", app.open, "openApplication"),
        query: `mutation($id: ID!) { openApplication(id: $id) { ${APP} } }`,
        variants: [...idVariants("id"), inputField("id", "a DRAFT application", String(app.update))],
        accepted: (data) => expect(data.openApplication.status).to.equal("UNDER_REVIEW"),
      });
      const terms = { advanceBps: 9000, discountBps: 1000 };
      cases.push({
        ...appIdCases("bank", app.approve, "approveApplication", { terms }),
        query: `mutation($id: ID!, $terms: ApprovalTermsInput!) { approveApplication(id: $id, terms: $terms) { ${APP} } }`,
        variants: [
          ...idVariants("id").slice(0, 12),
          ...intVariants("terms.advanceBps", 8000, 10_000),
          inputField("terms.advanceBps", "zero", 0),
          ...intVariants("terms.discountBps", 0, 1200),
          inputField("terms.discountBps", "above 65535", 65_536),
          inputField("terms.withRecourse", "recourse the seller did not accept", true),
          inputField("terms.withRecourse", "a string", "true"),
          inputField("terms.rateBps", "given for factoring", 500),
          inputField("terms.rateBps", "negative", -1),
          inputField("terms.ltvBps", "given for factoring", 5000),
          inputField("terms.ltvBps", "above 10000", 10_001),
          inputField("terms.amount", "given for factoring", "1000"),
          inputField("terms.amount", "negative", "-1"),
          unknownField("terms", terms),
          inputField("terms", "null", null),
          inputField("terms", "empty", {}),
        ],
        accepted: (data) => expect(data.approveApplication.status).to.equal("APPROVED"),
      });
      cases.push({
        ...appIdCases("bank", app.reject, "rejectApplication", { reason: "concentration too high" }),
        query: `mutation($id: ID!, $reason: String!) { rejectApplication(id: $id, reason: $reason) { ${APP} } }`,
        variants: [
          ...idVariants("id").slice(0, 12),
          ...textVariants("reason", { maxBytes: 1000 }),
          inputField("reason", "501 characters", "r".repeat(501)),
        ],
        accepted: (data) => expect(data.rejectApplication.status).to.equal("SUBMITTED"),
      });
      cases.push({
        ...appIdCases("supplier", app.execute, "executionTransactions", { bank: A.bank }),
        query: `mutation($id: ID!, $bank: String!) { executionTransactions(id: $id, bank: $bank) { ${TX} } }`,
        variants: [
          ...idVariants("id").slice(0, 12),
          inputField("id", "an application not approved", String(app.open)),
          ...addressVariants("bank", A.bank),
          inputField("bank", "an addressed bank that did not approve", A.bank2),
          inputField("bank", "the applicant itself", A.supplier),
        ],
        accepted: txFrom("executionTransactions", A.supplier),
      });
      cases.push({
        ...appIdCases("bank", app.accept, "acceptanceTransactions"),
        query: `mutation($id: ID!) { acceptanceTransactions(id: $id) { ${TX} } }`,
        variants: [
          ...idVariants("id"),
          inputField("id", "an approved application without an indexed offer", String(app.execute)),
          {
            path: "id",
            label: "id: an argument that does not exist",
            query: `mutation { acceptanceTransactions(id: "${app.accept}", bank: "${A.bank}") { ${TX} } }`,
          },
        ],
        accepted: txFrom("acceptanceTransactions", A.bank),
      });
      // Both read the indexed offer of app.accept (deal 41 to bank); preparing them changes nothing.
      cases.push({
        ...appIdCases("supplier", app.accept, "offerWithdrawalTransactions", { bank: A.bank }),
        query: `mutation($id: ID!, $bank: String!) { offerWithdrawalTransactions(id: $id, bank: $bank) { ${TX} } }`,
        variants: [
          ...idVariants("id").slice(0, 12),
          inputField("id", "an approved application without an indexed offer", String(app.execute)),
          inputField("id", "an application not approved", String(app.open)),
          ...addressVariants("bank", A.bank),
          inputField("bank", "an addressed bank that did not approve", A.bank2),
          inputField("bank", "the applicant itself", A.supplier),
          { path: "id", label: "id: the approving bank asking", value: String(app.accept), token: tokens.bank },
          { path: "id", label: "id: the regulator asking", value: String(app.accept), token: tokens.regulator },
        ],
        accepted: txFrom("offerWithdrawalTransactions", A.supplier),
      });
      cases.push({
        ...appIdCases("bank", app.accept, "declineTransactions", { reason: "no appetite" }),
        query: `mutation($id: ID!, $reason: String!) { declineTransactions(id: $id, reason: $reason) { ${TX} } }`,
        variants: [
          ...idVariants("id").slice(0, 12),
          inputField("id", "an approved application without an indexed offer", String(app.execute)),
          inputField("id", "an application not approved", String(app.open)),
          ...textVariants("reason", { maxBytes: 31 }),
          inputField("reason", "32 ASCII bytes (beyond bytes32 text)", "r".repeat(32)),
          { path: "id", label: "id: a bank that did not approve", value: String(app.accept), token: tokens.bank2 },
          { path: "id", label: "id: the applicant asking", value: String(app.accept), token: tokens.supplier },
          { path: "id", label: "id: the regulator asking", value: String(app.accept), token: tokens.regulator },
        ],
        accepted: txFrom("declineTransactions", A.bank),
      });
    }

    it("covers every mutation of the live schema, each argument and input field, with at least 20 cases", async function () {
      await expectCoverage(t.base, tokens.regulator, cases, null, MIN_VARIANTS);
    });

    it("covers the on-chain withdrawal and decline of an offer, each argument, with at least 20 cases", async function () {
      await expectCoverage(
        t.base,
        tokens.regulator,
        cases,
        ["offerWithdrawalTransactions", "declineTransactions"],
        MIN_VARIANTS,
      );
    });

    // Grouped to keep the file to a few tests; each lists every refused-wrongly case of its mutations.
    const groups: [string, string[]][] = [
      ["sign-in", ["signInChallenge", "signIn", "signOut"]],
      ["alerts and documents", ["markAlertsRead", "registerEncryptionKey", "shareDocument"]],
      [
        "trade steps",
        [
          "submitOrder",
          "confirmOrder",
          "rejectOrder",
          "acceptDelivery",
          "issueReceivable",
          "splitPart",
          "transferPart",
          "payReceivable",
        ],
      ],
      [
        "financing applications",
        [
          "createApplication",
          "updateApplication",
          "submitApplication",
          "withdrawApplication",
          "openApplication",
          "approveApplication",
          "rejectApplication",
          "executionTransactions",
          "acceptanceTransactions",
          "offerWithdrawalTransactions",
          "declineTransactions",
        ],
      ],
    ];
    for (const [group, names] of groups) {
      it(`${group}: refuses every malformed variant, changing nothing, and accepts the baseline`, async function () {
        const missing = names.filter((name) => !cases.some((x) => x.name === name)).map((name) => `${name}: no cases`);
        const run = cases
          .filter((c) => names.includes(c.name))
          .map((c) => ({ ...c, token: c.token ?? (c.as ? tokens[c.as] : null) }));
        const problems = [...missing, ...(await runMalformedCases(t.base, t.db, tables, run))];
        expect(problems.length, `${problems.length} problems:\n${problems.join("\n")}\n`).to.equal(0);
      });
    }

    it("POST /documents: refuses 20+ malformed uploads (4xx, { error: { code } }), storing nothing, and accepts the baseline", async function () {
      const ipfsFiles = () => filesUnder(t.config.ipfsDir);
      const good = () => [{ bytes: pdf("upload-baseline"), type: "application/pdf" }];
      const base = { kind: "ORDER", parties: A.core };
      const uploads: [string, Who | null, Record<string, unknown>, Record<string, string>?][] = [
        ["no file", "supplier", { ...base }],
        ["an empty file", "supplier", { ...base, file: [{ bytes: new Uint8Array(0), type: "application/pdf" }] }],
        ["two files", "supplier", { ...base, file: [...good(), ...good()] }],
        ["the file in another field", "supplier", { ...base, file: [{ ...good()[0], field: "document" }] }],
        ["a kind that does not exist", "supplier", { ...base, kind: "CONTRACT", file: good() }],
        ["a lower-case kind", "supplier", { ...base, kind: "order", file: good() }],
        ["no kind", "supplier", { parties: A.core, file: good() }],
        ["a 100 kB kind", "supplier", { ...base, kind: HUGE, file: good() }],
        ["a kind with a NUL byte", "supplier", { ...base, kind: "ORDER\u0000", file: good() }],
        ["a malformed party", "supplier", { ...base, parties: "0x1234", file: good() }],
        ["the zero address as party", "supplier", { ...base, parties: ZERO_ADDRESS, file: good() }],
        ["a party that is no member", "supplier", { ...base, parties: labelAddress("malformed:nobody"), file: good() }],
        ["a suspended party", "supplier", { ...base, parties: A.suspended, file: good() }],
        ["a party without a key", "supplier", { ...base, parties: A.nokey, file: good() }],
        ["the regulator as party", "supplier", { ...base, parties: A.regulator, file: good() }],
        ["21 parties", "supplier", { ...base, parties: manyAddresses(21).join(","), file: good() }],
        ["SQL injection as parties", "supplier", { ...base, parties: SQL_INJECTION, file: good() }],
        ["a PDF declared as PNG", "supplier", { ...base, file: [{ bytes: pdf("mismatch"), type: "image/png" }] }],
        ["a PNG declared as JPEG", "supplier", { ...base, file: [{ bytes: png("mismatch"), type: "image/jpeg" }] }],
        [
          "a JPEG declared as PDF",
          "supplier",
          { ...base, file: [{ bytes: jpeg("mismatch"), type: "application/pdf" }] },
        ],
        [
          "plain text",
          "supplier",
          { ...base, file: [{ bytes: Buffer.from("just some text ".repeat(10)), type: "text/plain" }] },
        ],
        [
          "a script declared as PDF",
          "supplier",
          { ...base, file: [{ bytes: Buffer.from(`${SCRIPT} `.repeat(10)), type: "application/pdf" }] },
        ],
        [
          "a file above UPLOAD_MAX_BYTES",
          "supplier",
          { ...base, file: [{ bytes: pdf("oversize", UPLOAD_MAX_BYTES + 100), type: "application/pdf" }] },
        ],
        ["no session", null, { ...base, file: good() }],
        ["the regulator uploading", "regulator", { ...base, file: good() }],
        ["a bad Authorization header", null, { ...base, file: good() }, { authorization: "Bearer nope" }],
      ];
      const problems: string[] = [];
      for (const [label, who, fields, headers] of uploads) {
        const before = await fingerprint(t.db, tables);
        const files = ipfsFiles();
        const response = await upload(who, fields as any, headers);
        const text = await response.text();
        let body: any = text;
        try {
          body = JSON.parse(text);
        } catch {
          // Reported below.
        }
        if (response.status < 400 || response.status >= 500 || typeof body?.error?.code !== "string") {
          problems.push(`upload with ${label}: HTTP ${response.status} ${short(body)}`);
        }
        const changed = changedTables(before, await fingerprint(t.db, tables));
        if (changed.length > 0) problems.push(`upload with ${label}: changed ${changed.join("; ")}`);
        if (JSON.stringify(ipfsFiles()) !== JSON.stringify(files))
          problems.push(`upload with ${label}: IPFS folder changed`);
      }
      // The JSON body the endpoint does not take.
      {
        const before = await fingerprint(t.db, tables);
        const response = await fetch(`${t.base}/documents`, {
          method: "POST",
          headers: { authorization: `Bearer ${tokens.supplier}`, "content-type": "application/json" },
          body: JSON.stringify({ kind: "ORDER", parties: A.core, file: "JVBERi0xLjc=" }),
        });
        const body: any = await response.json().catch(() => null);
        if (response.status < 400 || response.status >= 500 || typeof body?.error?.code !== "string") {
          problems.push(`upload as JSON: HTTP ${response.status} ${short(body)}`);
        }
        const changed = changedTables(before, await fingerprint(t.db, tables));
        if (changed.length > 0) problems.push(`upload as JSON: changed ${changed.join("; ")}`);
      }
      expect(uploads.length + 1).to.be.at.least(MIN_VARIANTS);
      const accepted = await upload("supplier", { ...base, file: good() });
      if (accepted.status !== 201)
        problems.push(`upload baseline: HTTP ${accepted.status} ${short(await accepted.text())}`);
      expect(problems.length, `${problems.length} problems:\n${problems.join("\n")}\n`).to.equal(0);
    });
  });
}

function manyAddresses(n: number): string[] {
  return Array.from({ length: n }, (_, i) => labelAddress(`malformed:upload-party${i}`));
}
