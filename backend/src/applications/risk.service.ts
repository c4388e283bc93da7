/**
 * The risk summary a bank sees in its queue: facts from the index, each with its value and what it
 * means — the asset and its lineage, the obligor's confirmation, the borrower's history, the bank's
 * concentration on the obligor and its remaining limits. Deliberately no score: the bank decides.
 */
import { SyncState } from "../indexer/sync-state";
import { Inject, Injectable } from "@nestjs/common";
import type { FinancingApplicationRow } from "../database/applications.schema";
import type { CreditLine } from "../database/schema";
import { ApplicationProduct } from "./application.states";
import type { RemainingLimit, RiskFactor, RiskSummary } from "./applications.model";
import { ApplicationsRepository } from "./applications.repository";

function remaining(line: CreditLine | undefined, counterparty: string, kind: string): RemainingLimit {
  const limit = BigInt(line?.limit ?? "0");
  const used = BigInt(line?.used ?? "0");
  return {
    counterparty,
    kind,
    exists: !!line,
    limit: limit.toString(),
    used: used.toString(),
    remaining: (limit > used ? limit - used : 0n).toString(),
  };
}

@Injectable()
export class RiskService {
  constructor(
    @Inject(ApplicationsRepository) private readonly repository: ApplicationsRepository,
    @Inject(SyncState) private readonly sync: SyncState,
  ) {}

