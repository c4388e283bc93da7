/**
 * "Now" as the contracts and the backend judge it: the later of this computer's clock and the time of
 * the last indexed block. A chain may run ahead of the clock (the development chain's demo moves it
 * months forward), and maturities, expiries and delivery dates are checked against chain time.
 */
import { gql, useQuery } from "./graphql";

const QUERY = `{ syncStatus { indexedBlockTime } }`;
type Answer = { syncStatus: { indexedBlockTime: string | null } };

function later(answer: Answer | undefined): number {
  const chain = answer?.syncStatus.indexedBlockTime ? Date.parse(answer.syncStatus.indexedBlockTime) : 0;
  return Math.max(Date.now(), chain);
}

/** Chain time now, asked of the backend. */
export async function chainNow(): Promise<number> {
  return later(await gql<Answer>(QUERY));
}

/**
 * Chain time, following the index; null until the backend answered (the clock alone if it cannot
 * answer, so that a page never waits on it).
 */
export function useChainNow(): number | null {
  const state = useQuery<Answer>(QUERY);
  if (state.data === undefined && !state.error) return null;
  return later(state.data);
}
