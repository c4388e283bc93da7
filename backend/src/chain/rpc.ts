/**
 * A small JSON-RPC client for the indexer: standard methods only (eth_blockNumber, eth_getLogs,
 * eth_getBlockByNumber), request batching, timeouts, and retries with exponential backoff for the
 * failures that pass (node down, timeouts, rate limits, 5xx). Errors that will not pass by retrying
 * (a malformed request, a method the node lacks) are thrown at once.
 */
export interface RpcLog {
  address: string;
  topics: string[];
  data: string;
  blockNumber: string;
  blockHash: string;
  transactionHash: string;
  transactionIndex: string;
  logIndex: string;
  removed?: boolean;
}

export interface RpcBlockHeader {
  number: string;
  hash: string;
  parentHash: string;
  timestamp: string;
}

export class RpcError extends Error {
  constructor(
    message: string,
    public readonly code: number | undefined,
    public readonly retryable: boolean,
  ) {
    super(message);
    this.name = "RpcError";
  }
}

/** The node refused an eth_getLogs range as too large or returning too many logs. */
export function isRangeTooLarge(error: unknown): boolean {
  if (!(error instanceof RpcError)) return false;
  return (
    error.code === -32005 ||
    /more than \d+ (results|logs)|range (is )?too (large|wide)|block range|limit exceeded|too many (results|logs)|response size/i.test(
      error.message,
    )
  );
}

export interface RpcClientOptions {
  url: string;
  timeoutMs?: number;
  /** Attempts for a retryable failure before giving up (Infinity: keep trying). */
  maxAttempts?: number;
  baseDelayMs?: number;
  maxDelayMs?: number;
  onRetry?: (method: string, attempt: number, delayMs: number, error: Error) => void;
}

interface JsonRpcResponse {
  id: number;
  result?: unknown;
  error?: { code: number; message: string };
}

export class RpcClient {
  private nextId = 1;
  private readonly timeoutMs: number;
  private readonly maxAttempts: number;
  private readonly baseDelayMs: number;
  private readonly maxDelayMs: number;
  /** Set by `close`: pending backoffs stop instead of retrying. */
  private closed = false;
  private readonly wakers = new Set<() => void>();

  constructor(private readonly options: RpcClientOptions) {
    this.timeoutMs = options.timeoutMs ?? 15_000;
    this.maxAttempts = options.maxAttempts ?? Infinity;
    this.baseDelayMs = options.baseDelayMs ?? 200;
    this.maxDelayMs = options.maxDelayMs ?? 10_000;
  }

  close(): void {
    this.closed = true;
    for (const wake of this.wakers) wake();
  }

  /** Waits `ms`, or less when the client is closed meanwhile. */
  private backoff(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.wakers.delete(done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.wakers.add(done);
    });
  }

  async blockNumber(): Promise<number> {
    return Number(await this.call<string>("eth_blockNumber", []));
  }

  async getLogs(addresses: string[], fromBlock: number, toBlock: number): Promise<RpcLog[]> {
    return this.call<RpcLog[]>("eth_getLogs", [
      { address: addresses, fromBlock: hex(fromBlock), toBlock: hex(toBlock) },
    ]);
  }

  /** Headers of the given blocks (null where the node has no such block), in one batch per 500. */
  async headers(numbers: number[]): Promise<(RpcBlockHeader | null)[]> {
    const out: (RpcBlockHeader | null)[] = [];
    for (let i = 0; i < numbers.length; i += 500) {
      const chunk = numbers.slice(i, i + 500);
      const results = await this.batch<RpcBlockHeader | null>(
        chunk.map((n) => ({ method: "eth_getBlockByNumber", params: [hex(n), false] })),
      );
      out.push(...results);
    }
    return out;
  }

  async call<T>(method: string, params: unknown[]): Promise<T> {
    const [result] = await this.batch<T>([{ method, params }]);
    return result;
  }

  /** Sends the calls as one JSON-RPC batch (a single call is sent unbatched) and retries the whole batch. */
  async batch<T>(calls: { method: string; params: unknown[] }[]): Promise<T[]> {
    if (calls.length === 0) return [];
    const label = calls.length === 1 ? calls[0].method : `${calls[0].method} x${calls.length}`;
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.send<T>(calls);
      } catch (error) {
        const rpcError = toRpcError(error);
        if (!rpcError.retryable || attempt >= this.maxAttempts || this.closed) throw rpcError;
        const delay = Math.min(this.maxDelayMs, this.baseDelayMs * 2 ** (attempt - 1)) * (0.5 + Math.random() / 2);
        this.options.onRetry?.(label, attempt, Math.round(delay), rpcError);
        await this.backoff(delay);
        if (this.closed) throw rpcError;
      }
    }
  }

  private async send<T>(calls: { method: string; params: unknown[] }[]): Promise<T[]> {
    const requests = calls.map((c) => ({ jsonrpc: "2.0", id: this.nextId++, method: c.method, params: c.params }));
    const body = JSON.stringify(requests.length === 1 ? requests[0] : requests);
    let response: Response;
    try {
      response = await fetch(this.options.url, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body,
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (error) {
      const reason =
        (error as Error).name === "TimeoutError" ? `timed out after ${this.timeoutMs} ms` : describe(error);
      throw new RpcError(`JSON-RPC node ${this.options.url} unreachable: ${reason}`, undefined, true);
    }
    if (response.status === 429 || response.status >= 500) {
      throw new RpcError(`JSON-RPC node answered HTTP ${response.status}`, response.status, true);
    }
    if (!response.ok) throw new RpcError(`JSON-RPC node answered HTTP ${response.status}`, response.status, false);
    let parsed: JsonRpcResponse | JsonRpcResponse[];
    try {
      parsed = (await response.json()) as JsonRpcResponse | JsonRpcResponse[];
    } catch (error) {
      throw new RpcError(`JSON-RPC node sent an unreadable answer: ${describe(error)}`, undefined, true);
    }
    const answers = Array.isArray(parsed) ? parsed : [parsed];
    const byId = new Map(answers.map((a) => [a.id, a]));
    return requests.map((request) => {
      const answer = byId.get(request.id);
      if (!answer) throw new RpcError(`JSON-RPC node did not answer ${request.method}`, undefined, true);
      if (answer.error) {
        const { code, message } = answer.error;
        // Rate limits and "try again" conditions pass; a malformed request does not.
        const text = `${request.method}: ${message} (code ${code})`;
        if (isRangeTooLarge(new RpcError(text, code, false))) throw new RpcError(text, code, false);
        const retryable = code === 429 || code === -32603 || /rate|limit|timeout|busy|try again/i.test(message);
        throw new RpcError(text, code, retryable);
      }
      return answer.result as T;
    });
  }
}

function hex(n: number): string {
  return `0x${n.toString(16)}`;
}

function describe(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  return cause?.code ?? cause?.message ?? (error as Error).message ?? String(error);
}

function toRpcError(error: unknown): RpcError {
  if (error instanceof RpcError) return error;
  return new RpcError(describe(error), undefined, false);
}
