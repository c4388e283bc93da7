/**
 * The operator's membership steps and the settlement token's deposits as wallet transactions: each
 * mutation's prepared transaction decodes to the exact contract call, each rule of MemberRegistry and
 * SettlementToken is refused first with a clear code, and each role that may not take a step is
 * refused. Indexed state is seeded directly (governance is known from the registry's RoleGranted and
 * RoleRevoked events of DEFAULT_ADMIN_ROLE, as the indexer stores them).
 */
import { expect } from "chai";
import { encodeBytes32String, ZeroAddress, ZeroHash } from "ethers";
import type { Database } from "../../src/database/database";
import * as schema from "../../src/database/schema";
import type { DatabaseKind } from "../support/backend";
import { labelAddress, memberRow, startTestApp, type GqlAnswer, type TestApp } from "../support/app";
import {
  code,
  decodeStep,
  expectRoleMatrix,
  gqlInput,
  itRefuses,
  openSessions,
  outsiders,
  TX,
  type RoleCase,
} from "../support/steps";

/** The governance account: the first operator, holding the registry's DEFAULT_ADMIN_ROLE. */
const OPERATOR = labelAddress("consortium:operator");
/** An operator without DEFAULT_ADMIN_ROLE (granted once, then revoked). */
const OPERATOR2 = labelAddress("consortium:operator2");
const SUPPLIER = labelAddress("consortium:supplier");
const CORE = labelAddress("consortium:core");
const BANK = labelAddress("consortium:bank");
const WAREHOUSE = labelAddress("consortium:warehouse");
const REGULATOR = labelAddress("consortium:regulator");
const SUSPENDED = labelAddress("consortium:suspended");
const SUSPENDED_BANK = labelAddress("consortium:suspended-bank");
const BLACKLISTED = labelAddress("consortium:blacklisted");
const BLACKLISTED_BANK = labelAddress("consortium:blacklisted-bank");
/** Blacklisted before it was ever admitted: a members row with status None. */
const LISTED_OUTSIDER = labelAddress("consortium:listed-outsider");
const STRANGER = labelAddress("consortium:stranger");
const NEWCOMER = labelAddress("consortium:newcomer");

const ROLE = { OPERATOR: 1, CORE: 2, SUPPLIER: 4, BANK: 8, WAREHOUSE: 16, REGULATOR: 32, SYSTEM: 64 };

/** A registry AccessControl event as the indexer stores it (unprojected, in chain_events). */
function roleEvent(
  chainId: number,
  registry: string,
  name: "RoleGranted" | "RoleRevoked",
  account: string,
  blockNumber: number,
  logIndex = 0,
): typeof schema.chainEvents.$inferInsert {
  const hash = `0x${blockNumber.toString(16).padStart(64, "0")}`;
  return {
    chainId,
    blockNumber,
    logIndex,
    blockHash: hash,
    blockTime: new Date("2025-01-01T00:00:00Z"),
    txHash: hash,
    txIndex: 0,
    contract: "registry",
    address: registry,
    name,
    args: { role: ZeroHash, account, sender: OPERATOR },
    refs: [],
  };
}

async function seed(t: TestApp): Promise<void> {
  const db: Database = t.db;
  await db.insert(schema.members).values([
    memberRow(OPERATOR, ROLE.OPERATOR),
    memberRow(OPERATOR2, ROLE.OPERATOR),
    memberRow(SUPPLIER, ROLE.SUPPLIER),
    memberRow(CORE, ROLE.CORE),
    memberRow(BANK, ROLE.BANK),
    memberRow(WAREHOUSE, ROLE.WAREHOUSE),
    memberRow(REGULATOR, ROLE.REGULATOR),
    memberRow(SUSPENDED, ROLE.CORE | ROLE.SUPPLIER, { status: "Suspended" }),
    memberRow(SUSPENDED_BANK, ROLE.BANK, { status: "Suspended" }),
    memberRow(BLACKLISTED, ROLE.CORE | ROLE.SUPPLIER, { blacklisted: true }),
    memberRow(BLACKLISTED_BANK, ROLE.BANK, { blacklisted: true }),
    {
      ...memberRow(LISTED_OUTSIDER, 0, { status: "None", blacklisted: true }),
      admittedAt: null,
      admittedBlock: null,
    },
  ]);
  const registry = t.config.deployment.contracts.registry;
  await db
    .insert(schema.chainEvents)
    .values([
      roleEvent(t.config.chainId, registry, "RoleGranted", OPERATOR, 1),
      roleEvent(t.config.chainId, registry, "RoleGranted", OPERATOR2, 2),
      roleEvent(t.config.chainId, registry, "RoleRevoked", OPERATOR2, 3),
    ]);
  const token = t.config.deployment.contracts.settlementToken;
  await db.insert(schema.tokenBalances).values(
    [OPERATOR, SUPPLIER, CORE, BANK, WAREHOUSE, REGULATOR].map((account) => ({
      token,
      account,
      currency: "CNY",
      balance: account === SUPPLIER ? "5000" : "100",
      updatedBlock: 7,
    })),
  );
}

