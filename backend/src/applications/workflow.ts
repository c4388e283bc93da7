/**
 * The only code that changes an application's or a decision's status. Inside a transaction it first
 * locks the application row with a conditional UPDATE (`WHERE status IN (statuses the event may start
 * from)`), which serialises every transition of one application (two banks approving at once, an
 * approval racing a withdrawal); then applies the transition table with `WHERE status = <locked
 * status>` and appends the history. Zero rows matched means another transition got there first:
 * CONFLICT, and the transaction (so the whole call) is rolled back.
 */
import { Inject, Injectable } from "@nestjs/common";
import { AlertKind } from "../alerts/alerts.model";
import { AlertsService } from "../alerts/alerts.service";
import { ApiErrorCode, ApiException } from "../api/api.exception";
import type { Executor } from "../database/database";
import type {
  ApplicationDecisionRow,
  FinancingApplicationRow,
  applicationDecisions,
  financingApplications,
} from "../database/applications.schema";
import {
  APPLICATION_TRANSITIONS,
  DECISION_TRANSITIONS,
  fromStatuses,
  statusList,
  type ApplicationEvent,
  type DecisionEvent,
} from "./application.states";
import { ApplicationsRepository } from "./applications.repository";

/** A change of status refused because the current status does not allow it. */
export function invalidTransition(what: string, status: string, action: string, allowed: string[]): ApiException {
  return new ApiException(ApiErrorCode.CONFLICT, `${what} is ${status}; ${action} needs ${statusList(allowed)}`, {
    reason: "INVALID_TRANSITION",
    status,
  });
}

@Injectable()
export class ApplicationWorkflow {
  constructor(
    @Inject(ApplicationsRepository) private readonly repository: ApplicationsRepository,
    @Inject(AlertsService) private readonly alerts: AlertsService,
  ) {}

  /** Locks application `id` for `event`: the row, or CONFLICT (NOT_FOUND) when the event is not allowed now. */
  async lock(tx: Executor, id: number, event: ApplicationEvent, now: Date): Promise<FinancingApplicationRow> {
    const from = fromStatuses(APPLICATION_TRANSITIONS, event);
    const row = await this.repository.updateApplicationIf(tx, id, from, { updatedAt: now });
    if (row) return row;
    const current = await this.repository.application(id, tx);
    if (!current) throw new ApiException(ApiErrorCode.NOT_FOUND, `application ${id} does not exist`);
    throw invalidTransition(`application ${id}`, current.status, ACTIONS[event], from);
  }

  /**
   * Moves the locked application by `event` (to the status the table gives for its current status),
   * with `change`; appends the history when the status changes.
   */
  async move(
    tx: Executor,
    locked: FinancingApplicationRow,
    event: ApplicationEvent,
    actor: string,
    now: Date,
    change: Partial<typeof financingApplications.$inferInsert> = {},
    note: string | null = null,
  ): Promise<FinancingApplicationRow> {
    const table = APPLICATION_TRANSITIONS[event] as Partial<Record<string, string>>;
    const to = table[locked.status];
    if (!to) {
      throw invalidTransition(`application ${locked.id}`, locked.status, ACTIONS[event], Object.keys(table));
    }
    const row = await this.repository.updateApplicationIf(tx, locked.id, [locked.status], {
      ...change,
      status: to,
      updatedAt: now,
    });
    if (!row) throw invalidTransition(`application ${locked.id}`, "changing", ACTIONS[event], [locked.status]);
    if (to !== locked.status || event === "update") {
      await this.repository.appendHistory(tx, {
        applicationId: locked.id,
        bank: null,
        actor,
        at: now,
        fromStatus: locked.status,
        toStatus: to,
        note,
      });
    }
    if (to === "SUBMITTED" && locked.status !== "SUBMITTED") {
      // In the same transaction: the alerts exist exactly when the submission does.
      const banks = await this.repository.decisions([locked.id], tx);
      await this.alerts.publish(
        banks.map((d) => ({
          recipient: d.bank,
          kind: AlertKind.APPLICATION_RECEIVED,
          subject: `application:${locked.id}`,
          message: `${locked.product} application ${locked.id} from ${locked.applicant} awaits your review`,
          dedupeKey: `application:${locked.id}:received:${d.bank}`,
        })),
        tx,
        now,
      );
    }
    return row;
  }

  /** Moves bank `bank`'s decision on application `applicationId` by `event`; CONFLICT when not allowed. */
  async decide(
    tx: Executor,
    applicationId: number,
    bank: string,
    event: DecisionEvent,
    actor: string,
    now: Date,
    change: Partial<typeof applicationDecisions.$inferInsert> = {},
    note: string | null = null,
  ): Promise<ApplicationDecisionRow> {
    const table = DECISION_TRANSITIONS[event] as Partial<Record<string, string>>;
    const current = await this.repository.decision(applicationId, bank, tx);
    if (!current) {
      throw new ApiException(ApiErrorCode.FORBIDDEN, `application ${applicationId} is not addressed to ${bank}`);
    }
    const to = table[current.status];
    const allowed = Object.keys(table);
    if (!to) throw invalidTransition(`${bank}'s decision`, current.status, ACTIONS[event], allowed);
    const row = await this.repository.updateDecisionIf(tx, applicationId, bank, [current.status], {
      ...change,
      status: to,
      updatedAt: now,
    });
    if (!row) throw invalidTransition(`${bank}'s decision`, "changing", ACTIONS[event], allowed);
    await this.repository.appendHistory(tx, {
      applicationId,
      bank,
      actor,
      at: now,
      fromStatus: current.status,
      toStatus: to,
      note,
    });
    if ((to === "APPROVED" || to === "REJECTED") && current.status !== to) {
      const application = await this.repository.application(applicationId, tx);
      if (application) {
        const approved = to === "APPROVED";
        await this.alerts.publish(
          [
            {
              recipient: application.applicant,
              kind: approved ? AlertKind.APPLICATION_APPROVED : AlertKind.APPLICATION_REJECTED,
              subject: `application:${applicationId}`,
              message: approved
                ? `${bank} approved application ${applicationId}`
                : `${bank} rejected application ${applicationId}${note ? `: ${note}` : ""}`,
              dedupeKey: `application:${applicationId}:${to.toLowerCase()}:${bank}:${row.updatedAt.getTime()}`,
            },
          ],
          tx,
          now,
        );
      }
    }
    return row;
  }
}

/** Each event in words, for the messages. */
const ACTIONS: Record<ApplicationEvent | DecisionEvent, string> = {
  update: "updating",
  submit: "submitting",
  withdraw: "withdrawing",
  open: "opening",
  approve: "approving",
  reject: "rejecting",
  rejectAll: "rejecting",
  execute: "executing",
  withdrawOnChain: "withdrawing on chain",
  expire: "expiring",
  declineOnChain: "declining on chain",
};
