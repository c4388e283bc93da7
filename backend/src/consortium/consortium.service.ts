/**
 * The operator's membership steps (admit, set roles, suspend, reinstate, blacklist) and the settlement
 * token's deposits (a bank mints against money received off chain; a member redeems with a bank), as
 * transactions for the signer's wallet. Each step is checked against the index first with the rules of
 * MemberRegistry and SettlementToken, so that a transaction that would revert is refused here with a
 * clear error; the contracts check everything again.
 */
import { Inject, Injectable } from "@nestjs/common";
import { and, desc, eq, inArray, sql } from "drizzle-orm";
import { encodeBytes32String, ZeroAddress, ZeroHash } from "ethers";
import { ApiException } from "../api/api.exception";
import { MemberRole, ROLE_BITS, roleNames } from "../api/common/enums";
import { parseText } from "../api/common/validation";
import { memberProblem } from "../auth/sessions";
import { Role, sameAddress, type Viewer } from "../auth/viewer";
import { CONFIG, DATABASE } from "../common/tokens";
import type { BackendConfig } from "../config/config";
import type { DatabaseHandle } from "../database/database";
import { chainEvents, members, type Member } from "../database/schema";
import { TransactionBuilder, type PreparedTransaction } from "../transactions/prepared-transaction";
import { conflict, forbidden, StepChecks } from "../transactions/step-checks";
import { REFERENCE, REFERENCE_MAX, REFERENCE_RULE, type AdmitMemberInput } from "./consortium.inputs";

/** Amounts of the protocol are uint96 minor units; a deposit beyond that could never be spent in it. */
const UINT96_MAX = (1n << 96n) - 1n;
/** AccessControl's DEFAULT_ADMIN_ROLE: the registry's governance, the only one that makes or unmakes operators. */
const DEFAULT_ADMIN_ROLE = ZeroHash;

@Injectable()
export class ConsortiumService {
  constructor(
    @Inject(DATABASE) private readonly database: DatabaseHandle,
    @Inject(CONFIG) private readonly config: BackendConfig,
    @Inject(TransactionBuilder) private readonly builder: TransactionBuilder,
    @Inject(StepChecks) private readonly checks: StepChecks,
  ) {}

  private get db() {
    return this.database.db;
  }

  async admitMember(viewer: Viewer, input: AdmitMemberInput): Promise<PreparedTransaction[]> {
    this.requireOperator(viewer, "admit a member");
    if (input.account === ZeroAddress)
      throw ApiException.badInput("account", "account: the zero address cannot be a member");
    const existing = await this.memberRow(input.account);
    if (existing && existing.status !== "None") {
      throw conflict(`${input.account} is already a member (${existing.status}); change its roles or status instead`);
    }
    const roles = this.roleMask(input.roles, input.account, "roles");
    await this.requireGovernanceFor(viewer, 0, roles, input.account);
    return [
      this.builder.prepare(
        viewer.address,
        "registry",
        "admit",
        [input.account, encodeBytes32String(input.orgId), roles, encodeBytes32String(input.kycRef)],
        `Admit ${input.account} (${input.orgId}) as ${roleNames(roles).join(", ")}`,
      ),
    ];
  }

  async setMemberRoles(viewer: Viewer, account: string, roleList: MemberRole[]): Promise<PreparedTransaction[]> {
    this.requireOperator(viewer, "change a member's roles");
    const member = await this.admitted(account);
    const roles = this.roleMask(roleList, account, "roles");
    // As the contract: an operator steps down only through another operator.
    if (sameAddress(account, viewer.address) && (roles & Role.OPERATOR) === 0) {
      throw ApiException.badInput(
        "roles",
        "roles: an operator cannot remove its own OPERATOR role; another operator must",
      );
    }
    if (roles === member.roles)
      throw conflict(`${account} already has exactly the roles ${roleNames(roles).join(", ")}`);
    await this.requireGovernanceFor(viewer, member.roles, roles, account);
    return [
      this.builder.prepare(
        viewer.address,
        "registry",
        "setRoles",
        [account, roles],
        `Set the roles of ${account} to ${roleNames(roles).join(", ")}`,
      ),
    ];
  }

