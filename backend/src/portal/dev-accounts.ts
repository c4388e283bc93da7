/**
 * The demo accounts the portal's development picker offers: the local development node's own accounts
 * (Hardhat's published test mnemonic, the first 20), those the index knows as active, non-blacklisted
 * members, with their organisation and roles. Their keys are public by design; the picker exists only
 * while PORTAL_DEV_SIGNER=1, which the configuration allows on the local chain id only.
 */
import { Inject, Injectable } from "@nestjs/common";
import { and, eq, inArray } from "drizzle-orm";
import { HDNodeWallet, Mnemonic } from "ethers";
import { roleNames } from "../api/common/enums";
import { DATABASE } from "../common/tokens";
import type { DatabaseHandle } from "../database/database";
import { members } from "../database/schema";

/** The development node's mnemonic (Hardhat's default, published with every Hardhat release). */
export const DEV_MNEMONIC = "test test test test test test test test test test test junk";
const DEV_ACCOUNTS = 20;

export interface DevAccount {
  address: string;
  orgId: string;
  roles: string[];
  privateKey: string;
}

let derived: { address: string; privateKey: string }[] | null = null;

/** The node's accounts in order (derived once: m/44'/60'/0'/0/i). */
export function devKeys(): { address: string; privateKey: string }[] {
  if (!derived) {
    const root = HDNodeWallet.fromMnemonic(Mnemonic.fromPhrase(DEV_MNEMONIC), "m/44'/60'/0'/0");
    derived = Array.from({ length: DEV_ACCOUNTS }, (_, i) => {
      const child = root.deriveChild(i);
      return { address: child.address, privateKey: child.privateKey };
    });
  }
  return derived;
}

@Injectable()
export class DevAccounts {
  constructor(@Inject(DATABASE) private readonly database: DatabaseHandle) {}

  /** The node's accounts that are active members now, in the node's order. */
  async list(): Promise<DevAccount[]> {
    const keys = devKeys();
    const rows = await this.database.db
      .select({ address: members.address, orgId: members.orgId, roles: members.roles })
      .from(members)
      .where(
        and(
          inArray(
            members.address,
            keys.map((k) => k.address),
          ),
          eq(members.status, "Active"),
          eq(members.blacklisted, false),
        ),
      );
    const byAddress = new Map(rows.map((r) => [r.address, r]));
    return keys.flatMap((k) => {
      const row = byAddress.get(k.address);
      return row
        ? [{ address: k.address, orgId: row.orgId, roles: roleNames(row.roles), privateKey: k.privateKey }]
        : [];
    });
  }
}
