/**
 * Servicing a funded financing, as transactions for the parties' wallets: the borrower repays a loan;
 * the bank or the party collects a deal or an order loan once its receivable is paid; the bank
 * declares a loan in default, claims recourse on a factoring deal, enforces a receipt pledge; the seller
 * settles a recourse claim; any member claims what a financing contract holds for it; a bank sets its
 * credit lines. Each step is checked against the index first with the contracts' own rules
 * (contracts/financing/*.sol), so a transaction that would revert is refused here with a clear error.
 *
 * Who is told what: the financings are visible to their party (seller or borrower) and bank only, so
 * any other member is answered NOT_FOUND, as if the financing did not exist; a participant asking for
 * the other side's step is answered FORBIDDEN; the regulator writes nothing (FORBIDDEN).
 */
import { Inject, Injectable } from "@nestjs/common";
import { and, desc, eq } from "drizzle-orm";
import { loanInterest } from "../../../scripts/lib/pricing";
import { LimitKind } from "../../../scripts/lib/statuses";
import { ApiException } from "../api/api.exception";
import { FinancingProduct, PRODUCT_CONTRACT } from "../api/common/enums";
import { Role, sameAddress, type Viewer } from "../auth/viewer";
import { CONFIG, DATABASE } from "../common/tokens";
import type { BackendConfig } from "../config/config";
import type { DatabaseHandle } from "../database/database";
import {
  creditLines,
  financings,
  heldPayouts,
  members,
  purchaseOrders,
  receivableParts,
  receivables,
  repayments,
  warehouseReceipts,
  type Financing,
} from "../database/schema";
import { SyncState } from "../indexer/sync-state";
import { TransactionBuilder, type PreparedTransaction } from "../transactions/prepared-transaction";
import { conflict, forbidden, notFound, StepChecks } from "../transactions/step-checks";

const PRODUCT_NOUN: Record<FinancingProduct, string> = {
  [FinancingProduct.FACTORING]: "factoring deal",
  [FinancingProduct.ORDER]: "order loan",
  [FinancingProduct.RECEIPT]: "receipt loan",
};

/**
 * How long a prepared repayment may wait before it is mined. The contract charges the interest accrued
 * on the day it is mined (and interest only grows), so the approval is for the amount due one day after
 * the chain's present: enough for a wallet prompt answered late. Mined earlier, the contract takes
 * less and the rest of the allowance stays unused.
 */
export const REPAYMENT_MARGIN_SECONDS = 86_400;
/** FinancingBase.DEFAULT_GRACE_PERIOD (30 days): a loan may be declared in default only after its due date plus this. */
export const DEFAULT_GRACE_PERIOD_SECONDS = 30 * 86_400;
const UINT128_MAX = (1n << 128n) - 1n;

type CreditLineKindName = keyof typeof LimitKind;
type Side = "party" | "bank" | "either";

const seconds = (date: Date): number => Math.floor(date.getTime() / 1000);

@Injectable()
export class ServicingService {
  constructor(
    @Inject(DATABASE) private readonly database: DatabaseHandle,
    @Inject(CONFIG) private readonly config: BackendConfig,
    @Inject(TransactionBuilder) private readonly builder: TransactionBuilder,
    @Inject(SyncState) private readonly sync: SyncState,
    @Inject(StepChecks) private readonly checks: StepChecks,
  ) {}

  private get db() {
    return this.database.db;
  }

  private get contracts() {
    return this.config.deployment.contracts;
  }

