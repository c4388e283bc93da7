/**
 * The operator's membership mutations and the settlement-token deposit mutations against malformed
 * input, on PGlite and PostgreSQL (the cases of MUTATIONS_TESTED_ELSEWHERE["consortium.test.ts"]). Per
 * mutation: one valid baseline call, seeded so that it is accepted, and at least 20 variants that each
 * change one argument or input field (or the caller). A variant must be refused with a client code,
 * answer no data for the field, and change no row of any workflow table; the baseline runs after its
 * variants, so its acceptance proves each variant differed from a valid call only by what it broke.
 * The live schema is introspected for coverage.
 */
import { expect } from "chai";
import { ZeroHash } from "ethers";
import type { Database } from "../../src/database/database";
import * as schema from "../../src/database/schema";
import { testConfig } from "../api/harness";
import { labelAddress, memberRow, startTestApp, type TestApp } from "../support/app";
import type { DatabaseKind } from "../support/backend";
import { openSessions, TX } from "../support/steps";
import {
  addressVariants,
  amountVariants,
  expectCoverage,
  MUTATIONS_TESTED_ELSEWHERE,
  OMIT,
  runMalformedCases,
  settled,
  SQL_INJECTION,
  textVariants,
  trackedTables,
  txFrom,
  variant as field,
  type MalformedCase,
  type Variant,
} from "./support";

const NAMES = MUTATIONS_TESTED_ELSEWHERE["consortium.test.ts"];
const MIN_VARIANTS = 20;

const A = {
  operator: labelAddress("malformed-consortium:operator"),
  operator2: labelAddress("malformed-consortium:operator2"),
  supplier: labelAddress("malformed-consortium:supplier"),
  core: labelAddress("malformed-consortium:core"),
  bank: labelAddress("malformed-consortium:bank"),
  warehouse: labelAddress("malformed-consortium:warehouse"),
  regulator: labelAddress("malformed-consortium:regulator"),
  suspended: labelAddress("malformed-consortium:suspended"),
};
type Who = keyof typeof A;
const ROLES: Record<Who, number> = {
  operator: 1,
  operator2: 1,
  supplier: 4,
  core: 2,
  bank: 8,
  warehouse: 16,
  regulator: 32,
  suspended: 4 | 8,
};
/** Blacklisted, never admitted. */
const LISTED = labelAddress("malformed-consortium:listed");
const NEWCOMER = labelAddress("malformed-consortium:newcomer");

/** Members of every role; the operator holds DEFAULT_ADMIN_ROLE (its RoleGranted event); the supplier holds 5000. */
async function seed(db: Database): Promise<void> {
  // The harness names its contracts and chain deterministically, whatever the directory.
  const config = testConfig("/nonexistent");
  await db
    .insert(schema.members)
    .values([
      ...(Object.keys(A) as Who[]).map((who) =>
        memberRow(A[who], ROLES[who], { status: who === "suspended" ? "Suspended" : "Active" }),
      ),
      { ...memberRow(LISTED, 0, { status: "None", blacklisted: true }), admittedAt: null, admittedBlock: null },
    ]);
  await db.insert(schema.chainEvents).values({
    chainId: config.chainId,
    blockNumber: 1,
    logIndex: 0,
    blockHash: `0x${"01".repeat(32)}`,
    blockTime: new Date("2025-01-01T00:00:00Z"),
    txHash: `0x${"02".repeat(32)}`,
    txIndex: 0,
    contract: "registry",
    address: config.deployment.contracts.registry,
    name: "RoleGranted",
    args: { role: ZeroHash, account: A.operator, sender: A.operator },
    refs: [],
  });
  await db.insert(schema.tokenBalances).values({
    token: config.deployment.contracts.settlementToken,
    account: A.supplier,
    currency: "CNY",
    balance: "5000",
    updatedBlock: 2,
  });
}

/** Malformed role lists (every one refused, whatever the account). */
function roleVariants(path: string): Variant[] {
  return [
    field(path, "empty list", []),
    field(path, "a role named twice", ["BANK", "BANK"]),
    field(path, "an unknown role", ["ADMIN"]),
    field(path, "a lower-case role", ["bank"]),
    field(path, "a role bit as an Int", [8]),
    field(path, "a role mask as an Int", 12),
    field(path, "a null entry", [null]),
    field(path, "null", null),
    field(path, "left out", OMIT),
    field(path, "an object", { role: "BANK" }),
    field(path, "SQL injection", [SQL_INJECTION]),
    field(path, "SYSTEM for an account with no code", ["SYSTEM"]),
    field(path, "REGULATOR with another role", ["REGULATOR", "SUPPLIER"]),
    field(path, "every role, one twice", [
      "OPERATOR",
      "CORE_ENTERPRISE",
      "SUPPLIER",
      "BANK",
      "WAREHOUSE",
      "REGULATOR",
      "SYSTEM",
      "BANK",
    ]),
  ];
}

