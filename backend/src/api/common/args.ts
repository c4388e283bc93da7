/** Argument and context decorators shared by the list queries. */
import { Args, Context, Int } from "@nestjs/graphql";
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

/** The request's DataLoaders. */
export const RequestLoaders = () => Context("loaders");
