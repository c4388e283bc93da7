/**
 * Sign-In with Ethereum (EIP-4361): issues single-use nonces and the message to sign, then checks a
 * signed message (signature, domain, chain, nonce, time window, membership) and opens a session.
 *
 * Only externally owned accounts can sign in: the signature must recover (ecrecover, EIP-191) to the
 * message's address. Contract wallets (EIP-1271) are out of scope: that would need a call to the wallet
 * contract on the chain at every sign-in, and consortium members sign with their own keys.
 */
import { randomBytes } from "node:crypto";
import { Inject, Injectable } from "@nestjs/common";
import { and, eq, gt, isNull, lt } from "drizzle-orm";
import { Signature, verifyMessage, ZeroAddress } from "ethers";
import { SiweMessage } from "siwe";
import { ApiErrorCode, ApiException } from "../api/api.exception";
import { RateLimiter } from "../common/rate-limiter";
import { CONFIG, DATABASE } from "../common/tokens";
import type { BackendConfig } from "../config/config";
import type { DatabaseHandle } from "../database/database";
import { authNonces, members, type Member } from "../database/schema";
import { memberProblem, SessionService } from "./sessions";
import { sameAddress, type Viewer } from "./viewer";

export const SIWE_STATEMENT = "Sign in to the supply-chain finance consortium.";
/** How far in the future a message's issuedAt may be (clocks of wallets and server differ). */
export const ISSUED_AT_SKEW_MS = 60_000;
/** Longest message accepted: a real EIP-4361 message with this server's fields is well under 1 KiB. */
export const MAX_MESSAGE_LENGTH = 4096;
/** Expired nonces are kept this long so that a late sign-in hears "expired" rather than "unknown". */
const NONCE_RETENTION_MS = 3_600_000;

/** What the service needs to know about the HTTP request (taken from express by the resolver). */
export interface SignInClient {
  /** Client IP: the rate limiter's key. */
  ip: string;
  /** The request's Host header (host[:port]), if any. */
  host?: string;
  /** The port the server accepted the connection on (req.socket.localPort). */
  localPort?: number;
  /** The request came over https. */
  secure: boolean;
}

export interface SignInChallengeData {
  domain: string;
  address: string;
  statement: string;
  uri: string;
  version: string;
  chainId: number;
  nonce: string;
  issuedAt: Date;
  expirationTime: Date;
  nonceExpiresAt: Date;
  /** The full EIP-4361 text of the fields above: what the wallet signs. */
  message: string;
}

export interface SignInOutcome {
  /** Bearer token (also set as the session cookie); shown only now. */
  token: string;
  expiresAt: Date;
  viewer: Viewer;
}

/** Why a sign-in failed, for clients (extensions.reason) and tests; the message says it in words. */
export enum SignInFailure {
  MALFORMED_MESSAGE = "MALFORMED_MESSAGE",
  MALFORMED_SIGNATURE = "MALFORMED_SIGNATURE",
  SIGNATURE_MISMATCH = "SIGNATURE_MISMATCH",
  DOMAIN_MISMATCH = "DOMAIN_MISMATCH",
  CHAIN_MISMATCH = "CHAIN_MISMATCH",
  VERSION_UNSUPPORTED = "VERSION_UNSUPPORTED",
  EXPIRATION_MISSING = "EXPIRATION_MISSING",
  MESSAGE_EXPIRED = "MESSAGE_EXPIRED",
  MESSAGE_NOT_YET_VALID = "MESSAGE_NOT_YET_VALID",
  ISSUED_IN_FUTURE = "ISSUED_IN_FUTURE",
  NONCE_UNKNOWN = "NONCE_UNKNOWN",
  NONCE_EXPIRED = "NONCE_EXPIRED",
  NONCE_USED = "NONCE_USED",
  NOT_A_MEMBER = "NOT_A_MEMBER",
  MEMBER_SUSPENDED = "MEMBER_SUSPENDED",
  MEMBER_BLACKLISTED = "MEMBER_BLACKLISTED",
}

