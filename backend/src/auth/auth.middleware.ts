/**
 * Resolves the sign-in state of every HTTP request once (`req.auth`), for the REST endpoints and the
 * GraphQL context alike.
 */
import { Inject, Injectable, type NestMiddleware } from "@nestjs/common";
import type { NextFunction, Request, Response } from "express";
import { RequestAuth } from "./request-auth";
import { SessionService } from "./sessions";

export type AuthenticatedRequest = Request & { auth?: RequestAuth };

@Injectable()
export class AuthMiddleware implements NestMiddleware {
  constructor(@Inject(SessionService) private readonly sessions: SessionService) {}

  use(req: AuthenticatedRequest, _res: Response, next: NextFunction): void {
    RequestAuth.resolve(() => this.sessions.viewerFromRequest(req)).then(
      (auth) => {
        req.auth = auth;
        next();
      },
      (error: unknown) => next(error),
    );
  }
}
