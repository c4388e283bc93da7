/**
 * Sessions: a random bearer token handed to the client once (also as an httpOnly cookie), of which only
 * the SHA-256 is stored. `viewerFromRequest` turns a request's token into the signed-in member, re-reading
 * the indexed membership every time so that a suspension or blacklisting locks the member out at once.
 */
import { createHash, randomBytes } from "node:crypto";
import { Inject, Injectable } from "@nestjs/common";
import { and, eq, isNull } from "drizzle-orm";
import type { Request } from "express";
import { ApiErrorCode, ApiException } from "../api/api.exception";
import { CONFIG, DATABASE } from "../common/tokens";
import type { BackendConfig } from "../config/config";
import type { DatabaseHandle, Executor } from "../database/database";
import { authSessions, members, type Member } from "../database/schema";
import type { Viewer } from "./viewer";

export const SESSION_COOKIE = "scf_session";

export function hashToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

/** The token of a request: `Authorization: Bearer <token>`, else the session cookie. */
export function tokenOf(req: Pick<Request, "headers">): string | null {
  const header = req.headers.authorization;
  if (typeof header === "string" && header.trim() !== "") {
    const match = /^Bearer\s+([A-Za-z0-9_-]{20,200})$/.exec(header.trim());
    if (!match) {
      throw new ApiException(ApiErrorCode.UNAUTHENTICATED, "the Authorization header must be 'Bearer <session token>'");
    }
    return match[1];
  }
  const cookies = req.headers.cookie;
  if (typeof cookies !== "string") return null;
  for (const part of cookies.split(";")) {
    const [name, ...rest] = part.trim().split("=");
    if (name === SESSION_COOKIE && rest.length > 0) return decodeURIComponent(rest.join("="));
  }
  return null;
}

/** Why a member may not act now, or null when it may (admitted, active, not blacklisted). */
export function memberProblem(member: Member | undefined, address: string): string | null {
  if (!member || member.status === "None") return `${address} is not a member of the consortium`;
  if (member.blacklisted)
    return `member ${address} is blacklisted${member.blacklistReason ? ` (${member.blacklistReason})` : ""}`;
  if (member.status !== "Active") {
    return `member ${address} is suspended${member.suspensionReason ? ` (${member.suspensionReason})` : ""}`;
  }
  return null;
}

@Injectable()
export class SessionService {
  constructor(
    @Inject(DATABASE) private readonly database: DatabaseHandle,
    @Inject(CONFIG) private readonly config: BackendConfig,
  ) {}

  /** Opens a session for `address` (checked by the caller); returns the token, shown to the client only now. */
  async create(
    executor: Executor,
    address: string,
    expiresAt: Date,
    now = new Date(),
  ): Promise<{ token: string; sessionId: string }> {
    const token = randomBytes(32).toString("base64url");
    const sessionId = hashToken(token);
    await executor.insert(authSessions).values({
      tokenHash: sessionId,
      address,
      chainId: this.config.chainId,
      issuedAt: now,
      expiresAt,
    });
    return { token, sessionId };
  }

  async revoke(sessionId: string, now = new Date()): Promise<void> {
    await this.database.db
      .update(authSessions)
      .set({ revokedAt: now })
      .where(and(eq(authSessions.tokenHash, sessionId), isNull(authSessions.revokedAt)));
  }

  /**
   * The signed-in member of a request, or null without a token. A token that is unknown, expired or
   * signed out is UNAUTHENTICATED; a member no longer active is FORBIDDEN.
   */
  async viewerFromRequest(req: Pick<Request, "headers">, now = new Date()): Promise<Viewer | null> {
    const token = tokenOf(req);
    if (token === null) return null;
    const sessionId = hashToken(token);
    const [row] = await this.database.db
      .select({ session: authSessions, member: members })
      .from(authSessions)
      .leftJoin(members, eq(members.address, authSessions.address))
      .where(eq(authSessions.tokenHash, sessionId));
    if (!row || row.session.chainId !== this.config.chainId) {
      throw new ApiException(ApiErrorCode.UNAUTHENTICATED, "the session token is not valid; sign in again");
    }
    if (row.session.revokedAt) {
      throw new ApiException(ApiErrorCode.UNAUTHENTICATED, "the session was signed out; sign in again");
    }
    if (row.session.expiresAt.getTime() <= now.getTime()) {
      throw new ApiException(ApiErrorCode.UNAUTHENTICATED, "the session expired; sign in again");
    }
    const problem = memberProblem(row.member ?? undefined, row.session.address);
    if (problem) throw new ApiException(ApiErrorCode.FORBIDDEN, problem);
    return {
      address: row.session.address,
      orgId: row.member!.orgId,
      roles: row.member!.roles,
      sessionId,
      expiresAt: row.session.expiresAt,
    };
  }
}