function fail(code: ApiErrorCode, reason: SignInFailure, message: string, details: Record<string, unknown> = {}) {
  return new ApiException(code, message, { reason, ...details });
}

function malformedSignature(why: string): ApiException {
  return new ApiException(ApiErrorCode.BAD_USER_INPUT, `the signature ${why}`, {
    argument: "signature",
    reason: SignInFailure.MALFORMED_SIGNATURE,
  });
}

/** The parser's complaints without its internal parse-state dump. */
function parseProblems(error: unknown): string {
  const lines = String((error as Error)?.message ?? error)
    .split("\n")
    .map((l) => l.trim())
    .filter((l) => l !== "" && !l.startsWith("Invalid message: {"))
    .map((l) =>
      l.replace(/^invalid message: max line number was (\d+)$/, "the text stops following EIP-4361 at line $1"),
    );
  return lines.length > 0 ? lines.join("; ") : "the text does not follow the EIP-4361 format";
}

function parseTime(value: string | undefined): Date | undefined {
  if (value === undefined) return undefined;
  const time = new Date(value);
  return Number.isNaN(time.getTime()) ? undefined : time;
}

function memberFailure(member: Member | undefined): SignInFailure {
  if (!member || member.status === "None") return SignInFailure.NOT_A_MEMBER;
  return member.blacklisted ? SignInFailure.MEMBER_BLACKLISTED : SignInFailure.MEMBER_SUSPENDED;
}

@Injectable()
export class SiweService {
  /** One counter per client IP for challenges and sign-ins together: a client cannot spend two budgets. */
  private readonly attempts: RateLimiter;

  constructor(
    @Inject(DATABASE) private readonly database: DatabaseHandle,
    @Inject(CONFIG) private readonly config: BackendConfig,
    @Inject(SessionService) private readonly sessions: SessionService,
  ) {
    this.attempts = new RateLimiter("sign-in attempts", config.signInPerMinute);
  }

  /** Counts one sign-in attempt of the client; RATE_LIMITED (with retryAfter) past the limit. */
  countAttempt(client: SignInClient, now = Date.now()): void {
    this.attempts.hit(client.ip, now);
  }

  /**
   * The domains a message may name: SIWE_DOMAIN, else this server as reached directly (localhost and
   * HOST at the port the connection came in on). Behind a proxy the port differs: set SIWE_DOMAIN.
   */
  expectedDomains(client: Pick<SignInClient, "localPort">): string[] {
    if (this.config.siweDomains.length > 0) return this.config.siweDomains.map((d) => d.toLowerCase());
    const port = client.localPort ?? this.config.port;
    const host = this.config.host.includes(":") ? `[${this.config.host}]` : this.config.host;
    return [...new Set([`localhost:${port}`, `${host.toLowerCase()}:${port}`])];
  }

  /** Issues a nonce for `address` (already EIP-55) and the message its wallet should sign. */
  async challenge(address: string, client: SignInClient, now = new Date()): Promise<SignInChallengeData> {
    if (address === ZeroAddress) {
      throw ApiException.badInput("address", "the zero address has no key and cannot sign in");
    }
    const expected = this.expectedDomains(client);
    // Echo the Host the client used when it is an accepted domain, so the wallet shows the site it is on.
    const requested = client.host?.toLowerCase();
    const domain = requested && expected.includes(requested) ? requested : expected[0];
    // 128 random bits as hex: alphanumeric, as EIP-4361 requires, and above its 96-bit minimum.
    const nonce = randomBytes(16).toString("hex");
    const issuedAt = new Date(now.getTime());
    const expirationTime = new Date(now.getTime() + this.config.sessionTtlSeconds * 1000);
    const nonceExpiresAt = new Date(now.getTime() + this.config.nonceTtlSeconds * 1000);
    const siwe = new SiweMessage({
      domain,
      address,
      statement: SIWE_STATEMENT,
      uri: `${client.secure ? "https" : "http"}://${domain}`,
      version: "1",
      chainId: this.config.chainId,
      nonce,
      issuedAt: issuedAt.toISOString(),
      expirationTime: expirationTime.toISOString(),
    });
    const message = siwe.prepareMessage();

    await this.database.db
      .delete(authNonces)
      .where(lt(authNonces.expiresAt, new Date(now.getTime() - NONCE_RETENTION_MS)));
    await this.database.db.insert(authNonces).values({ nonce, issuedAt, expiresAt: nonceExpiresAt });
    return {
      domain,
      address,
      statement: SIWE_STATEMENT,
      uri: siwe.uri,
      version: siwe.version,
      chainId: siwe.chainId,
      nonce,
      issuedAt,
      expirationTime,
      nonceExpiresAt,
      message,
    };
  }

