/**
 * The sign-in state of one request, resolved once when its GraphQL context (or REST handler) starts.
 * A bad or expired token does not fail the request by itself: only an operation that needs a viewer
 * fails, with the token's error, so that e.g. a fresh sign-in still works with a stale cookie.
 */
import { createParamDecorator, type ExecutionContext } from "@nestjs/common";
import { GqlExecutionContext } from "@nestjs/graphql";
import { ApiErrorCode, ApiException } from "../api/api.exception";
import type { Viewer } from "./viewer";

export class RequestAuth {
  constructor(
    readonly viewer: Viewer | null,
    private readonly error: ApiException | null = null,
  ) {}

  /** The signed-in member; UNAUTHENTICATED (or the token's error) without one. */
  require(): Viewer {
    if (this.error) throw this.error;
    if (!this.viewer) {
      throw new ApiException(ApiErrorCode.UNAUTHENTICATED, "sign in first (SIWE): this operation needs a session");
    }
    return this.viewer;
  }

  /** The signed-in member or null; a bad token still fails. */
  optional(): Viewer | null {
    if (this.error) throw this.error;
    return this.viewer;
  }

  static async resolve(resolver: () => Promise<Viewer | null>): Promise<RequestAuth> {
    try {
      return new RequestAuth(await resolver());
    } catch (error) {
      if (error instanceof ApiException) return new RequestAuth(null, error);
      throw error;
    }
  }
}

function authOf(context: ExecutionContext): RequestAuth {
  const auth =
    context.getType<string>() === "graphql"
      ? GqlExecutionContext.create(context).getContext<{ auth?: RequestAuth }>().auth
      : context.switchToHttp().getRequest<{ auth?: RequestAuth }>().auth;
  if (!auth) throw new Error("the request's sign-in state was not resolved (RequestAuth missing from the context)");
  return auth;
}

/** Resolver/handler parameter: the signed-in member (the operation fails UNAUTHENTICATED without one). */
export const CurrentViewer = createParamDecorator((_: unknown, context: ExecutionContext) => authOf(context).require());

/** Resolver/handler parameter: the signed-in member or null. */
export const OptionalViewer = createParamDecorator((_: unknown, context: ExecutionContext) =>
  authOf(context).optional(),
);
