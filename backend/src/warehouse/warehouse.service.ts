/**
 * The warehouse receipt steps, as transactions for the signed-in member's wallet: a warehouse issues a
 * receipt, attests its inventory and releases the goods; the receipt's owner transfers it or asks for
 * its goods; the pledgee bank lifts a freeze. Each step is checked against the index first, with the
 * rules of WarehouseReceipts.sol, so that a transaction that would revert is refused here with a clear
 * error; the contract checks everything again.
 */
import { Inject, Injectable } from "@nestjs/common";
import { and, eq } from "drizzle-orm";
import { encodeBytes32String } from "ethers";
import { ApiException } from "../api/api.exception";
import { Access } from "../api/common/access";
import { parseText } from "../api/common/validation";
import { Role, sameAddress, type Viewer } from "../auth/viewer";
import { DATABASE } from "../common/tokens";
import type { DatabaseHandle } from "../database/database";
import { warehouseReceipts, type WarehouseReceipt } from "../database/schema";
import { TransactionBuilder, type PreparedTransaction } from "../transactions/prepared-transaction";
import { conflict, forbidden, notFound, StepChecks } from "../transactions/step-checks";
import type { AttestReceiptInput, IssueReceiptInput } from "./warehouse.inputs";

const UINT96_MAX = (1n << 96n) - 1n;
const UINT128_MAX = (1n << 128n) - 1n;
/** What people read of the goods; the chain takes any string. */
export const MAX_GOODS_CHARS = 200;

@Injectable()
export class WarehouseService {
  constructor(
    @Inject(DATABASE) private readonly database: DatabaseHandle,
    @Inject(TransactionBuilder) private readonly builder: TransactionBuilder,
    @Inject(StepChecks) private readonly checks: StepChecks,
  ) {}

  private get db() {
    return this.database.db;
  }

  async issueReceipt(viewer: Viewer, input: IssueReceiptInput): Promise<PreparedTransaction[]> {
    parseText(input.goods, "goods", { maxChars: MAX_GOODS_CHARS });
    this.checks.requireActor(viewer, Role.WAREHOUSE, "warehouse", "issue a receipt");
    if (sameAddress(input.owner, viewer.address)) {
      throw ApiException.badInput("owner", "owner: a warehouse cannot issue a receipt to itself");
    }
    await this.checks.requireCounterparty(input.owner, "owner");
    if (BigInt(input.quantity) > UINT128_MAX) throw ApiException.badInput("quantity", "quantity: at most 2^128 - 1");
    if (BigInt(input.valuation) > UINT96_MAX) {
      throw ApiException.badInput("valuation", "valuation: at most 2^96 - 1 minor units");
    }
    // As the contract: (warehouse, lot) is unique.
    const [sameLot] = await this.db
      .select({ id: warehouseReceipts.id })
      .from(warehouseReceipts)
      .where(and(eq(warehouseReceipts.warehouse, viewer.address), eq(warehouseReceipts.lot, input.lot)));
    if (sameLot) throw conflict(`lot ${JSON.stringify(input.lot)} was issued before, as receipt ${sameLot.id}`);
    const document = await this.checks.documentFor(viewer, input.documentId, "documentId");
    // Not a contract rule: one scan backing two receipts is the double-issued receipt the network exists
    // to prevent (DESIGN.md, invariant 1).
    const [sameScan] = await this.db
      .select({ id: warehouseReceipts.id })
      .from(warehouseReceipts)
      .where(eq(warehouseReceipts.documentHash, document.commitment));
    if (sameScan) throw conflict(`the document already backs receipt ${sameScan.id}`);
    return [
      this.builder.prepare(
        viewer.address,
        "warehouseReceipts",
        "issue",
        [
          input.owner,
          {
            lot: input.lot,
            goods: input.goods,
            quantity: BigInt(input.quantity),
            unit: encodeBytes32String(input.unit),
            valuation: BigInt(input.valuation),
            currency: this.checks.currency(),
            documentHash: document.commitment,
            documentUri: `ipfs://${document.cid}`,
          },
        ],
        `Issue a receipt for lot ${input.lot} (${input.quantity} ${input.unit} of ${input.goods}, valued at ${input.valuation} minor units) to ${input.owner}`,
      ),
    ];
  }

  /**
   * Receipt `receiptId` as the viewer sees it: NOT_FOUND unless the viewer may read it (owner, issuing
   * warehouse, pledgee, a party of a financing on it: the read API's rule), so that the write steps
   * reveal no more than the reads do.
   */
  private async visibleReceipt(viewer: Viewer, receiptId: number): Promise<WarehouseReceipt> {
    this.checks.refuseRegulator(viewer);
    const [receipt] = await this.db
      .select()
      .from(warehouseReceipts)
      .where(and(eq(warehouseReceipts.id, receiptId), new Access(viewer).receipts()));
    if (!receipt) throw notFound(`no receipt ${receiptId} of yours`);
    return receipt;
  }

