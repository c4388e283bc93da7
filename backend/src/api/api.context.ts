import type { Request, Response } from "express";
import type { RequestAuth } from "../auth/request-auth";
import type { Loaders } from "./loaders/loaders";

/** The GraphQL context of a request. */
export interface ApiContext {
  req: Request;
  res: Response;
  loaders: Loaders;
  /** Who is signed in (see CurrentViewer / OptionalViewer). */
  auth: RequestAuth;
}
