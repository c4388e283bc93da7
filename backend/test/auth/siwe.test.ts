/**
 * Sign-In with Ethereum over HTTP, on PGlite and PostgreSQL: challenge, signIn, viewer (bearer and
 * cookie), signOut, and every way a sign-in must fail without consuming the nonce or opening a session.
 */
import assert from "node:assert/strict";
import { eq } from "drizzle-orm";
import type { Wallet } from "ethers";
import { SiweMessage } from "siwe";
import type { ApiException } from "../../src/api/api.exception";
import { hashToken, SessionService } from "../../src/auth/sessions";
import { SiweService } from "../../src/auth/siwe.service";
import type { Database, DatabaseHandle } from "../../src/database/database";
import * as schema from "../../src/database/schema";
import { DATABASE_KINDS } from "../api/harness";
import {
  SIWE_DOMAIN,
  STRICT_SIGN_IN_PER_MINUTE,
  WALLETS,
  startAuthTestBed,
  type AuthTestBed,
  type GqlResult,
  type TestApp,
} from "./app";

const CHALLENGE = `mutation ($address: String!) {
  signInChallenge(address: $address) {
    domain address statement uri version chainId nonce issuedAt expirationTime nonceExpiresAt message
  }
}`;
const SIGN_IN = `mutation ($message: String!, $signature: String!) {
  signIn(message: $message, signature: $signature) { token expiresAt viewer { address orgId roles expiresAt } }
}`;
const VIEWER = `{ viewer { address orgId roles expiresAt } }`;
const SIGN_OUT = `mutation { signOut }`;

interface Challenge {
  domain: string;
  address: string;
  statement: string;
  uri: string;
  version: string;
  chainId: number;
  nonce: string;
  issuedAt: string;
  expirationTime: string;
  nonceExpiresAt: string;
  message: string;
}

const MINUTE = 60_000;
const iso = (offsetMs: number) => new Date(Date.now() + offsetMs).toISOString();
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

function ok(result: GqlResult): Record<string, any> {
  if (result.errors?.length) throw new Error(`unexpected errors: ${JSON.stringify(result.errors, null, 2)}`);
  return result.data!;
}

/** The single error of a response, checked for its code (and reason, when given). */
function failure(result: GqlResult, code: string, reason?: string) {
  assert.equal(result.errors?.length, 1, `expected one error, got ${JSON.stringify(result.errors ?? result.data)}`);
  const [error] = result.errors!;
  assert.equal(error.extensions?.code, code, error.message);
  if (reason) assert.equal(error.extensions?.reason, reason, error.message);
  return error;
}

/** The challenge's fields with some replaced (undefined removes an optional one), as EIP-4361 text. */
function rebuild(challenge: Challenge, overrides: Partial<ConstructorParameters<typeof SiweMessage>[0] & object>) {
  return new SiweMessage({
    domain: challenge.domain,
    address: challenge.address,
    statement: challenge.statement,
    uri: challenge.uri,
    version: challenge.version,
    chainId: challenge.chainId,
    nonce: challenge.nonce,
    issuedAt: challenge.issuedAt,
    expirationTime: challenge.expirationTime,
    ...overrides,
  }).prepareMessage();
}