  /**
   * Financing (`product`, `id`) of which the viewer is on `side`: NOT_FOUND for a member taking no part
   * in it (it is not visible to them), FORBIDDEN for the participant on the other side.
   */
  private async financingOf(
    viewer: Viewer,
    product: FinancingProduct,
    id: number,
    side: Side,
    action: string,
  ): Promise<Financing> {
    this.checks.refuseRegulator(viewer);
    const noun = PRODUCT_NOUN[product];
    const [row] = await this.db
      .select()
      .from(financings)
      .where(and(eq(financings.product, product), eq(financings.id, id)));
    const isParty = sameAddress(row?.party, viewer.address);
    const isBank = sameAddress(row?.bank, viewer.address);
    if (!row || !(isParty || isBank)) throw notFound(`no ${noun} ${id} of yours`);
    const partyName = product === FinancingProduct.FACTORING ? "seller" : "borrower";
    if (side === "party" && !isParty) throw forbidden(`only the ${partyName} of ${noun} ${id} may ${action}`);
    if (side === "bank" && !isBank) throw forbidden(`only the bank of ${noun} ${id} may ${action}`);
    return row;
  }

  private requireStatus(row: Financing, allowed: string[], action: string): void {
    if (!allowed.includes(row.status)) {
      throw conflict(
        `${PRODUCT_NOUN[row.product as FinancingProduct]} ${row.id} is ${row.status}; it must be ${allowed.join(" or ")} to ${action}`,
      );
    }
  }

  /** The settlement token moves only between active members: a payment to a suspended bank would revert. */
  private async requireBankCanBePaid(row: Financing): Promise<void> {
    const [bank] = await this.db.select().from(members).where(eq(members.address, row.bank));
    if (!bank || bank.status !== "Active") {
      throw conflict(
        `the bank ${row.bank} of ${PRODUCT_NOUN[row.product as FinancingProduct]} ${row.id} is not an active member: the settlement token cannot be paid to it until it is reinstated`,
      );
    }
  }

  /**
   * What loan `row` will owe at `at` (unix seconds), as LoanBook.repay computes it: its principal (the
   * contract's, which after a short order collection is what was left unpaid, interest included) plus
   * `_interest`, from the loan's interest start (funding, or the last short collection) to `at`.
   */
  async amountDue(row: Financing, at: number): Promise<{ principal: bigint; interest: bigint; total: bigint }> {
    if (row.rateBps === null || row.fundedAt === null) {
      throw conflict(`${PRODUCT_NOUN[row.product as FinancingProduct]} ${row.id} has no funded terms indexed yet`);
    }
    const [lastCollection] = await this.db
      .select({ paidAt: repayments.paidAt })
      .from(repayments)
      .where(
        and(eq(repayments.product, row.product), eq(repayments.financingId, row.id), eq(repayments.kind, "COLLECTED")),
      )
      .orderBy(desc(repayments.paidAt))
      .limit(1);
    const from = lastCollection && lastCollection.paidAt > row.fundedAt ? lastCollection.paidAt : row.fundedAt;
    const principal = BigInt(row.outstanding);
    const interest = loanInterest(principal, row.rateBps, seconds(from), at);
    return { principal, interest, total: principal + interest };
  }

  /** Borrower: approve the loan contract for principal and interest (at the margin time), then repay. */
  async repayLoan(
    viewer: Viewer,
    product: FinancingProduct,
    id: number,
    now = this.sync.now(),
  ): Promise<PreparedTransaction[]> {
    this.checks.refuseRegulator(viewer);
    if (product === FinancingProduct.FACTORING) {
      throw ApiException.badInput(
        "product",
        "product: a factoring deal is not repaid; it is collected (collectFinancing) or, under recourse, settled by its seller (settleRecourse). Use ORDER or RECEIPT",
      );
    }
    const row = await this.financingOf(viewer, product, id, "party", "repay it");
    this.requireStatus(row, ["Active", "Defaulted"], "be repaid");
    await this.requireBankCanBePaid(row);
    const at = seconds(now) + REPAYMENT_MARGIN_SECONDS;
    const due = await this.amountDue(row, at);
    await this.checks.requireBalance(viewer.address, due.total, `repaying ${PRODUCT_NOUN[product]} ${id}`);
    const contract = PRODUCT_CONTRACT[product];
    return [
      this.builder.prepare(
        viewer.address,
        "settlementToken",
        "approve",
        [this.contracts[contract], due.total],
        `Allow the ${PRODUCT_NOUN[product]} contract to take ${due.total} minor units: principal ${due.principal} and interest ${due.interest} accrued by ${new Date(at * 1000).toISOString()} (one day ahead, in case the repayment is mined late; mined earlier, it takes less)`,
      ),
      this.builder.prepare(
        viewer.address,
        contract,
        "repay",
        [id],
        `Repay ${PRODUCT_NOUN[product]} ${id} in full to ${row.bank}`,
      ),
    ];
  }

