/**
 * Running the transactions the API prepared: each is signed in the member's wallet and sent, in order;
 * the progress of each shows (signing, sent, mined, indexed). Once a step is mined, every later read
 * names its block (graphql.ts `requireBlock`), and when the last is indexed every query on screen
 * reloads, so the page never shows a state older than the transaction just sent.
 */
import { useCallback, useRef, useState } from "react";
import { gql, invalidate, requireBlock } from "./graphql";
import { useSession } from "./session";
import type { PreparedTransaction } from "./wallet";

export type { PreparedTransaction } from "./wallet";

/** The fields of PreparedTransaction to select in a mutation. */
export const TX_FIELDS = "chainId from to data value method description";

export type StepState = "waiting" | "signing" | "sent" | "mined" | "indexed" | "failed";

export interface StepProgress {
  method: string;
  description: string;
  state: StepState;
  hash?: string;
  block?: number;
}

export interface Progress {
  phase: "idle" | "preparing" | "running" | "done" | "failed";
  steps: StepProgress[];
  error?: string;
}

const IDLE: Progress = { phase: "idle", steps: [] };

/** Waits until the indexer has every event up to `block`. */
export async function waitIndexed(block: number, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { syncStatus } = await gql<{ syncStatus: { indexedBlock: number | null } }>(
      `{ syncStatus { indexedBlock } }`,
    );
    if ((syncStatus.indexedBlock ?? -1) >= block) return;
    if (Date.now() > deadline) throw new Error(`The index has not reached block ${block} after ${timeoutMs / 1000} s.`);
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
}

function message(error: unknown): string {
  const e = error as {
    shortMessage?: string;
    message?: string;
    code?: string | number;
    info?: { error?: { message?: string } };
  };
  if (e?.code === "ACTION_REJECTED" || e?.code === 4001) return "You declined the request in your wallet.";
  return e?.info?.error?.message ?? e?.shortMessage ?? e?.message ?? String(error);
}

/**
 * The progress of a run and the function that starts one: `prepare` asks the API for the transactions
 * (it throws the API's error when the step is refused); `run` answers true once all are indexed.
 */
export function useTransactions() {
  const session = useSession();
  const [progress, setProgress] = useState<Progress>(IDLE);
  const busy = useRef(false);

  const run = useCallback(
    async (prepare: () => Promise<PreparedTransaction[]>): Promise<boolean> => {
      if (busy.current) return false;
      busy.current = true;
      let steps: StepProgress[] = [];
      const update = (index: number, change: Partial<StepProgress>) => {
        steps = steps.map((s, i) => (i === index ? { ...s, ...change } : s));
        setProgress({ phase: "running", steps });
      };
      try {
        setProgress({ phase: "preparing", steps: [] });
        const prepared = await prepare();
        steps = prepared.map((tx) => ({ method: tx.method, description: tx.description, state: "waiting" }));
        setProgress({ phase: "running", steps });
        const wallet = await session.wallet();
        let last = 0;
        for (const [index, tx] of prepared.entries()) {
          update(index, { state: "signing" });
          const hash = await wallet.send(tx);
          update(index, { state: "sent", hash });
          const block = await wallet.waitMined(hash);
          requireBlock(block);
          last = block;
          update(index, { state: "mined", block });
        }
        if (last > 0) await waitIndexed(last);
        steps = steps.map((s) => ({ ...s, state: "indexed" }));
        setProgress({ phase: "done", steps });
        invalidate();
        return true;
      } catch (error) {
        steps = steps.map((s) =>
          s.state === "indexed" || s.state === "mined" || s.state === "waiting" ? s : { ...s, state: "failed" },
        );
        setProgress({ phase: "failed", steps, error: message(error) });
        invalidate();
        return false;
      } finally {
        busy.current = false;
      }
    },
    [session],
  );
  const reset = useCallback(() => setProgress(IDLE), []);
  return { progress, run, reset, busy: progress.phase === "preparing" || progress.phase === "running" };
}
