/**
 * The indexer: follows the chain with eth_getLogs over the deployment's contracts, projects each
 * event into the tables through the handlers, and writes every batch (entity rows, raw events, undo
 * journal, recent block hashes and the cursor) in ONE database transaction. Killed at any instant, it
 * restarts from the last committed cursor and ends in the same tables.
 *
 * Reorganisations: every step checks that the cursor's block is still canonical. When it is not, the
 * indexer finds the highest recent block whose hash still matches, undoes everything after it (the
 * journal), and replays. Blocks older than FINALITY_DEPTH are final: they are not journaled.
 */
import { createHash } from "node:crypto";
import { ZeroHash } from "ethers";
import { and, eq, gt, lt } from "drizzle-orm";
import type { BackendConfig } from "../config/config";
import { EventDecoder } from "../chain/contracts";
import { isRangeTooLarge, RpcClient, type RpcBlockHeader, type RpcLog } from "../chain/rpc";
import type { DatabaseHandle, Executor } from "../database/database";
import { indexerCursor, recentBlocks } from "../database/schema";
import { assetHandlers } from "./handlers/assets";
import { financingHandlers } from "./handlers/financing";
import { membershipHandlers } from "./handlers/membership";
import type { EventContext, HandlerMap, RefKind } from "./handlers/types";
import { EntityStore, ProjectionError, pruneJournal, rollbackTo } from "./store";
import type { SyncState } from "./sync-state";

export interface IndexerLogger {
  log(message: string): void;
  warn(message: string): void;
  error(message: string): void;
  debug?(message: string): void;
}

export interface Cursor {
  blockNumber: number;
  /** null before the first batch: the block before the deployment's start block. */
  blockHash: string | null;
}

export type StepResult = "indexed" | "reorg" | "idle" | "retry";

interface FetchedRange {
  from: number;
  to: number;
  logs: RpcLog[];
  headers: Map<number, RpcBlockHeader>;
  /** Logs read beyond `to` (a getLogs call returned more than the batch takes), for the next batch. */
  rest: LogBuffer | null;
}

/** The logs of every block in [from, to], read ahead of the cursor and not indexed yet. */
interface LogBuffer {
  from: number;
  to: number;
  logs: RpcLog[];
  /**
   * Hashes of the last block of each getLogs call, as read right after the call: checked again when
   * the batch is cut, so a reorganisation since the logs were read is seen even in a block without logs.
   */
  hashes: Map<number, string>;
}

/** Blocks of the first eth_getLogs call, before the density of the history is known. */
const FIRST_SPAN = 16;

/** The database already holds another deployment's index. */
export class DeploymentMismatchError extends ProjectionError {}

export function deploymentKey(config: Pick<BackendConfig, "chainId" | "deployment">): string {
  const { startBlock, contracts } = config.deployment;
  const normalised = Object.fromEntries(Object.entries(contracts).map(([k, v]) => [k, v.toLowerCase()]));
  return createHash("sha256")
    .update(JSON.stringify({ chainId: config.chainId, startBlock, contracts: normalised }))
    .digest("hex")
    .slice(0, 32);
}

export class Indexer {
  readonly rpc: RpcClient;
  private readonly decoder: EventDecoder;
  private readonly handlers: HandlerMap;
  private readonly store = new EntityStore();
  private readonly key: string;
  private cursor: Cursor | null = null;
  /** Largest eth_getLogs range (and batch span) the node accepts: MAX_BLOCK_RANGE, halved while refused. */
  private range: number;
  /** Blocks per eth_getLogs call, sized from the last call's logs per block so a call returns about BATCH_EVENTS logs. */
  private span: number;
  /** The range after the batch being written, fetched meanwhile (null: failed, fetch it again). */
  private prefetched: { from: number; result: Promise<FetchedRange | "retry" | null> } | null = null;
  private running: Promise<void> | null = null;
  private stopping = false;
  private failures = 0;
  /** Ends the current pause at once (stop). */
  private wake: (() => void) | null = null;
  private progress = { at: Date.now(), events: 0, block: 0 };