  /** Bank or party: redeem the paid receivable behind a factoring deal or an order loan and share it out. */
  async collectFinancing(viewer: Viewer, product: FinancingProduct, id: number): Promise<PreparedTransaction[]> {
    this.checks.refuseRegulator(viewer);
    if (product === FinancingProduct.RECEIPT) {
      throw ApiException.badInput(
        "product",
        "product: a receipt loan has no receivable to collect; its borrower repays it (repayLoan) or its bank enforces the pledge (enforceReceiptPledge). Use FACTORING or ORDER",
      );
    }
    const row = await this.financingOf(viewer, product, id, "either", "collect it");
    if (product === FinancingProduct.FACTORING) {
      this.requireStatus(row, ["Funded", "RecourseClaimed"], "be collected");
      const [part] = await this.db.select().from(receivableParts).where(eq(receivableParts.id, row.assetId));
      if (!part || part.status !== "Active") {
        throw conflict(`part ${row.assetId} of factoring deal ${id} is ${part?.status ?? "not indexed"}, not Active`);
      }
      await this.requirePaid(part.receivableId, `factoring deal ${id}`);
    } else {
      this.requireStatus(row, ["Active", "Defaulted"], "be collected");
      const [order] = await this.db.select().from(purchaseOrders).where(eq(purchaseOrders.id, row.assetId));
      const receivableId = order?.receivableId ?? row.receivableId;
      if (receivableId === null) {
        throw conflict(
          `order ${row.assetId} of order loan ${id} has not become a receivable yet (delivery not accepted)`,
        );
      }
      await this.requirePaid(receivableId, `order loan ${id}`);
      // The receivable's root part has the receivable's id; the contract redeems it only from its custody.
      const [part] = await this.db.select().from(receivableParts).where(eq(receivableParts.id, receivableId));
      if (!part || part.status !== "Active" || !sameAddress(part.holder, this.contracts.orderFinancing)) {
        throw conflict(
          `receivable ${receivableId} of order loan ${id} is not held by the order financing contract (holder ${part?.holder ?? "unknown"}, ${part?.status ?? "not indexed"})`,
        );
      }
    }
    return [
      this.builder.prepare(
        viewer.address,
        PRODUCT_CONTRACT[product],
        "collect",
        [id],
        `Collect ${PRODUCT_NOUN[product]} ${id}: redeem its paid receivable, the bank is paid first and the rest goes to ${row.party}`,
      ),
    ];
  }

  private async requirePaid(receivableId: number, what: string): Promise<void> {
    const [receivable] = await this.db.select().from(receivables).where(eq(receivables.id, receivableId));
    if (!receivable || receivable.status !== "Paid") {
      throw conflict(
        `receivable ${receivableId} of ${what} is ${receivable?.status ?? "not indexed"}: it can be collected once the obligor has paid`,
      );
    }
  }