/** Malformed bytes32 references (printable ASCII, 1 to 31 bytes, visible at both ends). */
function referenceVariants(path: string): Variant[] {
  return [
    ...textVariants(path, { maxBytes: 31 }),
    field(path, "32 ASCII bytes", "R".repeat(32)),
    field(path, "non-ASCII", "存款-1"),
    field(path, "a leading blank", " REF-1"),
    field(path, "a trailing blank", "REF-1 "),
  ];
}

for (const kind of ["pglite", "postgres"] as DatabaseKind[]) {
  describe(`malformed input to the consortium mutations (${kind})`, function () {
    let t: TestApp;
    let tables: string[];
    /** Session tokens keyed by address. */
    const tokens: Record<string, string> = {};
    const cases: MalformedCase[] = [];

    before(async function () {
      t = await startTestApp(kind, seed);
      await openSessions(t, tokens, Object.values(A));
      tables = await trackedTables(t.db);
      buildCases();
      await settled(t.db, tables);
    });
    after(async () => t?.close());

    /** Callers that may not take the step, whatever the arguments. */
    const callers = (path: string, denied: Who[]): Variant[] => [
      { path, label: "caller: anonymous", token: null },
      ...denied.map((who) => ({ path, label: `caller: ${who}`, token: tokens[A[who]] })),
    ];
    const notOperators: Who[] = ["supplier", "core", "bank", "warehouse", "regulator", "suspended"];
    /** An address argument: every malformed address (all refused here: no stranger is a valid target). */
    const addresses = (path: string, valid: string, strangerAllowed = false) =>
      addressVariants(path, valid).filter((x) => !(strangerAllowed && x.label.endsWith("an address of no member")));

    function buildCases(): void {
      cases.length = 0;
      const admit = { account: NEWCOMER, orgId: "acme-trading", roles: ["SUPPLIER", "BANK"], kycRef: "KYC-2026-0042" };
      cases.push({
        name: "admitMember",
        token: tokens[A.operator],
        query: `mutation($input: AdmitMemberInput!) { admitMember(input: $input) { ${TX} } }`,
        vars: { input: admit },
        variants: [
          ...addresses("input.account", NEWCOMER, true),
          field("input.account", "a member already admitted", A.supplier),
          field("input.account", "a suspended member", A.suspended),
          field("input.account", "the operator itself", A.operator),
          field("input.account", "left out", OMIT),
          ...referenceVariants("input.orgId"),
          ...roleVariants("input.roles"),
          ...referenceVariants("input.kycRef"),
          field("input", "an unknown input field", { ...admit, status: "Active" }),
          field("input", "null", null),
          field("input", "a list", [admit]),
          {
            path: "input.roles",
            label: "input.roles: OPERATOR by an operator without DEFAULT_ADMIN_ROLE",
            token: tokens[A.operator2],
            query: `mutation { admitMember(input: { account: "${NEWCOMER}", orgId: "acme", roles: [OPERATOR], kycRef: "KYC-1" }) { ${TX} } }`,
          },
          ...callers("input", notOperators),
        ],
        accepted: txFrom("admitMember", A.operator),
      });
      cases.push({
        name: "setMemberRoles",
        token: tokens[A.operator],
        query: `mutation($account: String!, $roles: [MemberRole!]!) { setMemberRoles(account: $account, roles: $roles) { ${TX} } }`,
        vars: { account: A.supplier, roles: ["SUPPLIER", "CORE_ENTERPRISE"] },
        variants: [
          ...addresses("account", A.supplier),
          field("account", "an address only ever blacklisted", LISTED),
          field("account", "left out", OMIT),
          ...roleVariants("roles"),
          field("roles", "the roles the member has already", ["SUPPLIER"]),
          {
            path: "roles",
            label: "roles: the operator dropping its own OPERATOR role",
            query: `mutation { setMemberRoles(account: "${A.operator}", roles: [BANK]) { ${TX} } }`,
          },
          {
            path: "roles",
            label: "roles: OPERATOR given by an operator without DEFAULT_ADMIN_ROLE",
            token: tokens[A.operator2],
            query: `mutation { setMemberRoles(account: "${A.supplier}", roles: [SUPPLIER, OPERATOR]) { ${TX} } }`,
          },
          ...callers("account", notOperators),
        ],
        accepted: txFrom("setMemberRoles", A.operator),
      });
      cases.push({
        name: "suspendMember",
        token: tokens[A.operator],
        query: `mutation($account: String!, $reason: String!) { suspendMember(account: $account, reason: $reason) { ${TX} } }`,
        vars: { account: A.supplier, reason: "KYC expired" },
        variants: [
          ...addresses("account", A.supplier),
          field("account", "the operator itself", A.operator),
          field("account", "a member already suspended", A.suspended),
          field("account", "an address only ever blacklisted", LISTED),
          field("account", "left out", OMIT),
          ...textVariants("reason", { maxBytes: 31 }),
          field("reason", "32 ASCII bytes", "r".repeat(32)),
          field("reason", "left out", OMIT),
          ...callers("account", notOperators),
        ],
        accepted: txFrom("suspendMember", A.operator),
      });
      cases.push({
        name: "reinstateMember",
        token: tokens[A.operator],
        query: `mutation($account: String!) { reinstateMember(account: $account) { ${TX} } }`,
        vars: { account: A.suspended },
        variants: [
          ...addresses("account", A.suspended),
          field("account", "an active member", A.supplier),
          field("account", "an address only ever blacklisted", LISTED),
          field("account", "left out", OMIT),
          field("account", "SQL injection", SQL_INJECTION),
          ...callers("account", notOperators),
        ],
        accepted: txFrom("reinstateMember", A.operator),
      });
      cases.push({
        name: "setMemberBlacklisted",
        token: tokens[A.operator],
        query: `mutation($account: String!, $blacklisted: Boolean!, $reason: String!) { setMemberBlacklisted(account: $account, blacklisted: $blacklisted, reason: $reason) { ${TX} } }`,
        vars: { account: A.supplier, blacklisted: true, reason: "sanctions list" },
        variants: [
          // Any address may be blacklisted, so an address of no member is a valid target.
          ...addresses("account", A.supplier, true),
          field("account", "the operator itself", A.operator),
          field("account", "an address already blacklisted", LISTED),
          field("account", "left out", OMIT),
          field("blacklisted", "false for an address not blacklisted", false),
          field("blacklisted", "a string", "true"),
          field("blacklisted", "an Int", 1),
          field("blacklisted", "null", null),
          field("blacklisted", "left out", OMIT),
          field("blacklisted", "a list", [true]),
          ...textVariants("reason", { maxBytes: 31 }),
          field("reason", "32 ASCII bytes", "r".repeat(32)),
          ...callers("account", notOperators),
        ],
        accepted: txFrom("setMemberBlacklisted", A.operator),
      });
      cases.push({
        name: "mintDeposit",
        token: tokens[A.bank],
        query: `mutation($to: String!, $amount: BigInt!, $reference: String!) { mintDeposit(to: $to, amount: $amount, reference: $reference) { ${TX} } }`,
        vars: { to: A.supplier, amount: "250000", reference: "DEP-2026-0001" },
        variants: [
          ...addresses("to", A.supplier),
          field("to", "a suspended member", A.suspended),
          field("to", "an address only ever blacklisted", LISTED),
          field("to", "left out", OMIT),
          ...amountVariants("amount"),
          ...referenceVariants("reference"),
          field("reference", "left out", OMIT),
          ...callers("to", ["operator", "supplier", "core", "warehouse", "regulator", "suspended"]),
        ],
        accepted: txFrom("mintDeposit", A.bank),
      });
      cases.push({
        name: "redeemDeposit",
        token: tokens[A.supplier],
        query: `mutation($amount: BigInt!, $bank: String!, $reference: String!) { redeemDeposit(amount: $amount, bank: $bank, reference: $reference) { ${TX} } }`,
        vars: { amount: "5000", bank: A.bank, reference: "RED-2026-0007" },
        variants: [
          ...amountVariants("amount"),
          field("amount", "more than the balance", "5001"),
          ...addresses("bank", A.bank),
          field("bank", "a member that is not a bank", A.core),
          field("bank", "a suspended bank", A.suspended),
          field("bank", "left out", OMIT),
          ...referenceVariants("reference"),
          field("reference", "left out", OMIT),
          // Members without settlement tokens, and those who may not act at all.
          ...callers("amount", ["operator", "bank", "regulator", "suspended"]),
        ],
        accepted: txFrom("redeemDeposit", A.supplier),
      });
    }

    it("covers each consortium mutation, each argument and input field, with at least 20 cases", async function () {
      expect(cases.map((c) => c.name).sort()).to.deep.equal([...NAMES].sort());
      await expectCoverage(t.base, tokens[A.regulator], cases, NAMES, MIN_VARIANTS);
    });

    it("refuses every malformed variant, changing nothing, and accepts each baseline", async function () {
      const problems = await runMalformedCases(t.base, t.db, tables, cases);
      expect(problems.length, `${problems.length} problems:\n${problems.join("\n")}\n`).to.equal(0);
    });
  });
}