for (const kind of DATABASE_KINDS) {
  describe(`Sign-In with Ethereum (${kind})`, function () {
    let bed: AuthTestBed;
    let main: TestApp;

    before(async function () {
      bed = await startAuthTestBed(kind);
      main = bed.main;
    });
    after(async function () {
      await bed?.close();
    });

    async function challenge(wallet: Wallet, app: TestApp = main): Promise<Challenge> {
      return ok(await app.gql(CHALLENGE, { address: wallet.address })).signInChallenge as Challenge;
    }

    async function signIn(message: string, signature: string, app: TestApp = main, headers?: Record<string, string>) {
      return app.gql(SIGN_IN, { message, signature }, headers);
    }

    async function sessionsOf(address: string) {
      return bed.database.db.select().from(schema.authSessions).where(eq(schema.authSessions.address, address));
    }

    async function nonceRow(nonce: string) {
      const [row] = await bed.database.db.select().from(schema.authNonces).where(eq(schema.authNonces.nonce, nonce));
      return row;
    }

    /** Runs a sign-in expected to fail and checks that it changed neither the sessions nor the nonce. */
    async function rejected(
      nonce: string,
      message: string,
      signature: string,
      code: string,
      reason?: string,
    ): Promise<{ message: string; extensions?: Record<string, any> }> {
      const sessionsBefore = await bed.database.db.select().from(schema.authSessions);
      const nonceBefore = await nonceRow(nonce);
      const result = await signIn(message, signature);
      const error = failure(result, code, reason);
      assert.equal(result.headers.get("set-cookie"), null, "a failed sign-in sets no cookie");
      assert.deepEqual(await bed.database.db.select().from(schema.authSessions), sessionsBefore);
      assert.deepEqual(await nonceRow(nonce), nonceBefore);
      return error;
    }

    /** After a rejected attempt, the untouched challenge still signs in: proof the nonce stayed usable. */
    async function stillUsable(c: Challenge, wallet: Wallet) {
      ok(await signIn(c.message, await wallet.signMessage(c.message)));
    }

    describe("happy path", function () {
      it("issues a challenge whose message is the EIP-4361 text of its fields", async function () {
        const lower = WALLETS.active.address.toLowerCase();
        const c = ok(await main.gql(CHALLENGE, { address: lower })).signInChallenge as Challenge;
        assert.equal(c.address, WALLETS.active.address, "the address comes back EIP-55");
        assert.equal(c.domain, SIWE_DOMAIN);
        assert.equal(c.uri, `http://${SIWE_DOMAIN}`);
        assert.equal(c.version, "1");
        assert.equal(c.chainId, 31337);
        assert.match(c.nonce, /^[A-Za-z0-9]{24,}$/, "at least 96 bits, alphanumeric");
        assert.equal(c.message, rebuild(c, {}));
        const parsed = new SiweMessage(c.message);
        assert.equal(parsed.nonce, c.nonce);
        assert.equal(parsed.expirationTime, c.expirationTime);
        const row = await nonceRow(c.nonce);
        assert.equal(row.usedAt, null);
        assert.equal(row.expiresAt.toISOString(), c.nonceExpiresAt);
        const ttl = row.expiresAt.getTime() - row.issuedAt.getTime();
        assert.equal(ttl, 300_000, "nonce expiry = now + nonceTtlSeconds");

        const other = await challenge(WALLETS.active);
        assert.notEqual(other.nonce, c.nonce, "every challenge has its own nonce");
      });

      it("refuses a challenge for something that is not an address", async function () {
        for (const address of ["0x1234", "hello", WALLETS.active.address.replace(/[a-f]/, (x) => x.toUpperCase())]) {
          const error = failure(await main.gql(CHALLENGE, { address }), "BAD_USER_INPUT");
          assert.match(error.message, /must be an address/);
        }
      });

      it("signs in, answers viewer by bearer and by cookie, signs out, then rejects the token", async function () {
        const wallet = WALLETS.active;
        const c = await challenge(wallet);
        const before = Date.now();
        const result = await signIn(c.message, await wallet.signMessage(c.message));
        const { token, expiresAt, viewer } = ok(result).signIn;
        assert.match(token, /^[A-Za-z0-9_-]{40,}$/);
        assert.deepEqual(viewer, {
          address: wallet.address,
          orgId: "org-active",
          roles: ["SUPPLIER", "BANK"],
          expiresAt,
        });
        // Both the session TTL (3600 s) and the challenge's expirationTime give about now + 1 h.
        assert.equal(expiresAt, c.expirationTime);
        assert.ok(Math.abs(Date.parse(expiresAt) - (before + 3_600_000)) < 10_000);

        const cookie = result.headers.get("set-cookie")!;
        assert.match(cookie, new RegExp(`^scf_session=${token};`));
        assert.match(cookie, /; HttpOnly/);
        assert.match(cookie, /; SameSite=Strict/);
        assert.match(cookie, /; Path=\//);
        const maxAge = Number(/Max-Age=(\d+)/.exec(cookie)?.[1]);
        assert.ok(Math.abs(maxAge - 3600) <= 5, `Max-Age ${maxAge}`);
        assert.doesNotMatch(cookie, /Secure/, "plain http: no Secure flag");

        const [session] = (await sessionsOf(wallet.address)).filter((s) => s.tokenHash === hashToken(token));
        assert.ok(session, "the session is stored by the token's hash only");
        assert.equal(session.expiresAt.toISOString(), expiresAt);
        assert.ok((await nonceRow(c.nonce)).usedAt, "the nonce is consumed");

        const expected = { address: wallet.address, orgId: "org-active", roles: ["SUPPLIER", "BANK"], expiresAt };
        assert.deepEqual(ok(await main.gql(VIEWER, {}, bearer(token))).viewer, expected);
        assert.deepEqual(ok(await main.gql(VIEWER, {}, { cookie: `other=1; scf_session=${token}` })).viewer, expected);
        assert.equal(ok(await main.gql(VIEWER)).viewer, null, "no token: no viewer");

        const out = await main.gql(SIGN_OUT, {}, bearer(token));
        assert.equal(ok(out).signOut, true);
        assert.match(out.headers.get("set-cookie")!, /^scf_session=;.*Expires=Thu, 01 Jan 1970/);
        assert.ok((await sessionsOf(wallet.address)).find((s) => s.tokenHash === hashToken(token))?.revokedAt);

        const byBearer = failure(await main.gql(VIEWER, {}, bearer(token)), "UNAUTHENTICATED");
        assert.match(byBearer.message, /signed out/);
        failure(await main.gql(VIEWER, {}, { cookie: `scf_session=${token}` }), "UNAUTHENTICATED");
        failure(await main.gql(SIGN_OUT, {}, bearer(token)), "UNAUTHENTICATED");
      });

      it("ends the session with the message's expirationTime when it is sooner than the session TTL", async function () {
        const c = await challenge(WALLETS.active);
        const expirationTime = iso(2 * MINUTE);
        const message = rebuild(c, { expirationTime });
        const { expiresAt } = ok(await signIn(message, await WALLETS.active.signMessage(message))).signIn;
        assert.equal(expiresAt, expirationTime);
      });

      it("refuses signOut without a session, for nobody to sign out", async function () {
        const error = failure(await main.gql(SIGN_OUT), "UNAUTHENTICATED");
        assert.match(error.message, /sign in first/);
      });

      it("signs in despite a stale cookie, and replaces it", async function () {
        const c = await challenge(WALLETS.active);
        const result = await signIn(c.message, await WALLETS.active.signMessage(c.message), main, {
          cookie: "scf_session=stale-token-that-was-never-issued",
        });
        const { token } = ok(result).signIn;
        assert.match(result.headers.get("set-cookie")!, new RegExp(`^scf_session=${token};`));
      });
    });

    describe("nonces", function () {
      it("refuses a second sign-in with the same message (CONFLICT)", async function () {
        const c = await challenge(WALLETS.active);
        const signature = await WALLETS.active.signMessage(c.message);
        ok(await signIn(c.message, signature));
        const error = await rejected(c.nonce, c.message, signature, "CONFLICT", "NONCE_USED");
        assert.match(error.message, /already used/);
      });

      it("opens exactly one session when four sign-ins race with one nonce", async function () {
        const c = await challenge(WALLETS.active);
        const signature = await WALLETS.active.signMessage(c.message);
        const sessionsBefore = (await sessionsOf(WALLETS.active.address)).length;
        const results = await Promise.all(Array.from({ length: 4 }, () => signIn(c.message, signature)));
        const succeeded = results.filter((r) => !r.errors);
        assert.equal(succeeded.length, 1, JSON.stringify(results.map((r) => r.errors ?? "ok")));
        for (const r of results.filter((r) => r.errors)) failure(r, "CONFLICT", "NONCE_USED");
        assert.equal((await sessionsOf(WALLETS.active.address)).length, sessionsBefore + 1);
      });

      it("refuses a nonce consumed between the checks and the transaction (the conditional update)", async function () {
        // PGlite runs one statement at a time, so racing over HTTP rarely interleaves there: this makes the
        // interleaving certain by consuming the nonce just before signIn's transaction starts.
        const c = await challenge(WALLETS.active);
        const consumeFirst: DatabaseHandle = {
          ...bed.database,
          db: new Proxy(bed.database.db, {
            get(target, property, receiver) {
              if (property !== "transaction") return Reflect.get(target, property, receiver);
              return async (...args: Parameters<Database["transaction"]>) => {
                await target
                  .update(schema.authNonces)
                  .set({ usedAt: new Date() })
                  .where(eq(schema.authNonces.nonce, c.nonce));
                return target.transaction(...args);
              };
            },
          }),
        };
        const siwe = new SiweService(consumeFirst, bed.config, new SessionService(consumeFirst, bed.config));
        const sessionsBefore = await bed.database.db.select().from(schema.authSessions);
        await assert.rejects(
          siwe.signIn(c.message, await WALLETS.active.signMessage(c.message), {
            ip: "127.0.0.1",
            localPort: main.port,
            secure: false,
          }),
          (error: ApiException) => {
            assert.equal(error.code, "CONFLICT");
            assert.match(error.message, /nonce already used or expired/);
            return true;
          },
        );
        assert.deepEqual(await bed.database.db.select().from(schema.authSessions), sessionsBefore);
      });

      it("refuses an expired nonce", async function () {
        const nonce = "expirednonce0123456789ab";
        await bed.database.db.insert(schema.authNonces).values({
          nonce,
          issuedAt: new Date(Date.now() - 10 * MINUTE),
          expiresAt: new Date(Date.now() - MINUTE),
        });
        const c = await challenge(WALLETS.active);
        const message = rebuild(c, { nonce });
        const error = await rejected(
          nonce,
          message,
          await WALLETS.active.signMessage(message),
          "UNAUTHENTICATED",
          "NONCE_EXPIRED",
        );
        assert.match(error.message, /nonce expired/);
      });

      it("refuses a nonce this server never issued", async function () {
        const c = await challenge(WALLETS.active);
        const message = rebuild(c, { nonce: "neverissued0123456789abc" });
        const error = await rejected(
          "neverissued0123456789abc",
          message,
          await WALLETS.active.signMessage(message),
          "UNAUTHENTICATED",
          "NONCE_UNKNOWN",
        );
        assert.match(error.message, /not issued by this server/);
      });
    });

    describe("message checks", function () {
      const cases: {
        name: string;
        overrides: () => Record<string, unknown>;
        code: string;
        reason: string;
        says: RegExp;
      }[] = [
        {
          name: "another domain",
          overrides: () => ({ domain: "evil.test", uri: "http://evil.test" }),
          code: "UNAUTHENTICATED",
          reason: "DOMAIN_MISMATCH",
          says: /for domain "evil.test", expected "api.test"/,
        },
        {
          name: "another chain id",
          overrides: () => ({ chainId: 1 }),
          code: "UNAUTHENTICATED",
          reason: "CHAIN_MISMATCH",
          says: /for chain 1, expected chain 31337/,
        },
        {
          name: "no expirationTime",
          overrides: () => ({ expirationTime: undefined }),
          code: "BAD_USER_INPUT",
          reason: "EXPIRATION_MISSING",
          says: /no Expiration Time/,
        },
        {
          name: "an expired message",
          overrides: () => ({ issuedAt: iso(-10 * MINUTE), expirationTime: iso(-MINUTE) }),
          code: "UNAUTHENTICATED",
          reason: "MESSAGE_EXPIRED",
          says: /message expired at/,
        },
        {
          name: "notBefore in the future",
          overrides: () => ({ notBefore: iso(10 * MINUTE) }),
          code: "UNAUTHENTICATED",
          reason: "MESSAGE_NOT_YET_VALID",
          says: /not valid before/,
        },
        {
          name: "issuedAt in the future (beyond 60 s of skew)",
          overrides: () => ({ issuedAt: iso(5 * MINUTE) }),
          code: "UNAUTHENTICATED",
          reason: "ISSUED_IN_FUTURE",
          says: /Issued At .* is in the future/,
        },
      ];
      for (const t of cases) {
        it(`refuses ${t.name}, leaving the nonce usable`, async function () {
          const c = await challenge(WALLETS.active);
          const message = rebuild(c, t.overrides());
          const signature = await WALLETS.active.signMessage(message);
          const error = await rejected(c.nonce, message, signature, t.code, t.reason);
          assert.match(error.message, t.says);
          await stillUsable(c, WALLETS.active);
        });
      }

      it("accepts issuedAt slightly ahead of the server clock and a notBefore that has passed", async function () {
        const c = await challenge(WALLETS.active);
        const message = rebuild(c, { issuedAt: iso(30_000), notBefore: iso(-MINUTE) });
        ok(await signIn(message, await WALLETS.active.signMessage(message)));
      });

      it("refuses a signature made by another key", async function () {
        const c = await challenge(WALLETS.active);
        const error = await rejected(
          c.nonce,
          c.message,
          await WALLETS.other.signMessage(c.message),
          "UNAUTHENTICATED",
          "SIGNATURE_MISMATCH",
        );
        assert.match(
          error.message,
          new RegExp(`not made by ${WALLETS.active.address}.*recovers to ${WALLETS.other.address}`),
        );
        await stillUsable(c, WALLETS.active);
      });

      it("refuses a signature over other text than the message", async function () {
        const c = await challenge(WALLETS.active);
        const signature = await WALLETS.active.signMessage(c.message);
        const tampered = c.message.replace(c.statement, "I agree to anything.");
        await rejected(c.nonce, tampered, signature, "UNAUTHENTICATED", "SIGNATURE_MISMATCH");
      });

      it("refuses malformed messages, saying what is wrong", async function () {
        const c = await challenge(WALLETS.active);
        const lowercase = c.message.replace(WALLETS.active.address, WALLETS.active.address.toLowerCase());
        for (const [message, says] of [
          ["hello", /not a valid EIP-4361.*line 1/],
          [lowercase, /invalid EIP-55 address/],
          [c.message.replace(/Nonce: .*/, "Nonce: ab"), /invalid nonce/],
          ["x".repeat(5000), /at most 4096/],
        ] as const) {
          const signature = await WALLETS.active.signMessage(message);
          const error = await rejected(c.nonce, message, signature, "BAD_USER_INPUT", "MALFORMED_MESSAGE");
          assert.match(error.message, says);
          assert.equal(error.extensions?.argument, "message");
        }
      });

      it("refuses malformed signatures", async function () {
        const c = await challenge(WALLETS.active);
        const good = await WALLETS.active.signMessage(c.message);
        for (const signature of ["", "0x1234", good.slice(2), `${good}00`, `${good.slice(0, -2)}05`]) {
          const error = await rejected(c.nonce, c.message, signature, "BAD_USER_INPUT", "MALFORMED_SIGNATURE");
          assert.equal(error.extensions?.argument, "signature");
        }
        await stillUsable(c, WALLETS.active);
      });
    });

    describe("membership", function () {
      for (const [name, wallet, reason, says] of [
        ["a suspended member", WALLETS.suspended, "MEMBER_SUSPENDED", /is suspended \(late filings\)/],
        ["a blacklisted member", WALLETS.blacklisted, "MEMBER_BLACKLISTED", /is blacklisted \(sanctions list\)/],
        ["an account blacklisted before admission", WALLETS.blacklistedUnadmitted, "NOT_A_MEMBER", /not a member/],
        ["an unknown address", WALLETS.unknown, "NOT_A_MEMBER", /not a member of the consortium/],
      ] as const) {
        it(`refuses ${name} (FORBIDDEN), leaving the nonce usable`, async function () {
          const c = await challenge(wallet);
          const error = await rejected(c.nonce, c.message, await wallet.signMessage(c.message), "FORBIDDEN", reason);
          assert.match(error.message, says);
          assert.equal((await sessionsOf(wallet.address)).length, 0);
        });
      }
    });

    describe("session tokens", function () {
      it("rejects an expired session token", async function () {
        const token = "expired-session-token-0123456789abcdef";
        await bed.database.db.insert(schema.authSessions).values({
          tokenHash: hashToken(token),
          address: WALLETS.active.address,
          chainId: 31337,
          issuedAt: new Date(Date.now() - 2 * 3_600_000),
          expiresAt: new Date(Date.now() - 3_600_000),
        });
        const error = failure(await main.gql(VIEWER, {}, bearer(token)), "UNAUTHENTICATED");
        assert.match(error.message, /session expired/);
        failure(await main.gql(SIGN_OUT, {}, bearer(token)), "UNAUTHENTICATED");
      });

      it("rejects garbage in the Authorization header and unknown tokens", async function () {
        for (const authorization of ["Bearer !!!", "Basic dXNlcjpwYXNz", "Bearer", "token-without-scheme-0123456789"]) {
          const error = failure(await main.gql(VIEWER, {}, { authorization }), "UNAUTHENTICATED");
          assert.match(error.message, /Bearer <session token>/);
        }
        const unknown = failure(await main.gql(VIEWER, {}, bearer("never-issued-token-0123456789")), "UNAUTHENTICATED");
        assert.match(unknown.message, /not valid/);
      });

      it("locks out a member suspended after signing in", async function () {
        const c = await challenge(WALLETS.active);
        const { token } = ok(await signIn(c.message, await WALLETS.active.signMessage(c.message))).signIn;
        const where = eq(schema.members.address, WALLETS.active.address);
        await bed.database.db
          .update(schema.members)
          .set({ status: "Suspended", suspensionReason: "audit" })
          .where(where);
        try {
          const error = failure(await main.gql(VIEWER, {}, bearer(token)), "FORBIDDEN");
          assert.match(error.message, /suspended \(audit\)/);
        } finally {
          await bed.database.db.update(schema.members).set({ status: "Active", suspensionReason: null }).where(where);
        }
        assert.deepEqual(ok(await main.gql(VIEWER, {}, bearer(token))).viewer.roles, ["SUPPLIER", "BANK"]);
      });
    });

    describe("without SIWE_DOMAIN, rate limited", function () {
      it("binds messages to the server's own address and limits attempts per client IP", async function () {
        const strict = bed.strict;
        const own = `127.0.0.1:${strict.port}`;
        // Attempt 1: the challenge names the host:port the client reached.
        const c = await challenge(WALLETS.active, strict);
        assert.equal(c.domain, own);
        assert.equal(c.uri, `http://${own}`);
        // Attempt 2: it signs in.
        ok(await signIn(c.message, await WALLETS.active.signMessage(c.message), strict));
        // Attempts 3 and 4: a message for the configured domain of the other app is not for this server.
        const d = await challenge(WALLETS.active, strict);
        const foreign = rebuild(d, { domain: SIWE_DOMAIN, uri: `http://${SIWE_DOMAIN}` });
        const wrong = failure(
          await signIn(foreign, await WALLETS.active.signMessage(foreign), strict),
          "UNAUTHENTICATED",
          "DOMAIN_MISMATCH",
        );
        assert.ok(wrong.message.includes(`expected "localhost:${strict.port}" or "${own}"`), wrong.message);
        // Attempt 5: localhost at the same port is this server too.
        const e = await challenge(WALLETS.active, strict);
        const local = rebuild(e, { domain: `localhost:${strict.port}`, uri: `http://localhost:${strict.port}` });
        const localSignature = await WALLETS.active.signMessage(local);
        assert.equal(STRICT_SIGN_IN_PER_MINUTE, 5);

        // Attempt 6 (limit + 1): refused before anything is checked, the nonce untouched.
        const limited = await signIn(local, localSignature, strict);
        const error = failure(limited, "RATE_LIMITED");
        assert.ok(error.extensions?.retryAfter >= 1 && error.extensions?.retryAfter <= 60, error.message);
        assert.equal(limited.headers.get("retry-after"), String(error.extensions?.retryAfter));
        assert.match(error.message, /at most 5 per 60 s/);
        assert.equal((await nonceRow(e.nonce)).usedAt, null);
        failure(await strict.gql(CHALLENGE, { address: WALLETS.active.address }), "RATE_LIMITED");

        // Another app instance counts for itself: the main app still serves this client.
        await challenge(WALLETS.active, main);
      });
    });
  });
}
