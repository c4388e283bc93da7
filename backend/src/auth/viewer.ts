/**
 * Who is asking: the signed-in member of a request, as the indexed membership says it is now (roles
 * and status are re-read on every request, so an admission, role change or suspension takes effect
 * at once). Every authorization decision of the API starts from a Viewer.
 */
import { Role } from "../../../scripts/lib/consortium";

export { Role };

export interface Viewer {
  /** EIP-55 checksummed address that signed in. */
  address: string;
  orgId: string;
  /** Role bits of the indexed membership (Role.*). */
  roles: number;
  /** SHA-256 of the session token (identifies the session, e.g. for sign-out and the audit log). */
  sessionId: string;
  expiresAt: Date;
}

export function hasRole(viewer: Pick<Viewer, "roles">, role: number): boolean {
  return (viewer.roles & role) !== 0;
}

/** The regulator reads everything and writes nothing. */
export function isRegulator(viewer: Pick<Viewer, "roles">): boolean {
  return hasRole(viewer, Role.REGULATOR);
}

/** Same account, whatever the letter case of the hex. */
export function sameAddress(a: string | null | undefined, b: string | null | undefined): boolean {
  return !!a && !!b && a.toLowerCase() === b.toLowerCase();
}
