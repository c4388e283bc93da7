/**
 * Financing applications: who may do what (the applicant, the addressed banks, the regulator reading
 * only), the checks before each step (eligibility, terms within the bounds, credit limits and the
 * contracts' caps), the quotes, and the transactions handed to the wallets. Status changes go through
 * ApplicationWorkflow inside one database transaction per call.
 */
import { SyncState } from "../indexer/sync-state";
import { Inject, Injectable } from "@nestjs/common";
import { and, eq, inArray, ne, or, sql, type SQL } from "drizzle-orm";
import { encodeBytes32String } from "ethers";
import { applyRateDown } from "../../../scripts/lib/pricing";
import { ApiErrorCode, ApiException } from "../api/api.exception";
import { pageArgs } from "../api/common/pagination";
import { parseText } from "../api/common/validation";
import { memberProblem } from "../auth/sessions";
import { hasRole, isRegulator, Role, sameAddress, type Viewer } from "../auth/viewer";
import { CONFIG } from "../common/tokens";
import type { BackendConfig } from "../config/config";
import {
  applicationDecisions,
  financingApplications,
  type ApplicationDecisionRow,
  type FinancingApplicationRow,
} from "../database/applications.schema";
import type { Financing } from "../database/schema";
import { TransactionBuilder, type PreparedTransaction } from "../transactions/prepared-transaction";
import {
  APPLICATION_TRANSITIONS,
  ApplicationProduct,
  ApplicationStatus,
  DecisionStatus,
  fromStatuses,
  OPEN_STATUSES,
  PRODUCT_INFO,
  registryRefText,
} from "./application.states";
import { ApplicationsReconciler } from "./applications.reconciler";
import { ApplicationsRepository, PENDING_STATUSES } from "./applications.repository";
import type {
  ApplicationFilter,
  ApprovalTermsInput,
  CreateApplicationInput,
  QuoteApplicationInput,
  UpdateApplicationInput,
} from "./dtos/applications.input";
import { checkBounds, Eligibility, ineligible, MAX_RATE_BPS, type AssetContext, type Bounds } from "./eligibility";
import { factoringQuote, orderQuote, receiptCap, receiptQuote, type Quote } from "./quotes";
import { invalidTransition, ApplicationWorkflow } from "./workflow";

/** Roles that may apply for each product (as the contracts' offer/request require). */
const APPLICANT_ROLES: Record<ApplicationProduct, number> = {
  [ApplicationProduct.FACTORING]: Role.CORE_ENTERPRISE | Role.SUPPLIER,
  [ApplicationProduct.ORDER_FINANCING]: Role.SUPPLIER,
  [ApplicationProduct.RECEIPT_LOAN]: Role.CORE_ENTERPRISE | Role.SUPPLIER,
};
/** A rejection's reason or a withdrawal's note. */
const MAX_TEXT = { maxChars: 500 };
const MAX_EXPIRY_MS = 366 * 86_400_000;

/** Approved terms, normalised per product. */
interface Terms {
  advanceBps: number | null;
  rateBps: number;
  ltvBps: number | null;
  withRecourse: boolean | null;
  amount: string | null;
}

/** The bytes32 registry reference of an application (decoded by the indexer to "scf-app:<id>"). */
export function registryRef(applicationId: number): string {
  return encodeBytes32String(registryRefText(applicationId));
}

function forbidden(message: string): ApiException {
  return new ApiException(ApiErrorCode.FORBIDDEN, message);
}

/** Postgres unique violation (drizzle wraps the driver's error in `cause`). */
function isUniqueViolation(error: unknown): boolean {
  let current: unknown = error;
  for (let i = 0; i < 5 && current; i++) {
    if ((current as { code?: string }).code === "23505") return true;
    current = (current as { cause?: unknown }).cause;
  }
  return false;
}

@Injectable()
export class ApplicationsService {
  constructor(
    @Inject(ApplicationsRepository) private readonly repository: ApplicationsRepository,
    @Inject(Eligibility) private readonly eligibility: Eligibility,
    @Inject(ApplicationWorkflow) private readonly workflow: ApplicationWorkflow,
    @Inject(ApplicationsReconciler) private readonly reconciler: ApplicationsReconciler,
    @Inject(TransactionBuilder) private readonly builder: TransactionBuilder,
    @Inject(CONFIG) private readonly config: BackendConfig,
    @Inject(SyncState) private readonly sync: SyncState,
  ) {}

  // ------------------------------------------------------------------------------------------------
  // Reads
  // ------------------------------------------------------------------------------------------------

  /** Application `id` as the viewer may see it (reconciled first); NOT_FOUND when it may not. */
  async application(viewer: Viewer, id: number): Promise<FinancingApplicationRow> {
    await this.reconciler.reconcile([id]);
    const app = await this.repository.application(id);
    if (!app || !(await this.canSee(viewer, app))) {
      throw new ApiException(ApiErrorCode.NOT_FOUND, `application ${id} does not exist or is not visible to you`);
    }
    return app;
  }

  async canSee(viewer: Viewer, app: FinancingApplicationRow): Promise<boolean> {
    if (isRegulator(viewer) || sameAddress(app.applicant, viewer.address)) return true;
    // Drafts are the applicant's own until submitted.
    if (app.status === ApplicationStatus.DRAFT) return false;
    return !!(await this.repository.decision(app.id, viewer.address));
  }

  list(viewer: Viewer, filter: ApplicationFilter | undefined, first: number | null, after: string | null) {
    const conditions: (SQL | undefined)[] = [
      filter?.status ? inArray(financingApplications.status, filter.status) : undefined,
      filter?.product ? eq(financingApplications.product, filter.product) : undefined,
      filter?.applicant ? eq(financingApplications.applicant, filter.applicant) : undefined,
      filter?.bank ? addressedTo(filter.bank) : undefined,
    ];
    if (!isRegulator(viewer)) {
      conditions.push(
        or(
          eq(financingApplications.applicant, viewer.address),
          and(ne(financingApplications.status, ApplicationStatus.DRAFT), addressedTo(viewer.address)),
        ),
      );
    }
    return this.repository.listApplications(and(...conditions), pageArgs(first, after));
  }

