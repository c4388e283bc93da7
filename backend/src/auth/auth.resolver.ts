/**
 * Sign-in operations: signInChallenge and signIn (SIWE, rate limited per client IP), signOut, and the
 * viewer query. The session token is returned and also set as an httpOnly cookie for browsers.
 */
import { Inject } from "@nestjs/common";
import { Args, Context, Mutation, Query, Resolver } from "@nestjs/graphql";
import type { CookieOptions, Request, Response } from "express";
import type { ApiContext } from "../api/api.context";
import { ApiErrorCode, ApiException } from "../api/api.exception";
import { roleNames } from "../api/common/enums";
import { AddressPipe } from "../api/common/validation";
import { SignInChallenge, SignInResult, Viewer as ViewerModel } from "./auth.model";
import { CurrentViewer, OptionalViewer } from "./request-auth";
import { SESSION_COOKIE, SessionService } from "./sessions";
import { SiweService, type SignInClient } from "./siwe.service";
import type { Viewer } from "./viewer";

function clientOf(req: Request): SignInClient {
  return {
    ip: req.ip ?? req.socket?.remoteAddress ?? "unknown",
    host: req.headers.host,
    localPort: req.socket?.localPort,
    secure: req.secure,
  };
}

function cookieOptions(req: Request): CookieOptions {
  // SameSite=Strict: the cookie never rides on a request started by another site (no CSRF on mutations).
  return { httpOnly: true, sameSite: "strict", path: "/", secure: req.secure };
}

function viewerModel(viewer: Viewer): ViewerModel {
  return { address: viewer.address, orgId: viewer.orgId, roles: roleNames(viewer.roles), expiresAt: viewer.expiresAt };
}

@Resolver()
export class AuthResolver {
  constructor(
    @Inject(SiweService) private readonly siwe: SiweService,
    @Inject(SessionService) private readonly sessions: SessionService,
  ) {}

  @Mutation(() => SignInChallenge, {
    description: "Step 1 of sign-in: a single-use nonce and the EIP-4361 message for `address` to sign.",
  })
  async signInChallenge(
    @Args("address", { type: () => String }, AddressPipe) address: string,
    @Context() context: ApiContext,
  ): Promise<SignInChallenge> {
    const client = clientOf(context.req);
    this.countAttempt(client, context.res);
    return this.siwe.challenge(address, client);
  }

  @Mutation(() => SignInResult, {
    description:
      "Step 2 of sign-in: the challenge's message and its signature; opens a session (token, and the scf_session cookie).",
  })
  async signIn(
    @Args("message", { type: () => String }) message: string,
    @Args("signature", { type: () => String }) signature: string,
    @Context() context: ApiContext,
  ): Promise<SignInResult> {
    const client = clientOf(context.req);
    this.countAttempt(client, context.res);
    const outcome = await this.siwe.signIn(message, signature, client);
    context.res.cookie(SESSION_COOKIE, outcome.token, {
      ...cookieOptions(context.req),
      maxAge: Math.max(0, outcome.expiresAt.getTime() - Date.now()),
    });
    return { token: outcome.token, expiresAt: outcome.expiresAt, viewer: viewerModel(outcome.viewer) };
  }

  @Mutation(() => Boolean, { description: "Ends the current session (its token stops working) and clears the cookie." })
  async signOut(@CurrentViewer() viewer: Viewer, @Context() context: ApiContext): Promise<boolean> {
    await this.sessions.revoke(viewer.sessionId);
    context.res.clearCookie(SESSION_COOKIE, cookieOptions(context.req));
    return true;
  }

  @Query(() => ViewerModel, { nullable: true, description: "The signed-in member; null without a session." })
  viewer(@OptionalViewer() viewer: Viewer | null): ViewerModel | null {
    return viewer ? viewerModel(viewer) : null;
  }

  private countAttempt(client: SignInClient, res: Response): void {
    try {
      this.siwe.countAttempt(client);
    } catch (error) {
      // The error itself keeps HTTP 200 (a resolver error); the header is there for HTTP-level clients.
      if (error instanceof ApiException && error.code === ApiErrorCode.RATE_LIMITED) {
        res.setHeader("Retry-After", String(error.details.retryAfter));
      }
      throw error;
    }
  }
}
