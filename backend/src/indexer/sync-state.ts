/**
 * What the indexer has reached, for the API: the indexed block, the chain head it last saw, and a
 * wait for a given block to be indexed (read-your-writes). In the indexing instance the indexer
 * reports each committed batch here; an API-only instance follows the cursor table instead.
 */
import { EventEmitter } from "node:events";

export interface SyncSnapshot {
  chainId: number;
  /** Last block whose events are all in the tables (null before the first batch). */
  indexedBlock: number | null;
  indexedBlockHash: string | null;
  indexedBlockTime: Date | null;
  /** Chain head at the last poll (null before the first poll or when the node is unreachable). */
  headBlock: number | null;
  /** Blocks between the head and the indexed block. */
  lag: number | null;
  /** True once the indexer reached the head (minus confirmations) at least once. */
  caughtUp: boolean;
  /** The last RPC or database failure, while it lasts (the API keeps serving what is indexed). */
  lastError: string | null;
  lastErrorAt: Date | null;
  updatedAt: Date;
}

export class BlockNotIndexedError extends Error {
  constructor(
    public readonly block: number,
    public readonly indexedBlock: number | null,
    public readonly waitedMs: number,
  ) {
    super(
      `block ${block} is not indexed yet (indexed up to ${indexedBlock ?? "nothing"}); waited ${waitedMs} ms, try again`,
    );
    this.name = "BlockNotIndexedError";
  }
}

export class SyncState {
  private snapshot: SyncSnapshot;
  private readonly events = new EventEmitter();

  constructor(chainId: number) {
    this.snapshot = {
      chainId,
      indexedBlock: null,
      indexedBlockHash: null,
      indexedBlockTime: null,
      headBlock: null,
      lag: null,
      caughtUp: false,
      lastError: null,
      lastErrorAt: null,
      updatedAt: new Date(),
    };
    this.events.setMaxListeners(0);
  }

  get current(): SyncSnapshot {
    return this.snapshot;
  }

  /**
   * The present as the contracts will see it: the wall clock, or the latest indexed block's time when
   * that is later (a development chain moved ahead with evm_increaseTime). Rules the contracts check
   * against block.timestamp (maturities, delivery dates, expiries) are checked against this.
   */
  now(): Date {
    const chain = this.snapshot.indexedBlockTime;
    return chain && chain.getTime() > Date.now() ? new Date(chain.getTime()) : new Date();
  }

  update(change: Partial<SyncSnapshot>): void {
    const next = { ...this.snapshot, ...change, updatedAt: new Date() };
    if (next.headBlock !== null && next.indexedBlock !== null) {
      next.lag = Math.max(0, next.headBlock - next.indexedBlock);
    }
    this.snapshot = next;
    this.events.emit("update", next);
  }

  /** Resolves once block `block` is indexed; rejects with BlockNotIndexedError after `timeoutMs`. */
  async waitForBlock(block: number, timeoutMs: number): Promise<void> {
    const reached = () => this.snapshot.indexedBlock !== null && this.snapshot.indexedBlock >= block;
    if (reached()) return;
    const started = Date.now();
    await new Promise<void>((resolve, reject) => {
      const onUpdate = () => {
        if (!reached()) return;
        cleanup();
        resolve();
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(new BlockNotIndexedError(block, this.snapshot.indexedBlock, Date.now() - started));
      }, timeoutMs);
      const cleanup = () => {
        clearTimeout(timer);
        this.events.off("update", onUpdate);
      };
      this.events.on("update", onUpdate);
    });
  }

  onUpdate(listener: (snapshot: SyncSnapshot) => void): () => void {
    this.events.on("update", listener);
    return () => this.events.off("update", listener);
  }
}