  constructor(
    private readonly config: BackendConfig,
    private readonly database: DatabaseHandle,
    private readonly sync: SyncState,
    private readonly logger: IndexerLogger,
  ) {
    this.rpc = new RpcClient({
      url: config.rpcUrl,
      timeoutMs: config.rpcTimeoutMs,
      onRetry: (method, attempt, delay, error) => {
        this.sync.update({ lastError: error.message, lastErrorAt: new Date() });
        if (attempt === 1 || attempt % 10 === 0) {
          this.logger.warn(`${method} failed (${error.message}); retry ${attempt} in ${delay} ms`);
        }
      },
    });
    this.decoder = new EventDecoder(config.deployment);
    this.handlers = {
      ...membershipHandlers(config.deployment.currency ?? "CNY"),
      ...assetHandlers,
      ...financingHandlers,
    };
    this.key = deploymentKey(config);
    this.range = config.maxBlockRange;
    this.span = Math.min(FIRST_SPAN, this.range);
  }

  /** Starts following the chain in the background until `stop`. */
  start(): void {
    if (this.running) return;
    this.stopping = false;
    this.running = this.loop();
  }

  async stop(): Promise<void> {
    this.stopping = true;
    this.rpc.close();
    this.wake?.();
    await this.running;
    this.running = null;
  }

  private async loop(): Promise<void> {
    while (!this.stopping) {
      let result: StepResult;
      try {
        result = await this.step();
        if (this.failures > 0) this.sync.update({ lastError: null, lastErrorAt: null });
        this.failures = 0;
      } catch (error) {
        if (this.stopping) break;
        this.failures++;
        this.prefetched = null;
        const message = (error as Error).message;
        this.sync.update({ lastError: message, lastErrorAt: new Date() });
        const delay = Math.min(30_000, 250 * 2 ** Math.min(this.failures, 7));
        this.logger.error(`indexing failed (${message}); retrying in ${delay} ms`);
        await this.pause(delay);
        continue;
      }
      // Idle, or the chain moved while reading (a reorganisation under way): look again shortly.
      if (result === "idle" || result === "retry") await this.pause(this.config.pollIntervalMs);
    }
  }

