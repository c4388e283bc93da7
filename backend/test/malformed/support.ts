/**
 * Support of the malformed-input suite: raw GraphQL calls (own headers, status and body kept), a
 * fingerprint of every workflow table (row count and a hash of all rows) to prove a refused call
 * changed nothing, and generators of malformed values per kind of argument.
 */
import { sql } from "drizzle-orm";
import { getAddress } from "ethers";
import { expect } from "chai";
import type { Database } from "../../src/database/database";
import { labelAddress } from "../support/app";

/** Codes a refused malformed call may answer with (never INTERNAL_SERVER_ERROR). */
export const REFUSAL_CODES = [
  "BAD_USER_INPUT",
  "GRAPHQL_VALIDATION_FAILED",
  "FORBIDDEN",
  "NOT_FOUND",
  "CONFLICT",
  "UNAUTHENTICATED",
];

/** Tables the fingerprint leaves out: the audit log records refusals by design. */
const UNTRACKED = new Set(["audit_log"]);

export interface RawAnswer {
  status: number;
  body: any;
}

/** A GraphQL POST with the caller's token (or none) and any extra headers. */
export async function rawGql(
  base: string,
  token: string | null,
  query: string,
  variables: Record<string, unknown> | undefined,
  headers: Record<string, string> = {},
): Promise<RawAnswer> {
  const response = await fetch(`${base}/graphql`, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...headers,
    },
    body: JSON.stringify({ query, variables }),
  });
  const text = await response.text();
  let body: any = text;
  try {
    body = JSON.parse(text);
  } catch {
    // Kept as text: the check below reports it.
  }
  return { status: response.status, body };
}

/** What is wrong with the answer to a malformed call, or null when it was properly refused. */
export function refusalProblem(answer: RawAnswer, field: string): string | null {
  const { status, body } = answer;
  const errors = typeof body === "object" && body ? body.errors : undefined;
  if (status >= 500) return `HTTP ${status}: ${short(body)}`;
  if (!Array.isArray(errors) || errors.length === 0) {
    return status >= 400
      ? `refused with HTTP ${status} but not as GraphQL errors: ${short(body)}`
      : `ACCEPTED (HTTP ${status}): ${short(body)}`;
  }
  const codes = errors.map((e: any) => e?.extensions?.code);
  const bad = codes.filter((c: unknown) => !REFUSAL_CODES.includes(c as string));
  if (bad.length > 0) return `code ${bad.join(", ")} (HTTP ${status}): ${short(errors[0]?.message)}`;
  const data = body.data?.[field];
  if (data !== undefined && data !== null) return `errors but data for ${field}: ${short(data)}`;
  return null;
}

export function short(value: unknown, max = 300): string {
  const text = typeof value === "string" ? value : JSON.stringify(value);
  return text === undefined ? String(value) : text.length > max ? `${text.slice(0, max)}…` : text;
}

/** The workflow tables of the database (public schema), without the untracked ones. */
export async function trackedTables(db: Database): Promise<string[]> {
  const rows = await run(
    db,
    `select table_name as name from information_schema.tables
      where table_schema = 'public' and table_type = 'BASE TABLE' order by table_name`,
  );
  return rows.map((r) => String(r.name)).filter((name) => !UNTRACKED.has(name));
}

/** Per table: "<row count>:<md5 of all rows>", in one statement. */
export async function fingerprint(db: Database, tables: string[]): Promise<Record<string, string>> {
  const parts = tables.map(
    (name) =>
      `select '${name}' as name, count(*)::int as n, coalesce(md5(string_agg(x::text, '|' order by x::text)), '-') as h from "${name}" x`,
  );
  const rows = await run(db, parts.join(" union all "));
  return Object.fromEntries(rows.map((r) => [String(r.name), `${r.n}:${r.h}`]));
}

/** The tables whose fingerprint differs ("name: before -> after"). */
export function changedTables(before: Record<string, string>, after: Record<string, string>): string[] {
  return Object.keys({ ...before, ...after })
    .filter((name) => before[name] !== after[name])
    .map((name) => `${name}: ${before[name]} -> ${after[name]}`);
}

/** Waits until the tables have stopped changing (background jobs done), or fails after five seconds. */
export async function settled(db: Database, tables: string[]): Promise<void> {
  let last = await fingerprint(db, tables);
  for (let i = 0; i < 20; i++) {
    await new Promise((resolve) => setTimeout(resolve, 250));
    const now = await fingerprint(db, tables);
    if (changedTables(last, now).length === 0) return;
    last = now;
  }
  throw new Error("the tables kept changing without any call");
}

async function run(db: Database, text: string): Promise<Record<string, unknown>[]> {
  const result: any = await db.execute(sql.raw(text));
  return (result.rows ?? result) as Record<string, unknown>[];
}