  /**
   * Checks a signed EIP-4361 message and opens a session. Every check runs before anything is
   * written; then the nonce is consumed and the session inserted in one transaction, so a failed
   * sign-in leaves the nonce usable and two sign-ins racing with one nonce open one session.
   */
  async signIn(message: string, signature: string, client: SignInClient, now = new Date()): Promise<SignInOutcome> {
    const siwe = this.parse(message);
    const sig = this.parseSignature(signature);

    // The signature covers the exact text received, which is the text just parsed.
    const recovered = this.recover(message, sig);
    if (!sameAddress(recovered, siwe.address)) {
      throw fail(
        ApiErrorCode.UNAUTHENTICATED,
        SignInFailure.SIGNATURE_MISMATCH,
        `the signature was not made by ${siwe.address} (it recovers to ${recovered}); sign the message with that account's key (contract wallets are not supported)`,
      );
    }

    const domains = this.expectedDomains(client);
    if (!domains.includes(siwe.domain.toLowerCase())) {
      throw fail(
        ApiErrorCode.UNAUTHENTICATED,
        SignInFailure.DOMAIN_MISMATCH,
        `the message is for domain "${siwe.domain}", expected ${domains.map((d) => `"${d}"`).join(" or ")}`,
      );
    }
    if (siwe.chainId !== this.config.chainId) {
      throw fail(
        ApiErrorCode.UNAUTHENTICATED,
        SignInFailure.CHAIN_MISMATCH,
        `the message is for chain ${siwe.chainId}, expected chain ${this.config.chainId}`,
      );
    }
    if (siwe.version !== "1") {
      throw fail(
        ApiErrorCode.UNAUTHENTICATED,
        SignInFailure.VERSION_UNSUPPORTED,
        `the message has version "${siwe.version}", expected "1"`,
      );
    }

    const expirationTime = parseTime(siwe.expirationTime);
    if (!expirationTime) {
      // Without it a leaked signed message would sign in forever (until its nonce expired, at least).
      throw new ApiException(
        ApiErrorCode.BAD_USER_INPUT,
        "the message has no Expiration Time; this server requires one (use the message of signInChallenge)",
        { argument: "message", reason: SignInFailure.EXPIRATION_MISSING },
      );
    }
    if (expirationTime.getTime() <= now.getTime()) {
      throw fail(
        ApiErrorCode.UNAUTHENTICATED,
        SignInFailure.MESSAGE_EXPIRED,
        `the message expired at ${expirationTime.toISOString()}; ask for a new challenge`,
      );
    }
    const notBefore = parseTime(siwe.notBefore);
    if (notBefore && notBefore.getTime() > now.getTime()) {
      throw fail(
        ApiErrorCode.UNAUTHENTICATED,
        SignInFailure.MESSAGE_NOT_YET_VALID,
        `the message is not valid before ${notBefore.toISOString()}`,
      );
    }
    // The parser already requires a valid ISO 8601 Issued At.
    const issuedAt = parseTime(siwe.issuedAt) ?? now;
    if (issuedAt.getTime() > now.getTime() + ISSUED_AT_SKEW_MS) {
      throw fail(
        ApiErrorCode.UNAUTHENTICATED,
        SignInFailure.ISSUED_IN_FUTURE,
        `the message's Issued At (${siwe.issuedAt}) is in the future (more than ${ISSUED_AT_SKEW_MS / 1000} s after the server's time ${now.toISOString()})`,
      );
    }

    const [nonce] = await this.database.db.select().from(authNonces).where(eq(authNonces.nonce, siwe.nonce));
    if (!nonce) {
      throw fail(
        ApiErrorCode.UNAUTHENTICATED,
        SignInFailure.NONCE_UNKNOWN,
        `the nonce ${siwe.nonce} was not issued by this server; ask signInChallenge for one`,
      );
    }
    if (nonce.usedAt) {
      throw fail(
        ApiErrorCode.CONFLICT,
        SignInFailure.NONCE_USED,
        "the nonce was already used; ask for a new challenge",
      );
    }
    if (nonce.expiresAt.getTime() <= now.getTime()) {
      throw fail(
        ApiErrorCode.UNAUTHENTICATED,
        SignInFailure.NONCE_EXPIRED,
        `the nonce expired at ${nonce.expiresAt.toISOString()}; ask for a new challenge`,
      );
    }

    const [member] = await this.database.db.select().from(members).where(eq(members.address, siwe.address));
    const problem = memberProblem(member, siwe.address);
    if (problem) throw fail(ApiErrorCode.FORBIDDEN, memberFailure(member), problem);

    const ttlEnd = now.getTime() + this.config.sessionTtlSeconds * 1000;
    const expiresAt = new Date(Math.min(ttlEnd, expirationTime.getTime()));
    const { token, sessionId } = await this.database.db.transaction(async (tx) => {
      // The checks above read the nonce without a lock: this conditional update is what makes it single-use.
      const consumed = await tx
        .update(authNonces)
        .set({ usedAt: now })
        .where(and(eq(authNonces.nonce, siwe.nonce), isNull(authNonces.usedAt), gt(authNonces.expiresAt, now)))
        .returning({ nonce: authNonces.nonce });
      if (consumed.length === 0) {
        throw fail(
          ApiErrorCode.CONFLICT,
          SignInFailure.NONCE_USED,
          "nonce already used or expired; ask for a new challenge",
        );
      }
      return this.sessions.create(tx, siwe.address, expiresAt, now);
    });

    return {
      token,
      expiresAt,
      viewer: { address: member!.address, orgId: member!.orgId, roles: member!.roles, sessionId, expiresAt },
    };
  }