  async summary(app: FinancingApplicationRow, bank: string, now = this.sync.now()): Promise<RiskSummary> {
    const product = app.product as ApplicationProduct;
    const factors: RiskFactor[] = [];
    let description = "";
    let status: string | null = null;
    let obligor: string | null = null;
    let lineage: RiskSummary["lineage"] = [];
    let originOrderId: number | null = null;
    let confirmation: RiskSummary["confirmation"] = null;

    if (product === ApplicationProduct.FACTORING) {
      const chain = await this.repository.lineage(app.assetId);
      const part = chain[0];
      const receivable = part ? await this.repository.receivable(part.receivableId) : undefined;
      lineage = chain.map((p) => ({
        partId: p.id,
        parentId: p.parentId,
        depth: p.depth,
        holder: p.holder,
        face: p.face,
        amount: p.amount,
        status: p.status,
      }));
      if (receivable) {
        obligor = receivable.obligor;
        status = receivable.status;
        originOrderId = receivable.orderId;
        description = `part ${app.assetId} (${part!.amount} ${receivable.currency}) of receivable ${receivable.id}: face ${receivable.face}, obligor ${receivable.obligor}, matures ${receivable.maturity.toISOString()}`;
        const issued = await this.repository.firstEvent("ReceivableIssued", `receivable:${receivable.id}`);
        confirmation = {
          event: "ReceivableIssued",
          by: receivable.obligor,
          at: issued?.blockTime ?? receivable.issuedAt,
          blockNumber: issued?.blockNumber ?? receivable.issuedBlock,
          txHash: issued?.txHash ?? null,
        };
        const days = Math.floor((receivable.maturity.getTime() - now.getTime()) / 86_400_000);
        factors.push({
          name: "Days to maturity",
          value: String(days),
          explanation: "How long the bank waits for the obligor's payment.",
        });
      } else {
        description = `part ${app.assetId} (not indexed)`;
      }
      factors.push({
        name: "Lineage depth",
        value: String(Math.max(0, chain.length - 1)),
        explanation: "Splits between the part and the receivable the obligor confirmed (0: the original claim).",
      });
    } else if (product === ApplicationProduct.ORDER_FINANCING) {
      const order = await this.repository.order(app.assetId);
      if (order) {
        obligor = order.buyer;
        status = order.status;
        description = `purchase order ${order.orderNumber} (#${order.id}): ${order.amount} ${order.currency} from buyer ${order.buyer}, delivery ${order.deliveryDate.toISOString()}, paid ${order.paymentTermDays} days after`;
        const confirmed = await this.repository.firstEvent("OrderConfirmed", `order:${order.id}`);
        if (confirmed) {
          confirmation = {
            event: "OrderConfirmed",
            by: order.buyer,
            at: confirmed.blockTime,
            blockNumber: confirmed.blockNumber,
            txHash: confirmed.txHash,
          };
        }
      } else {
        description = `purchase order ${app.assetId} (not indexed)`;
      }
    } else {
      const receipt = await this.repository.receipt(app.assetId);
      if (receipt) {
        status = receipt.status;
        description = `warehouse receipt ${receipt.lot} (#${receipt.id}): ${receipt.quantity} ${receipt.unit} of ${receipt.goods}, valued ${receipt.valuation} ${receipt.currency}, at warehouse ${receipt.warehouse}`;
        const issued = await this.repository.firstEvent("ReceiptIssued", `receipt:${receipt.id}`);
        confirmation = {
          event: "ReceiptIssued",
          by: receipt.warehouse,
          at: issued?.blockTime ?? receipt.issuedAt,
          blockNumber: issued?.blockNumber ?? receipt.issuedBlock,
          txHash: issued?.txHash ?? null,
        };
        const drawn = await this.repository.receiptOutstanding(receipt.id);
        factors.push(
          {
            name: "Drawn on the receipt",
            value: drawn.toString(),
            explanation: "Funded drawings outstanding against this receipt (they count in the LTV cap).",
          },
          {
            name: "Last attested quantity",
            value: receipt.lastAttestedQuantity ?? "none",
            explanation: `The warehouse's latest count, against ${receipt.quantity} ${receipt.unit} on the receipt.`,
          },
          {
            name: "Frozen",
            value: String(receipt.frozen),
            explanation: "A frozen pledge (short attestation or anomaly) blocks any new drawing.",
          },
        );
      } else {
        description = `warehouse receipt ${app.assetId} (not indexed)`;
      }
    }

    const history = await this.repository.partyHistory(app.applicant, now);
    const book = await this.repository.bankOutstanding(bank, obligor);
    const total = BigInt(book.total);
    const withObligor = BigInt(book.withObligor);
    const shareBps = total > 0n ? Number((withObligor * 10_000n) / total) : 0;
    const obligorLimit = obligor
      ? remaining(await this.repository.creditLine(bank, obligor, "Obligor"), obligor, "Obligor")
      : null;
    const borrowerLimit = remaining(
      await this.repository.creditLine(bank, app.applicant, "Borrower"),
      app.applicant,
      "Borrower",
    );

    factors.push(
      {
        name: "Obligor confirmation",
        value: confirmation
          ? `${confirmation.event} by ${confirmation.by} at ${confirmation.at.toISOString()}`
          : "none indexed",
        explanation: "Who put the asset on chain and vouched for it.",
      },
      {
        name: "Borrower financings",
        value: `${history.financings} funded, volume ${history.volume}, ${history.repaid} repaid`,
        explanation: "The applicant's record as seller or borrower in the index.",
      },
      {
        name: "Borrower days past due",
        value: String(history.maxDaysPastDue),
        explanation: "Most days past due among its open financings (0: none overdue).",
      },
      {
        name: "Borrower defaults",
        value: String(history.defaults),
        explanation: "Financings defaulted, recourse claimed or enforced.",
      },
      {
        name: "Concentration on the obligor",
        value: obligor ? `${withObligor} of ${total} (${shareBps} bps)` : "no obligor",
        explanation: "Your outstanding with this obligor over your total outstanding.",
      },
    );
    if (obligorLimit) {
      factors.push({
        name: "Remaining obligor limit",
        value: obligorLimit.exists ? obligorLimit.remaining : "no line",
        explanation: `What your Obligor line for ${obligor} still allows (limit ${obligorLimit.limit}, used ${obligorLimit.used}).`,
      });
    }
    factors.push({
      name: "Remaining borrower limit",
      value: borrowerLimit.exists ? borrowerLimit.remaining : "no line",
      explanation: `What your Borrower line for ${app.applicant} still allows (limit ${borrowerLimit.limit}, used ${borrowerLimit.used}).`,
    });

    return {
      bank,
      assetType: app.assetType,
      assetId: app.assetId,
      assetDescription: description,
      assetStatus: status,
      lineage,
      originOrderId,
      confirmation,
      borrowerHistory: { party: app.applicant, ...history },
      concentration: {
        obligor,
        outstandingWithObligor: withObligor.toString(),
        totalOutstanding: total.toString(),
        shareBps,
      },
      obligorLimit,
      borrowerLimit,
      factors,
    };
  }
}