// -------------------------------------------------------------------------------------------------
// Malformed values
// -------------------------------------------------------------------------------------------------

/** Removes the field or variable instead of setting it. */
export const OMIT = Symbol("omit");

export interface Variant {
  /** What is malformed, for the assertion message. */
  label: string;
  /** The variable (or `variable.field`) changed; the coverage check counts it. */
  path: string;
  value?: unknown;
  /** A whole other query (literal arguments) instead of the baseline's with one variable changed. */
  query?: string;
  /** Extra or replacing headers (the Authorization header is dropped when `token` is null). */
  headers?: Record<string, string>;
  /** Call with this token instead of the baseline caller's. */
  token?: string | null;
}

export const HUGE = "x".repeat(100 * 1024);
export const SQL_INJECTION = "1'; DROP TABLE members; --";
export const SCRIPT = "<script>alert(1)</script>";
export const ZERO_ADDRESS = "0x0000000000000000000000000000000000000000";

/** The address with the case of one letter flipped: an EIP-55 checksum that no longer matches. */
export function badChecksum(address: string): string {
  const checksummed = getAddress(address);
  const i = [...checksummed].findIndex((c, n) => n > 1 && /[a-fA-F]/.test(c));
  const c = checksummed[i];
  const flipped = c === c.toUpperCase() ? c.toLowerCase() : c.toUpperCase();
  return checksummed.slice(0, i) + flipped + checksummed.slice(i + 1);
}

/** One malformed value of `path`, labelled with it. */
export function variant(path: string, label: string, value: unknown): Variant {
  return { path, label: `${path}: ${label}`, value };
}
const v = variant;

/** Malformed values of a required address argument or field. */
export function addressVariants(path: string, valid: string): Variant[] {
  return [
    v(path, "non-hex digits", `0x${"zz".repeat(20)}`),
    v(path, "too short", "0x1234"),
    v(path, "41 hex digits", `${valid}a`),
    v(path, "39 hex digits", valid.slice(0, 41)),
    v(path, "bad EIP-55 checksum", badChecksum(valid)),
    v(path, "no 0x prefix", valid.slice(2)),
    v(path, "0X prefix", `0X${valid.slice(2)}`),
    v(path, "the zero address", ZERO_ADDRESS),
    v(path, "an address of no member", labelAddress("malformed:nobody")),
    v(path, "empty string", ""),
    v(path, "whitespace only", "   "),
    v(path, "100 kB string", `0x${"a".repeat(100 * 1024)}`),
    v(path, "an Int", 12345),
    v(path, "a boolean", true),
    v(path, "an object", { address: valid }),
    v(path, "null", null),
    v(path, "SQL injection", `0x' OR '1'='1`),
    v(path, "script", SCRIPT),
    v(path, "NUL byte", `${valid}\u0000`),
    v(
      path,
      "full-width digits",
      valid.replace(/\d/, (d) => String.fromCharCode(0xff10 + Number(d))),
    ),
    v(path, "an ENS name", "treasury.eth"),
  ];
}

/** Malformed values of a required GraphQL ID of an object (`nothing` names none). */
export function idVariants(path: string, nothing = "987654"): Variant[] {
  return [
    v(path, "negative", "-1"),
    v(path, "zero (an id of nothing)", "0"),
    v(path, "an id of nothing", nothing),
    v(path, "fractional string", "1.5"),
    v(path, "fractional number", 1.5),
    v(path, "2^256", (1n << 256n).toString()),
    v(path, "2^53 + 1", "9007199254740993"),
    v(path, "non-numeric", "abc"),
    v(path, "hex", "0x1"),
    v(path, "exponent", "1e3"),
    v(path, "empty string", ""),
    v(path, "whitespace only", "   "),
    v(path, "100 kB of digits", "1".repeat(100 * 1024)),
    v(path, "null", null),
    v(path, "a boolean", true),
    v(path, "an object", { id: 1 }),
    v(path, "SQL injection", SQL_INJECTION),
    v(path, "NUL byte", "1\u0000"),
    v(path, "Arabic-Indic digit", "\u0661"),
    v(path, "script", SCRIPT),
  ];
}

/** Malformed values of a required amount (BigInt of minor units, positive). */
export function amountVariants(path: string, options: { nullable?: boolean } = {}): Variant[] {
  return [
    v(path, "zero", "0"),
    v(path, "negative", "-1"),
    v(path, "fractional string", "1.5"),
    v(path, "fractional number", 1.5),
    v(path, "2^256", (1n << 256n).toString()),
    v(path, "2^96", (1n << 96n).toString()),
    v(path, "non-numeric", "ten"),
    v(path, "exponent", "1e6"),
    v(path, "hex", "0x10"),
    v(path, "empty string", ""),
    v(path, "whitespace only", "   "),
    v(path, "100 kB of digits", "9".repeat(100 * 1024)),
    v(path, "a boolean", true),
    v(path, "an object", { amount: "1" }),
    v(path, "SQL injection", SQL_INJECTION),
    v(path, "NUL byte", "1\u0000"),
    v(path, "full-width digits", "\uff11\uff10"),
    ...(options.nullable ? [] : [v(path, "null", null), { path, label: `${path}: left out`, value: OMIT }]),
  ];
}