  /** A bank's queue: submitted applications addressed to it (default: those still open). */
  queue(viewer: Viewer, statuses: ApplicationStatus[] | null | undefined, first: number | null, after: string | null) {
    if (!hasRole(viewer, Role.BANK)) throw forbidden("the application queue is for banks");
    const wanted = (statuses?.length ? statuses : OPEN_STATUSES).filter((s) => s !== ApplicationStatus.DRAFT);
    const where = and(inArray(financingApplications.status, wanted), addressedTo(viewer.address));
    return this.repository.listApplications(where, pageArgs(first, after));
  }

  /** The decisions the viewer may see: all for the applicant and the regulator, its own for a bank. */
  async decisionsFor(viewer: Viewer, app: FinancingApplicationRow): Promise<ApplicationDecisionRow[]> {
    const rows = await this.repository.decisions([app.id]);
    if (isRegulator(viewer) || sameAddress(app.applicant, viewer.address)) return rows;
    return rows.filter((d) => sameAddress(d.bank, viewer.address));
  }

  async historyFor(viewer: Viewer, app: FinancingApplicationRow) {
    const rows = await this.repository.history([app.id]);
    if (isRegulator(viewer) || sameAddress(app.applicant, viewer.address)) return rows;
    return rows.filter((h) => h.bank === null || sameAddress(h.bank, viewer.address));
  }

  /** A quote preview at the given bounds, for the asset as indexed now. */
  async quote(viewer: Viewer, input: QuoteApplicationInput, now = this.sync.now()): Promise<Quote> {
    const bounds = boundsOf(input.product, input);
    checkBounds(bounds);
    const asset = await this.eligibility.check(bounds, {
      applicationId: null,
      applicant: viewer.address,
      banks: [],
      now,
      stage: "submit",
    });
    return previewQuote(bounds, asset, now);
  }

  // ------------------------------------------------------------------------------------------------
  // Applicant's mutations
  // ------------------------------------------------------------------------------------------------

  async create(viewer: Viewer, input: CreateApplicationInput, now = this.sync.now()): Promise<FinancingApplicationRow> {
    this.requireWriter(viewer);
    if (!hasRole(viewer, APPLICANT_ROLES[input.product])) {
      throw forbidden(
        `${input.product} applications are made by ${input.product === ApplicationProduct.ORDER_FINANCING ? "suppliers" : "core enterprises and suppliers"}; your roles do not allow it`,
      );
    }
    const bounds = boundsOf(input.product, input);
    checkBounds(bounds);
    const banks = checkBanks(input.banks, viewer.address);
    const expiresAt = checkExpiry(input.expiresAt, now);
    await this.eligibility.checkDraft(bounds, viewer.address, banks);
    return this.repository.transaction(async (tx) => {
      const app = await this.repository.insertApplication(tx, {
        product: input.product,
        applicant: viewer.address,
        assetType: PRODUCT_INFO[input.product].assetType,
        assetId: input.assetId,
        amount: bounds.amount,
        minAdvanceBps: bounds.minAdvanceBps,
        maxRateBps: bounds.maxRateBps,
        recourseAccepted: bounds.recourseAccepted,
        tenorDays: bounds.tenorDays,
        documentIds: input.documentIds ?? [],
        status: ApplicationStatus.DRAFT,
        expiresAt,
        createdAt: now,
        updatedAt: now,
      });
      await this.repository.replaceDecisions(tx, app.id, banks, now);
      await this.repository.appendHistory(tx, {
        applicationId: app.id,
        bank: null,
        actor: viewer.address,
        at: now,
        fromStatus: null,
        toStatus: ApplicationStatus.DRAFT,
        note: "created",
      });
      return app;
    });
  }

  async update(
    viewer: Viewer,
    id: number,
    input: UpdateApplicationInput,
    now = this.sync.now(),
  ): Promise<FinancingApplicationRow> {
    const app = await this.ownApplication(viewer, id);
    const product = app.product as ApplicationProduct;
    const given = (k: keyof UpdateApplicationInput) => input[k] !== undefined && input[k] !== null;
    const merged = {
      minAdvanceBps: given("minAdvanceBps") ? input.minAdvanceBps : (app.minAdvanceBps ?? undefined),
      maxDiscountBps:
        product === ApplicationProduct.FACTORING
          ? given("maxDiscountBps")
            ? input.maxDiscountBps
            : app.maxRateBps
          : input.maxDiscountBps,
      maxRateBps:
        product !== ApplicationProduct.FACTORING
          ? given("maxRateBps")
            ? input.maxRateBps
            : app.maxRateBps
          : input.maxRateBps,
      recourseAccepted: given("recourseAccepted") ? input.recourseAccepted : (app.recourseAccepted ?? undefined),
      tenorDays: given("tenorDays") ? input.tenorDays : (app.tenorDays ?? undefined),
      amount: given("amount") ? input.amount : (app.amount ?? undefined),
    };
    const bounds = boundsOf(product, { ...merged, assetId: app.assetId });
    checkBounds(bounds);
    const banks = input.banks ? checkBanks(input.banks, viewer.address) : null;
    if (banks) await this.eligibility.checkParties(viewer.address, banks);
    const expiresAt = input.expiresAt ? checkExpiry(input.expiresAt, now) : app.expiresAt;
    const changed = Object.keys(input).filter((k) => given(k as keyof UpdateApplicationInput));
    return this.repository.transaction(async (tx) => {
      const locked = await this.workflow.lock(tx, id, "update", now);
      const row = await this.workflow.move(
        tx,
        locked,
        "update",
        viewer.address,
        now,
        {
          amount: bounds.amount,
          minAdvanceBps: bounds.minAdvanceBps,
          maxRateBps: bounds.maxRateBps,
          recourseAccepted: bounds.recourseAccepted,
          tenorDays: bounds.tenorDays,
          expiresAt,
          documentIds: input.documentIds ?? app.documentIds,
        },
        `updated: ${changed.join(", ") || "nothing"}`,
      );
      if (banks) await this.repository.replaceDecisions(tx, id, banks, now);
      return row;
    });
  }

