/**
 * `POST /rpc`: a JSON-RPC relay from browsers to the chain node the backend indexes, so the portal
 * needs no RPC URL of its own. Only read methods, gas and fee estimation, receipts and
 * eth_sendRawTransaction (transactions signed in the browser) pass: nothing that signs on the node
 * (eth_sendTransaction, eth_sign, ...), reads its accounts, or controls a development chain
 * (hardhat_*, evm_*, anvil_*). Single requests and batches of at most MAX_RELAY_BATCH are relayed in
 * one upstream call; every answer keeps the id its request had. Each client IP may send at most
 * RPC_RELAY_PER_MINUTE requests a minute (each request of a batch counts); past it the relay answers
 * HTTP 429 with Retry-After and JSON-RPC error -32005 (EIP-1474 "limit exceeded") without reaching the node.
 */
import { Inject, Injectable, Logger } from "@nestjs/common";
import { ApiException } from "../api/api.exception";
import { RateLimiter } from "../common/rate-limiter";
import type { BackendConfig } from "../config/config";
import { CONFIG } from "../common/tokens";

/** The methods the relay forwards; anything else is answered -32601 without reaching the node. */
export const RELAYED_METHODS: ReadonlySet<string> = new Set([
  "eth_chainId",
  "net_version",
  "eth_blockNumber",
  "eth_getBlockByNumber",
  "eth_getTransactionCount",
  "eth_estimateGas",
  "eth_gasPrice",
  "eth_maxPriorityFeePerGas",
  "eth_feeHistory",
  "eth_call",
  "eth_getBalance",
  "eth_getCode",
  "eth_sendRawTransaction",
  "eth_getTransactionByHash",
  "eth_getTransactionReceipt",
]);

/** Largest batch relayed. */
export const MAX_RELAY_BATCH = 20;

/** JSON-RPC 2.0 error codes the relay answers itself. */
export const RpcErrorCode = {
  PARSE_ERROR: -32700,
  INVALID_REQUEST: -32600,
  METHOD_NOT_FOUND: -32601,
  INTERNAL_ERROR: -32603,
  LIMIT_EXCEEDED: -32005,
} as const;

export type JsonRpcId = string | number | null;

export interface JsonRpcErrorObject {
  code: number;
  message: string;
  data?: unknown;
}

export interface JsonRpcAnswer {
  jsonrpc: "2.0";
  id: JsonRpcId;
  result?: unknown;
  error?: JsonRpcErrorObject;
}

/** What the relay answers: the HTTP status and the body (an object for a single request, an array for a batch). */
export interface RelayOutcome {
  status: number;
  body: JsonRpcAnswer | JsonRpcAnswer[];
  /** With status 429: seconds until the client may send again. */
  retryAfter?: number;
}

/** One request that passed the checks, waiting for the node's answer. */
interface Pending {
  /** Position in the batch (0 for a single request). */
  index: number;
  id: string | number;
  method: string;
  params: unknown[];
}

export function rpcError(id: JsonRpcId, code: number, message: string, data?: unknown): JsonRpcAnswer {
  return { jsonrpc: "2.0", id, error: data === undefined ? { code, message } : { code, message, data } };
}

/** A method name as it may appear in a message: printable and short. */
function shown(method: string): string {
  const clean = method.replace(/[^\x20-\x7e]/g, "?");
  return clean.length > 64 ? `${clean.slice(0, 64)}…` : clean;
}

/** Checks one request of the body: a Pending call, or the answer refusing it. */
function check(request: unknown, index: number): Pending | JsonRpcAnswer {
  if (typeof request !== "object" || request === null || Array.isArray(request)) {
    return rpcError(null, RpcErrorCode.INVALID_REQUEST, "a JSON-RPC request must be a JSON object");
  }
  const r = request as Record<string, unknown>;
  const id = typeof r.id === "string" || typeof r.id === "number" ? r.id : null;
  if (id === null) {
    return rpcError(
      null,
      RpcErrorCode.INVALID_REQUEST,
      "the request needs an id (a string or a number): notifications are not relayed",
    );
  }
  if (r.jsonrpc !== "2.0") return rpcError(id, RpcErrorCode.INVALID_REQUEST, 'jsonrpc must be "2.0"');
  if (typeof r.method !== "string" || r.method === "") {
    return rpcError(id, RpcErrorCode.INVALID_REQUEST, "method must be a non-empty string");
  }
  if (r.params !== undefined && !Array.isArray(r.params)) {
    return rpcError(id, RpcErrorCode.INVALID_REQUEST, "params must be an array");
  }
  if (!RELAYED_METHODS.has(r.method)) {
    return rpcError(id, RpcErrorCode.METHOD_NOT_FOUND, `method ${shown(r.method)} is not relayed`);
  }
  return { index, id, method: r.method, params: (r.params as unknown[] | undefined) ?? [] };
}

/** The node's error object, reduced to the standard fields. */
function upstreamError(error: unknown): JsonRpcErrorObject {
  const e = (typeof error === "object" && error !== null ? error : {}) as Record<string, unknown>;
  const code = typeof e.code === "number" ? e.code : RpcErrorCode.INTERNAL_ERROR;
  const message = typeof e.message === "string" ? e.message : "the chain node returned an error";
  return e.data === undefined ? { code, message } : { code, message, data: e.data };
}

