import type { Request } from "express";
import type { Loaders } from "./loaders/loaders";

/** The GraphQL context of a request. */
export interface ApiContext {
  req: Request;
  loaders: Loaders;
}