  async submit(viewer: Viewer, id: number, now = this.sync.now()): Promise<FinancingApplicationRow> {
    const app = await this.ownApplication(viewer, id);
    if (app.status !== ApplicationStatus.DRAFT) {
      throw invalidTransition(`application ${id}`, app.status, "submitting", [ApplicationStatus.DRAFT]);
    }
    if (app.expiresAt.getTime() <= now.getTime()) {
      throw ApiException.badInput(
        "expiresAt",
        `application ${id} expired at ${app.expiresAt.toISOString()}; update expiresAt first`,
      );
    }
    const banks = (await this.repository.decisions([id])).map((d) => d.bank);
    const bounds = Eligibility.boundsOf(app);
    const asset = await this.eligibility.check(bounds, {
      applicationId: id,
      applicant: viewer.address,
      banks,
      now,
      stage: "submit",
    });
    const quote = previewQuote(bounds, asset, now);
    try {
      return await this.repository.transaction(async (tx) => {
        const locked = await this.workflow.lock(tx, id, "submit", now);
        return this.workflow.move(tx, locked, "submit", viewer.address, now, { submittedAt: now, quote });
      });
    } catch (error) {
      // The partial unique index: another application took the asset between the check and now.
      if (isUniqueViolation(error)) {
        throw ineligible(
          ApiErrorCode.CONFLICT,
          "ASSET_IN_OPEN_APPLICATION",
          `${app.assetType} ${app.assetId} is in another open application already`,
        );
      }
      throw error;
    }
  }

  async withdraw(
    viewer: Viewer,
    id: number,
    note: string | null,
    now = this.sync.now(),
  ): Promise<FinancingApplicationRow> {
    const text = note === null ? null : parseText(note, "note", MAX_TEXT).trim();
    await this.ownApplication(viewer, id);
    await this.reconciler.reconcile([id]);
    const live = (await this.repository.decisions([id])).find(
      (d) => d.financingId !== null && PENDING_STATUSES.includes(d.financingStatus ?? ""),
    );
    if (live) {
      const contract = PRODUCT_INFO[(await this.repository.application(id))!.product as ApplicationProduct].contract;
      throw new ApiException(
        ApiErrorCode.CONFLICT,
        `application ${id} has a live on-chain offer to ${live.bank} (#${live.financingId}); withdraw it on chain first (${contract}.withdraw, prepared by offerWithdrawalTransactions), the application follows`,
        { reason: "LIVE_ONCHAIN_OFFER" },
      );
    }
    return this.repository.transaction(async (tx) => {
      const locked = await this.workflow.lock(tx, id, "withdraw", now);
      return this.workflow.move(tx, locked, "withdraw", viewer.address, now, { closedAt: now }, text);
    });
  }

  // ------------------------------------------------------------------------------------------------
  // Bank's mutations
  // ------------------------------------------------------------------------------------------------

  async open(viewer: Viewer, id: number, now = this.sync.now()): Promise<FinancingApplicationRow> {
    await this.addressedBank(viewer, id);
    return this.repository.transaction(async (tx) => {
      const locked = await this.workflow.lock(tx, id, "open", now);
      await this.workflow.decide(tx, id, viewer.address, "open", viewer.address, now);
      return this.workflow.move(tx, locked, "open", viewer.address, now);
    });
  }

  async approve(
    viewer: Viewer,
    id: number,
    input: ApprovalTermsInput,
    now = this.sync.now(),
  ): Promise<FinancingApplicationRow> {
    const app = await this.addressedBank(viewer, id);
    const allowed = fromStatuses(APPLICATION_TRANSITIONS, "approve");
    if (!allowed.includes(app.status)) {
      throw invalidTransition(`application ${id}`, app.status, "approving", allowed);
    }
    if (app.expiresAt.getTime() <= now.getTime()) {
      throw new ApiException(ApiErrorCode.CONFLICT, `application ${id} expired at ${app.expiresAt.toISOString()}`, {
        reason: "EXPIRED",
      });
    }
    const bounds = Eligibility.boundsOf(app);
    const asset = await this.eligibility.check(bounds, {
      applicationId: id,
      applicant: app.applicant,
      banks: [viewer.address],
      now,
      stage: "approve",
    });
    const terms = termsOf(bounds, input);
    const quote = termsQuote(bounds, asset, terms, now, id);
    await this.checkLimits(viewer.address, app.applicant, asset, terms, quote);
    return this.repository.transaction(async (tx) => {
      const locked = await this.workflow.lock(tx, id, "approve", now);
      await this.workflow.decide(
        tx,
        id,
        viewer.address,
        "approve",
        viewer.address,
        now,
        { ...terms, quote, decidedAt: now, reason: null },
        describeTerms(bounds.product, terms),
      );
      return this.workflow.move(tx, locked, "approve", viewer.address, now);
    });
  }

