/**
 * The members directory, once for every page: the consortium's members (open to every member) with
 * their organisation id, roles and standing, read page by page to the end, so a picker or a name lookup
 * never misses the 501st supplier. Filters narrow it on the server (by role, status, blacklist).
 */
import { useLoad, allPages, type QueryState } from "./graphql";

export interface DirectoryMember {
  address: string;
  orgId: string;
  roleNames: string[];
  status: string;
  blacklisted: boolean;
}

/** A `MemberFilter` of the API: role, statuses, blacklisted. */
export interface DirectoryFilter {
  role?: string;
  status?: string[];
  blacklisted?: boolean;
}

const QUERY = `query($f: MemberFilter, $first: Int, $after: String) {
  members(filter: $f, first: $first, after: $after, orderBy: { field: ORG_ID, direction: ASC }) {
    totalCount pageInfo { hasNextPage endCursor } edges { node { address orgId roleNames status blacklisted } }
  }
}`;

export interface Directory {
  state: QueryState<DirectoryMember[]>;
  /** The members, by organisation id; empty while the directory loads or when it failed. */
  list: DirectoryMember[];
  /** By lower-case address. */
  byAddress: Map<string, DirectoryMember>;
  /** The organisation id of `address`, or undefined when the directory does not know it. */
  orgIdOf(address: string | null | undefined): string | undefined;
}

/** The members matching `filter` (all of them without one). */
export function useDirectory(filter: DirectoryFilter = {}): Directory {
  const key = JSON.stringify(filter);
  const state = useLoad(
    async () => (await allPages<DirectoryMember>(QUERY, "members", { f: JSON.parse(key) }, 500, 200)).nodes,
    `directory:${key}`,
  );
  const list = state.data ?? [];
  const byAddress = new Map(list.map((m) => [m.address.toLowerCase(), m]));
  return {
    state,
    list,
    byAddress,
    orgIdOf: (address) => (address ? byAddress.get(address.toLowerCase())?.orgId : undefined),
  };
}
