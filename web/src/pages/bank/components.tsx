/**
 * What the bank pages share: the members directory (addresses in organisation names) and the checks of
 * the bank's inputs (basis points, reasons) run before anything is sent.
 */
import { useI18n } from "../../i18n";
import { useDirectory, type DirectoryMember } from "../../lib/members";
import { AddressText } from "../../ui";

export type MemberRow = DirectoryMember;

/** The members directory (open to every member), by lower-case address; empty while it loads or fails. */
export function useMembers(): { list: MemberRow[]; byAddress: Map<string, MemberRow> } {
  const { list, byAddress } = useDirectory();
  return { list, byAddress };
}

/** An address with its organisation's name when the directory knows it. */
export function MemberName({
  address,
  members,
  orgId,
}: {
  address: string | null | undefined;
  members?: Map<string, MemberRow>;
  orgId?: string | null;
}) {
  const name = orgId ?? (address ? members?.get(address.toLowerCase())?.orgId : undefined);
  return <AddressText address={address} name={name} />;
}

/** The highest rate the contracts take (uint16 bps). */
export const MAX_RATE_BPS = 65_535;
/** A credit limit: 0 to 2^128 - 1 minor units. */
export const MAX_LIMIT = (1n << 128n) - 1n;
/** A rejection's reason: at most 500 characters (the backend's limit). */
export const MAX_REJECT_CHARS = 500;
/** A decline's reason goes on chain as bytes32 text: at most 31 bytes of UTF-8. */
export const MAX_DECLINE_BYTES = 31;
/** Days after the due date before a loan may be declared in default (FinancingBase.DEFAULT_GRACE_PERIOD). */
export const GRACE_DAYS = 30;
const DAY_MS = 86_400_000;

/** A typed whole number of basis points, or null when the text is not one. */
export function parseBps(text: string): number | null {
  const clean = text.trim();
  if (!/^\d{1,6}$/.test(clean)) return null;
  return Number(clean);
}

/** What is wrong with a typed bps value within [min, max], as an i18n key and its params, or null. */
export function bpsProblem(
  text: string,
  min: number,
  max: number,
): { key: string; params?: Record<string, string | number> } | null {
  if (text.trim() === "") return { key: "common.required" };
  const value = parseBps(text);
  if (value === null) return { key: "bank.form.bpsInvalid" };
  if (value < min || value > max) return { key: "bank.form.bpsRange", params: { min, max } };
  return null;
}

const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;
const INVISIBLE = /[\s\u200b-\u200f\u2060\ufeff]/g;

/** What is wrong with a free-text reason (as the backend checks it), as an i18n key and params, or null. */
export function reasonProblem(
  text: string,
  limit: { maxChars?: number; maxBytes?: number },
): { key: string; params?: Record<string, string | number> } | null {
  if (text.replace(INVISIBLE, "") === "") return { key: "common.required" };
  if (CONTROL.test(text)) return { key: "bank.form.reasonControl" };
  if (limit.maxChars !== undefined && [...text].length > limit.maxChars) {
    return { key: "bank.form.reasonChars", params: { max: limit.maxChars } };
  }
  if (limit.maxBytes !== undefined && new TextEncoder().encode(text).length > limit.maxBytes) {
    return { key: "bank.form.reasonBytes", params: { max: limit.maxBytes } };
  }
  return null;
}

/** An i18n problem in words. */
export function useProblemText(): (
  p: { key: string; params?: Record<string, string | number> } | null,
) => string | null {
  const { t } = useI18n();
  return (p) => (p ? t(p.key, p.params) : null);
}

/** Whole days from `now` to `iso` (negative when past). */
export function daysUntil(iso: string, now: number): number {
  return Math.floor((Date.parse(iso) - now) / DAY_MS);
}

/** True once a loan due at `dueAt` is past its grace period at `now`. */
export function pastGrace(dueAt: string | null, now: number): boolean {
  return !!dueAt && now > Date.parse(dueAt) + GRACE_DAYS * DAY_MS;
}

/** Opens a decrypted document in a new tab (the tab is opened at once, so no pop-up blocker stops it). */
export async function openInNewTab(load: () => Promise<Blob>): Promise<void> {
  const tab = window.open("", "_blank");
  try {
    const url = URL.createObjectURL(await load());
    if (tab) tab.location.href = url;
    else window.location.assign(url);
    setTimeout(() => URL.revokeObjectURL(url), 60_000);
  } catch (error) {
    tab?.close();
    throw error;
  }
}