  async reject(viewer: Viewer, id: number, reason: string, now = this.sync.now()): Promise<FinancingApplicationRow> {
    const text = parseText(reason, "reason", MAX_TEXT).trim();
    await this.addressedBank(viewer, id);
    return this.repository.transaction(async (tx) => {
      const locked = await this.workflow.lock(tx, id, "reject", now);
      await this.workflow.decide(
        tx,
        id,
        viewer.address,
        "reject",
        viewer.address,
        now,
        { reason: text, decidedAt: now },
        text,
      );
      const decisions = await this.repository.decisions([id], tx);
      const allRejected = decisions.every((d) => d.status === DecisionStatus.REJECTED);
      return this.workflow.move(
        tx,
        locked,
        allRejected ? "rejectAll" : "reject",
        viewer.address,
        now,
        allRejected ? { closedAt: now } : {},
        allRejected ? "every addressed bank rejected it" : null,
      );
    });
  }

  // ------------------------------------------------------------------------------------------------
  // Transactions for the wallets
  // ------------------------------------------------------------------------------------------------

  /** The applicant's on-chain offer/request to `bank`, with that bank's approved terms as its bounds. */
  async executionTransactions(
    viewer: Viewer,
    id: number,
    bank: string,
    now = this.sync.now(),
  ): Promise<PreparedTransaction[]> {
    await this.ownApplication(viewer, id);
    await this.reconciler.reconcile([id]);
    const app = (await this.repository.application(id))!;
    if (app.status !== ApplicationStatus.APPROVED) {
      throw invalidTransition(`application ${id}`, app.status, "executing", [ApplicationStatus.APPROVED]);
    }
    const decision = await this.repository.decision(id, bank);
    if (!decision) throw ApiException.badInput("bank", `application ${id} is not addressed to ${bank}`);
    if (decision.status !== DecisionStatus.APPROVED) {
      throw new ApiException(
        ApiErrorCode.CONFLICT,
        `${bank} has not approved application ${id} (its decision is ${decision.status})`,
        {
          reason: "BANK_NOT_APPROVED",
        },
      );
    }
    if (decision.financingId !== null && PENDING_STATUSES.includes(decision.financingStatus ?? "")) {
      throw new ApiException(
        ApiErrorCode.CONFLICT,
        `application ${id} was offered on chain to ${bank} already (#${decision.financingId}, ${decision.financingStatus})`,
        { reason: "ASSET_ALREADY_OFFERED" },
      );
    }
    const expiresAt = Math.floor(app.expiresAt.getTime() / 1000);
    if (app.expiresAt.getTime() <= now.getTime()) {
      throw new ApiException(ApiErrorCode.CONFLICT, `application ${id} expired at ${app.expiresAt.toISOString()}`, {
        reason: "EXPIRED",
      });
    }
    const bounds = Eligibility.boundsOf(app);
    await this.eligibility.check(bounds, {
      applicationId: id,
      applicant: app.applicant,
      banks: [bank],
      now,
      stage: "execute",
    });
    const product = app.product as ApplicationProduct;
    const { contract } = PRODUCT_INFO[product];
    if (product === ApplicationProduct.FACTORING) {
      return [
        this.builder.prepare(
          app.applicant,
          contract,
          "offer",
          [app.assetId, bank, decision.advanceBps, decision.rateBps, decision.withRecourse === true, expiresAt],
          `Offer receivable part ${app.assetId} to ${bank} for factoring at an advance of at least ${decision.advanceBps} bps and a discount of at most ${decision.rateBps} bps a year${decision.withRecourse ? ", with recourse" : ""} (application ${id}); the part goes into the factoring contract's custody`,
        ),
      ];
    }
    if (product === ApplicationProduct.ORDER_FINANCING) {
      return [
        this.builder.prepare(
          app.applicant,
          contract,
          "request",
          [app.assetId, bank, decision.advanceBps, decision.rateBps, app.tenorDays, expiresAt],
          `Ask ${bank} to finance purchase order ${app.assetId} at an advance of at least ${decision.advanceBps} bps and at most ${decision.rateBps} bps a year for ${app.tenorDays} days (application ${id}); the order gets a lien`,
        ),
      ];
    }
    return [
      this.builder.prepare(
        app.applicant,
        contract,
        "request",
        [app.assetId, bank, decision.amount, decision.rateBps, app.tenorDays, expiresAt],
        `Ask ${bank} for ${decision.amount} against warehouse receipt ${app.assetId} at most ${decision.rateBps} bps a year for ${app.tenorDays} days (application ${id}); the receipt is pledged to the bank`,
      ),
    ];
  }