  /** The viewer's receipt as its issuing warehouse (any status: each step checks its own). */
  private async receiptAsWarehouse(viewer: Viewer, receiptId: number, action: string): Promise<WarehouseReceipt> {
    this.checks.requireActor(viewer, Role.WAREHOUSE, "warehouse", action);
    const receipt = await this.visibleReceipt(viewer, receiptId);
    if (!sameAddress(receipt.warehouse, viewer.address)) {
      throw forbidden(`only ${receipt.warehouse}, the warehouse that issued receipt ${receiptId}, may ${action}`);
    }
    return receipt;
  }

  /** The viewer's receipt as its owner: Active and not pledged (the contract's `_unpledgedActive`). */
  private async receiptAsOwner(viewer: Viewer, receiptId: number, action: string): Promise<WarehouseReceipt> {
    const receipt = await this.visibleReceipt(viewer, receiptId);
    if (!sameAddress(receipt.owner, viewer.address)) {
      throw forbidden(`only ${receipt.owner}, the owner of receipt ${receiptId}, may ${action}`);
    }
    if (receipt.status !== "Active") throw conflict(`receipt ${receiptId} is ${receipt.status}, not Active`);
    if (receipt.pledgee) {
      throw conflict(`receipt ${receiptId} is pledged to ${receipt.pledgee}: the loan on it must be repaid first`);
    }
    return receipt;
  }

  async attestReceipt(viewer: Viewer, input: AttestReceiptInput): Promise<PreparedTransaction[]> {
    const receipt = await this.receiptAsWarehouse(viewer, input.receiptId, "attest its inventory");
    if (receipt.status === "Released") {
      throw conflict(`receipt ${input.receiptId} is Released: its goods left the warehouse`);
    }
    const quantity = BigInt(input.quantity);
    if (quantity > UINT128_MAX) throw ApiException.badInput("quantity", "quantity: at most 2^128 - 1");
    const report = await this.checks.documentFor(viewer, input.reportDocumentId, "reportDocumentId");
    // The contract's rule: a live, unfrozen pledge freezes on a count below the pledged quantity or an anomaly.
    const freezes =
      receipt.pledgee !== null &&
      !receipt.frozen &&
      (quantity < BigInt(receipt.pledgedQuantity ?? "0") || input.anomaly !== 0);
    const effect = freezes
      ? `this freezes the pledge to ${receipt.pledgee} (pledged ${receipt.pledgedQuantity} ${receipt.unit})`
      : "a count below the pledged quantity or an anomaly freezes a pledge";
    return [
      this.builder.prepare(
        viewer.address,
        "warehouseReceipts",
        "attest",
        [input.receiptId, quantity, input.anomaly, report.commitment],
        `Attest ${input.quantity} ${receipt.unit} in stock for receipt ${input.receiptId}` +
          `${input.anomaly === 0 ? ", no anomaly" : `, anomaly ${input.anomaly}`}; ${effect}`,
      ),
    ];
  }

  async releaseGoods(viewer: Viewer, receiptId: number): Promise<PreparedTransaction[]> {
    const receipt = await this.receiptAsWarehouse(viewer, receiptId, "release its goods");
    if (receipt.status !== "ReleaseRequested") {
      throw conflict(`receipt ${receiptId} is ${receipt.status}: its owner has not asked for the goods`);
    }
    return [
      this.builder.prepare(
        viewer.address,
        "warehouseReceipts",
        "releaseGoods",
        [receiptId],
        `Release the goods of receipt ${receiptId} to ${receipt.owner}; the receipt becomes void`,
      ),
    ];
  }

  async requestRelease(viewer: Viewer, receiptId: number): Promise<PreparedTransaction[]> {
    const receipt = await this.receiptAsOwner(viewer, receiptId, "ask for its goods");
    return [
      this.builder.prepare(
        viewer.address,
        "warehouseReceipts",
        "requestRelease",
        [receiptId],
        `Ask ${receipt.warehouse} for the goods of receipt ${receiptId}`,
      ),
    ];
  }

  async transferReceipt(viewer: Viewer, receiptId: number, to: string): Promise<PreparedTransaction[]> {
    await this.receiptAsOwner(viewer, receiptId, "transfer it");
    if (sameAddress(to, viewer.address)) throw ApiException.badInput("to", "to: the receipt is already yours");
    await this.checks.requireCounterparty(to, "to");
    return [
      this.builder.prepare(
        viewer.address,
        "warehouseReceipts",
        "transfer",
        [receiptId, to],
        `Transfer receipt ${receiptId} to ${to}`,
      ),
    ];
  }

  async unfreezeReceipt(viewer: Viewer, receiptId: number): Promise<PreparedTransaction[]> {
    const receipt = await this.visibleReceipt(viewer, receiptId);
    if (!receipt.pledgee) throw conflict(`receipt ${receiptId} is not pledged: there is no freeze to lift`);
    if (!sameAddress(receipt.pledgee, viewer.address)) {
      throw forbidden(`only ${receipt.pledgee}, the bank receipt ${receiptId} is pledged to, may lift its freeze`);
    }
    if (!receipt.frozen) throw conflict(`the pledge of receipt ${receiptId} is not frozen`);
    return [
      this.builder.prepare(
        viewer.address,
        "warehouseReceipts",
        "unfreeze",
        [receiptId],
        `Lift the freeze on receipt ${receiptId}: drawing on its pledge resumes`,
      ),
    ];
  }
}
