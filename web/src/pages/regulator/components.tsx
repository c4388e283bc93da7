/**
 * What the regulator pages share: the asset kinds the regulator can look up, input checks and the
 * members' names by address.
 */
import { useDirectory } from "../../lib/members";
import { AddressText } from "../../ui";

/** The assets the regulator looks up, as they appear in paths (`/regulator/asset/order/7`). */
export const ASSET_KINDS = ["order", "receipt", "receivable", "part"] as const;
export type AssetKindName = (typeof ASSET_KINDS)[number];

export function isAssetKind(value: string): value is AssetKindName {
  return (ASSET_KINDS as readonly string[]).includes(value);
}

/** The API's AssetKind of each (for assetHistory). */
export const HISTORY_KIND: Record<AssetKindName, string> = {
  order: "ORDER",
  receipt: "RECEIPT",
  receivable: "RECEIVABLE",
  part: "PART",
};

/** The detail page of an asset. */
export function assetPath(kind: AssetKindName, id: string): string {
  return `/regulator/asset/${kind}/${encodeURIComponent(id)}`;
}

/** An id as the API takes it: a non-negative integer of at most 16 digits. */
export function isId(text: string): boolean {
  return /^\d{1,16}$/.test(text) && Number.isSafeInteger(Number(text));
}

/** An account address: 0x and 40 hex digits. */
export function isAddress(text: string): boolean {
  return /^0x[0-9a-fA-F]{40}$/.test(text);
}

/** Printable text without control characters (order numbers, lots, actions). */
export function isPrintable(text: string): boolean {
  return !/[\u0000-\u001f\u007f]/.test(text);
}

/** The members' organisation ids by lower-case address (the whole directory). */
export function useMemberNames(): Map<string, string> {
  const { list } = useDirectory();
  return new Map(list.map((m) => [m.address.toLowerCase(), m.orgId]));
}

/** An address with the member's organisation id when known. */
export function Party({ address, names }: { address: string | null | undefined; names: Map<string, string> }) {
  return <AddressText address={address} name={address ? names.get(address.toLowerCase()) : null} />;
}
