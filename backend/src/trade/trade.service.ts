/**
 * The trade steps of suppliers and core enterprises, as transactions for their wallets: submit an order
 * (with its uploaded document), confirm or reject it, accept delivery (the order becomes a receivable),
 * confirm a payable (issue a receivable), split or transfer a part, pay a receivable at maturity.
 * Each step is checked against the index first, with the contracts' own rules, so that a transaction
 * that would revert is refused here with a clear error; the contracts check everything again.
 */
import { Inject, Injectable } from "@nestjs/common";
import { and, eq } from "drizzle-orm";
import { encodeBytes32String } from "ethers";
import { ApiException } from "../api/api.exception";
import { parseText } from "../api/common/validation";
import { Role, sameAddress, type Viewer } from "../auth/viewer";
import { CONFIG, DATABASE } from "../common/tokens";
import type { BackendConfig } from "../config/config";
import type { DatabaseHandle } from "../database/database";
import { purchaseOrders, receivableParts, receivables, type DocumentRow } from "../database/schema";
import { SyncState } from "../indexer/sync-state";
import { TransactionBuilder, type PreparedTransaction } from "../transactions/prepared-transaction";
import { conflict, forbidden, notFound, StepChecks } from "../transactions/step-checks";
import type { IssueReceivableInput, SplitPartInput, SubmitOrderInput } from "./trade.inputs";

const DAY_MS = 86_400_000;
const UINT96_MAX = (1n << 96n) - 1n;
/** How far ahead an order's delivery date may be. */
export const MAX_DELIVERY_AHEAD_DAYS = 1096;

@Injectable()
export class TradeService {
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

  async submitOrder(viewer: Viewer, input: SubmitOrderInput, now = this.sync.now()): Promise<PreparedTransaction[]> {
    this.checks.requireActor(viewer, Role.SUPPLIER, "supplier", "submit an order");
    if (sameAddress(input.buyer, viewer.address))
      throw ApiException.badInput("buyer", "buyer: a supplier cannot order from itself");
    await this.checks.requireCounterparty(input.buyer, "buyer", Role.CORE_ENTERPRISE, "core enterprise");
    if (BigInt(input.amount) > UINT96_MAX)
      throw ApiException.badInput("amount", "amount: at most 2^96 - 1 minor units");
    // As the contract: not before the start of today (UTC).
    if (input.deliveryDate.getTime() < now.getTime() - (now.getTime() % DAY_MS)) {
      throw ApiException.badInput("deliveryDate", "deliveryDate: must not be in the past");
    }
    if (input.deliveryDate.getTime() > now.getTime() + MAX_DELIVERY_AHEAD_DAYS * DAY_MS) {
      throw ApiException.badInput(
        "deliveryDate",
        `deliveryDate: at most ${MAX_DELIVERY_AHEAD_DAYS} days (three years) ahead, got ${input.deliveryDate.toISOString()}`,
      );
    }
    const [existing] = await this.db
      .select({ id: purchaseOrders.id })
      .from(purchaseOrders)
      .where(
        and(
          eq(purchaseOrders.buyer, input.buyer),
          eq(purchaseOrders.supplier, viewer.address),
          eq(purchaseOrders.orderNumber, input.orderNumber),
        ),
      );
    if (existing)
      throw conflict(`order number ${input.orderNumber} is already registered with this buyer (order ${existing.id})`);
    const document = await this.checks.documentFor(viewer, input.documentId, "documentId");
    return [
      this.builder.prepare(
        viewer.address,
        "purchaseOrders",
        "submit",
        [
          input.buyer,
          input.orderNumber,
          BigInt(input.amount),
          this.checks.currency(),
          BigInt(Math.floor(input.deliveryDate.getTime() / 1000)),
          BigInt(input.paymentTermDays),
          document.commitment,
          `ipfs://${document.cid}`,
        ],
        `Submit order ${input.orderNumber} of ${input.amount} minor units to ${input.buyer}`,
      ),
    ];
  }

  /** The viewer's pending/confirmed order as its buyer. */
  private async orderAsBuyer(viewer: Viewer, orderId: number, status: string, action: string) {
    this.checks.requireActor(viewer, Role.CORE_ENTERPRISE, "core enterprise", action);
    const [order] = await this.db.select().from(purchaseOrders).where(eq(purchaseOrders.id, orderId));
    if (!order || !(sameAddress(order.buyer, viewer.address) || sameAddress(order.supplier, viewer.address))) {
      throw notFound(`no order ${orderId} of yours`);
    }
    if (!sameAddress(order.buyer, viewer.address)) throw forbidden(`only the buyer of order ${orderId} may ${action}`);
    if (order.status !== status) throw conflict(`order ${orderId} is ${order.status}, not ${status}`);
    return order;
  }

  async confirmOrder(viewer: Viewer, orderId: number): Promise<PreparedTransaction[]> {
    await this.orderAsBuyer(viewer, orderId, "Pending", "confirm an order");
    return [this.builder.prepare(viewer.address, "purchaseOrders", "confirm", [orderId], `Confirm order ${orderId}`)];
  }

  async rejectOrder(viewer: Viewer, orderId: number, reason: string): Promise<PreparedTransaction[]> {
    // Stored on chain as a bytes32 string.
    parseText(reason, "reason", { maxBytes: 31 });
    await this.orderAsBuyer(viewer, orderId, "Pending", "reject an order");
    return [
      this.builder.prepare(
        viewer.address,
        "purchaseOrders",
        "reject",
        [orderId, encodeBytes32String(reason)],
        `Reject order ${orderId}: ${reason}`,
      ),
    ];
  }

