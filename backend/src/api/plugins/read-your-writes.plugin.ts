/**
 * Read-your-writes: a client that just sent a transaction names its block, in the `x-min-block`
 * header or the request's `extensions.minBlock`, and the query runs only once that block is indexed.
 * The wait is bounded (config.minBlockTimeoutMs); past it the request fails with BLOCK_NOT_INDEXED
 * (HTTP 503, Retry-After) so the client can retry.
 */
import type { ApolloServerPlugin, GraphQLRequest, GraphQLRequestListener } from "@apollo/server";
import { BlockNotIndexedError, type SyncState } from "../../indexer/sync-state";
import { ApiErrorCode, ApiException, requestError } from "../api.exception";

export const MIN_BLOCK_HEADER = "x-min-block";

function parseBlock(value: unknown, source: string): number {
  const n =
    typeof value === "number"
      ? value
      : typeof value === "string" && /^\d{1,15}$/.test(value.trim())
        ? Number(value)
        : NaN;
  if (!Number.isSafeInteger(n) || n < 0) {
    throw requestError(
      ApiException.badInput(
        source,
        `${source} must be a block number (a non-negative integer), got ${JSON.stringify(value)}`,
      ),
    );
  }
  return n;
}

/** The block the request waits for (the highest named), or undefined. */
export function minBlockOf(request: GraphQLRequest): number | undefined {
  const header = request.http?.headers.get(MIN_BLOCK_HEADER);
  const extension = request.extensions?.minBlock;
  const blocks: number[] = [];
  if (header !== undefined && header !== "") blocks.push(parseBlock(header, `header ${MIN_BLOCK_HEADER}`));
  if (extension !== undefined && extension !== null) blocks.push(parseBlock(extension, "extensions.minBlock"));
  return blocks.length > 0 ? Math.max(...blocks) : undefined;
}

export class ReadYourWritesPlugin implements ApolloServerPlugin {
  constructor(
    private readonly sync: SyncState,
    private readonly timeoutMs: number,
  ) {}

  async requestDidStart(): Promise<GraphQLRequestListener<Record<string, unknown>>> {
    const { sync, timeoutMs } = this;
    return {
      async didResolveOperation({ request }) {
        const block = minBlockOf(request);
        if (block === undefined) return;
        try {
          await sync.waitForBlock(block, timeoutMs);
        } catch (error) {
          if (!(error instanceof BlockNotIndexedError)) throw error;
          const exception = new ApiException(ApiErrorCode.BLOCK_NOT_INDEXED, error.message, {
            block: error.block,
            indexedBlock: error.indexedBlock,
            waitedMs: error.waitedMs,
          });
          throw requestError(exception, { "retry-after": "1" });
        }
      },
    };
  }
}
