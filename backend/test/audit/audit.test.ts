/**
 * The audit log: what AuditService records (secrets redacted), the regulator's `auditLog` query with
 * filters and pagination, the CSV export (quoting, formula cells neutralised), and that nobody else may
 * read it. The GraphQL plugin's recording of mutations is covered with the sign-in mutations.
 */
import { expect } from "chai";
import { AuditService, csvCell, redact } from "../../src/audit/audit.service";
import * as schema from "../../src/database/schema";
import { labelAddress as addr, memberRow, startTestApp, type TestApp } from "../support/app";
import type { DatabaseKind } from "../support/backend";

const REGULATOR = addr("audit:regulator");
const SUPPLIER = addr("audit:supplier");
const SUSPENDED_REGULATOR = addr("audit:suspended-regulator");

describe("audit log: CSV cells and redaction", function () {
  it("quotes separators and quotes, and prefixes cells a spreadsheet would run as formulas", function () {
    expect(csvCell("plain")).to.equal("plain");
    expect(csvCell('a,b "c"')).to.equal('"a,b ""c"""');
    expect(csvCell("line\nbreak")).to.equal('"line\nbreak"');
    for (const formula of ["=1+2", "+1", "-1", "@SUM(A1)", "\tx"]) expect(csvCell(formula)).to.equal(`'${formula}`);
    expect(csvCell(null)).to.equal("");
    expect(csvCell(new Date("2026-01-02T03:04:05Z"))).to.equal("2026-01-02T03:04:05.000Z");
  });

  it("redacts secrets at any depth and cuts long strings", function () {
    expect(
      redact({ message: "m", signature: "s", Token: "t", inner: [{ privateKey: "p", documentKey: "d", other: 1 }] }),
    ).to.deep.equal({
      message: "m",
      signature: "[redacted]",
      Token: "[redacted]",
      inner: [{ privateKey: "[redacted]", documentKey: "[redacted]", other: 1 }],
    });
    expect((redact("x".repeat(600)) as string).length).to.equal(501);
    expect(redact(12n)).to.equal("12");
  });
});