  /** The approving bank's steps: allow the product contract to pay out, then accept the indexed offer. */
  async acceptanceTransactions(viewer: Viewer, id: number, now = this.sync.now()): Promise<PreparedTransaction[]> {
    await this.addressedBank(viewer, id);
    await this.reconciler.reconcile([id]);
    const app = (await this.repository.application(id))!;
    if (app.status !== ApplicationStatus.APPROVED) {
      throw invalidTransition(`application ${id}`, app.status, "accepting", [ApplicationStatus.APPROVED]);
    }
    const decision = (await this.repository.decision(id, viewer.address))!;
    if (decision.status !== DecisionStatus.APPROVED) {
      throw new ApiException(
        ApiErrorCode.CONFLICT,
        `your decision on application ${id} is ${decision.status}; approve it first`,
        {
          reason: "BANK_NOT_APPROVED",
        },
      );
    }
    const product = app.product as ApplicationProduct;
    const info = PRODUCT_INFO[product];
    const offer =
      decision.financingId !== null ? await this.repository.financing(info.financing, decision.financingId) : undefined;
    if (!offer || !PENDING_STATUSES.includes(offer.status)) {
      throw new ApiException(
        ApiErrorCode.CONFLICT,
        `the applicant's on-chain ${product === ApplicationProduct.FACTORING ? "offer" : "request"} to you for application ${id} is not indexed${offer ? ` as pending (it is ${offer.status})` : " yet"}`,
        { reason: "OFFER_NOT_INDEXED" },
      );
    }
    if (offer.expiresAt.getTime() <= now.getTime()) {
      throw new ApiException(
        ApiErrorCode.CONFLICT,
        `the on-chain offer #${offer.id} expired at ${offer.expiresAt.toISOString()}`,
        {
          reason: "EXPIRED",
        },
      );
    }
    const terms: Terms = {
      advanceBps: decision.advanceBps,
      rateBps: decision.rateBps!,
      ltvBps: decision.ltvBps,
      withRecourse: decision.withRecourse,
      amount: decision.amount,
    };
    checkOfferBounds(offer, terms, product);
    // The asset as it is now (its state may have moved since the approval).
    const asset = await this.assetForAcceptance(app, offer, now);
    const quote = termsQuote(Eligibility.boundsOf(app), asset, terms, now, id);
    await this.checkLimits(viewer.address, app.applicant, asset, terms, quote);

    const ref = registryRef(id);
    const spender = this.config.deployment.contracts[info.contract];
    if (product === ApplicationProduct.FACTORING) {
      // The price grows as maturity nears (less discount): allow the advance, its upper bound.
      const allowance = applyRateDown(BigInt(offer.requestedAmount), terms.advanceBps!);
      return [
        this.builder.prepare(
          viewer.address,
          "settlementToken",
          "approve",
          [spender, allowance],
          `Allow the factoring contract to pay the seller up to ${allowance} (the advance; the price paid is the advance less the discount)`,
        ),
        this.builder.prepare(
          viewer.address,
          info.contract,
          "accept",
          [offer.id, terms.advanceBps, terms.rateBps, terms.withRecourse === true, ref],
          `Buy receivable part ${app.assetId} (deal ${offer.id}) at ${terms.advanceBps} bps advance and ${terms.rateBps} bps discount${terms.withRecourse ? " with recourse" : ""}: pays the seller about ${quote.proceeds} today`,
        ),
      ];
    }
    const principal = BigInt(quote.advance);
    const capBps = product === ApplicationProduct.ORDER_FINANCING ? terms.advanceBps : terms.ltvBps;
    return [
      this.builder.prepare(
        viewer.address,
        "settlementToken",
        "approve",
        [spender, principal],
        `Allow the ${info.contract} contract to disburse the principal of ${principal}`,
      ),
      this.builder.prepare(
        viewer.address,
        info.contract,
        "accept",
        [offer.id, capBps, terms.rateBps, ref],
        `Fund loan ${offer.id} on ${info.assetType} ${app.assetId}: ${principal} at ${terms.rateBps} bps a year for ${app.tenorDays} days`,
      ),
    ];
  }

  /**
   * The applicant's step withdrawing its live on-chain offer/request to `bank`
   * (Factoring.withdraw / LoanBook.withdraw: only the seller/borrower, only while Offered/Requested).
   * The contract has no expiry check: a lapsed offer keeps the asset in custody until withdrawn, so
   * an EXPIRED application's offer may be withdrawn too.
   */
  async offerWithdrawalTransactions(viewer: Viewer, id: number, bank: string): Promise<PreparedTransaction[]> {
    await this.ownApplication(viewer, id);
    await this.reconciler.reconcile([id]);
    const app = (await this.repository.application(id))!;
    const decision = await this.repository.decision(id, bank);
    if (!decision) throw ApiException.badInput("bank", `application ${id} is not addressed to ${bank}`);
    const offer = await this.liveOffer(app, decision, "withdrawing on chain");
    const product = app.product as ApplicationProduct;
    const { contract } = PRODUCT_INFO[product];
    return [
      this.builder.prepare(
        app.applicant,
        contract,
        "withdraw",
        [offer.id],
        product === ApplicationProduct.FACTORING
          ? `Withdraw offer ${offer.id} of receivable part ${app.assetId} to ${bank} (application ${id}); the part comes back to you`
          : `Withdraw request ${offer.id} to ${bank} on ${PRODUCT_INFO[product].assetType} ${app.assetId} (application ${id}); the ${product === ApplicationProduct.ORDER_FINANCING ? "order's lien" : "receipt's pledge"} is released when nothing else holds it`,
      ),
    ];
  }

  /**
   * An addressed bank's step declining the live on-chain offer/request made to it
   * (Factoring.decline / LoanBook.decline: only that bank, only while Offered/Requested); `reason`
   * goes on chain as bytes32 text.
   */
  async declineTransactions(viewer: Viewer, id: number, reason: string): Promise<PreparedTransaction[]> {
    // bytes32 text on chain: at most 31 bytes of UTF-8 (the last byte ends the string).
    const text = parseText(reason, "reason", { maxBytes: 31 }).trim();
    const reasonRef = encodeBytes32String(text);
    await this.addressedBank(viewer, id);
    await this.reconciler.reconcile([id]);
    const app = (await this.repository.application(id))!;
    const decision = (await this.repository.decision(id, viewer.address))!;
    const offer = await this.liveOffer(app, decision, "declining on chain");
    const product = app.product as ApplicationProduct;
    if (product === ApplicationProduct.FACTORING) {
      // The part goes back to the seller, which must be an active member to receive it (once the
      // receivable is paid, its proceeds are paid or held instead and nothing can block).
      const receivable = offer.receivableId !== null ? await this.repository.receivable(offer.receivableId) : undefined;
      const problem = memberProblem(await this.repository.member(app.applicant), app.applicant);
      if (receivable?.status !== "Paid" && problem) {
        throw new ApiException(
          ApiErrorCode.CONFLICT,
          `the part of deal ${offer.id} cannot go back to the seller now: ${problem}`,
          { reason: "SELLER_NOT_ACTIVE" },
        );
      }
    }
    const { contract } = PRODUCT_INFO[product];
    return [
      this.builder.prepare(
        viewer.address,
        contract,
        "decline",
        [offer.id, reasonRef],
        `Decline ${product === ApplicationProduct.FACTORING ? "offer" : "request"} ${offer.id} from ${app.applicant} on ${PRODUCT_INFO[product].assetType} ${app.assetId} (application ${id}): "${text}"; the asset goes back to the applicant`,
      ),
    ];
  }

