/**
 * The checks every prepared step shares before it builds a transaction: who may act, whether a
 * counterparty is an active member with a role, and which uploaded document goes on chain. Used by
 * the trade, warehouse and servicing steps (and their errors read the same everywhere).
 */
import { Inject, Injectable } from "@nestjs/common";
import { and, eq } from "drizzle-orm";
import { currencyCode } from "../../../scripts/lib/consortium";
import { ApiErrorCode, ApiException } from "../api/api.exception";
import { parseDocumentId } from "../api/common/validation";
import { memberProblem } from "../auth/sessions";
import { hasRole, isRegulator, type Viewer } from "../auth/viewer";
import { CONFIG, DATABASE } from "../common/tokens";
import type { BackendConfig } from "../config/config";
import type { DatabaseHandle } from "../database/database";
import { documentKeys, documents, members, tokenBalances, type DocumentRow, type Member } from "../database/schema";

export function forbidden(message: string): ApiException {
  return new ApiException(ApiErrorCode.FORBIDDEN, message);
}
export function notFound(message: string): ApiException {
  return new ApiException(ApiErrorCode.NOT_FOUND, message);
}
export function conflict(message: string): ApiException {
  return new ApiException(ApiErrorCode.CONFLICT, message);
}

@Injectable()
export class StepChecks {
  constructor(
    @Inject(DATABASE) private readonly database: DatabaseHandle,
    @Inject(CONFIG) private readonly config: BackendConfig,
  ) {}

  /** The regulator reads everything and writes nothing. */
  refuseRegulator(viewer: Viewer): void {
    if (isRegulator(viewer)) throw forbidden("the regulator reads everything and writes nothing");
  }

  /** The viewer may act in `role` (the regulator writes nothing). */
  requireActor(viewer: Viewer, role: number, roleName: string, action: string): void {
    this.refuseRegulator(viewer);
    if (!hasRole(viewer, role)) throw forbidden(`only a ${roleName} may ${action}`);
  }

  /** `address`'s indexed settlement-token balance covers `amount` (CONFLICT saying what `what` needs). */
  async requireBalance(address: string, amount: bigint, what: string): Promise<void> {
    const [balance] = await this.database.db
      .select({ balance: tokenBalances.balance })
      .from(tokenBalances)
      .where(
        and(
          eq(tokenBalances.token, this.config.deployment.contracts.settlementToken),
          eq(tokenBalances.account, address),
        ),
      );
    const available = BigInt(balance?.balance ?? "0");
    if (available < amount) throw conflict(`${what} needs ${amount} minor units; your balance is ${available}`);
  }

  /** `address` is an admitted, active, non-blacklisted member (holding `role`, when given). */
  async requireCounterparty(address: string, argument: string, role?: number, roleName?: string): Promise<Member> {
    const [member] = await this.database.db.select().from(members).where(eq(members.address, address));
    const problem = memberProblem(member, address);
    if (problem) throw ApiException.badInput(argument, `${argument}: ${problem}`);
    if (role !== undefined && (member.roles & role) === 0) {
      throw ApiException.badInput(argument, `${argument}: ${address} is not a ${roleName}`);
    }
    return member;
  }

  /** A document the viewer uploaded or was given a key to; its commitment and location go on chain. */
  async documentFor(viewer: Viewer, documentId: string, argument: string): Promise<DocumentRow> {
    parseDocumentId(documentId, argument);
    const [row] = await this.database.db
      .select({ document: documents })
      .from(documents)
      .innerJoin(documentKeys, and(eq(documentKeys.documentId, documents.id), eq(documentKeys.party, viewer.address)))
      .where(eq(documents.id, documentId));
    if (!row) throw ApiException.badInput(argument, `${argument}: no document ${JSON.stringify(documentId)} of yours`);
    return row.document;
  }

  /** The deployment's settlement currency as the contracts' bytes3 code. */
  currency(): string {
    return currencyCode(this.config.deployment.currency);
  }
}
