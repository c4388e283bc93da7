/** Chain-side helpers the contract tests share: acting as a protocol contract, picking timestamps. */
import { ethers } from "hardhat";
import { impersonateAccount, setBalance, time } from "@nomicfoundation/hardhat-network-helpers";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/signers";

export const DAY = 86_400;

/**
 * A signer sending transactions from `target` (an address, or a deployed contract such as a SYSTEM
 * financing contract), funded for gas. Only the tests impersonate; product code never does.
 */
export async function actAs(target: string | { getAddress(): Promise<string> }): Promise<HardhatEthersSigner> {
  const address = typeof target === "string" ? target : await target.getAddress();
  await impersonateAccount(address);
  await setBalance(address, 10n ** 20n);
  return ethers.getSigner(address);
}

/** Noon (UTC) `days` calendar days after the latest block's day: a timestamp far from a day boundary. */
export async function noon(days: number): Promise<number> {
  return (Math.floor((await time.latest()) / DAY) + days) * DAY + DAY / 2;
}