  /** Bank: declare an active loan in default, after its due date and the contract's grace period. */
  async declareDefault(
    viewer: Viewer,
    product: FinancingProduct,
    id: number,
    now = this.sync.now(),
  ): Promise<PreparedTransaction[]> {
    this.checks.refuseRegulator(viewer);
    if (product === FinancingProduct.FACTORING) {
      throw ApiException.badInput(
        "product",
        "product: a factoring deal is not declared in default; claim recourse (claimRecourse) once its receivable is in default. Use ORDER or RECEIPT",
      );
    }
    const row = await this.financingOf(viewer, product, id, "bank", "declare it in default");
    this.requireStatus(row, ["Active"], "be declared in default");
    if (row.dueAt === null) throw conflict(`${PRODUCT_NOUN[product]} ${id} has no due date indexed`);
    const graceEnds = seconds(row.dueAt) + DEFAULT_GRACE_PERIOD_SECONDS;
    if (seconds(now) <= graceEnds) {
      throw conflict(
        `${PRODUCT_NOUN[product]} ${id} was due ${row.dueAt.toISOString()}; it may be declared in default only after the 30-day grace period, after ${new Date(graceEnds * 1000).toISOString()}`,
      );
    }
    return [
      this.builder.prepare(
        viewer.address,
        PRODUCT_CONTRACT[product],
        "declareDefault",
        [id],
        `Declare ${PRODUCT_NOUN[product]} ${id} of ${row.party} in default`,
      ),
    ];
  }

  /** Bank: claim the advance back from the seller of a deal with recourse whose receivable defaulted. */
  async claimRecourse(viewer: Viewer, id: number): Promise<PreparedTransaction[]> {
    const row = await this.financingOf(viewer, FinancingProduct.FACTORING, id, "bank", "claim recourse");
    this.requireStatus(row, ["Funded"], "claim recourse");
    if (row.recourse !== true) throw conflict(`factoring deal ${id} was bought without recourse`);
    const receivableId = row.receivableId;
    const [receivable] =
      receivableId === null ? [] : await this.db.select().from(receivables).where(eq(receivables.id, receivableId));
    if (!receivable || receivable.status !== "Defaulted") {
      throw conflict(
        `receivable ${receivableId ?? "?"} of factoring deal ${id} is ${receivable?.status ?? "not indexed"}: recourse can be claimed once it is Defaulted`,
      );
    }
    return [
      this.builder.prepare(
        viewer.address,
        "factoring",
        "claimRecourse",
        [id],
        `Claim the advance of ${row.principal} minor units of factoring deal ${id} back from ${row.party}`,
      ),
    ];
  }

  /** Seller: approve the factoring contract for the advance, then settle the bank's recourse claim. */
  async settleRecourse(viewer: Viewer, id: number): Promise<PreparedTransaction[]> {
    const row = await this.financingOf(viewer, FinancingProduct.FACTORING, id, "party", "settle recourse");
    this.requireStatus(row, ["RecourseClaimed"], "settle recourse");
    await this.requireBankCanBePaid(row);
    const advance = BigInt(row.principal ?? "0");
    await this.checks.requireBalance(viewer.address, advance, `settling recourse on factoring deal ${id}`);
    return [
      this.builder.prepare(
        viewer.address,
        "settlementToken",
        "approve",
        [this.contracts.factoring, advance],
        `Allow the factoring contract to take the advance of ${advance} minor units`,
      ),
      this.builder.prepare(
        viewer.address,
        "factoring",
        "settleRecourse",
        [id],
        `Pay the advance of factoring deal ${id} back to ${row.bank}; the part (or its proceeds) comes back to you`,
      ),
    ];
  }

  /** Pledgee bank: take the goods of a receipt one of whose loans is in default. */
  async enforceReceiptPledge(viewer: Viewer, receiptId: number): Promise<PreparedTransaction[]> {
    this.checks.requireActor(viewer, Role.BANK, "bank", "enforce a receipt pledge");
    const [receipt] = await this.db.select().from(warehouseReceipts).where(eq(warehouseReceipts.id, receiptId));
    if (!receipt || !sameAddress(receipt.pledgee, viewer.address)) {
      throw notFound(`no receipt ${receiptId} pledged to you`);
    }
    const [defaulted] = await this.db
      .select({ id: financings.id })
      .from(financings)
      .where(
        and(
          eq(financings.product, FinancingProduct.RECEIPT),
          eq(financings.assetId, receiptId),
          eq(financings.bank, viewer.address),
          eq(financings.status, "Defaulted"),
        ),
      )
      .limit(1);
    if (!defaulted) {
      throw conflict(`no loan on receipt ${receiptId} is in default: declare one in default first (declareDefault)`);
    }
    return [
      this.builder.prepare(
        viewer.address,
        "receiptFinancing",
        "enforce",
        [receiptId],
        `Enforce the pledge of receipt ${receiptId}: its goods become yours and every loan on it ends`,
      ),
    ];
  }