for (const kind of ["pglite", "postgres"] as DatabaseKind[]) {
  describe(`consortium membership and deposit steps as wallet transactions on ${kind}`, function () {
    let t: TestApp;
    const tokens: Record<string, string> = {};

    before(async function () {
      t = await startTestApp(kind, async () => undefined);
      await seed(t);
      await openSessions(t, tokens, [
        OPERATOR,
        OPERATOR2,
        SUPPLIER,
        CORE,
        BANK,
        WAREHOUSE,
        REGULATOR,
        SUSPENDED,
        BLACKLISTED,
      ]);
    });
    after(async () => t?.close());

    const decoded = (answer: GqlAnswer, field: string) =>
      decodeStep(t, answer, field, { count: 1, contract: field.endsWith("Deposit") ? "settlementToken" : "registry" });

    /** admitMember with the roles as enum literals (gqlInput quotes strings). */
    const admitWith = (input: Record<string, unknown>, roles: string[]) => {
      const literal = gqlInput(input).replace(/ }$/, `, roles: [${roles.join(", ")}] }`);
      return `mutation { admitMember(input: ${literal}) { ${TX} } }`;
    };
    const newcomer = { account: NEWCOMER, orgId: "acme-trading", kycRef: "KYC-2026-0042" };

    it("admitMember: the operator's registry.admit carries the org id, the role mask and the KYC reference", async function () {
      const { tx, call } = decoded(
        await t.gql(tokens[OPERATOR], admitWith(newcomer, ["SUPPLIER", "BANK"])),
        "admitMember",
      );
      expect(tx.from).to.equal(OPERATOR);
      expect(tx.method).to.equal("registry.admit");
      expect(call.args.account).to.equal(NEWCOMER);
      expect(call.args.orgId).to.equal(encodeBytes32String("acme-trading"));
      expect(call.args.roles).to.equal(BigInt(ROLE.SUPPLIER | ROLE.BANK));
      expect(call.args.kycRef).to.equal(encodeBytes32String("KYC-2026-0042"));
      expect(tx.description).to.contain("SUPPLIER, BANK");
    });

    it("admitMember: an address blacklisted before admission can be admitted; a protocol contract can get SYSTEM", async function () {
      const listed = decoded(
        await t.gql(tokens[OPERATOR], admitWith({ ...newcomer, account: LISTED_OUTSIDER }, ["SUPPLIER"])),
        "admitMember",
      );
      expect(listed.call.args.account).to.equal(LISTED_OUTSIDER);
      const contract = t.config.deployment.contracts.factoring;
      const system = decoded(
        await t.gql(tokens[OPERATOR], admitWith({ ...newcomer, account: contract }, ["SYSTEM"])),
        "admitMember",
      );
      expect(system.call.args.roles).to.equal(BigInt(ROLE.SYSTEM));
    });

    it("admitMember: only the governance account may admit an operator", async function () {
      const { call } = decoded(await t.gql(tokens[OPERATOR], admitWith(newcomer, ["OPERATOR", "BANK"])), "admitMember");
      expect(call.args.roles).to.equal(BigInt(ROLE.OPERATOR | ROLE.BANK));
      // OPERATOR2's DEFAULT_ADMIN_ROLE was granted, then revoked: the last event decides.
      expect(code(await t.gql(tokens[OPERATOR2], admitWith(newcomer, ["OPERATOR"])))).to.equal("FORBIDDEN");
      // Without OPERATOR in the roles, any operator may admit.
      decoded(await t.gql(tokens[OPERATOR2], admitWith(newcomer, ["WAREHOUSE"])), "admitMember");
    });

    const admitFailures: [string, [Record<string, unknown>, string[]], string][] = [
      ["a member already admitted", [{ account: SUPPLIER }, ["SUPPLIER"]], "CONFLICT"],
      ["a suspended member", [{ account: SUSPENDED }, ["SUPPLIER"]], "CONFLICT"],
      ["the operator itself", [{ account: OPERATOR }, ["SUPPLIER"]], "CONFLICT"],
      ["the zero address", [{ account: ZeroAddress }, ["SUPPLIER"]], "BAD_USER_INPUT"],
      ["a malformed address", [{ account: "0x1234" }, ["SUPPLIER"]], "BAD_USER_INPUT"],
      ["no roles", [{}, []], "BAD_USER_INPUT"],
      ["a role named twice", [{}, ["BANK", "BANK"]], "BAD_USER_INPUT"],
      ["an unknown role", [{}, ["ADMIN"]], "GRAPHQL_VALIDATION_FAILED"],
      ["SYSTEM for an account that is not a protocol contract", [{}, ["SYSTEM"]], "BAD_USER_INPUT"],
      ["REGULATOR with another role", [{}, ["REGULATOR", "BANK"]], "BAD_USER_INPUT"],
      ["an empty org id", [{ orgId: "" }, ["BANK"]], "BAD_USER_INPUT"],
      ["an org id of 32 bytes", [{ orgId: "o".repeat(32) }, ["BANK"]], "BAD_USER_INPUT"],
      ["a non-ASCII org id", [{ orgId: "阿克美" }, ["BANK"]], "BAD_USER_INPUT"],
      ["an org id with a leading blank", [{ orgId: " acme" }, ["BANK"]], "BAD_USER_INPUT"],
      ["an empty KYC reference", [{ kycRef: "" }, ["BANK"]], "BAD_USER_INPUT"],
      ["a KYC reference of 32 bytes", [{ kycRef: "k".repeat(32) }, ["BANK"]], "BAD_USER_INPUT"],
      ["a KYC reference with a control character", [{ kycRef: "KYC\n1" }, ["BANK"]], "BAD_USER_INPUT"],
    ];
    itRefuses("admitMember", admitFailures, ([change, roles]) =>
      t.gql(tokens[OPERATOR], admitWith({ ...newcomer, ...change }, roles)),
    );

    const setRoles = (account: string, roles: string[]) =>
      `mutation { setMemberRoles(account: "${account}", roles: [${roles.join(", ")}]) { ${TX} } }`;

    it("setMemberRoles: registry.setRoles replaces the mask, for active and suspended members", async function () {
      const { tx, call } = decoded(
        await t.gql(tokens[OPERATOR2], setRoles(SUPPLIER, ["SUPPLIER", "CORE_ENTERPRISE"])),
        "setMemberRoles",
      );
      expect(tx.from).to.equal(OPERATOR2);
      expect(call.args.account).to.equal(SUPPLIER);
      expect(call.args.roles).to.equal(BigInt(ROLE.SUPPLIER | ROLE.CORE));
      const suspended = decoded(await t.gql(tokens[OPERATOR2], setRoles(SUSPENDED, ["SUPPLIER"])), "setMemberRoles");
      expect(suspended.call.args.roles).to.equal(BigInt(ROLE.SUPPLIER));
      // An operator may keep OPERATOR and add another role to itself.
      const self = decoded(await t.gql(tokens[OPERATOR2], setRoles(OPERATOR2, ["OPERATOR", "BANK"])), "setMemberRoles");
      expect(self.call.args.roles).to.equal(BigInt(ROLE.OPERATOR | ROLE.BANK));
    });

    it("setMemberRoles: giving or taking OPERATOR is the governance account's", async function () {
      const make = decoded(await t.gql(tokens[OPERATOR], setRoles(BANK, ["BANK", "OPERATOR"])), "setMemberRoles");
      expect(make.call.args.roles).to.equal(BigInt(ROLE.BANK | ROLE.OPERATOR));
      const unmake = decoded(await t.gql(tokens[OPERATOR], setRoles(OPERATOR2, ["BANK"])), "setMemberRoles");
      expect(unmake.call.args.roles).to.equal(BigInt(ROLE.BANK));
      expect(code(await t.gql(tokens[OPERATOR2], setRoles(BANK, ["BANK", "OPERATOR"])))).to.equal("FORBIDDEN");
      expect(code(await t.gql(tokens[OPERATOR2], setRoles(OPERATOR, ["BANK"])))).to.equal("FORBIDDEN");
    });

    const setRolesFailures: [string, [string, string[]], string][] = [
      ["an account that is not a member", [STRANGER, ["BANK"]], "BAD_USER_INPUT"],
      ["an address only ever blacklisted", [LISTED_OUTSIDER, ["BANK"]], "BAD_USER_INPUT"],
      ["the operator dropping its own OPERATOR role", [OPERATOR, ["BANK"]], "BAD_USER_INPUT"],
      ["the roles the member already has", [SUPPLIER, ["SUPPLIER"]], "CONFLICT"],
      ["no roles", [SUPPLIER, []], "BAD_USER_INPUT"],
      ["a role named twice", [SUPPLIER, ["BANK", "BANK"]], "BAD_USER_INPUT"],
      ["SYSTEM for an account that is not a protocol contract", [SUPPLIER, ["SYSTEM"]], "BAD_USER_INPUT"],
      ["REGULATOR with another role", [SUPPLIER, ["SUPPLIER", "REGULATOR"]], "BAD_USER_INPUT"],
      ["a malformed account", ["0xabc", ["BANK"]], "BAD_USER_INPUT"],
    ];
    itRefuses("setMemberRoles", setRolesFailures, ([account, roles]) =>
      t.gql(tokens[OPERATOR], setRoles(account, roles)),
    );

    const suspend = (account: string, reason = "KYC expired") =>
      `mutation { suspendMember(account: "${account}", reason: ${JSON.stringify(reason)}) { ${TX} } }`;

    it("suspendMember: registry.suspend with the reason as bytes32", async function () {
      const { tx, call } = decoded(await t.gql(tokens[OPERATOR], suspend(SUPPLIER, "KYC expired")), "suspendMember");
      expect(tx.from).to.equal(OPERATOR);
      expect(call.args.account).to.equal(SUPPLIER);
      expect(call.args.reasonRef).to.equal(encodeBytes32String("KYC expired"));
      // Another operator (even the governance account) can be suspended, and a blacklisted member too.
      decoded(await t.gql(tokens[OPERATOR2], suspend(OPERATOR)), "suspendMember");
      decoded(await t.gql(tokens[OPERATOR], suspend(BLACKLISTED)), "suspendMember");
    });

    const suspendFailures: [string, [string, string], string][] = [
      ["the operator itself", [OPERATOR, "KYC expired"], "BAD_USER_INPUT"],
      ["a member already suspended", [SUSPENDED, "KYC expired"], "CONFLICT"],
      ["an account that is not a member", [STRANGER, "KYC expired"], "BAD_USER_INPUT"],
      ["an address only ever blacklisted", [LISTED_OUTSIDER, "KYC expired"], "BAD_USER_INPUT"],
      ["an empty reason", [SUPPLIER, ""], "BAD_USER_INPUT"],
      ["a reason of 32 bytes", [SUPPLIER, "r".repeat(32)], "BAD_USER_INPUT"],
      ["a reason of blanks", [SUPPLIER, "   "], "BAD_USER_INPUT"],
    ];
    itRefuses("suspendMember", suspendFailures, ([account, reason]) =>
      t.gql(tokens[OPERATOR], suspend(account, reason)),
    );

    const reinstate = (account: string) => `mutation { reinstateMember(account: "${account}") { ${TX} } }`;

    it("reinstateMember: registry.reinstate of a suspended member", async function () {
      const { tx, call } = decoded(await t.gql(tokens[OPERATOR], reinstate(SUSPENDED)), "reinstateMember");
      expect(tx.from).to.equal(OPERATOR);
      expect(call.args.account).to.equal(SUSPENDED);
    });

    const reinstateFailures: [string, string, string][] = [
      ["an active member", SUPPLIER, "CONFLICT"],
      ["an account that is not a member", STRANGER, "BAD_USER_INPUT"],
      ["an address only ever blacklisted", LISTED_OUTSIDER, "BAD_USER_INPUT"],
      ["the zero address", ZeroAddress, "BAD_USER_INPUT"],
    ];
    itRefuses("reinstateMember", reinstateFailures, (account) => t.gql(tokens[OPERATOR], reinstate(account)));

    const blacklist = (account: string, on: boolean, reason = "sanctions list") =>
      `mutation { setMemberBlacklisted(account: "${account}", blacklisted: ${on}, reason: ${JSON.stringify(reason)}) { ${TX} } }`;

    it("setMemberBlacklisted: registry.setBlacklisted for members and for addresses never admitted", async function () {
      const on = decoded(await t.gql(tokens[OPERATOR], blacklist(SUPPLIER, true)), "setMemberBlacklisted");
      expect(on.tx.from).to.equal(OPERATOR);
      expect(on.call.args.account).to.equal(SUPPLIER);
      expect(on.call.args.blacklisted).to.equal(true);
      expect(on.call.args.reasonRef).to.equal(encodeBytes32String("sanctions list"));
      const stranger = decoded(await t.gql(tokens[OPERATOR], blacklist(STRANGER, true)), "setMemberBlacklisted");
      expect(stranger.call.args.account).to.equal(STRANGER);
      const off = decoded(
        await t.gql(tokens[OPERATOR], blacklist(BLACKLISTED, false, "cleared")),
        "setMemberBlacklisted",
      );
      expect(off.call.args.blacklisted).to.equal(false);
      expect(off.call.args.reasonRef).to.equal(encodeBytes32String("cleared"));
      decoded(await t.gql(tokens[OPERATOR], blacklist(LISTED_OUTSIDER, false)), "setMemberBlacklisted");
    });

    const blacklistFailures: [string, [string, boolean, string], string][] = [
      ["the operator itself", [OPERATOR, true, "sanctions list"], "BAD_USER_INPUT"],
      ["the zero address", [ZeroAddress, true, "sanctions list"], "BAD_USER_INPUT"],
      ["an address already blacklisted", [BLACKLISTED, true, "sanctions list"], "CONFLICT"],
      ["an address not blacklisted taken off", [SUPPLIER, false, "cleared"], "CONFLICT"],
      ["a stranger taken off", [STRANGER, false, "cleared"], "CONFLICT"],
      ["an empty reason", [SUPPLIER, true, ""], "BAD_USER_INPUT"],
      ["a reason of 32 bytes", [SUPPLIER, true, "r".repeat(32)], "BAD_USER_INPUT"],
    ];
    itRefuses("setMemberBlacklisted", blacklistFailures, ([account, on, reason]) =>
      t.gql(tokens[OPERATOR], blacklist(account, on, reason)),
    );

    const mint = (to: string, amount = "250000", reference = "DEP-2026-0001") =>
      `mutation { mintDeposit(to: "${to}", amount: ${JSON.stringify(amount)}, reference: ${JSON.stringify(reference)}) { ${TX} } }`;

    it("mintDeposit: the bank's settlementToken.mint to an active member under the deposit reference", async function () {
      const { tx, call } = decoded(await t.gql(tokens[BANK], mint(SUPPLIER)), "mintDeposit");
      expect(tx.from).to.equal(BANK);
      expect(tx.method).to.equal("settlementToken.mint");
      expect(call.args.to).to.equal(SUPPLIER);
      expect(call.args.amount).to.equal(250000n);
      expect(call.args.depositRef).to.equal(encodeBytes32String("DEP-2026-0001"));
      // The token's gate asks only that the receiver be active: a blacklisted member may receive its deposit.
      decoded(await t.gql(tokens[BANK], mint(BLACKLISTED)), "mintDeposit");
      decoded(await t.gql(tokens[BANK], mint(BANK, "1")), "mintDeposit");
      const max = decoded(await t.gql(tokens[BANK], mint(SUPPLIER, ((1n << 96n) - 1n).toString())), "mintDeposit");
      expect(max.call.args.amount).to.equal((1n << 96n) - 1n);
    });

    const mintFailures: [string, [string, string, string], string][] = [
      ["a suspended receiver", [SUSPENDED, "100", "DEP-1"], "BAD_USER_INPUT"],
      ["a receiver that is not a member", [STRANGER, "100", "DEP-1"], "BAD_USER_INPUT"],
      ["a receiver only ever blacklisted", [LISTED_OUTSIDER, "100", "DEP-1"], "BAD_USER_INPUT"],
      ["the zero address", [ZeroAddress, "100", "DEP-1"], "BAD_USER_INPUT"],
      ["a zero amount", [SUPPLIER, "0", "DEP-1"], "BAD_USER_INPUT"],
      ["an amount of 2^96", [SUPPLIER, (1n << 96n).toString(), "DEP-1"], "BAD_USER_INPUT"],
      ["a negative amount", [SUPPLIER, "-5", "DEP-1"], "BAD_USER_INPUT"],
      ["an empty reference", [SUPPLIER, "100", ""], "BAD_USER_INPUT"],
      ["a reference of 32 bytes", [SUPPLIER, "100", "D".repeat(32)], "BAD_USER_INPUT"],
      ["a non-ASCII reference", [SUPPLIER, "100", "存款-1"], "BAD_USER_INPUT"],
    ];
    itRefuses("mintDeposit", mintFailures, ([to, amount, reference]) =>
      t.gql(tokens[BANK], mint(to, amount, reference)),
    );

    const redeem = (amount: string, bank: string, reference = "RED-2026-0007") =>
      `mutation { redeemDeposit(amount: ${JSON.stringify(amount)}, bank: "${bank}", reference: ${JSON.stringify(reference)}) { ${TX} } }`;

    it("redeemDeposit: the holder's settlementToken.redeem with the paying bank, up to its indexed balance", async function () {
      const { tx, call } = decoded(await t.gql(tokens[SUPPLIER], redeem("5000", BANK)), "redeemDeposit");
      expect(tx.from).to.equal(SUPPLIER);
      expect(tx.method).to.equal("settlementToken.redeem");
      expect(call.args.amount).to.equal(5000n);
      expect(call.args.bank).to.equal(BANK);
      expect(call.args.redemptionRef).to.equal(encodeBytes32String("RED-2026-0007"));
      // The contract asks the paying bank to be active with the BANK role; blacklisting does not bar paying out.
      decoded(await t.gql(tokens[SUPPLIER], redeem("1", BLACKLISTED_BANK)), "redeemDeposit");
    });

    const redeemFailures: [string, [string, string, string], string][] = [
      ["more than the holder's balance", ["5001", BANK, "RED-1"], "CONFLICT"],
      ["a bank that is not a bank", ["100", CORE, "RED-1"], "BAD_USER_INPUT"],
      ["a suspended bank", ["100", SUSPENDED_BANK, "RED-1"], "BAD_USER_INPUT"],
      ["a bank that is not a member", ["100", STRANGER, "RED-1"], "BAD_USER_INPUT"],
      ["the zero address as bank", ["100", ZeroAddress, "RED-1"], "BAD_USER_INPUT"],
      ["a zero amount", ["0", BANK, "RED-1"], "BAD_USER_INPUT"],
      ["an amount of 2^96", [(1n << 96n).toString(), BANK, "RED-1"], "BAD_USER_INPUT"],
      ["an empty reference", ["100", BANK, ""], "BAD_USER_INPUT"],
      ["a reference of 32 bytes", ["100", BANK, "R".repeat(32)], "BAD_USER_INPUT"],
    ];
    itRefuses("redeemDeposit", redeemFailures, ([amount, bank, reference]) =>
      t.gql(tokens[SUPPLIER], redeem(amount, bank, reference)),
    );

    it("redeemDeposit: a member without settlement tokens has nothing to redeem", async function () {
      expect(code(await t.gql(tokens[OPERATOR2], redeem("1", BANK)))).to.equal("CONFLICT");
    });

    // Who may and may not take each step, whatever the arguments.
    const everyone = [OPERATOR, SUPPLIER, CORE, BANK, WAREHOUSE, REGULATOR];
    const matrix: [string, string, string[]][] = [
      ["admitMember", admitWith(newcomer, ["SUPPLIER"]), [OPERATOR]],
      ["setMemberRoles", setRoles(SUPPLIER, ["SUPPLIER", "WAREHOUSE"]), [OPERATOR]],
      ["suspendMember", suspend(SUPPLIER), [OPERATOR]],
      ["reinstateMember", reinstate(SUSPENDED), [OPERATOR]],
      ["setMemberBlacklisted", blacklist(STRANGER, true), [OPERATOR]],
      ["mintDeposit", mint(SUPPLIER, "100"), [BANK]],
      ["redeemDeposit", redeem("100", BANK), [OPERATOR, SUPPLIER, CORE, BANK, WAREHOUSE]],
    ];
    for (const [name, mutation, allowed] of matrix) {
      it(`${name}: taken by ${allowed.length} role(s) only; refused to the others, the regulator, suspended members and anonymous callers`, async function () {
        await expectRoleMatrix(t, name, mutation, [
          ...everyone.map((who): RoleCase => [who, tokens[who], allowed.includes(who) ? null : "FORBIDDEN"]),
          ...outsiders(tokens, SUSPENDED, BLACKLISTED),
        ]);
      });
    }
  });
}
