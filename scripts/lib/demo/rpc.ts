/**
 * Minimal JSON-RPC over HTTP with a deadline, used to check that a node answers before an ethers
 * provider is built on it (an ethers provider whose node is down retries forever instead of failing).
 * Depends on nothing generated, so `npm start` can use it before the contracts are compiled.
 */

/** The node could not be reached, or what answered is not a JSON-RPC endpoint. */
export class RpcUnreachableError extends Error {
  constructor(
    readonly url: string,
    readonly reason: string,
  ) {
    super(`cannot reach a JSON-RPC node at ${url} (${reason})`);
    this.name = "RpcUnreachableError";
  }
}

/** The node answered the call with a JSON-RPC error. */
export class RpcCallError extends Error {
  constructor(
    readonly method: string,
    readonly code: number | undefined,
    reason: string,
  ) {
    super(`${method} failed: ${reason}${code === undefined ? "" : ` (code ${code})`}`);
    this.name = "RpcCallError";
  }
}

let nextId = 1;

/** Why a fetch failed, in a few words ("connect ECONNREFUSED 127.0.0.1:8545", "timed out after 5000 ms"). */
function fetchFailure(error: unknown, timeoutMs: number): string {
  if (error instanceof Error) {
    if (error.name === "TimeoutError" || error.name === "AbortError") return `no answer within ${timeoutMs} ms`;
    const cause = (error as Error & { cause?: unknown }).cause;
    if (cause instanceof Error && cause.message) return cause.message;
    return error.message;
  }
  return String(error);
}

/** Sends one JSON-RPC request and returns its result; throws {RpcUnreachableError} or {RpcCallError}. */
export async function rpcCall(
  url: string,
  method: string,
  params: unknown[] = [],
  timeoutMs = 5_000,
): Promise<unknown> {
  let response: Response;
  try {
    response = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ jsonrpc: "2.0", id: nextId++, method, params }),
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (error) {
    throw new RpcUnreachableError(url, fetchFailure(error, timeoutMs));
  }
  let body: unknown;
  try {
    body = await response.json();
  } catch {
    throw new RpcUnreachableError(url, `HTTP ${response.status}, and the answer is not JSON-RPC`);
  }
  if (typeof body !== "object" || body === null) {
    throw new RpcUnreachableError(url, `HTTP ${response.status}, and the answer is not JSON-RPC`);
  }
  const { result, error } = body as { result?: unknown; error?: { code?: number; message?: string } };
  if (error) throw new RpcCallError(method, error.code, error.message ?? "unknown error");
  if (!response.ok) throw new RpcUnreachableError(url, `HTTP ${response.status}`);
  return result;
}

/** The chain id the node at `url` reports (eth_chainId). */
export async function probeChainId(url: string, timeoutMs = 5_000): Promise<number> {
  const result = await rpcCall(url, "eth_chainId", [], timeoutMs);
  if (typeof result !== "string" || !/^0x[0-9a-fA-F]+$/.test(result)) {
    throw new RpcUnreachableError(url, `eth_chainId returned ${JSON.stringify(result)}, not a hex quantity`);
  }
  return Number(BigInt(result));
}