  /** Member: claim what a financing contract held for it while it could not be paid. */
  async claimHeldPayouts(viewer: Viewer, product: FinancingProduct): Promise<PreparedTransaction[]> {
    this.checks.refuseRegulator(viewer);
    const contract = PRODUCT_CONTRACT[product];
    const currency = this.config.deployment.currency;
    const [held] = await this.db
      .select({ amount: heldPayouts.amount })
      .from(heldPayouts)
      .where(
        and(
          eq(heldPayouts.contract, contract),
          eq(heldPayouts.account, viewer.address),
          eq(heldPayouts.currency, currency),
        ),
      );
    const amount = BigInt(held?.amount ?? "0");
    if (amount === 0n) throw conflict(`the ${PRODUCT_NOUN[product]} contract holds nothing for you in ${currency}`);
    return [
      this.builder.prepare(
        viewer.address,
        contract,
        "claimHeld",
        [this.checks.currency()],
        `Claim the ${amount} minor units of ${currency} the ${PRODUCT_NOUN[product]} contract holds for you`,
      ),
    ];
  }

  /**
   * Bank: set its credit line for a member; 0 closes the line (what is in use stays in use). A suspended
   * or blacklisted member's line may be lowered or closed, not raised.
   */
  async setCreditLimit(
    viewer: Viewer,
    counterparty: string,
    kind: CreditLineKindName,
    limit: string,
  ): Promise<PreparedTransaction[]> {
    this.checks.requireActor(viewer, Role.BANK, "bank", "set a credit limit");
    if (sameAddress(counterparty, viewer.address)) {
      throw ApiException.badInput("counterparty", "counterparty: a bank cannot set a credit line for itself");
    }
    if (!(kind in LimitKind)) {
      throw ApiException.badInput("kind", `kind: must be ${Object.keys(LimitKind).join(" or ")}`);
    }
    const value = BigInt(limit);
    if (value > UINT128_MAX)
      throw ApiException.badInput("limit", "limit: at most 2^128 - 1 minor units (0 closes the line)");
    const [member] = await this.db.select().from(members).where(eq(members.address, counterparty));
    if (!member || member.status === "None") {
      throw ApiException.badInput("counterparty", `counterparty: ${counterparty} is not a member of the consortium`);
    }
    if (member.status !== "Active" || member.blacklisted) {
      const [line] = await this.db
        .select({ limit: creditLines.limit })
        .from(creditLines)
        .where(
          and(
            eq(creditLines.bank, viewer.address),
            eq(creditLines.counterparty, counterparty),
            eq(creditLines.kind, kind),
          ),
        );
      const current = BigInt(line?.limit ?? "0");
      if (value > current) {
        throw conflict(
          `${counterparty} is ${member.blacklisted ? "blacklisted" : "suspended"}: its ${kind} line may be lowered or closed (now ${current}), not raised to ${value}`,
        );
      }
    }
    return [
      this.builder.prepare(
        viewer.address,
        "creditLimits",
        "setLimit",
        [counterparty, LimitKind[kind], value],
        value === 0n
          ? `Close your ${kind} credit line for ${counterparty} (no new financing; what is in use stays in use)`
          : `Set your ${kind} credit line for ${counterparty} to ${value} minor units`,
      ),
    ];
  }
}
