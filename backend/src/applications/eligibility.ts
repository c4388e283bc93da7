/**
 * Eligibility of an application, checked against the index before anything reaches the chain (at
 * submission, again at approval and when preparing the on-chain steps): the asset exists and belongs
 * to the applicant, is free (not financed, pledged elsewhere, in custody, liened, offered, or in another
 * open application), is in a financeable state and window, the parties may finance, and the amounts
 * fit the contracts' caps. Each failure has its own message and `extensions.reason`.
 */
import { Inject, Injectable } from "@nestjs/common";
import { applyRateDown } from "../../../scripts/lib/pricing";
import { ApiErrorCode, ApiException } from "../api/api.exception";
import { FINANCING_CONTRACT_NAMES } from "../api/common/enums";
import { Role, sameAddress } from "../auth/viewer";
import { CONFIG } from "../common/tokens";
import type { BackendConfig } from "../config/config";
import type { FinancingApplicationRow } from "../database/applications.schema";
import type { Member, PurchaseOrder, Receivable, ReceivablePart, WarehouseReceipt } from "../database/schema";
import { ApplicationProduct, PRODUCT_INFO } from "./application.states";
import { ApplicationsRepository, FUNDED_STATUSES, PENDING_STATUSES } from "./applications.repository";

export const DAY_MS = 86_400_000;
export const MAX_TENOR_DAYS = 180;
export const MAX_BPS = 10_000;
/** The contracts keep rates in uint16. */
export const MAX_RATE_BPS = 65_535;
const MAX_UINT96 = (1n << 96n) - 1n;

/** An eligibility failure: `reason` is a stable code for clients, the message says what and why. */
export function ineligible(code: ApiErrorCode, reason: string, message: string): ApiException {
  return new ApiException(code, message, { reason });
}

/** The bounds an application asks for (the applicant's side of the deal). */
export interface Bounds {
  product: ApplicationProduct;
  assetId: number;
  amount: string | null;
  minAdvanceBps: number | null;
  maxRateBps: number;
  recourseAccepted: boolean | null;
  tenorDays: number | null;
}

/** The asset of an application and what the checks found out about it. */
export interface AssetContext {
  product: ApplicationProduct;
  assetType: "part" | "order" | "receipt";
  assetId: number;
  part?: ReceivablePart;
  receivable?: Receivable;
  order?: PurchaseOrder;
  receipt?: WarehouseReceipt;
  /** Holder of the part, supplier of the order, owner of the receipt. */
  holder: string;
  /** Who pays in the end: the receivable's obligor or the order's buyer; null for a receipt. */
  obligor: string | null;
  currency: string;
  /** Part face (its current amount), order amount, or the amount asked against the receipt. */
  base: bigint;
  /** Funded drawings outstanding on the receipt (receipt loans). */
  receiptOutstanding: bigint;
}

export interface EligibilityOptions {
  applicationId: number | null;
  applicant: string;
  banks: string[];
  now: Date;
  /**
   * "submit" and "approve": the asset must be free; "execute": the same, just before the offer is
   * sent. (Acceptance checks the live on-chain offer instead: the asset is then in custody for it.)
   */
  stage: "submit" | "approve" | "execute";
}

/** Shape checks of the bounds (BAD_USER_INPUT), the same at creation, update and submission. */
export function checkBounds(b: Bounds): void {
  const bad = (argument: string, message: string) => ApiException.badInput(argument, message);
  const needs = (value: unknown, name: string) => {
    if (value === null || value === undefined) throw bad(name, `${b.product} needs ${name}`);
  };
  const refuses = (value: unknown, name: string) => {
    if (value !== null && value !== undefined) {
      throw bad(name, `${name} does not apply to ${b.product}; leave it out`);
    }
  };
  if (!Number.isInteger(b.maxRateBps) || b.maxRateBps < 0 || b.maxRateBps > MAX_RATE_BPS) {
    throw bad("maxRateBps", `the highest rate must be 0 to ${MAX_RATE_BPS} bps a year, got ${b.maxRateBps}`);
  }
  if (b.product === ApplicationProduct.FACTORING || b.product === ApplicationProduct.ORDER_FINANCING) {
    needs(b.minAdvanceBps, "minAdvanceBps");
    const bps = b.minAdvanceBps as number;
    if (!Number.isInteger(bps) || bps < 1 || bps > MAX_BPS) {
      throw bad("minAdvanceBps", `minAdvanceBps must be 1 to ${MAX_BPS} (basis points of the face), got ${bps}`);
    }
  } else {
    refuses(b.minAdvanceBps, "minAdvanceBps");
  }
  if (b.product === ApplicationProduct.FACTORING) {
    refuses(b.tenorDays, "tenorDays");
    refuses(b.amount, "amount");
  } else {
    refuses(b.recourseAccepted, "recourseAccepted");
    needs(b.tenorDays, "tenorDays");
    const tenor = b.tenorDays as number;
    if (!Number.isInteger(tenor) || tenor < 1 || tenor > MAX_TENOR_DAYS) {
      throw bad("tenorDays", `the tenor must be 1 to ${MAX_TENOR_DAYS} days, got ${tenor}`);
    }
  }
  if (b.product === ApplicationProduct.RECEIPT_LOAN) {
    needs(b.amount, "amount");
    const amount = BigInt(b.amount as string);
    if (amount <= 0n) throw bad("amount", "the amount asked must be greater than 0");
    if (amount > MAX_UINT96) throw bad("amount", `the amount asked must fit 96 bits (at most ${MAX_UINT96})`);
  } else if (b.product === ApplicationProduct.ORDER_FINANCING) {
    refuses(b.amount, "amount");
  }
}