for (const kind of ["pglite", "postgres"] as DatabaseKind[]) {
  describe(`audit log on ${kind}`, function () {
    let t: TestApp;
    let base: string;
    const tokens: Record<string, string> = {};

    before(async function () {
      t = await startTestApp(kind, async (db) => {
        await db
          .insert(schema.members)
          .values([
            memberRow(REGULATOR, 32),
            memberRow(SUPPLIER, 4),
            memberRow(SUSPENDED_REGULATOR, 32, { status: "Suspended" }),
          ]);
      });
      base = t.base;
      for (const address of [REGULATOR, SUPPLIER, SUSPENDED_REGULATOR]) tokens[address] = await t.session(address);
      const audit = t.app.get(AuditService);
      const t0 = Date.parse("2026-01-01T00:00:00Z");
      for (let i = 0; i < 25; i++) {
        await audit.record({
          viewer: { address: i % 2 ? SUPPLIER : REGULATOR, roles: i % 2 ? 4 : 32 },
          action: i % 5 === 0 ? "signIn" : "uploadDocument",
          detail: { index: i, signature: "0xsecret", nested: { documentKey: "k", keep: "visible" } },
          result: i % 3 === 0 ? "FORBIDDEN" : "OK",
          error: i % 3 === 0 ? "not allowed" : null,
          ip: "127.0.0.1",
          at: new Date(t0 + i * 60_000),
        });
      }
      await audit.record({
        viewer: null,
        action: "uploadDocument",
        detail: { fileName: '=HYPERLINK("http://evil","x"), "quoted"' },
        result: "OK",
        at: new Date(t0 + 30 * 60_000),
      });
    });

    after(async () => t?.close());

    async function gql(token: string | null, query: string, variables?: Record<string, unknown>) {
      const response = await fetch(`${base}/graphql`, {
        method: "POST",
        headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
        body: JSON.stringify({ query, variables }),
      });
      return (await response.json()) as { data?: any; errors?: { message: string; extensions: { code: string } }[] };
    }

    const LIST = `query($filter: AuditFilter, $first: Int, $after: String) {
      auditLog(filter: $filter, first: $first, after: $after) {
        totalCount
        pageInfo { hasNextPage endCursor }
        edges { node { id at actor actorRoles action detail result error ip } }
      }
    }`;

    it("lets the regulator page through every entry, oldest first, with secrets redacted", async function () {
      const seen: any[] = [];
      let after: string | null = null;
      for (;;) {
        const body = await gql(tokens[REGULATOR], LIST, { first: 10, after });
        expect(body.errors).to.equal(undefined);
        expect(body.data.auditLog.totalCount).to.equal(26);
        seen.push(...body.data.auditLog.edges.map((e: any) => e.node));
        if (!body.data.auditLog.pageInfo.hasNextPage) break;
        after = body.data.auditLog.pageInfo.endCursor;
      }
      expect(seen).to.have.length(26);
      expect(seen.map((n) => Number(n.id))).to.deep.equal([...seen.map((n) => Number(n.id))].sort((a, b) => a - b));
      const first = seen[0];
      expect(first.actor).to.equal(REGULATOR);
      expect(first.actorRoles).to.deep.equal(["REGULATOR"]);
      expect(first.detail).to.deep.equal({
        index: 0,
        signature: "[redacted]",
        nested: { documentKey: "[redacted]", keep: "visible" },
      });
      expect(first.result).to.equal("FORBIDDEN");
      expect(seen[25].actor).to.equal(null);
    });

    it("filters by actor, action, result and time window", async function () {
      const body = await gql(tokens[REGULATOR], LIST, {
        filter: {
          actor: SUPPLIER,
          action: "uploadDocument",
          result: "OK",
          from: "2026-01-01T00:05:00Z",
          to: "2026-01-01T00:15:00Z",
        },
      });
      expect(body.errors).to.equal(undefined);
      const indexes = body.data.auditLog.edges.map((e: any) => e.node.detail.index);
      // Odd indexes (supplier) in minutes 5..14, not multiples of 5 (signIn) nor of 3 (FORBIDDEN).
      expect(indexes).to.deep.equal([7, 11, 13]);
    });

    it("refuses a bad filter with BAD_USER_INPUT", async function () {
      const body = await gql(tokens[REGULATOR], LIST, { filter: { actor: "0x123" } });
      expect(body.errors?.[0].extensions.code).to.equal("BAD_USER_INPUT");
    });

    for (const [who, token, code] of [
      ["an anonymous caller", () => null, "UNAUTHENTICATED"],
      ["a supplier", () => tokens[SUPPLIER], "FORBIDDEN"],
      ["a suspended regulator", () => tokens[SUSPENDED_REGULATOR], "FORBIDDEN"],
      ["a bad token", () => "x".repeat(43), "UNAUTHENTICATED"],
    ] as const) {
      it(`does not let ${who} read or export it (${code})`, async function () {
        const body = await gql(token(), LIST, {});
        expect(body.data?.auditLog ?? null).to.equal(null);
        expect(body.errors?.[0].extensions.code).to.equal(code);
        const t = token();
        const response = await fetch(`${base}/audit/export.csv`, {
          headers: t ? { authorization: `Bearer ${t}` } : {},
        });
        expect(response.status).to.equal(code === "FORBIDDEN" ? 403 : 401);
        const error = (await response.json()) as { error: { code: string; message: string } };
        expect(error.error.code).to.equal(code);
      });
    }

    it("exports CSV to the regulator: header, one line per entry, quoting, formulas neutralised", async function () {
      const response = await fetch(`${base}/audit/export.csv`, {
        headers: { cookie: `scf_session=${tokens[REGULATOR]}` },
      });
      expect(response.status).to.equal(200);
      expect(response.headers.get("content-type")).to.match(/^text\/csv/);
      const text = await response.text();
      const lines = text.trimEnd().split("\r\n");
      expect(lines[0]).to.equal("id,at,actor,actorRoles,action,result,error,ip,detail");
      expect(lines).to.have.length(27);
      expect(lines[1]).to.match(
        new RegExp(`^\\d+,2026-01-01T00:00:00.000Z,${REGULATOR},REGULATOR,signIn,FORBIDDEN,not allowed,127.0.0.1,`),
      );
      expect(text).to.not.include("0xsecret");
      // The detail is JSON in one quoted cell; the injected formula cannot start a cell.
      const last = lines[26];
      expect(last).to.include('"{""fileName"":""=HYPERLINK(');
      for (const cell of last.split(",")) expect(cell).to.not.match(/^=/);
    });

    it("exports with a filter and refuses a malformed one", async function () {
      const ok = await fetch(`${base}/audit/export.csv?action=signIn`, {
        headers: { authorization: `Bearer ${tokens[REGULATOR]}` },
      });
      expect((await ok.text()).trimEnd().split("\r\n")).to.have.length(1 + 5);
      const bad = await fetch(`${base}/audit/export.csv?from=yesterday`, {
        headers: { authorization: `Bearer ${tokens[REGULATOR]}` },
      });
      expect(bad.status).to.equal(400);
      expect(((await bad.json()) as any).error.code).to.equal("BAD_USER_INPUT");
    });
  });
}