  /**
   * The pending on-chain offer/request of application `app` to `decision.bank`, as indexed (CONFLICT
   * otherwise). Only an approving bank can have one (executionTransactions needs the approval); an
   * offer outlives its application's expiry or withdrawal on chain, so those statuses may have one.
   */
  private async liveOffer(app: FinancingApplicationRow, decision: ApplicationDecisionRow, action: string) {
    const allowed = [ApplicationStatus.APPROVED, ApplicationStatus.EXPIRED, ApplicationStatus.WITHDRAWN];
    if (!allowed.includes(app.status as ApplicationStatus)) {
      throw invalidTransition(`application ${app.id}`, app.status, action, allowed);
    }
    if (decision.status !== DecisionStatus.APPROVED) {
      throw new ApiException(
        ApiErrorCode.CONFLICT,
        `${decision.bank} has not approved application ${app.id} (its decision is ${decision.status}), so nothing was offered to it on chain`,
        { reason: "BANK_NOT_APPROVED" },
      );
    }
    const product = app.product as ApplicationProduct;
    const rows = await this.repository.financingsOfApplication(
      PRODUCT_INFO[product].financing,
      app.assetId,
      app.applicant,
      decision.bank,
      app.expiresAt,
      registryRefText(app.id),
    );
    const offer = rows.find((f) => PENDING_STATUSES.includes(f.status));
    if (!offer) {
      const what = product === ApplicationProduct.FACTORING ? "offer" : "request";
      throw new ApiException(
        ApiErrorCode.CONFLICT,
        `no live on-chain ${what} of application ${app.id} to ${decision.bank} is indexed${rows[0] ? ` (the latest, #${rows[0].id}, is ${rows[0].status})` : ""}; send executionTransactions first, or wait for it to be indexed`,
        { reason: "OFFER_NOT_INDEXED" },
      );
    }
    return offer;
  }

  // ------------------------------------------------------------------------------------------------
  // Checks
  // ------------------------------------------------------------------------------------------------

  /** The regulator reads everything and writes nothing. */
  private requireWriter(viewer: Viewer): void {
    if (isRegulator(viewer)) throw forbidden("the regulator reads applications but may not change them");
  }

  /** The viewer's own application (NOT_FOUND if invisible, FORBIDDEN when only a bank/regulator on it). */
  private async ownApplication(viewer: Viewer, id: number): Promise<FinancingApplicationRow> {
    this.requireWriter(viewer);
    const app = await this.repository.application(id);
    if (!app || !(await this.canSee(viewer, app))) {
      throw new ApiException(ApiErrorCode.NOT_FOUND, `application ${id} does not exist or is not visible to you`);
    }
    if (!sameAddress(app.applicant, viewer.address))
      throw forbidden(`only the applicant of application ${id} may do this`);
    return app;
  }

  /** An application addressed to the viewer, a bank. */
  private async addressedBank(viewer: Viewer, id: number): Promise<FinancingApplicationRow> {
    this.requireWriter(viewer);
    if (!hasRole(viewer, Role.BANK)) throw forbidden("only an addressed bank may decide on an application");
    const app = await this.repository.application(id);
    if (!app || app.status === ApplicationStatus.DRAFT) {
      throw new ApiException(ApiErrorCode.NOT_FOUND, `application ${id} does not exist or is not visible to you`);
    }
    if (!(await this.repository.decision(id, viewer.address))) {
      throw forbidden(`application ${id} is not addressed to you`);
    }
    return app;
  }

  /** Within the bank's remaining lines (per the index) for the obligor and the borrower, as the contract consumes them. */
  private async checkLimits(bank: string, applicant: string, asset: AssetContext, terms: Terms, quote: Quote) {
    const amount = BigInt(quote.advance);
    const sides: { counterparty: string; kind: "Obligor" | "Borrower" }[] = [];
    if (asset.obligor) sides.push({ counterparty: asset.obligor, kind: "Obligor" });
    // Factoring consumes the seller's line only with recourse; loans always consume the borrower's.
    if (asset.product !== ApplicationProduct.FACTORING || terms.withRecourse) {
      sides.push({ counterparty: applicant, kind: "Borrower" });
    }
    for (const side of sides) {
      const line = await this.repository.creditLine(bank, side.counterparty, side.kind);
      const remaining = line ? BigInt(line.limit) - BigInt(line.used) : 0n;
      if (amount > remaining) {
        throw ineligible(
          ApiErrorCode.CONFLICT,
          "CREDIT_LIMIT_EXCEEDED",
          line
            ? `${amount} exceeds your remaining ${side.kind} limit for ${side.counterparty}: ${remaining > 0n ? remaining : 0n} (limit ${line.limit}, used ${line.used})`
            : `you have no ${side.kind} credit line for ${side.counterparty}: set one before financing ${amount}`,
        );
      }
    }
  }

  /** The asset at acceptance: in custody/liened/pledged for the offer itself, so only its state is checked. */
  private async assetForAcceptance(app: FinancingApplicationRow, offer: Financing, now: Date): Promise<AssetContext> {
    const product = app.product as ApplicationProduct;
    const base = { product, assetType: PRODUCT_INFO[product].assetType, assetId: app.assetId, holder: app.applicant };
    const notReady = (message: string) => ineligible(ApiErrorCode.CONFLICT, "ASSET_NOT_READY", message);
    if (product === ApplicationProduct.FACTORING) {
      const receivable = offer.receivableId !== null ? await this.repository.receivable(offer.receivableId) : undefined;
      if (!receivable || receivable.status !== "Outstanding") {
        throw notReady(`the receivable of deal ${offer.id} is ${receivable?.status ?? "not indexed"}, not Outstanding`);
      }
      if (receivable.maturity.getTime() <= now.getTime()) throw notReady(`receivable ${receivable.id} has matured`);
      return {
        ...base,
        receivable,
        obligor: receivable.obligor,
        currency: receivable.currency,
        base: BigInt(offer.requestedAmount),
        receiptOutstanding: 0n,
      };
    }
    if (product === ApplicationProduct.ORDER_FINANCING) {
      const order = await this.repository.order(app.assetId);
      if (!order || order.status !== "Confirmed") {
        throw notReady(`purchase order ${app.assetId} is ${order?.status ?? "not indexed"}, not Confirmed`);
      }
      return {
        ...base,
        order,
        obligor: order.buyer,
        currency: order.currency,
        base: BigInt(order.amount),
        receiptOutstanding: 0n,
      };
    }
    const receipt = await this.repository.receipt(app.assetId);
    if (!receipt || receipt.status !== "Active") {
      throw notReady(`warehouse receipt ${app.assetId} is ${receipt?.status ?? "not indexed"}, not Active`);
    }
    if (receipt.frozen) throw notReady(`warehouse receipt ${app.assetId}'s pledge is frozen`);
    return {
      ...base,
      receipt,
      obligor: null,
      currency: receipt.currency,
      base: BigInt(offer.requestedAmount),
      receiptOutstanding: await this.repository.receiptOutstanding(app.assetId),
    };
  }
}

/** Applications with a decision row of `bank`. */
function addressedTo(bank: string): SQL {
  return sql`exists (select 1 from ${applicationDecisions} where ${applicationDecisions.applicationId} = ${financingApplications.id} and ${applicationDecisions.bank} = ${bank})`;
}

/** The bounds from an input: factoring's highest rate is `maxDiscountBps`, the loans' `maxRateBps`. */
function boundsOf(
  product: ApplicationProduct,
  input: {
    assetId: number;
    minAdvanceBps?: number | null;
    maxDiscountBps?: number | null;
    maxRateBps?: number | null;
    recourseAccepted?: boolean | null;
    tenorDays?: number | null;
    amount?: string | null;
  },
): Bounds {
  const isFactoring = product === ApplicationProduct.FACTORING;
  const wrong = isFactoring ? input.maxRateBps : input.maxDiscountBps;
  if (wrong !== undefined && wrong !== null) {
    throw ApiException.badInput(
      isFactoring ? "maxRateBps" : "maxDiscountBps",
      isFactoring
        ? "factoring is bounded by maxDiscountBps, not maxRateBps"
        : `${product} is bounded by maxRateBps, not maxDiscountBps`,
    );
  }
  const rate = isFactoring ? input.maxDiscountBps : input.maxRateBps;
  if (rate === undefined || rate === null) {
    const name = isFactoring ? "maxDiscountBps" : "maxRateBps";
    throw ApiException.badInput(name, `${product} needs ${name}`);
  }
  return {
    product,
    assetId: input.assetId,
    amount: input.amount ?? null,
    minAdvanceBps: input.minAdvanceBps ?? null,
    maxRateBps: rate,
    recourseAccepted: isFactoring ? (input.recourseAccepted ?? false) : (input.recourseAccepted ?? null),
    tenorDays: input.tenorDays ?? null,
  };
}

function checkBanks(banks: string[], applicant: string): string[] {
  const unique = new Set(banks);
  if (unique.size !== banks.length) throw ApiException.badInput("banks", "each bank may be addressed once");
  if (banks.some((b) => sameAddress(b, applicant))) {
    throw ApiException.badInput("banks", "an applicant cannot address itself");
  }
  return banks;
}

/** Whole seconds (the on-chain expiresAt), in the future, within a year. */
function checkExpiry(expiresAt: Date, now: Date): Date {
  const ms = Math.floor(expiresAt.getTime() / 1000) * 1000;
  if (!Number.isFinite(ms) || ms <= now.getTime()) {
    throw ApiException.badInput(
      "expiresAt",
      `expiresAt must be in the future, got ${expiresAt.toISOString?.() ?? expiresAt}`,
    );
  }
  if (ms - now.getTime() > MAX_EXPIRY_MS) throw ApiException.badInput("expiresAt", "expiresAt must be within a year");
  return new Date(ms);
}

/** The preview at the applicant's bounds: worst case for it (lowest advance, highest rate). */
function previewQuote(bounds: Bounds, asset: AssetContext, now: Date): Quote {
  if (bounds.product === ApplicationProduct.FACTORING) {
    return factoringQuote(asset.base, bounds.minAdvanceBps!, bounds.maxRateBps, asset.receivable!.maturity, now);
  }
  if (bounds.product === ApplicationProduct.ORDER_FINANCING) {
    return orderQuote(asset.base, bounds.minAdvanceBps!, bounds.maxRateBps, bounds.tenorDays!, now);
  }
  return receiptQuote(BigInt(bounds.amount!), bounds.maxRateBps, bounds.tenorDays!, now);
}

/** The bank's terms for the product, within the applicant's bounds (BAD_USER_INPUT otherwise). */
function termsOf(bounds: Bounds, input: ApprovalTermsInput): Terms {
  const bad = (argument: string, message: string) => ApiException.badInput(`terms.${argument}`, message);
  const need = <T>(value: T | undefined | null, name: string): T => {
    if (value === undefined || value === null) throw bad(name, `approving ${bounds.product} needs terms.${name}`);
    return value;
  };
  const refuse = (value: unknown, name: string) => {
    if (value !== undefined && value !== null) throw bad(name, `terms.${name} does not apply to ${bounds.product}`);
  };
  const product = bounds.product;
  if (product === ApplicationProduct.FACTORING) {
    refuse(input.rateBps, "rateBps");
    refuse(input.ltvBps, "ltvBps");
    refuse(input.amount, "amount");
    const advanceBps = need(input.advanceBps, "advanceBps");
    const discountBps = need(input.discountBps, "discountBps");
    const withRecourse = input.withRecourse ?? false;
    if (advanceBps < bounds.minAdvanceBps!) {
      throw bad("advanceBps", `advance ${advanceBps} bps is below the seller's minimum of ${bounds.minAdvanceBps} bps`);
    }
    if (discountBps > bounds.maxRateBps) {
      throw bad("discountBps", `discount ${discountBps} bps is above the seller's maximum of ${bounds.maxRateBps} bps`);
    }
    if (withRecourse && !bounds.recourseAccepted) {
      throw bad("withRecourse", "the seller did not accept recourse");
    }
    return { advanceBps, rateBps: discountBps, ltvBps: null, withRecourse, amount: null };
  }
  refuse(input.discountBps, "discountBps");
  refuse(input.withRecourse, "withRecourse");
  const rateBps = need(input.rateBps, "rateBps");
  if (rateBps > bounds.maxRateBps || rateBps > MAX_RATE_BPS) {
    throw bad("rateBps", `rate ${rateBps} bps is above the applicant's maximum of ${bounds.maxRateBps} bps`);
  }
  if (product === ApplicationProduct.ORDER_FINANCING) {
    refuse(input.ltvBps, "ltvBps");
    refuse(input.amount, "amount");
    const advanceBps = need(input.advanceBps, "advanceBps");
    if (advanceBps < bounds.minAdvanceBps!) {
      throw bad(
        "advanceBps",
        `advance ${advanceBps} bps is below the supplier's minimum of ${bounds.minAdvanceBps} bps`,
      );
    }
    return { advanceBps, rateBps, ltvBps: null, withRecourse: null, amount: null };
  }
  refuse(input.advanceBps, "advanceBps");
  const ltvBps = need(input.ltvBps, "ltvBps");
  const asked = BigInt(bounds.amount!);
  const amount = input.amount !== undefined && input.amount !== null ? BigInt(input.amount) : asked;
  if (amount <= 0n || amount > asked) {
    throw bad("amount", `the amount lent must be 1 to the ${asked} asked, got ${amount}`);
  }
  return { advanceBps: null, rateBps, ltvBps, withRecourse: null, amount: amount.toString() };
}

/** The quote at the bank's terms, checked against the contracts' caps. */
function termsQuote(bounds: Bounds, asset: AssetContext, terms: Terms, now: Date, id: number): Quote {
  const cap = (reason: string, message: string) => ineligible(ApiErrorCode.BAD_USER_INPUT, reason, message);
  if (bounds.product === ApplicationProduct.FACTORING) {
    const q = factoringQuote(asset.base, terms.advanceBps!, terms.rateBps, asset.receivable!.maturity, now);
    if (q.days < 1) throw cap("MATURITY_TOO_CLOSE", `receivable ${asset.receivable!.id} matures today or earlier`);
    if (BigInt(q.discount!) >= BigInt(q.advance)) {
      throw cap(
        "PRICE_NOT_POSITIVE",
        `at ${terms.rateBps} bps for ${q.days} days the discount ${q.discount} eats the whole advance ${q.advance}`,
      );
    }
    return q;
  }
  if (bounds.product === ApplicationProduct.ORDER_FINANCING) {
    const q = orderQuote(asset.base, terms.advanceBps!, terms.rateBps, bounds.tenorDays!, now);
    if (BigInt(q.advance) <= 0n) throw cap("AMOUNT_ZERO", `the principal rounds down to 0 for application ${id}`);
    return q;
  }
  const amount = BigInt(terms.amount!);
  const limit = receiptCap(BigInt(asset.receipt!.valuation), terms.ltvBps!);
  if (asset.receiptOutstanding + amount > limit) {
    throw cap(
      "EXCEEDS_LTV_CAP",
      `${asset.receiptOutstanding} drawn plus ${amount} exceeds ${terms.ltvBps} bps of the valuation ${asset.receipt!.valuation} (${limit})`,
    );
  }
  return receiptQuote(amount, terms.rateBps, bounds.tenorDays!, now);
}

/** The indexed offer must have been sent with bounds the approved terms satisfy (the contract checks the same). */
function checkOfferBounds(offer: Financing, terms: Terms, product: ApplicationProduct): void {
  const off = (message: string) => ineligible(ApiErrorCode.CONFLICT, "OFFER_BOUNDS_MISMATCH", message);
  if (offer.minAdvanceBps !== null && terms.advanceBps !== null && terms.advanceBps < offer.minAdvanceBps) {
    throw off(`the on-chain offer asks at least ${offer.minAdvanceBps} bps advance; you approved ${terms.advanceBps}`);
  }
  if (terms.rateBps > offer.maxRateBps) {
    throw off(`the on-chain offer accepts at most ${offer.maxRateBps} bps; you approved ${terms.rateBps}`);
  }
  if (product === ApplicationProduct.FACTORING && terms.withRecourse && !offer.recourse) {
    throw off("the on-chain offer does not accept recourse; you approved with recourse");
  }
  if (product === ApplicationProduct.RECEIPT_LOAN && terms.amount !== offer.requestedAmount) {
    throw off(`the on-chain request asks ${offer.requestedAmount}; you approved ${terms.amount}`);
  }
}

function describeTerms(product: ApplicationProduct, t: Terms): string {
  if (product === ApplicationProduct.FACTORING) {
    return `advance ${t.advanceBps} bps, discount ${t.rateBps} bps${t.withRecourse ? ", with recourse" : ""}`;
  }
  if (product === ApplicationProduct.ORDER_FINANCING) return `advance ${t.advanceBps} bps, rate ${t.rateBps} bps`;
  return `amount ${t.amount}, LTV ${t.ltvBps} bps, rate ${t.rateBps} bps`;
}