  async acceptDelivery(viewer: Viewer, orderId: number, invoiceDocumentId: string): Promise<PreparedTransaction[]> {
    await this.orderAsBuyer(viewer, orderId, "Confirmed", "accept a delivery");
    const invoice = await this.checks.documentFor(viewer, invoiceDocumentId, "invoiceDocumentId");
    await this.requireUnusedInvoice(invoice);
    return [
      this.builder.prepare(
        viewer.address,
        "purchaseOrders",
        "acceptDelivery",
        [orderId, invoice.commitment, `ipfs://${invoice.cid}`],
        `Accept delivery of order ${orderId}; it becomes a receivable`,
      ),
    ];
  }

  private async requireUnusedInvoice(invoice: DocumentRow): Promise<void> {
    const [used] = await this.db
      .select({ id: receivables.id })
      .from(receivables)
      .where(eq(receivables.invoiceHash, invoice.commitment));
    if (used) throw conflict(`the invoice already backs receivable ${used.id}`);
  }

  async issueReceivable(
    viewer: Viewer,
    input: IssueReceivableInput,
    now = this.sync.now(),
  ): Promise<PreparedTransaction[]> {
    this.checks.requireActor(viewer, Role.CORE_ENTERPRISE, "core enterprise", "confirm a payable");
    if (sameAddress(input.creditor, viewer.address)) {
      throw ApiException.badInput("creditor", "creditor: an obligor cannot owe itself");
    }
    await this.checks.requireCounterparty(input.creditor, "creditor");
    if (BigInt(input.face) > UINT96_MAX) throw ApiException.badInput("face", "face: at most 2^96 - 1 minor units");
    const maturity = input.maturity.getTime();
    if (maturity <= now.getTime() || maturity > now.getTime() + 365 * DAY_MS) {
      throw ApiException.badInput("maturity", "maturity: must be after now and at most one year ahead");
    }
    const invoice = await this.checks.documentFor(viewer, input.invoiceDocumentId, "invoiceDocumentId");
    await this.requireUnusedInvoice(invoice);
    return [
      this.builder.prepare(
        viewer.address,
        "receivables",
        "issue",
        [
          input.creditor,
          BigInt(input.face),
          this.checks.currency(),
          BigInt(Math.floor(maturity / 1000)),
          invoice.commitment,
          `ipfs://${invoice.cid}`,
        ],
        `Confirm a payable of ${input.face} minor units to ${input.creditor}, due ${input.maturity.toISOString()}`,
      ),
    ];
  }

  /** The viewer's active part, of a receivable not yet paid. */
  private async ownPart(viewer: Viewer, partId: number) {
    this.checks.refuseRegulator(viewer);
    const [row] = await this.db
      .select({ part: receivableParts, receivable: receivables })
      .from(receivableParts)
      .innerJoin(receivables, eq(receivables.id, receivableParts.receivableId))
      .where(eq(receivableParts.id, partId));
    if (!row || !sameAddress(row.part.holder, viewer.address)) throw notFound(`no part ${partId} held by you`);
    if (row.part.status !== "Active") throw conflict(`part ${partId} is ${row.part.status}`);
    if (row.receivable.status === "Paid")
      throw conflict(`receivable ${row.receivable.id} is paid: redeem the part instead`);
    return row;
  }

  async splitPart(viewer: Viewer, input: SplitPartInput): Promise<PreparedTransaction[]> {
    const { part } = await this.ownPart(viewer, input.partId);
    if (sameAddress(input.to, viewer.address)) throw ApiException.badInput("to", "to: split to another member");
    await this.checks.requireCounterparty(input.to, "to");
    if (BigInt(input.amount) >= BigInt(part.amount)) {
      throw ApiException.badInput(
        "amount",
        `amount: must be less than the part's ${part.amount} (transfer the whole part instead)`,
      );
    }
    return [
      this.builder.prepare(
        viewer.address,
        "receivables",
        "split",
        [input.partId, input.to, BigInt(input.amount)],
        `Split ${input.amount} off part ${input.partId} to ${input.to}`,
      ),
    ];
  }

  async transferPart(viewer: Viewer, partId: number, to: string): Promise<PreparedTransaction[]> {
    await this.ownPart(viewer, partId);
    if (sameAddress(to, viewer.address)) throw ApiException.badInput("to", "to: the part is already yours");
    await this.checks.requireCounterparty(to, "to");
    return [
      this.builder.prepare(viewer.address, "receivables", "transfer", [partId, to], `Transfer part ${partId} to ${to}`),
    ];
  }

  /** Approve the receivables contract for the face amount, then pay: the obligor's two transactions. */
  async payReceivable(viewer: Viewer, receivableId: number): Promise<PreparedTransaction[]> {
    this.checks.requireActor(viewer, Role.CORE_ENTERPRISE, "core enterprise", "pay a receivable");
    const [receivable] = await this.db.select().from(receivables).where(eq(receivables.id, receivableId));
    if (!receivable || !sameAddress(receivable.obligor, viewer.address))
      throw notFound(`no receivable ${receivableId} owed by you`);
    if (receivable.status === "Paid") throw conflict(`receivable ${receivableId} is already paid`);
    await this.checks.requireBalance(viewer.address, BigInt(receivable.face), `receivable ${receivableId}`);
    return [
      this.builder.prepare(
        viewer.address,
        "settlementToken",
        "approve",
        [this.config.deployment.contracts.receivables, BigInt(receivable.face)],
        `Allow the receivables contract to take ${receivable.face} minor units`,
      ),
      this.builder.prepare(
        viewer.address,
        "receivables",
        "pay",
        [receivableId],
        `Pay receivable ${receivableId} in full`,
      ),
    ];
  }
}
