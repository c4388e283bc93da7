/**
 * The portal's GraphQL client: plain `fetch` to /graphql with the session's bearer token, and the
 * read-your-writes rule of the API: once a transaction of this tab is mined, every later read names its
 * block in `x-min-block`, so the backend answers only from an index that has seen it and the page never
 * shows a state older than the transaction just sent.
 *
 * `useQuery` re-runs when its variables change and whenever `invalidate()` is called (after a
 * transaction is indexed, or when an alert arrives), so every page on screen follows the chain.
 */
import { useCallback, useEffect, useRef, useState, useSyncExternalStore } from "react";

/** An error the API answered with: its code (BAD_USER_INPUT, FORBIDDEN, ...) and its message. */
export class ApiError extends Error {
  constructor(
    message: string,
    readonly code: string,
    readonly field?: string,
  ) {
    super(message);
    this.name = "ApiError";
  }
}

let token: string | null = null;
let minBlock = 0;
let version = 0;
const listeners = new Set<() => void>();

/** The session token every request carries (null: signed out). */
export function setToken(value: string | null): void {
  token = value;
}
export function currentToken(): string | null {
  return token;
}

/** Reads must come from an index that has seen `block` (called when a transaction of this tab is mined). */
export function requireBlock(block: number): void {
  if (block > minBlock) minBlock = block;
}
export function requiredBlock(): number {
  return minBlock;
}

/** Every mounted query loads again (new data is indexed). */
export function invalidate(): void {
  version += 1;
  for (const listener of listeners) listener();
}
function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}
/** The data version: changes on each `invalidate()`. */
export function useDataVersion(): number {
  return useSyncExternalStore(subscribe, () => version);
}

/** Headers of an API call: the session and the block reads must reflect. */
export function apiHeaders(extra: Record<string, string> = {}): Record<string, string> {
  const headers: Record<string, string> = { ...extra };
  if (token) headers.authorization = `Bearer ${token}`;
  if (minBlock > 0) headers["x-min-block"] = String(minBlock);
  return headers;
}

/** Runs one operation; answers its data or throws the first error as an ApiError. */
export async function gql<T = any>(query: string, variables: Record<string, unknown> = {}): Promise<T> {
  let response: Response;
  try {
    response = await fetch("/graphql", {
      method: "POST",
      headers: apiHeaders({ "content-type": "application/json" }),
      body: JSON.stringify({ query, variables }),
    });
  } catch {
    throw new ApiError("The server cannot be reached. Check your connection and try again.", "NETWORK");
  }
  let body: { data?: T; errors?: { message: string; extensions?: { code?: string; field?: string } }[] };
  try {
    body = await response.json();
  } catch {
    throw new ApiError(`The server answered ${response.status} without a readable body.`, "NETWORK");
  }
  const error = body.errors?.[0];
  if (error) throw new ApiError(error.message, error.extensions?.code ?? "ERROR", error.extensions?.field);
  if (!body.data) throw new ApiError(`The server answered ${response.status} without data.`, "NETWORK");
  return body.data;
}

export interface QueryState<T> {
  data: T | undefined;
  error: ApiError | undefined;
  loading: boolean;
  reload: () => void;
}

/**
 * Loads `query` now, again when `variables` change and after each `invalidate()`. While it reloads the
 * previous data stays on screen. `skip` holds the query back (e.g. until a form is complete).
 */
export function useQuery<T = any>(
  query: string,
  variables: Record<string, unknown> = {},
  options: { skip?: boolean } = {},
): QueryState<T> {
  const dataVersion = useDataVersion();
  const [own, setOwn] = useState(0);
  const [state, setState] = useState<{ data?: T; error?: ApiError; loading: boolean }>({ loading: !options.skip });
  const key = JSON.stringify(variables);
  const latest = useRef(0);
  useEffect(() => {
    if (options.skip) {
      setState((s) => ({ ...s, loading: false }));
      return;
    }
    const call = ++latest.current;
    setState((s) => ({ ...s, loading: true }));
    gql<T>(query, JSON.parse(key)).then(
      (data) => call === latest.current && setState({ data, loading: false }),
      (error: ApiError) => call === latest.current && setState((s) => ({ data: s.data, error, loading: false })),
    );
  }, [query, key, dataVersion, own, options.skip]);
  const reload = useCallback(() => setOwn((n) => n + 1), []);
  return { data: state.data, error: state.error, loading: state.loading, reload };
}

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

/**
 * Every page of a connection, `size` rows at a time, up to `maxPages` pages: `query` takes `$first` and
 * `$after` and selects `totalCount pageInfo { hasNextPage endCursor } edges { node { ... } }` of `field`.
 */
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
    totalCount = connection.totalCount ?? nodes.length + connection.edges.length;
    nodes.push(...connection.edges.map((e) => e.node));
    if (!connection.pageInfo?.hasNextPage || !connection.pageInfo.endCursor)
      return { nodes, totalCount, complete: true };
    after = connection.pageInfo.endCursor;
  }
  return { nodes, totalCount, complete: false };
}