@Injectable()
export class Eligibility {
  constructor(
    @Inject(ApplicationsRepository) private readonly repository: ApplicationsRepository,
    @Inject(CONFIG) private readonly config: BackendConfig,
  ) {}

  /** Runs every check; returns the asset's context or throws the first failure. */
  async check(bounds: Bounds, options: EligibilityOptions): Promise<AssetContext> {
    checkBounds(bounds);
    await this.checkParties(options.applicant, options.banks);
    const asset = await this.loadAsset(bounds, options);
    await this.checkFree(asset, options);
    await this.checkObligor(asset);
    this.checkAmounts(asset, bounds);
    return asset;
  }

  /** The applicant may still finance; every addressed bank is an active, non-blacklisted bank. */
  async checkParties(applicant: string, banks: string[]): Promise<Map<string, Member>> {
    const rows = await this.repository.membersOf([applicant, ...banks]);
    const byAddress = new Map(rows.map((m) => [m.address, m]));
    const who = byAddress.get(applicant);
    if (!who || who.status !== "Active") {
      throw ineligible(
        ApiErrorCode.FORBIDDEN,
        "APPLICANT_NOT_ACTIVE",
        `applicant ${applicant} is not an active member`,
      );
    }
    if (who.blacklisted) {
      throw ineligible(ApiErrorCode.FORBIDDEN, "APPLICANT_BLACKLISTED", `applicant ${applicant} is blacklisted`);
    }
    for (const bank of banks) {
      const m = byAddress.get(bank);
      if (!m || (m.roles & Role.BANK) === 0) {
        throw ineligible(ApiErrorCode.BAD_USER_INPUT, "BANK_NOT_A_BANK", `addressed bank ${bank} is not a bank member`);
      }
      if (m.status !== "Active") {
        throw ineligible(
          ApiErrorCode.BAD_USER_INPUT,
          "BANK_NOT_ACTIVE",
          `addressed bank ${bank} is ${m.status.toLowerCase()}, not active`,
        );
      }
      if (m.blacklisted) {
        throw ineligible(ApiErrorCode.BAD_USER_INPUT, "BANK_BLACKLISTED", `addressed bank ${bank} is blacklisted`);
      }
    }
    return byAddress;
  }

  /**
   * What a draft needs already: every addressed bank as checkParties wants it, and an asset in the
   * index that is the applicant's (its state is checked at submission, when it may have changed).
   */
  async checkDraft(bounds: Pick<Bounds, "product" | "assetId">, applicant: string, banks: string[]): Promise<void> {
    await this.checkParties(applicant, banks);
    await this.ownedAsset(bounds, applicant);
  }

