/**
 * Quote arithmetic of applications, done ONLY with scripts/lib/pricing.ts (Pricing.sol rule for rule),
 * so a preview equals what the contracts compute for the same terms on the same day:
 * - factoring: advance = floor(face x advanceBps), discount = ceil ACT/360 on the advance from today
 *   to maturity, price (what the seller receives) = advance - discount;
 * - loans: principal (order: floor(amount x advanceBps); receipt: the amount asked), interest = ceil
 *   ACT/360 over the whole tenor, repayment = principal + interest.
 */
import { applyRateDown, factoringPrice, interest } from "../../../scripts/lib/pricing";
import { ApplicationProduct } from "./application.states";

export interface Quote {
  product: ApplicationProduct;
  /** Unix seconds the quote was computed at (the day count starts that day). */
  asOf: number;
  /** ACT days: to maturity (factoring) or the tenor (loans). */
  days: number;
  /** Face of the part, amount of the order, or amount asked against the receipt. */
  base: string;
  advanceBps: number | null;
  rateBps: number;
  /** Factoring: the advance; loans: the principal. */
  advance: string;
  discount: string | null;
  interest: string | null;
  /** What the applicant receives: purchase price (factoring) or principal (loans). */
  proceeds: string;
  /** What the bank gets back: the advance at collection (factoring) or principal + interest (loans). */
  repayment: string;
}

export function factoringQuote(
  face: bigint,
  advanceBps: number,
  discountBps: number,
  maturity: Date,
  now: Date,
): Quote {
  const asOf = Math.floor(now.getTime() / 1000);
  const p = factoringPrice(face, advanceBps, discountBps, asOf, Math.floor(maturity.getTime() / 1000));
  return {
    product: ApplicationProduct.FACTORING,
    asOf,
    days: Number(p.days),
    base: face.toString(),
    advanceBps,
    rateBps: discountBps,
    advance: p.advance.toString(),
    discount: p.discount.toString(),
    interest: null,
    proceeds: p.price.toString(),
    repayment: p.advance.toString(),
  };
}

export function orderQuote(orderAmount: bigint, advanceBps: number, rateBps: number, tenorDays: number, now: Date) {
  const principal = applyRateDown(orderAmount, advanceBps);
  return loanQuote(ApplicationProduct.ORDER_FINANCING, orderAmount, principal, advanceBps, rateBps, tenorDays, now);
}

export function receiptQuote(amount: bigint, rateBps: number, tenorDays: number, now: Date) {
  return loanQuote(ApplicationProduct.RECEIPT_LOAN, amount, amount, null, rateBps, tenorDays, now);
}

function loanQuote(
  product: ApplicationProduct,
  base: bigint,
  principal: bigint,
  advanceBps: number | null,
  rateBps: number,
  tenorDays: number,
  now: Date,
): Quote {
  // A loan accrues for its whole tenor when repaid at the due date (tenorDays x 1 day after funding).
  const owed = interest(principal, rateBps, BigInt(tenorDays));
  return {
    product,
    asOf: Math.floor(now.getTime() / 1000),
    days: tenorDays,
    base: base.toString(),
    advanceBps,
    rateBps,
    advance: principal.toString(),
    discount: null,
    interest: owed.toString(),
    proceeds: principal.toString(),
    repayment: (principal + owed).toString(),
  };
}

/** The loan cap of a receipt at `ltvBps`: floor(valuation x ltv), as ReceiptFinancing.accept. */
export function receiptCap(valuation: bigint, ltvBps: number): bigint {
  return applyRateDown(valuation, ltvBps);
}
