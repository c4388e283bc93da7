/**
 * What the regulator pages share: a loader hook for pages that combine several API calls, the asset
 * kinds the regulator can look up, input checks and the members' names by address.
 */
import { useEffect, useRef, useState } from "react";
import { ApiError, gql, useDataVersion, useQuery, type QueryState } from "../../lib/graphql";
import { AddressText } from "../../ui";

/**
 * Runs `load` (any number of API calls) now, again when `key` changes and after each `invalidate()`,
 * with the same state as `useQuery` (the previous data stays on screen while it reloads).
 */
export function useLoad<T>(load: () => Promise<T>, key: string): QueryState<T> {
  const dataVersion = useDataVersion();
  const [own, setOwn] = useState(0);
  const [state, setState] = useState<{ data?: T; error?: ApiError; loading: boolean }>({ loading: true });
  const latest = useRef(0);
  const loader = useRef(load);
  loader.current = load;
  useEffect(() => {
    const call = ++latest.current;
    setState((s) => ({ ...s, loading: true }));
    loader.current().then(
      (data) => call === latest.current && setState({ data, loading: false }),
      (error: unknown) =>
        call === latest.current &&
        setState((s) => ({
          data: s.data,
          error: error instanceof ApiError ? error : new ApiError((error as Error).message ?? String(error), "ERROR"),
          loading: false,
        })),
    );
  }, [key, dataVersion, own]);
  return { data: state.data, error: state.error, loading: state.loading, reload: () => setOwn((n) => n + 1) };
}

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

/** Every page of a connection, `size` rows at a time, up to `maxPages` pages. */
export async function allPages<N>(
  query: string,
  field: string,
  variables: Record<string, unknown>,
  size = 500,
  maxPages = 20,
): Promise<{ nodes: N[]; totalCount: number; complete: boolean }> {
  const nodes: N[] = [];
  let after: string | null = null;
  let totalCount = 0;
  for (let page = 0; page < maxPages; page++) {
    const data: Record<
      string,
      { totalCount: number; edges: { node: N }[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } }
    > = await gql(query, { ...variables, first: size, after });
    const connection = data[field];
    totalCount = connection.totalCount;
    nodes.push(...connection.edges.map((e) => e.node));
    if (!connection.pageInfo.hasNextPage || !connection.pageInfo.endCursor)
      return { nodes, totalCount, complete: true };
    after = connection.pageInfo.endCursor;
  }
  return { nodes, totalCount, complete: false };
}

/** The members' organisation ids by lower-case address (the directory is small). */
export function useMemberNames(): Map<string, string> {
  const state = useQuery<{ members: { edges: { node: { address: string; orgId: string } }[] } }>(
    `{ members(first: 500) { edges { node { address orgId } } } }`,
  );
  const names = new Map<string, string>();
  for (const e of state.data?.members.edges ?? []) names.set(e.node.address.toLowerCase(), e.node.orgId);
  return names;
}

/** An address with the member's organisation id when known. */
export function Party({ address, names }: { address: string | null | undefined; names: Map<string, string> }) {
  return <AddressText address={address} name={address ? names.get(address.toLowerCase()) : null} />;
}