  /** The asset, which must be in the index and the applicant's (not in a financing contract's custody). */
  private async ownedAsset(
    bounds: Pick<Bounds, "product" | "assetId">,
    applicant: string,
  ): Promise<
    | { part: ReceivablePart; receivable: Receivable; order?: undefined; receipt?: undefined }
    | { order: PurchaseOrder; part?: undefined; receivable?: undefined; receipt?: undefined }
    | { receipt: WarehouseReceipt; part?: undefined; receivable?: undefined; order?: undefined }
  > {
    const id = bounds.assetId;
    const notFound = (what: string) =>
      ineligible(ApiErrorCode.NOT_FOUND, "ASSET_NOT_FOUND", `${what} ${id} is not in the index`);
    const notYours = (what: string, role: string, actual: string) =>
      ineligible(
        ApiErrorCode.FORBIDDEN,
        "NOT_ASSET_HOLDER",
        `${what} ${id} belongs to ${actual}: only its ${role} may apply for financing on it`,
      );
    if (bounds.product === ApplicationProduct.FACTORING) {
      const part = await this.repository.part(id);
      if (!part) throw notFound("receivable part");
      const receivable = await this.repository.receivable(part.receivableId);
      if (!receivable) throw notFound("receivable of part");
      const custodian = this.custodianName(part.holder);
      if (custodian) {
        throw ineligible(
          ApiErrorCode.CONFLICT,
          "ASSET_IN_CUSTODY",
          `receivable part ${id} is in the custody of the ${custodian} contract (offered or financed already)`,
        );
      }
      if (!sameAddress(part.holder, applicant)) throw notYours("receivable part", "holder", part.holder);
      return { part, receivable };
    }
    if (bounds.product === ApplicationProduct.ORDER_FINANCING) {
      const order = await this.repository.order(id);
      if (!order) throw notFound("purchase order");
      if (!sameAddress(order.supplier, applicant)) throw notYours("purchase order", "supplier", order.supplier);
      return { order };
    }
    const receipt = await this.repository.receipt(id);
    if (!receipt) throw notFound("warehouse receipt");
    if (!sameAddress(receipt.owner, applicant)) throw notYours("warehouse receipt", "owner", receipt.owner);
    return { receipt };
  }

  private async loadAsset(bounds: Bounds, options: EligibilityOptions): Promise<AssetContext> {
    const { assetType } = PRODUCT_INFO[bounds.product];
    const id = bounds.assetId;
    const base = { product: bounds.product, assetType, assetId: id, receiptOutstanding: 0n };
    const owned = await this.ownedAsset(bounds, options.applicant);

    if (owned.part) {
      const { part, receivable } = owned;
      if (part.status !== "Active") {
        throw ineligible(
          ApiErrorCode.CONFLICT,
          "PART_NOT_ACTIVE",
          `receivable part ${id} is ${part.status}; only an active part can be factored`,
        );
      }
      if (receivable.status !== "Outstanding") {
        throw ineligible(
          ApiErrorCode.CONFLICT,
          "RECEIVABLE_NOT_OUTSTANDING",
          `receivable ${receivable.id} is ${receivable.status}; only an Outstanding receivable can be factored`,
        );
      }
      if (receivable.maturity.getTime() - options.now.getTime() <= DAY_MS) {
        throw ineligible(
          ApiErrorCode.CONFLICT,
          "MATURITY_TOO_CLOSE",
          `receivable ${receivable.id} matures at ${receivable.maturity.toISOString()}: factoring needs a maturity more than 1 day away`,
        );
      }
      return {
        ...base,
        part,
        receivable,
        holder: part.holder,
        obligor: receivable.obligor,
        currency: receivable.currency,
        base: BigInt(part.amount),
      };
    }

    if (owned.order) {
      const { order } = owned;
      if (order.status !== "Confirmed") {
        throw ineligible(
          ApiErrorCode.CONFLICT,
          "ORDER_NOT_CONFIRMED",
          `purchase order ${id} is ${order.status}; order financing needs an order its buyer Confirmed`,
        );
      }
      if (order.lienHolder) {
        throw ineligible(
          ApiErrorCode.CONFLICT,
          "ORDER_LIENED",
          `purchase order ${id} carries a lien of ${order.lienHolder} (financed or requested already)`,
        );
      }
      return {
        ...base,
        order,
        holder: order.supplier,
        obligor: order.buyer,
        currency: order.currency,
        base: BigInt(order.amount),
      };
    }

    const { receipt } = owned;
    if (receipt.status !== "Active") {
      throw ineligible(
        ApiErrorCode.CONFLICT,
        "RECEIPT_NOT_ACTIVE",
        `warehouse receipt ${id} is ${receipt.status}; only an Active receipt can secure a loan`,
      );
    }
    if (receipt.frozen) {
      throw ineligible(
        ApiErrorCode.CONFLICT,
        "RECEIPT_FROZEN",
        `warehouse receipt ${id}'s pledge is frozen (attestation short or anomaly): no new drawing`,
      );
    }
    // A pledged receipt can only back further drawings from its pledgee (IReceiptFinancing).
    if (receipt.pledgee && options.banks.some((b) => !sameAddress(b, receipt.pledgee))) {
      throw ineligible(
        ApiErrorCode.CONFLICT,
        "RECEIPT_PLEDGED",
        `warehouse receipt ${id} is pledged to ${receipt.pledgee}: only that bank may be addressed`,
      );
    }
    return {
      ...base,
      receipt,
      holder: receipt.owner,
      obligor: null,
      currency: receipt.currency,
      base: 0n,
      receiptOutstanding: await this.repository.receiptOutstanding(id),
    };
  }