  async suspendMember(viewer: Viewer, account: string, reason: string): Promise<PreparedTransaction[]> {
    parseText(reason, "reason", { maxBytes: REFERENCE_MAX });
    this.requireOperator(viewer, "suspend a member");
    const member = await this.admitted(account);
    if (sameAddress(account, viewer.address)) {
      throw ApiException.badInput("account", "account: an operator cannot suspend itself; another operator must");
    }
    if (member.status === "Suspended") throw conflict(`member ${account} is already suspended`);
    return [
      this.builder.prepare(
        viewer.address,
        "registry",
        "suspend",
        [account, encodeBytes32String(reason)],
        `Suspend ${account}: ${reason}`,
      ),
    ];
  }

  async reinstateMember(viewer: Viewer, account: string): Promise<PreparedTransaction[]> {
    this.requireOperator(viewer, "reinstate a member");
    const member = await this.admitted(account);
    if (member.status === "Active") throw conflict(`member ${account} is active, not suspended`);
    return [this.builder.prepare(viewer.address, "registry", "reinstate", [account], `Reinstate ${account}`)];
  }

  async setMemberBlacklisted(
    viewer: Viewer,
    account: string,
    blacklisted: boolean,
    reason: string,
  ): Promise<PreparedTransaction[]> {
    parseText(reason, "reason", { maxBytes: REFERENCE_MAX });
    this.requireOperator(viewer, "change the blacklist");
    // Any address may be blacklisted, member or not, except the zero address and the operator itself.
    if (account === ZeroAddress)
      throw ApiException.badInput("account", "account: the zero address cannot be blacklisted");
    if (sameAddress(account, viewer.address)) {
      throw ApiException.badInput("account", "account: an operator cannot change its own blacklisting");
    }
    const current = (await this.memberRow(account))?.blacklisted ?? false;
    if (current === blacklisted) {
      throw conflict(`${account} is ${blacklisted ? "already" : "not"} on the blacklist`);
    }
    return [
      this.builder.prepare(
        viewer.address,
        "registry",
        "setBlacklisted",
        [account, blacklisted, encodeBytes32String(reason)],
        `${blacklisted ? "Blacklist" : "Take off the blacklist"} ${account}: ${reason}`,
      ),
    ];
  }

  async mintDeposit(viewer: Viewer, to: string, amount: string, reference: string): Promise<PreparedTransaction[]> {
    const value = this.parseAmount(amount, "amount");
    const depositRef = this.parseReference(reference, "reference");
    this.checks.requireActor(viewer, Role.BANK, "bank", "mint settlement tokens");
    // As SettlementToken's _requireFinanceable: the bank is active and not blacklisted right now.
    const problem = memberProblem(await this.memberRow(viewer.address), viewer.address);
    if (problem) throw forbidden(`a bank that mints must be active and not blacklisted: ${problem}`);
    // As the token's transfer gate: the receiver is admitted and not suspended (blacklisting does not bar holding).
    const receiver = await this.memberRow(to);
    if (!receiver || receiver.status !== "Active") {
      throw ApiException.badInput(
        "to",
        `to: ${to} is ${receiver?.status === "Suspended" ? "a suspended member" : "not a member of the consortium"}; only active members hold settlement tokens`,
      );
    }
    return [
      this.builder.prepare(
        viewer.address,
        "settlementToken",
        "mint",
        [to, value, depositRef],
        `Mint ${value} minor units of ${this.config.deployment.currency} to ${to} against deposit ${reference}`,
      ),
    ];
  }

  async redeemDeposit(viewer: Viewer, amount: string, bank: string, reference: string): Promise<PreparedTransaction[]> {
    const value = this.parseAmount(amount, "amount");
    const redemptionRef = this.parseReference(reference, "reference");
    this.checks.refuseRegulator(viewer);
    // As SettlementToken.redeem's _requireRole: the paying bank is active with the BANK role.
    const payer = await this.memberRow(bank);
    if (!payer || payer.status !== "Active") {
      throw ApiException.badInput(
        "bank",
        `bank: ${bank} is ${payer?.status === "Suspended" ? "a suspended member" : "not a member of the consortium"}`,
      );
    }
    if ((payer.roles & Role.BANK) === 0) throw ApiException.badInput("bank", `bank: ${bank} is not a bank`);
    await this.checks.requireBalance(viewer.address, value, "the redemption");
    return [
      this.builder.prepare(
        viewer.address,
        "settlementToken",
        "redeem",
        [value, bank, redemptionRef],
        `Redeem ${value} minor units of ${this.config.deployment.currency}, paid out by ${bank} under ${reference}`,
      ),
    ];
  }