/** Malformed values of a required date-time that must lie within a window ahead of now. */
export function dateVariants(path: string, options: { nullable?: boolean } = {}): Variant[] {
  return [
    v(path, "not a date", "soon"),
    v(path, "month 13", "2030-13-01T00:00:00.000Z"),
    v(path, "February 30", "2030-02-30T00:00:00.000Z"),
    v(path, "yesterday", new Date(Date.now() - 86_400_000).toISOString()),
    v(path, "far past", "1900-01-01T00:00:00.000Z"),
    v(path, "far future", "9999-12-31T23:59:59.000Z"),
    v(path, "past JavaScript's range", "+275761-01-01T00:00:00.000Z"),
    v(path, "epoch milliseconds as a string", String(Date.now() + 86_400_000)),
    v(path, "empty string", ""),
    v(path, "whitespace only", "   "),
    v(path, "100 kB string", HUGE),
    v(path, "a boolean", true),
    v(path, "an object", { date: "2030-01-01" }),
    v(path, "SQL injection", SQL_INJECTION),
    v(path, "NUL byte", `2030-01-01T00:00:00.000Z\u0000`),
    ...(options.nullable ? [] : [v(path, "null", null), { path, label: `${path}: left out`, value: OMIT }]),
  ];
}

/** Malformed values of an Int in [min, max] (basis points, days). */
export function intVariants(path: string, min: number, max: number, options: { nullable?: boolean } = {}): Variant[] {
  return [
    v(path, `below ${min}`, min - 1),
    v(path, `above ${max}`, max + 1),
    v(path, "negative", -1),
    v(path, "fractional", 1.5),
    v(path, "2^31 (not an Int)", 2 ** 31),
    v(path, "a numeric string", String(min)),
    v(path, "a boolean", true),
    v(path, "empty string", ""),
    ...(options.nullable ? [] : [v(path, "null", null), { path, label: `${path}: left out`, value: OMIT }]),
  ];
}

/** Malformed values of a required free-text or reference string argument. */
export function textVariants(path: string, options: { maxBytes?: number; nullable?: boolean } = {}): Variant[] {
  return [
    v(path, "empty string", ""),
    v(path, "whitespace only", "  \t\n "),
    v(path, "zero-width characters only", "\u200b\u200b\u200b"),
    v(path, "100 kB string", HUGE),
    v(path, "NUL byte", "text\u0000more"),
    v(path, "lone UTF-16 surrogate", "a\ud800b"),
    v(path, "an Int", 42),
    v(path, "a boolean", false),
    v(path, "an object", { text: "x" }),
    v(path, "a list", ["x"]),
    ...(options.maxBytes !== undefined
      ? [v(path, `${options.maxBytes + 1} bytes of multi-byte text`, "é".repeat(Math.ceil((options.maxBytes + 1) / 2)))]
      : []),
    ...(options.nullable ? [] : [v(path, "null", null)]),
  ];
}

/** Sets `path` ("a" or "a.b") of a copy of `vars` to `value` (OMIT removes it). */
export function withChange(vars: Record<string, unknown>, path: string, value: unknown): Record<string, unknown> {
  const copy = structuredClone(vars);
  const keys = path.split(".");
  let target: any = copy;
  for (const key of keys.slice(0, -1)) target = target[key];
  const last = keys[keys.length - 1];
  if (value === OMIT) delete target[last];
  else target[last] = value;
  return copy;
}

// -------------------------------------------------------------------------------------------------
// Running cases and checking coverage (shared by every malformed-input file)
// -------------------------------------------------------------------------------------------------

/** A baseline check: `count` prepared transactions for `field`, each sent from `from`. */
export function txFrom(field: string, from: string, count = 1): (data: any) => void {
  return (data) => {
    expect(data[field], field).to.be.an("array").with.length(count);
    for (const tx of data[field]) expect(tx.from).to.equal(from);
  };
}

/** Mutations whose malformed-input cases live in another file than mutations.test.ts (file: names). */
export const MUTATIONS_TESTED_ELSEWHERE: Record<string, string[]> = {
  "warehouse.test.ts": [
    "issueReceipt",
    "attestReceipt",
    "releaseGoods",
    "requestRelease",
    "transferReceipt",
    "unfreezeReceipt",
  ],
  "consortium.test.ts": [
    "admitMember",
    "setMemberRoles",
    "suspendMember",
    "reinstateMember",
    "setMemberBlacklisted",
    "mintDeposit",
    "redeemDeposit",
  ],
  "servicing.test.ts": [
    "repayLoan",
    "collectFinancing",
    "declareDefault",
    "claimRecourse",
    "settleRecourse",
    "enforceReceiptPledge",
    "claimHeldPayouts",
    "setCreditLimit",
  ],
};