  /** Not financed, offered, or in another open application. */
  private async checkFree(asset: AssetContext, options: EligibilityOptions): Promise<void> {
    const { financing } = PRODUCT_INFO[asset.product];
    const rows = await this.repository.openFinancingsOf(financing, asset.assetId);
    for (const row of rows) {
      // Further drawings on a receipt with funded loans are allowed (the LTV check counts them).
      if (asset.product === ApplicationProduct.RECEIPT_LOAN && FUNDED_STATUSES.includes(row.status)) continue;
      const offered = PENDING_STATUSES.includes(row.status);
      throw ineligible(
        ApiErrorCode.CONFLICT,
        offered ? "ASSET_ALREADY_OFFERED" : "ASSET_ALREADY_FINANCED",
        `${asset.assetType} ${asset.assetId} is ${offered ? "offered" : "financed"} already on chain (${financing} #${row.id}, ${row.status})`,
      );
    }
    const other = await this.repository.openApplicationOf(asset.assetType, asset.assetId, options.applicationId);
    if (other) {
      throw ineligible(
        ApiErrorCode.CONFLICT,
        "ASSET_IN_OPEN_APPLICATION",
        `${asset.assetType} ${asset.assetId} is in application ${other.id} (${other.status}) already`,
      );
    }
  }

  /** The obligor must be an active member, not blacklisted (contracts refuse a blacklisted one). */
  private async checkObligor(asset: AssetContext): Promise<void> {
    if (!asset.obligor) return;
    const obligor = await this.repository.member(asset.obligor);
    if (!obligor || obligor.status !== "Active") {
      throw ineligible(
        ApiErrorCode.CONFLICT,
        "OBLIGOR_NOT_ACTIVE",
        `obligor ${asset.obligor} is not an active member (${obligor?.status ?? "not admitted"})`,
      );
    }
    if (obligor.blacklisted) {
      throw ineligible(ApiErrorCode.CONFLICT, "OBLIGOR_BLACKLISTED", `obligor ${asset.obligor} is blacklisted`);
    }
  }

  private checkAmounts(asset: AssetContext, bounds: Bounds): void {
    if (bounds.product === ApplicationProduct.RECEIPT_LOAN) {
      const amount = BigInt(bounds.amount as string);
      asset.base = amount;
      const valuation = BigInt(asset.receipt!.valuation);
      // The loan-to-value cap can be at most 100 % of the valuation, drawings already out included.
      if (asset.receiptOutstanding + amount > valuation) {
        throw ineligible(
          ApiErrorCode.BAD_USER_INPUT,
          "EXCEEDS_LTV_CAP",
          `asking ${amount} on receipt ${asset.assetId} (valuation ${valuation}, ${asset.receiptOutstanding} drawn) exceeds its valuation`,
        );
      }
      return;
    }
    if (asset.base <= 0n) {
      throw ineligible(ApiErrorCode.BAD_USER_INPUT, "AMOUNT_ZERO", `${asset.assetType} ${asset.assetId} has no amount`);
    }
    const advance = applyRateDown(asset.base, bounds.minAdvanceBps as number);
    if (advance <= 0n) {
      throw ineligible(
        ApiErrorCode.BAD_USER_INPUT,
        "AMOUNT_ZERO",
        `${bounds.minAdvanceBps} bps of ${asset.base} rounds down to 0: nothing to finance`,
      );
    }
  }

  /** The name of the financing contract holding an asset, if `holder` is one. */
  custodianName(holder: string): string | null {
    const contracts = this.config.deployment.contracts;
    for (const name of FINANCING_CONTRACT_NAMES) {
      if (sameAddress(contracts[name], holder)) return name;
    }
    return null;
  }

  /** Bounds of a stored application. */
  static boundsOf(app: FinancingApplicationRow): Bounds {
    return {
      product: app.product as ApplicationProduct,
      assetId: app.assetId,
      amount: app.amount,
      minAdvanceBps: app.minAdvanceBps,
      maxRateBps: app.maxRateBps,
      recourseAccepted: app.recourseAccepted,
      tenorDays: app.tenorDays,
    };
  }
}
