/** Argument and context decorators shared by the list queries. */
import { createParamDecorator, type ExecutionContext } from "@nestjs/common";
import { Args, GqlExecutionContext, Int } from "@nestjs/graphql";
import type { ApiContext } from "../api.context";
import { accessOf } from "./access";
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from "./pagination";

export const FirstArg = () =>
  Args("first", {
    type: () => Int,
    nullable: true,
    defaultValue: DEFAULT_PAGE_SIZE,
    description: `Page size (at most ${MAX_PAGE_SIZE}).`,
  });

export const AfterArg = () =>
  Args("after", { type: () => String, nullable: true, description: "Cursor (endCursor of the previous page)." });

/**
 * The request's DataLoaders, for its signed-in member (they apply the member's visibility rules); the
 * field fails UNAUTHENTICATED without a session.
 */
export const RequestLoaders = createParamDecorator((_: unknown, context: ExecutionContext) => {
  const ctx = GqlExecutionContext.create(context).getContext<ApiContext>();
  return ctx.loaders.for(accessOf(ctx));
});