/** Posts one JSON-RPC payload to `url` and returns its parsed JSON answer; throws with a readable reason. */
export async function postJsonRpc(url: string, payload: unknown, timeoutMs: number): Promise<unknown> {
  let response: Response;
  try {
    response = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(payload),
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (error) {
    const e = error as Error & { cause?: { code?: string; message?: string } };
    if (e.name === "TimeoutError") throw new Error(`no answer within ${timeoutMs} ms`);
    throw new Error(e.cause?.code ?? e.cause?.message ?? e.message);
  }
  const text = await response.text();
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new Error(`HTTP ${response.status} without a JSON-RPC answer`);
  }
  return parsed;
}

@Injectable()
export class RpcRelay {
  private readonly logger = new Logger("RpcRelay");
  private readonly requests: RateLimiter;

  constructor(@Inject(CONFIG) private readonly config: BackendConfig) {
    this.requests = new RateLimiter("JSON-RPC requests", config.relayPerMinute);
  }

  /** Relays a parsed request body (one request or a batch) sent from the client at `ip`. */
  async relay(body: unknown, ip: string, now = Date.now()): Promise<RelayOutcome> {
    const batch = Array.isArray(body);
    try {
      this.requests.hit(ip, now, batch ? Math.max(1, body.length) : 1);
    } catch (error) {
      if (!(error instanceof ApiException)) throw error;
      const retryAfter = Number(error.details.retryAfter ?? 60);
      this.logger.warn(`relay: ${ip} is over ${this.config.relayPerMinute} requests a minute`);
      return {
        status: 429,
        retryAfter,
        body: rpcError(null, RpcErrorCode.LIMIT_EXCEEDED, error.message, { retryAfter }),
      };
    }
    if (batch && body.length === 0) {
      return { status: 400, body: rpcError(null, RpcErrorCode.INVALID_REQUEST, "the batch is empty") };
    }
    if (batch && body.length > MAX_RELAY_BATCH) {
      return {
        status: 400,
        body: rpcError(
          null,
          RpcErrorCode.INVALID_REQUEST,
          `a batch may hold at most ${MAX_RELAY_BATCH} requests, got ${body.length}`,
        ),
      };
    }
    const requests: unknown[] = batch ? body : [body];
    const answers: (JsonRpcAnswer | null)[] = requests.map(() => null);
    const pending: Pending[] = [];
    requests.forEach((request, index) => {
      const checked = check(request, index);
      if ("jsonrpc" in checked) answers[index] = checked;
      else pending.push(checked);
    });

    let status = 200;
    if (pending.length > 0) {
      const failure = await this.forward(pending, answers);
      if (failure) status = 502;
    }
    const out = answers as JsonRpcAnswer[];
    if (batch) return { status, body: out };
    // A single request that was refused before reaching the node is a client error.
    const single = out[0];
    if (pending.length === 0 && single.error?.code === RpcErrorCode.INVALID_REQUEST) status = 400;
    return { status, body: single };
  }

  /** Sends the pending calls upstream in one payload and fills in their answers; true when the node failed. */
  private async forward(pending: Pending[], answers: (JsonRpcAnswer | null)[]): Promise<boolean> {
    // Upstream ids are positions, so that duplicate or odd client ids cannot mix answers up.
    const calls = pending.map((p) => ({ jsonrpc: "2.0", id: p.index, method: p.method, params: p.params }));
    const methods = pending.map((p) => p.method).join(", ");
    let reply: unknown;
    try {
      reply = await postJsonRpc(this.config.rpcUrl, calls.length === 1 ? calls[0] : calls, this.config.rpcTimeoutMs);
    } catch (error) {
      const reason = (error as Error).message;
      this.logger.warn(`relay: the chain node did not answer ${methods}: ${reason}`);
      for (const p of pending) {
        answers[p.index] = rpcError(
          p.id,
          RpcErrorCode.INTERNAL_ERROR,
          `the chain node is not reachable (${reason}); try again later`,
        );
      }
      return true;
    }
    const replies = Array.isArray(reply) ? reply : [reply];
    const byIndex = new Map<number, Record<string, unknown>>();
    for (const r of replies) {
      if (typeof r === "object" && r !== null && typeof (r as { id?: unknown }).id === "number") {
        byIndex.set((r as { id: number }).id, r as Record<string, unknown>);
      }
    }
    // A node that refuses the whole payload answers one error without our ids.
    const whole = !Array.isArray(reply) && byIndex.size === 0 ? (reply as Record<string, unknown> | null) : null;
    for (const p of pending) {
      const r = byIndex.get(p.index) ?? (whole && "error" in whole ? whole : undefined);
      if (!r) {
        answers[p.index] = rpcError(p.id, RpcErrorCode.INTERNAL_ERROR, "the chain node returned no answer for it");
      } else if (r.error !== undefined && r.error !== null) {
        answers[p.index] = { jsonrpc: "2.0", id: p.id, error: upstreamError(r.error) };
      } else {
        answers[p.index] = { jsonrpc: "2.0", id: p.id, result: r.result ?? null };
      }
      if (p.method === "eth_sendRawTransaction") {
        // The signed transaction itself is not logged.
        const answer = answers[p.index]!;
        this.logger.log(
          answer.error
            ? `relay: a raw transaction was refused: ${answer.error.message}`
            : `relay: raw transaction ${String(answer.result)} sent`,
        );
      }
    }
    this.logger.debug(`relay: ${methods}`);
    return false;
  }
}