  // -----------------------------------------------------------------------------------------------

  /** Every membership step is the operator's (the contract's onlyActiveOperator). */
  private requireOperator(viewer: Viewer, action: string): void {
    this.checks.requireActor(viewer, Role.OPERATOR, "operator", action);
  }

  private async memberRow(address: string): Promise<Member | undefined> {
    const [row] = await this.db.select().from(members).where(eq(members.address, address));
    return row;
  }

  /** An admitted member, active or suspended (an address only ever blacklisted was never admitted). */
  private async admitted(account: string): Promise<Member> {
    const member = await this.memberRow(account);
    if (!member || member.status === "None") {
      throw ApiException.badInput("account", `account: ${account} is not a member of the consortium`);
    }
    return member;
  }

  /** The role mask of `roles` for `account`, with the registry's rules and the API's own. */
  private roleMask(roles: MemberRole[], account: string, argument: string): number {
    if (roles.length === 0) throw ApiException.badInput(argument, `${argument}: name at least one role`);
    if (new Set(roles).size !== roles.length) throw ApiException.badInput(argument, `${argument}: name each role once`);
    const mask = roles.reduce((bits, role) => bits | ROLE_BITS[role], 0);
    // The registry gives SYSTEM only to contracts; the index knows no code, only the deployment's contracts.
    if ((mask & Role.SYSTEM) !== 0 && !this.isProtocolContract(account)) {
      throw ApiException.badInput(
        argument,
        `${argument}: SYSTEM is only for the protocol's contracts, and ${account} is not one of this deployment's`,
      );
    }
    // The API refuses every write of a regulator, so a regulator with another role could not use it.
    if ((mask & Role.REGULATOR) !== 0 && mask !== Role.REGULATOR) {
      throw ApiException.badInput(
        argument,
        `${argument}: REGULATOR reads everything and writes nothing, so it stands alone`,
      );
    }
    return mask;
  }

  private isProtocolContract(account: string): boolean {
    return Object.values(this.config.deployment.contracts).some((address) => sameAddress(address, account));
  }

  /** Giving or taking the OPERATOR role needs the registry's DEFAULT_ADMIN_ROLE (the contract's _syncOperatorRole). */
  private async requireGovernanceFor(viewer: Viewer, before: number, after: number, account: string): Promise<void> {
    if ((before & Role.OPERATOR) === (after & Role.OPERATOR)) return;
    if (await this.holdsDefaultAdmin(viewer.address)) return;
    throw forbidden(
      `only the consortium's governance account may ${after & Role.OPERATOR ? "make" : "unmake"} an operator (${account})`,
    );
  }

  /** Whether `address` holds DEFAULT_ADMIN_ROLE, by the registry's last RoleGranted/RoleRevoked event for it. */
  private async holdsDefaultAdmin(address: string): Promise<boolean> {
    const [last] = await this.db
      .select({ name: chainEvents.name })
      .from(chainEvents)
      .where(
        and(
          eq(chainEvents.chainId, this.config.chainId),
          eq(chainEvents.contract, "registry"),
          inArray(chainEvents.name, ["RoleGranted", "RoleRevoked"]),
          sql`${chainEvents.args}->>'role' = ${DEFAULT_ADMIN_ROLE}`,
          sql`lower(${chainEvents.args}->>'account') = ${address.toLowerCase()}`,
        ),
      )
      .orderBy(desc(chainEvents.blockNumber), desc(chainEvents.logIndex))
      .limit(1);
    return last?.name === "RoleGranted";
  }

  /** A positive amount of minor units below 2^96 (the scalar already made it a string of digits). */
  private parseAmount(amount: string, argument: string): bigint {
    const value = BigInt(amount);
    if (value === 0n) throw ApiException.badInput(argument, `${argument}: must be a positive number of minor units`);
    if (value > UINT96_MAX) throw ApiException.badInput(argument, `${argument}: at most 2^96 - 1 minor units`);
    return value;
  }

  /** A deposit or redemption reference as bytes32. */
  private parseReference(value: string, argument: string): string {
    if (typeof value !== "string" || value.length > REFERENCE_MAX || !REFERENCE.test(value)) {
      throw ApiException.badInput(argument, `${argument}: must be ${REFERENCE_RULE}`);
    }
    return encodeBytes32String(value);
  }
}