  private parse(message: string): SiweMessage {
    if (message.length > MAX_MESSAGE_LENGTH) {
      throw new ApiException(
        ApiErrorCode.BAD_USER_INPUT,
        `the message is ${message.length} characters long; at most ${MAX_MESSAGE_LENGTH} are accepted`,
        { argument: "message", reason: SignInFailure.MALFORMED_MESSAGE },
      );
    }
    try {
      return new SiweMessage(message);
    } catch (error) {
      throw new ApiException(
        ApiErrorCode.BAD_USER_INPUT,
        `the message is not a valid EIP-4361 (Sign-In with Ethereum) message: ${parseProblems(error)}`,
        { argument: "message", reason: SignInFailure.MALFORMED_MESSAGE },
      );
    }
  }

  /** The signer of `message`; a signature no key can have made (r or s zero, say) is malformed. */
  private recover(message: string, sig: Signature): string {
    try {
      return verifyMessage(message, sig);
    } catch {
      throw malformedSignature("recovers to no key (r or s out of range)");
    }
  }

  private parseSignature(signature: string): Signature {
    const bad = malformedSignature;
    // 65 bytes (r, s, v) as wallets return it, or the 64-byte compact form of EIP-2098.
    if (!/^0x([0-9a-fA-F]{130}|[0-9a-fA-F]{128})$/.test(signature)) {
      throw bad("must be 0x followed by 130 hex digits (r, s, v) or 128 (EIP-2098)");
    }
    try {
      return Signature.from(signature);
    } catch (error) {
      throw bad(
        `is not a valid secp256k1 signature: ${(error as { shortMessage?: string }).shortMessage ?? "invalid r, s or v"}`,
      );
    }
  }
}