  private pause(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      const self = this;
      function done() {
        clearTimeout(timer);
        self.wake = null;
        resolve();
      }
      this.wake = done;
    });
  }

  /** Indexes until the cursor reaches the chain head (minus confirmations) as seen now. */
  async syncToHead(): Promise<void> {
    for (;;) {
      const result = await this.step();
      if (result === "idle") return;
    }
  }

  private async loadCursor(): Promise<Cursor> {
    if (this.cursor) return this.cursor;
    const [row] = await this.database.db
      .select()
      .from(indexerCursor)
      .where(eq(indexerCursor.chainId, this.config.chainId));
    if (row && row.deploymentKey !== this.key) {
      throw new DeploymentMismatchError(
        `the database indexes another deployment of chain ${this.config.chainId} ` +
          `(key ${row.deploymentKey}, this one ${this.key}): use a fresh DATABASE_URL or PGLITE_DIR`,
      );
    }
    this.cursor = row
      ? { blockNumber: row.blockNumber, blockHash: row.blockHash }
      : { blockNumber: this.config.deployment.startBlock - 1, blockHash: null };
    if (row) {
      this.sync.update({
        indexedBlock: row.blockNumber,
        indexedBlockHash: row.blockHash,
        indexedBlockTime: row.blockTime,
      });
    }
    return this.cursor;
  }

  /** One step: detect a reorganisation, or index the next range of blocks, or find nothing new. */
  async step(): Promise<StepResult> {
    const cursor = await this.loadCursor();
    const calls: { method: string; params: unknown[] }[] = [{ method: "eth_blockNumber", params: [] }];
    if (cursor.blockHash !== null) {
      calls.push({ method: "eth_getBlockByNumber", params: [`0x${cursor.blockNumber.toString(16)}`, false] });
    }
    const [headHex, cursorHeader] = await this.rpc.batch<string | RpcBlockHeader | null>(calls);
    const head = Number(headHex);
    this.sync.update({ headBlock: head });

    if (cursor.blockHash !== null) {
      const header = cursorHeader as RpcBlockHeader | null;
      if (!header || header.hash !== cursor.blockHash) {
        await this.handleReorg(cursor, head);
        return "reorg";
      }
    }

    const target = head - this.config.confirmations;
    if (cursor.blockNumber >= target) {
      if (!this.sync.current.caughtUp) {
        this.sync.update({ caughtUp: true });
        this.logger.log(`indexed up to the head: block ${cursor.blockNumber}`);
      }
      return "idle";
    }

    const from = cursor.blockNumber + 1;
    // The next range was usually fetched while the previous batch was being written.
    const prefetched = this.prefetched?.from === from ? await this.prefetched.result : null;
    this.prefetched = null;
    const fetched = prefetched ?? (await this.fetchRange(from, target));
    if (fetched === "retry") return "retry";
    const { to, logs, headers } = fetched;
    // The range must continue the indexed chain; otherwise the chain moved: start the step again.
    // (Hardhat's hardhat_mine synthesises headers with a zero parent hash: nothing to compare then.)
    const parent = headers.get(from)!.parentHash;
    if (cursor.blockHash !== null && parent !== ZeroHash && parent !== cursor.blockHash) return "retry";

    if (to < target) {
      const next = to + 1;
      this.prefetched = { from: next, result: this.fetchRange(next, target, fetched.rest).catch(() => null) };
    }
    await this.indexBatch(cursor, from, to, head, logs, headers);
    return "indexed";
  }

  /**
   * The logs of the next batch from `from` (at most MAX_BLOCK_RANGE blocks, and whole blocks up to
   * about BATCH_EVENTS logs, so a batch's memory does not grow with the history) and the headers of
   * their blocks and of the range's ends. Logs already read ahead (`buffer`) are used first; logs read
   * beyond the batch are returned as `rest`, never read twice. "retry" when the chain changed while reading.
   */
  private async fetchRange(
    from: number,
    target: number,
    buffer: LogBuffer | null = null,
  ): Promise<FetchedRange | "retry"> {
    const limit = this.config.batchEvents;
    const end = Math.min(target, from + this.range - 1);
    const buf: LogBuffer =
      buffer?.from === from ? buffer : { from, to: from - 1, logs: [], hashes: new Map<number, string>() };
    while (buf.to < end && buf.logs.length < limit) {
      const start = buf.to + 1;
      const { logs, to } = await this.fetchLogs(start, Math.min(end, start + this.span - 1));
      // When these logs may outlive this batch (read ahead, or followed by another call), note the hash
      // of the call's last block as the node has it now; the batch's own end is checked just below.
      if (to < end || buf.logs.length + logs.length > limit) {
        const [last] = await this.rpc.headers([to]);
        if (!last) return "retry";
        for (let i = logs.length - 1; i >= 0 && Number(logs[i].blockNumber) === to; i--) {
          if (logs[i].blockHash !== last.hash) return "retry";
        }
        buf.hashes.set(to, last.hash);
      }
      const blocks = to - start + 1;
      this.span = Math.min(
        this.config.maxBlockRange,
        // At most twice as many blocks as this call: the first blocks (the deployment) say little of the rest.
        blocks * 2,
        logs.length > 0 ? Math.max(1, Math.round((blocks * limit) / logs.length)) : Infinity,
      );
      for (const log of logs) buf.logs.push(log);
      buf.to = to;
    }

    // Cut the batch: whole blocks up to `end`, up to the block of the limit-th log.
    let to = Math.min(end, buf.to);
    if (buf.logs.length > limit) to = Math.min(to, Number(buf.logs[limit - 1].blockNumber));
    let cut = buf.logs.length;
    while (cut > 0 && Number(buf.logs[cut - 1].blockNumber) > to) cut--;
    const logs = cut === buf.logs.length ? buf.logs : buf.logs.slice(0, cut);
    let rest: LogBuffer | null = null;
    if (to < buf.to) {
      const hashes = new Map([...buf.hashes].filter(([n]) => n > to));
      rest = { from: to + 1, to: buf.to, logs: buf.logs.slice(cut), hashes };
    }

    const wanted = new Set<number>([from, to]);
    for (const log of logs) wanted.add(Number(log.blockNumber));
    for (const n of buf.hashes.keys()) if (n <= to) wanted.add(n);
    const numbers = [...wanted].sort((a, b) => a - b);
    const headers = new Map<number, RpcBlockHeader>();
    const fetched = await this.rpc.headers(numbers);
    for (let i = 0; i < numbers.length; i++) {
      const header = fetched[i];
      // A block vanished (a reorganisation under way).
      if (!header) return "retry";
      headers.set(numbers[i], header);
    }
    for (const log of logs) {
      if (headers.get(Number(log.blockNumber))!.hash !== log.blockHash) return "retry";
    }
    for (const [n, hash] of buf.hashes) {
      if (n <= to && headers.get(n)!.hash !== hash) return "retry";
    }
    return { from, to, logs, headers, rest };
  }

  /** eth_getLogs over [from, to], shrinking the range while the node says it is too large. */
  private async fetchLogs(from: number, to: number): Promise<{ logs: RpcLog[]; to: number }> {
    for (;;) {
      try {
        const logs = await this.rpc.getLogs(this.decoder.addresses, from, to);
        // Grow back towards the configured range after successes.
        if (to - from + 1 >= this.range && this.range < this.config.maxBlockRange) {
          this.range = Math.min(this.config.maxBlockRange, this.range * 2);
        }
        return { logs, to };
      } catch (error) {
        if (!isRangeTooLarge(error) || to === from) throw error;
        this.range = Math.max(1, Math.floor((to - from + 1) / 2));
        to = from + this.range - 1;
        this.logger.warn(`the node refused the log range; trying ${this.range} blocks at a time`);
      }
    }
  }

  private async indexBatch(
    cursor: Cursor,
    from: number,
    to: number,
    head: number,
    logs: RpcLog[],
    headers: Map<number, RpcBlockHeader>,
  ): Promise<void> {
    const chainId = this.config.chainId;
    // Blocks above head - FINALITY_DEPTH may still be reorganised away: journal them.
    const journalFrom = head - this.config.finalityDepth + 1;
    const toHeader = headers.get(to)!;
    try {
      await this.database.db.transaction(async (tx) => {
        this.store.begin(tx as unknown as Executor, journalFrom);
        for (const log of logs) await this.apply(log, headers);
        await this.store.flush();

        const recent = [...headers.values()]
          .filter((h) => Number(h.number) >= journalFrom)
          .map((h) => ({ chainId, blockNumber: Number(h.number), blockHash: h.hash }));
        if (recent.length > 0) {
          await tx
            .insert(recentBlocks)
            .values(recent)
            .onConflictDoUpdate({
              target: [recentBlocks.chainId, recentBlocks.blockNumber],
              set: { blockHash: recentBlocks.blockHash },
            });
        }
        await tx
          .delete(recentBlocks)
          .where(and(eq(recentBlocks.chainId, chainId), lt(recentBlocks.blockNumber, journalFrom)));
        await pruneJournal(tx as unknown as Executor, journalFrom);

        const row = {
          chainId,
          deploymentKey: this.key,
          blockNumber: to,
          blockHash: toHeader.hash,
          blockTime: new Date(Number(toHeader.timestamp) * 1000),
          updatedAt: new Date(),
        };
        await tx.insert(indexerCursor).values(row).onConflictDoUpdate({ target: indexerCursor.chainId, set: row });
      });
    } catch (error) {
      this.store.reset();
      throw error;
    }
    this.store.committed();
    this.cursor = { blockNumber: to, blockHash: toHeader.hash };
    this.sync.update({
      indexedBlock: to,
      indexedBlockHash: toHeader.hash,
      indexedBlockTime: new Date(Number(toHeader.timestamp) * 1000),
      headBlock: Math.max(head, this.sync.current.headBlock ?? 0),
    });
    this.reportProgress(cursor.blockNumber, to, head, logs.length);
  }

  private async apply(log: RpcLog, headers: Map<number, RpcBlockHeader>): Promise<void> {
    const event = this.decoder.decode(log);
    if (!event) {
      this.logger.warn(`log ${log.transactionHash}#${Number(log.logIndex)} of ${log.address} has no known event`);
      return;
    }
    const header = headers.get(event.blockNumber)!;
    const time = new Date(Number(header.timestamp) * 1000);
    const refs = new Set<string>();
    const ctx: EventContext = {
      chainId: this.config.chainId,
      store: this.store,
      event,
      args: event.args,
      block: event.blockNumber,
      time,
      ref(kind: RefKind, id: bigint | number | string) {
        refs.add(`${kind}:${typeof id === "string" && kind === "member" ? id : String(id)}`);
      },
    };
    const handler = this.handlers[`${event.contract}.${event.name}`];
    if (handler) {
      try {
        await handler(ctx);
      } catch (error) {
        const where = `${event.contract}.${event.name} in block ${event.blockNumber} (log ${event.logIndex}, tx ${event.txHash})`;
        throw new ProjectionError(`projecting ${where}: ${(error as Error).message}`);
      }
    }
    this.store.append("chainEvents", {
      chainId: this.config.chainId,
      blockNumber: event.blockNumber,
      logIndex: event.logIndex,
      blockHash: event.blockHash,
      blockTime: time,
      txHash: event.txHash,
      txIndex: event.txIndex,
      contract: event.contract,
      address: event.address,
      name: event.name,
      args: event.json,
      refs: [...refs],
    });
  }

  /** Rolls back to the highest recent block that is still canonical, in one transaction. */
  private async handleReorg(cursor: Cursor, head: number): Promise<void> {
    const chainId = this.config.chainId;
    const recent = await this.database.db
      .select()
      .from(recentBlocks)
      .where(eq(recentBlocks.chainId, chainId))
      .orderBy(recentBlocks.blockNumber);
    const canonical = await this.rpc.headers(recent.map((r) => r.blockNumber));
    let ancestor: Cursor | null = null;
    for (let i = recent.length - 1; i >= 0; i--) {
      if (recent[i].blockNumber <= cursor.blockNumber && canonical[i]?.hash === recent[i].blockHash) {
        ancestor = { blockNumber: recent[i].blockNumber, blockHash: recent[i].blockHash };
        break;
      }
    }
    if (!ancestor) {
      throw new ProjectionError(
        `block ${cursor.blockNumber} (${cursor.blockHash}) is no longer canonical and no recent block is: ` +
          `a reorganisation deeper than FINALITY_DEPTH=${this.config.finalityDepth}; re-index into a fresh database`,
      );
    }
    const found = ancestor;
    this.prefetched = null;
    let undone = 0;
    try {
      await this.database.db.transaction(async (tx) => {
        const executor = tx as unknown as Executor;
        ({ undone } = await rollbackTo(executor, chainId, found.blockNumber));
        await tx
          .delete(recentBlocks)
          .where(and(eq(recentBlocks.chainId, chainId), gt(recentBlocks.blockNumber, found.blockNumber)));
        await tx
          .update(indexerCursor)
          .set({ blockNumber: found.blockNumber, blockHash: found.blockHash!, updatedAt: new Date() })
          .where(eq(indexerCursor.chainId, chainId));
      });
    } finally {
      this.store.reset();
    }
    this.cursor = found;
    this.sync.update({ indexedBlock: found.blockNumber, indexedBlockHash: found.blockHash, headBlock: head });
    this.logger.warn(
      `reorganisation: block ${cursor.blockNumber} left the canonical chain; rolled back to block ` +
        `${found.blockNumber} (${cursor.blockNumber - found.blockNumber} blocks, ${undone} row changes undone)`,
    );
  }

  private reportProgress(previous: number, to: number, head: number, events: number): void {
    const p = this.progress;
    p.events += events;
    const now = Date.now();
    const lag = head - to;
    if (now - p.at < 2000 && lag > 0) return;
    if (lag === 0 && p.events === 0 && now - p.at < 60_000) return;
    const seconds = (now - p.at) / 1000;
    const rate = p.events / Math.max(seconds, 0.001);
    const blocksPerSecond = (to - (p.block || previous)) / Math.max(seconds, 0.001);
    const eta = lag > 0 && blocksPerSecond > 0 ? `, about ${formatDuration(lag / blocksPerSecond)} left` : "";
    const start = this.config.deployment.startBlock;
    const percent = head > start ? Math.min(100, ((to - start) / (head - start)) * 100) : 100;
    this.logger.log(
      `indexed block ${to} of ${head} (${percent.toFixed(1)} %), ${p.events} events at ${rate.toFixed(0)}/s, ` +
        `lag ${lag} blocks${eta}`,
    );
    p.at = now;
    p.events = 0;
    p.block = to;
  }
}

function formatDuration(seconds: number): string {
  if (seconds < 90) return `${Math.ceil(seconds)} s`;
  if (seconds < 5400) return `${Math.ceil(seconds / 60)} min`;
  return `${(seconds / 3600).toFixed(1)} h`;
}