/** One mutation: its valid baseline call (made after the variants) and its malformed variants. */
export interface MalformedCase {
  name: string;
  /** The baseline caller's token (null: anonymous). */
  token: string | null;
  query: string;
  vars: Record<string, unknown>;
  variants: Variant[];
  /** Checks the baseline's data. */
  accepted(data: any): void;
  /** Extra headers of every call (the baseline's too). */
  headers?: Record<string, string>;
}

/**
 * Runs every variant of each case and then its baseline; returns what went wrong: a variant accepted,
 * answered with a server error, or changing a tracked table, or a baseline refused.
 */
export async function runMalformedCases(
  base: string,
  db: Database,
  tables: string[],
  cases: MalformedCase[],
): Promise<string[]> {
  const problems: string[] = [];
  for (const c of cases) {
    for (const variant of c.variants) {
      let vars: Record<string, unknown> = c.vars;
      if ((variant as any).vars === "upToOnly") vars = { upTo: variant.value };
      else if (!variant.query && !variant.headers && variant.token === undefined) {
        vars = withChange(c.vars, variant.path, variant.value);
      }
      const before = await fingerprint(db, tables);
      const answer = await rawGql(
        base,
        variant.token !== undefined ? variant.token : c.token,
        variant.query ?? c.query,
        variant.query ? undefined : vars,
        { ...c.headers, ...variant.headers },
      );
      const problem = refusalProblem(answer, c.name);
      if (problem) problems.push(`${c.name} ${variant.label}: ${problem}`);
      const changed = changedTables(before, await fingerprint(db, tables));
      if (changed.length > 0) problems.push(`${c.name} ${variant.label}: changed ${changed.join("; ")}`);
    }
    const baseline = await rawGql(base, c.token, c.query, c.vars, c.headers);
    if (baseline.body?.errors) {
      problems.push(`${c.name} baseline refused: ${short(baseline.body.errors)}`);
    } else {
      try {
        c.accepted(baseline.body.data);
      } catch (error) {
        problems.push(`${c.name} baseline: ${(error as Error).message}`);
      }
    }
  }
  return problems;
}

/**
 * Checks, against the live schema, that each mutation in `names` (null: every mutation not tested in
 * another file) has at least `minVariants` cases and a case for each argument and input field.
 */
export async function expectCoverage(
  base: string,
  token: string,
  cases: { name: string; variants: Variant[] }[],
  names: string[] | null,
  minVariants = 20,
): Promise<void> {
  const answer = await rawGql(
    base,
    token,
    `{ __schema { mutationType { fields { name args { name type { ...T } } } } types { name kind inputFields { name } } } }
     fragment T on __Type { kind name ofType { kind name ofType { kind name ofType { kind name } } } }`,
    undefined,
  );
  expect(answer.body.errors, short(answer.body.errors)).to.equal(undefined);
  const types = new Map<string, string[]>(
    answer.body.data.__schema.types
      .filter((x: any) => x.kind === "INPUT_OBJECT")
      .map((x: any) => [x.name, x.inputFields.map((f: any) => f.name)]),
  );
  const elsewhere = new Set(Object.values(MUTATIONS_TESTED_ELSEWHERE).flat());
  const fields: any[] = answer.body.data.__schema.mutationType.fields;
  const wanted = names ?? fields.map((f) => f.name).filter((n: string) => !elsewhere.has(n));
  const named = (type: any): string => (type.ofType ? named(type.ofType) : type.name);
  const missing: string[] = [];
  for (const name of wanted) {
    const field = fields.find((f) => f.name === name);
    if (!field) {
      missing.push(`mutation ${name} is not in the schema`);
      continue;
    }
    const c = cases.find((x) => x.name === name);
    if (!c) {
      missing.push(`mutation ${name} has no malformed-input cases`);
      continue;
    }
    if (c.variants.length < minVariants) missing.push(`${name} has ${c.variants.length} cases`);
    for (const arg of field.args) {
      if (!c.variants.some((x) => x.path === arg.name || x.path.startsWith(`${arg.name}.`))) {
        missing.push(`${name}(${arg.name}) has no case`);
      }
      for (const inner of types.get(named(arg.type)) ?? []) {
        if (!c.variants.some((x) => x.path === `${arg.name}.${inner}`))
          missing.push(`${name}(${arg.name}.${inner}) has no case`);
      }
    }
  }
  expect(missing, missing.join("\n")).to.deep.equal([]);
}
