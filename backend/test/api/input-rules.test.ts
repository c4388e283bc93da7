/**
 * The input rules every resolver shares: the strict DateTime scalar, free text, document ids, and the
 * request body limit with its coded errors (GraphQL shape on /graphql, REST shape elsewhere).
 */
import { expect } from "chai";
import { parseDateTime } from "../../src/api/common/scalars";
import { parseDocumentId, textProblem } from "../../src/api/common/validation";
import { JSON_BODY_LIMIT_BYTES } from "../../src/http-app";
import { startTestApp, type TestApp } from "../support/app";

function refusal(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    expect((error as { code?: string }).code, (error as Error).message).to.equal("BAD_USER_INPUT");
    return (error as Error).message;
  }
  throw new Error("accepted");
}

describe("input rules", () => {
  describe("DateTime", () => {
    it("accepts a date and date-times with Z or an offset, as the same instant", () => {
      expect(parseDateTime("2030-01-31").toISOString()).to.equal("2030-01-31T00:00:00.000Z");
      expect(parseDateTime("2030-01-31T09:05Z").toISOString()).to.equal("2030-01-31T09:05:00.000Z");
      expect(parseDateTime("2030-01-31T09:05:07.123Z").toISOString()).to.equal("2030-01-31T09:05:07.123Z");
      expect(parseDateTime("2030-01-31T09:05:07+08:00").toISOString()).to.equal("2030-01-31T01:05:07.000Z");
      expect(parseDateTime("2028-02-29T00:00:00Z").toISOString()).to.equal("2028-02-29T00:00:00.000Z");
    });

    const refused: [string, unknown, RegExp][] = [
      ["30 February", "2030-02-30T00:00:00Z", /no such day/],
      ["29 February of a common year", "2029-02-29", /no such day/],
      ["31 April", "2030-04-31", /no such day/],
      ["month 13", "2030-13-01", /no such month/],
      ["hour 24", "2030-01-01T24:00:00Z", /no such time/],
      ["minute 60", "2030-01-01T10:60:00Z", /no such time/],
      ["an offset of 25 hours", "2030-01-01T10:00:00+25:00", /no such offset/],
      ["a time without an offset", "2030-01-01T10:00:00", /ISO-8601 form/],
      ["a year before 1970", "1900-01-01", /year out of range/],
      ["an extended year", "+275761-01-01T00:00:00Z", /ISO-8601 form/],
      ["epoch milliseconds", "1893456000000", /ISO-8601 form/],
      ["a number", 1893456000000, /not a string/],
      ["a NUL byte at the end", "2030-01-01T00:00:00Z\u0000", /ISO-8601 form/],
      ["blanks around it", " 2030-01-01 ", /ISO-8601 form/],
      ["an empty string", "", /ISO-8601 form/],
    ];
    for (const [title, value, message] of refused) {
      it(`refuses ${title}`, () => {
        expect(refusal(() => parseDateTime(value))).to.match(message);
      });
    }
  });

  describe("free text", () => {
    it("accepts text with line breaks, CJK and emoji within its limits", () => {
      expect(textProblem("line one\nline two\tend", { maxChars: 500 })).to.equal(null);
      expect(textProblem("交货延迟 🚚", { maxChars: 7 })).to.equal(null);
      expect(textProblem("abc", { maxBytes: 3 })).to.equal(null);
    });

    const refused: [string, unknown, Parameters<typeof textProblem>[1], RegExp][] = [
      ["a NUL byte", "a\u0000b", {}, /control characters/],
      ["an escape character", "a\u001bb", {}, /control characters/],
      ["a lone high surrogate", "a\ud800b", {}, /lone UTF-16 surrogate/],
      ["a lone low surrogate", "a\udc00", {}, /lone UTF-16 surrogate/],
      ["an empty string", "", {}, /visible text/],
      ["blanks only", " \t\n\u3000", {}, /visible text/],
      ["zero-width characters only", "\u200b\u200d\ufeff", {}, /visible text/],
      ["more bytes than allowed", "é".repeat(16), { maxBytes: 31 }, /at most 31 bytes of UTF-8, got 32/],
      ["more characters than allowed", "🚚".repeat(6), { maxChars: 5 }, /at most 5 characters, got 6/],
      ["a number", 42, {}, /must be a string/],
    ];
    for (const [title, value, limit, message] of refused) {
      it(`refuses ${title}`, () => {
        expect(textProblem(value, limit)).to.match(message);
      });
    }

    it("refuses a malformed document id, naming the argument", () => {
      expect(parseDocumentId("0b6f7c1e-8d1a-4c55-9f9e-1d2c3b4a5f60", "documentId")).to.be.a("string");
      for (const bad of ["", "a b", "x\u0000", "../etc/passwd", "-leading", "a".repeat(101), 7]) {
        expect(refusal(() => parseDocumentId(bad, "documentId"))).to.match(
          /argument "documentId" must be a document id/,
        );
      }
    });
  });

  describe("request bodies", function () {
    let app: TestApp;
    before(async () => {
      app = await startTestApp("pglite", async () => undefined);
    });
    after(async () => {
      await app?.close();
    });

    const post = (path: string, body: string) =>
      fetch(`${app.base}${path}`, { method: "POST", headers: { "content-type": "application/json" }, body });

    it("reads a GraphQL body of a few hundred kB (the resolvers judge its values)", async () => {
      const address = "0x" + "1".repeat(200_000);
      const answer = await app.gql(null, `mutation($a: String!) { signInChallenge(address: $a) { nonce } }`, {
        a: address,
      });
      expect(answer.status).to.equal(200);
      expect(answer.errors![0].extensions.code).to.equal("BAD_USER_INPUT");
    });

    it("refuses a body over the limit with PAYLOAD_TOO_LARGE in GraphQL's shape on /graphql", async () => {
      const body = JSON.stringify({
        query: "{ syncStatus { indexedBlock } }",
        padding: "x".repeat(JSON_BODY_LIMIT_BYTES),
      });
      const response = await post("/graphql", body);
      expect(response.status).to.equal(413);
      const json = (await response.json()) as { errors: { message: string; extensions: { code: string } }[] };
      expect(json.errors[0].extensions.code).to.equal("PAYLOAD_TOO_LARGE");
      expect(json.errors[0].message).to.include(String(JSON_BODY_LIMIT_BYTES));
    });

    it("refuses a body that is not JSON with BAD_REQUEST, and elsewhere in the REST shape", async () => {
      const graphql = await post("/graphql", "{ not json");
      expect(graphql.status).to.equal(400);
      expect(
        ((await graphql.json()) as { errors: { extensions: { code: string } }[] }).errors[0].extensions.code,
      ).to.equal("BAD_REQUEST");
      const rest = await post("/documents", "{ not json");
      expect(rest.status).to.equal(400);
      expect(((await rest.json()) as { error: { code: string } }).error.code).to.equal("BAD_REQUEST");
    });
  });
});
