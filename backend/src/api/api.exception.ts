/**
 * The API's errors: one exception class with a closed set of codes, and the single place
 * (`formatApiError`, Apollo's formatError) that turns every error into a GraphQL error whose
 * `extensions.code` is one of those codes. Unexpected errors are logged and answered as
 * INTERNAL_SERVER_ERROR without their details.
 */
import { IntrinsicException, Logger } from "@nestjs/common";
import { HeaderMap } from "@apollo/server";
import { GraphQLError, type GraphQLFormattedError } from "graphql";
import { BlockNotIndexedError } from "../indexer/sync-state";

export enum ApiErrorCode {
  /** An argument, variable, cursor or header value is invalid. */
  BAD_USER_INPUT = "BAD_USER_INPUT",
  /** The query nests fields deeper than allowed. */
  QUERY_TOO_DEEP = "QUERY_TOO_DEEP",
  /** The query uses more aliases than allowed. */
  TOO_MANY_ALIASES = "TOO_MANY_ALIASES",
  /** The query's estimated cost is above the limit. */
  QUERY_TOO_COMPLEX = "QUERY_TOO_COMPLEX",
  /** The block named by `x-min-block` / `extensions.minBlock` was not indexed in time. */
  BLOCK_NOT_INDEXED = "BLOCK_NOT_INDEXED",
  /** The query text does not parse. */
  GRAPHQL_PARSE_FAILED = "GRAPHQL_PARSE_FAILED",
  /** The query does not validate against the schema. */
  GRAPHQL_VALIDATION_FAILED = "GRAPHQL_VALIDATION_FAILED",
  /** The HTTP request is not a GraphQL request the server accepts. */
  BAD_REQUEST = "BAD_REQUEST",
  /** No valid session: sign in (SIWE) first, or the session expired or was signed out. */
  UNAUTHENTICATED = "UNAUTHENTICATED",
  /** The signed-in member's roles or party do not allow this, or the member is suspended. */
  FORBIDDEN = "FORBIDDEN",
  /** The named object does not exist or is not visible to the signed-in member. */
  NOT_FOUND = "NOT_FOUND",
  /** The request conflicts with the current state (e.g. a nonce already used, an application already decided). */
  CONFLICT = "CONFLICT",
  /** Too many requests from this client; retry after the `Retry-After` header's seconds. */
  RATE_LIMITED = "RATE_LIMITED",
  /** An upload is larger than allowed. */
  PAYLOAD_TOO_LARGE = "PAYLOAD_TOO_LARGE",
  /** An upload's content is not of an accepted type. */
  UNSUPPORTED_MEDIA_TYPE = "UNSUPPORTED_MEDIA_TYPE",
  /** A stored document does not match what was recorded for it (altered ciphertext or metadata). */
  DOCUMENT_TAMPERED = "DOCUMENT_TAMPERED",
  INTERNAL_SERVER_ERROR = "INTERNAL_SERVER_ERROR",
}

/** HTTP status of a request that fails as a whole with this code (resolver errors keep 200). */
export const HTTP_STATUS: Record<ApiErrorCode, number> = {
  [ApiErrorCode.BAD_USER_INPUT]: 400,
  [ApiErrorCode.QUERY_TOO_DEEP]: 400,
  [ApiErrorCode.TOO_MANY_ALIASES]: 400,
  [ApiErrorCode.QUERY_TOO_COMPLEX]: 400,
  [ApiErrorCode.BLOCK_NOT_INDEXED]: 503,
  [ApiErrorCode.GRAPHQL_PARSE_FAILED]: 400,
  [ApiErrorCode.GRAPHQL_VALIDATION_FAILED]: 400,
  [ApiErrorCode.BAD_REQUEST]: 400,
  [ApiErrorCode.UNAUTHENTICATED]: 401,
  [ApiErrorCode.FORBIDDEN]: 403,
  [ApiErrorCode.NOT_FOUND]: 404,
  [ApiErrorCode.CONFLICT]: 409,
  [ApiErrorCode.RATE_LIMITED]: 429,
  [ApiErrorCode.PAYLOAD_TOO_LARGE]: 413,
  [ApiErrorCode.UNSUPPORTED_MEDIA_TYPE]: 415,
  [ApiErrorCode.DOCUMENT_TAMPERED]: 422,
  [ApiErrorCode.INTERNAL_SERVER_ERROR]: 500,
};

