/**
 * Keeps applications in line with the chain, as indexed: an APPROVED application becomes EXECUTED
 * once the financings table has its product's funded row for the asset, from the applicant, with an
 * approving bank (the financing is linked); an on-chain Withdrawn offer withdraws it, a Declined one
 * rejects that bank's decision (and the application when no bank is left); past expiresAt without
 * execution, it EXPIRES. The pending on-chain offer is linked to the bank's decision meanwhile, which
 * is what acceptanceTransactions needs.
 *
 * When it runs: after each indexed batch becomes visible (it polls SyncState every
 * config.pollIntervalMs and runs when the indexed block moved, and at least every EXPIRY_SWEEP_MS for
 * expiries), and on read for the application(s) a request touches, so a user never sees an application
 * older than the index. Every change is a conditional UPDATE: several instances may run it at once.
 */
import { Inject, Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from "@nestjs/common";
import { CONFIG } from "../common/tokens";
import type { BackendConfig } from "../config/config";
import type { FinancingApplicationRow } from "../database/applications.schema";
import type { Financing } from "../database/schema";
import { SyncState } from "../indexer/sync-state";
import { ApiException } from "../api/api.exception";
import {
  ApplicationProduct,
  ApplicationStatus,
  DecisionStatus,
  PRODUCT_INFO,
  registryRefText,
  SYSTEM_ACTOR,
} from "./application.states";
import { ApplicationsRepository } from "./applications.repository";
import { ApplicationWorkflow } from "./workflow";

export const EXPIRY_SWEEP_MS = 5_000;

@Injectable()
export class ApplicationsReconciler implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger("Applications");
  private timer: NodeJS.Timeout | null = null;
  private lastBlock: number | null = null;
  private lastSweep = 0;
  private running: Promise<number> | null = null;

  constructor(
    @Inject(ApplicationsRepository) private readonly repository: ApplicationsRepository,
    @Inject(ApplicationWorkflow) private readonly workflow: ApplicationWorkflow,
    @Inject(SyncState) private readonly sync: SyncState,
    @Inject(CONFIG) private readonly config: BackendConfig,
  ) {}

  onModuleInit(): void {
    this.timer = setInterval(() => this.tick(), Math.max(this.config.pollIntervalMs, 20));
    this.timer.unref();
  }

  onModuleDestroy(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  private tick(): void {
    const block = this.sync.current.indexedBlock;
    const due = Date.now() - this.lastSweep >= EXPIRY_SWEEP_MS;
    if (this.running || (block === this.lastBlock && !due)) return;
    this.lastBlock = block;
    this.lastSweep = Date.now();
    this.running = this.reconcile()
      .catch((error: Error) => {
        this.logger.error(`reconciling applications failed: ${error.message}`);
        return 0;
      })
      .finally(() => {
        this.running = null;
      });
  }

  /** Reconciles the open applications (or only `ids`); returns how many changed status. */
  async reconcile(ids?: number[], now = this.sync.now()): Promise<number> {
    const apps = await this.repository.reconcilable(ids);
    let changed = 0;
    for (const app of apps) {
      try {
        if (await this.reconcileOne(app, now)) changed++;
      } catch (error) {
        // Another instance or request moved it first: its transition stands.
        if (!(error instanceof ApiException)) throw error;
      }
    }
    return changed;
  }

  private async reconcileOne(app: FinancingApplicationRow, now: Date): Promise<boolean> {
    if (app.status === ApplicationStatus.APPROVED && (await this.followChain(app, now))) return true;
    if (app.expiresAt.getTime() > now.getTime()) return false;
    await this.repository.transaction(async (tx) => {
      const locked = await this.workflow.lock(tx, app.id, "expire", now);
      await this.workflow.move(tx, locked, "expire", SYSTEM_ACTOR, now, { closedAt: now }, "expired without execution");
    });
    return true;
  }

  /** Links the on-chain offers of the approving banks and applies what happened to them. */
  private async followChain(app: FinancingApplicationRow, now: Date): Promise<boolean> {
    const product = app.product as ApplicationProduct;
    const { financing } = PRODUCT_INFO[product];
    const decisions = (await this.repository.decisions([app.id])).filter((d) => d.status === DecisionStatus.APPROVED);
    for (const decision of decisions) {
      const [row] = await this.repository.financingsOfApplication(
        financing,
        app.assetId,
        app.applicant,
        decision.bank,
        app.expiresAt,
        registryRefText(app.id),
      );
      if (!row) continue;
      if (row.id !== decision.financingId || row.status !== decision.financingStatus) {
        await this.repository.updateDecisionIf(this.repository.db, app.id, decision.bank, [DecisionStatus.APPROVED], {
          financingId: row.id,
          financingStatus: row.status,
          updatedAt: now,
        });
      }
      if (row.fundedAt !== null) return this.execute(app, row, now);
      if (row.status === "Withdrawn") {
        await this.repository.transaction(async (tx) => {
          const locked = await this.workflow.lock(tx, app.id, "withdrawOnChain", now);
          await this.workflow.move(
            tx,
            locked,
            "withdrawOnChain",
            SYSTEM_ACTOR,
            now,
            { closedAt: now },
            `on-chain ${financing} #${row.id} withdrawn`,
          );
        });
        return true;
      }
      if (row.status === "Declined") {
        const closed = await this.declined(app, row, now);
        if (closed) return true;
      }
    }
    return false;
  }

  private async execute(app: FinancingApplicationRow, row: Financing, now: Date): Promise<boolean> {
    await this.repository.transaction(async (tx) => {
      const locked = await this.workflow.lock(tx, app.id, "execute", now);
      await this.workflow.move(
        tx,
        locked,
        "execute",
        SYSTEM_ACTOR,
        now,
        { financingProduct: row.product, financingId: row.id, executedBank: row.bank, closedAt: now },
        `funded on chain: ${row.product} #${row.id} (${row.status}) by ${row.bank}`,
      );
    });
    return true;
  }

  /** The bank declined on chain: its decision is rejected; the application too when no bank is left. */
  private async declined(app: FinancingApplicationRow, row: Financing, now: Date): Promise<boolean> {
    return this.repository.transaction(async (tx) => {
      const locked = await this.workflow.lock(tx, app.id, "reject", now);
      const reason = `declined on chain (${row.product} #${row.id})${row.declineReason ? `: ${row.declineReason}` : ""}`;
      await this.workflow.decide(
        tx,
        app.id,
        row.bank,
        "declineOnChain",
        SYSTEM_ACTOR,
        now,
        { reason, decidedAt: now },
        reason,
      );
      const decisions = await this.repository.decisions([app.id], tx);
      const allRejected = decisions.every((d) => d.status === DecisionStatus.REJECTED);
      if (!allRejected) return false;
      await this.workflow.move(
        tx,
        locked,
        "rejectAll",
        SYSTEM_ACTOR,
        now,
        { closedAt: now },
        "every addressed bank rejected or declined it",
      );
      return true;
    });
  }
}
