/**
 * Members (MemberRegistry) and cash (SettlementToken balances, from its ERC-20 Transfer events).
 */
import { ZeroAddress } from "ethers";
import type {
  BlacklistChangedEvent,
  MemberAdmittedEvent,
  MemberReinstatedEvent,
  MemberRolesChangedEvent,
  MemberSuspendedEvent,
} from "../../../../typechain-types/contracts/membership/MemberRegistry";
import type {
  DepositMintedEvent,
  DepositRedeemedEvent,
  TransferEvent,
} from "../../../../typechain-types/contracts/settlement/SettlementToken";
import type { Member } from "../../database/schema";
import { add, on, refText, str, type EventContext, type HandlerMap } from "./types";

async function updateMember(ctx: EventContext, account: string, change: Partial<Member>): Promise<void> {
  const member = await ctx.store.require("members", { address: account });
  ctx.store.put("members", { ...member, ...change, updatedBlock: ctx.block }, ctx.block);
}

/** The settlement token's currency, known from its SettlementTokenSet registration or the deployment. */
async function moveCash(ctx: EventContext, account: string, delta: bigint, currency: string): Promise<void> {
  const token = ctx.event.address;
  const row = await ctx.store.get("tokenBalances", { token, account });
  const balance = row ? add(row.balance, delta) : str(delta);
  if (BigInt(balance) < 0n) {
    throw new Error(`balance of ${account} in ${token} would be negative (${balance}): events out of order`);
  }
  ctx.store.put(
    "tokenBalances",
    { token, account, currency: row?.currency ?? currency, balance, updatedBlock: ctx.block },
    ctx.block,
    !row,
  );
}

export function membershipHandlers(currency: string): HandlerMap {
  return {
    "registry.MemberAdmitted": on<MemberAdmittedEvent.OutputObject>(async (ctx) => {
      const { account, orgId, roles, kycRef } = ctx.args;
      ctx.ref("member", account);
      const existing = await ctx.store.get("members", { address: account });
      ctx.store.put(
        "members",
        {
          address: account,
          orgId: refText(orgId),
          roles: Number(roles),
          status: "Active",
          blacklisted: existing?.blacklisted ?? false,
          kycRef: refText(kycRef),
          suspensionReason: null,
          blacklistReason: existing?.blacklistReason ?? null,
          admittedAt: ctx.time,
          admittedBlock: ctx.block,
          updatedBlock: ctx.block,
        },
        ctx.block,
        !existing,
      );
    }),
    "registry.MemberRolesChanged": on<MemberRolesChangedEvent.OutputObject>(async (ctx) => {
      ctx.ref("member", ctx.args.account);
      await updateMember(ctx, ctx.args.account, { roles: Number(ctx.args.roles) });
    }),
    "registry.MemberSuspended": on<MemberSuspendedEvent.OutputObject>(async (ctx) => {
      ctx.ref("member", ctx.args.account);
      await updateMember(ctx, ctx.args.account, { status: "Suspended", suspensionReason: refText(ctx.args.reasonRef) });
    }),
    "registry.MemberReinstated": on<MemberReinstatedEvent.OutputObject>(async (ctx) => {
      ctx.ref("member", ctx.args.account);
      await updateMember(ctx, ctx.args.account, { status: "Active", suspensionReason: null });
    }),
    "registry.BlacklistChanged": on<BlacklistChangedEvent.OutputObject>(async (ctx) => {
      const { account, blacklisted, reasonRef } = ctx.args;
      ctx.ref("member", account);
      const existing = await ctx.store.get("members", { address: account });
      const change = { blacklisted, blacklistReason: blacklisted ? refText(reasonRef) : null };
      if (existing) {
        ctx.store.put("members", { ...existing, ...change, updatedBlock: ctx.block }, ctx.block);
        return;
      }
      // The operator may blacklist an account that was never admitted.
      ctx.store.put(
        "members",
        {
          address: account,
          orgId: "",
          roles: 0,
          status: "None",
          kycRef: "",
          suspensionReason: null,
          admittedAt: null,
          admittedBlock: null,
          updatedBlock: ctx.block,
          ...change,
        },
        ctx.block,
        true,
      );
    }),

    "settlementToken.Transfer": on<TransferEvent.OutputObject>(async (ctx) => {
      const { from, to, value } = ctx.args;
      if (from !== ZeroAddress) {
        ctx.ref("member", from);
        await moveCash(ctx, from, -value, currency);
      }
      if (to !== ZeroAddress) {
        ctx.ref("member", to);
        await moveCash(ctx, to, value, currency);
      }
    }),
    // Mints and redemptions move balances through their Transfer events; these carry the references.
    "settlementToken.DepositMinted": on<DepositMintedEvent.OutputObject>(async (ctx) => {
      ctx.ref("member", ctx.args.bank);
      ctx.ref("member", ctx.args.to);
    }),
    "settlementToken.DepositRedeemed": on<DepositRedeemedEvent.OutputObject>(async (ctx) => {
      ctx.ref("member", ctx.args.holder);
      ctx.ref("member", ctx.args.bank);
    }),
  };
}