/** Codes Apollo Server assigns itself, mapped onto ours. */
const APOLLO_CODES: Record<string, ApiErrorCode> = {
  BAD_USER_INPUT: ApiErrorCode.BAD_USER_INPUT,
  GRAPHQL_PARSE_FAILED: ApiErrorCode.GRAPHQL_PARSE_FAILED,
  GRAPHQL_VALIDATION_FAILED: ApiErrorCode.GRAPHQL_VALIDATION_FAILED,
  BAD_REQUEST: ApiErrorCode.BAD_REQUEST,
  OPERATION_RESOLUTION_FAILURE: ApiErrorCode.BAD_REQUEST,
  PERSISTED_QUERY_NOT_FOUND: ApiErrorCode.BAD_REQUEST,
  PERSISTED_QUERY_NOT_SUPPORTED: ApiErrorCode.BAD_REQUEST,
};

/** An IntrinsicException: Nest does not log it as a server error (it is the client's; formatApiError shapes it). */
export class ApiException extends IntrinsicException {
  constructor(
    public readonly code: ApiErrorCode,
    message: string,
    /** Extra fields of `extensions` (e.g. the argument at fault). */
    public readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = "ApiException";
  }

  static badInput(argument: string, message: string): ApiException {
    return new ApiException(ApiErrorCode.BAD_USER_INPUT, message, { argument });
  }
}

/**
 * A request-level failure (raised by a plugin before execution) as the GraphQLError Apollo expects,
 * with the HTTP status of its code. formatApiError still shapes what the client sees.
 */
export function requestError(exception: ApiException, headers?: Record<string, string>): GraphQLError {
  return new GraphQLError(exception.message, {
    originalError: exception,
    extensions: {
      code: exception.code,
      http: { status: HTTP_STATUS[exception.code], headers: new HeaderMap(Object.entries(headers ?? {})) },
    },
  });
}

/** The first error of type `type` in the `originalError` chain of `error`. */
function findCause<T>(error: unknown, type: abstract new (...args: never[]) => T): T | undefined {
  let current: unknown = error;
  for (let i = 0; i < 10 && current; i++) {
    if (current instanceof type) return current;
    current = (current as { originalError?: unknown }).originalError;
  }
  return undefined;
}

const logger = new Logger("GraphQL");

/** Apollo's formatError: every error leaves with `extensions.code` from ApiErrorCode, nothing else leaks. */
export function formatApiError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  const base = { message: formatted.message, locations: formatted.locations, path: formatted.path };
  const api = findCause(error, ApiException);
  if (api) return { ...base, extensions: { code: api.code, ...api.details } };
  const notIndexed = findCause(error, BlockNotIndexedError);
  if (notIndexed) {
    return {
      ...base,
      message: notIndexed.message,
      extensions: {
        code: ApiErrorCode.BLOCK_NOT_INDEXED,
        block: notIndexed.block,
        indexedBlock: notIndexed.indexedBlock,
        waitedMs: notIndexed.waitedMs,
      },
    };
  }
  const apolloCode = APOLLO_CODES[String(formatted.extensions?.code)];
  if (apolloCode) return { ...base, extensions: { code: apolloCode } };
  logger.error(`unexpected error: ${formatted.message}`, findCause(error, Error)?.stack);
  return { ...base, message: "Internal server error", extensions: { code: ApiErrorCode.INTERNAL_SERVER_ERROR } };
}
