/**
 * The financing products and the banks' credit lines: factoring deals (Factoring), order financing
 * and warehouse-receipt loans (OrderFinancing, ReceiptFinancing, both on LoanBook), the payouts each
 * of them holds for suspended members (FinancingBase), and CreditLimits.
 *
 * `financings` rows are keyed by (product, id): FACTORING deals, ORDER loans, RECEIPT loans. Amounts:
 * `principal` is what the bank paid out (the advance, or the loan principal), `outstanding` what it
 * still awaits (a factoring deal's advance until collected; a loan's principal, which for an order
 * loan with a shortfall includes the unpaid interest capitalised by the contract).
 *
 * What the events do not carry and is taken from rows other handlers wrote (never from the chain):
 * - a deal's receivable: the `receivableParts` row of its part;
 * - a deal's due date (`dueAt`): the receivable's maturity, when the receivable row is indexed;
 * - an order loan's obligor (the buyer) and receivable: the `purchaseOrders` row, once converted;
 * - who paid a collected receivable (`repayments.payer`): the receivable row's `paidBy`.
 */
import type {
  CreditLimitSetEvent,
  CreditLineUsedEvent,
} from "../../../../typechain-types/contracts/financing/CreditLimits";
import type {
  FactoringCollectedEvent,
  FactoringDeclinedEvent,
  FactoringFundedEvent,
  FactoringOfferedEvent,
  FactoringRecourseClaimedEvent,
  FactoringRecourseSettledEvent,
  FactoringWithdrawnEvent,
} from "../../../../typechain-types/contracts/financing/Factoring";
import type {
  PayoutClaimedEvent,
  PayoutHeldEvent,
} from "../../../../typechain-types/contracts/financing/FinancingBase";
import type {
  LoanDeclinedEvent,
  LoanDefaultedEvent,
  LoanFundedEvent,
  LoanRepaidEvent,
  LoanWithdrawnEvent,
} from "../../../../typechain-types/contracts/financing/LoanBook";
import type {
  OrderFinancingCollectedEvent,
  OrderFinancingRequestedEvent,
} from "../../../../typechain-types/contracts/financing/OrderFinancing";
import type {
  ReceiptLoanRequestedEvent,
  ReceiptLoansEnforcedEvent,
} from "../../../../typechain-types/contracts/financing/ReceiptFinancing";
import type { DealStatus, LoanStatus } from "../../../../scripts/lib/statuses";
import type { ContractName } from "../../config/config";
import type { Financing } from "../../database/schema";
import { ProjectionError } from "../store";
import {
  add,
  currencyText,
  on,
  refText,
  str,
  sub,
  toDate,
  toId,
  type EventContext,
  type HandlerMap,
  type RefKind,
} from "./types";

export type Product = "FACTORING" | "ORDER" | "RECEIPT";
type LoanContract = "orderFinancing" | "receiptFinancing";
type DealStatusName = Exclude<keyof typeof DealStatus, "None">;
type LoanStatusName = Exclude<keyof typeof LoanStatus, "None">;

const ZERO_ADDRESS = "0x0000000000000000000000000000000000000000";

/** ICreditLimits.LimitKind names, by enum value. */
const LIMIT_KINDS = ["Obligor", "Borrower"] as const;

interface ProductInfo {
  product: Product;
  assetType: "part" | "order" | "receipt";
  ref: RefKind;
}

const PRODUCTS: Record<"factoring" | LoanContract, ProductInfo> = {
  factoring: { product: "FACTORING", assetType: "part", ref: "factoring" },
  orderFinancing: { product: "ORDER", assetType: "order", ref: "order-loan" },
  receiptFinancing: { product: "RECEIPT", assetType: "receipt", ref: "receipt-loan" },
};

const BY_PRODUCT = Object.fromEntries(Object.values(PRODUCTS).map((p) => [p.product, p])) as Record<
  Product,
  ProductInfo
>;

// ----------------------------------------------------------------------------------------------------
// Shared helpers
// ----------------------------------------------------------------------------------------------------

/** Refs of a financing: itself, its asset, its receivable when known, and its parties. */
function refFinancing(ctx: EventContext, row: Financing): void {
  const kind = BY_PRODUCT[row.product as Product];
  if (!kind) throw new ProjectionError(`financing with unknown product ${row.product}`);
  ctx.ref(kind.ref, row.id);
  ctx.ref(kind.assetType, row.assetId);
  if (row.receivableId !== null) ctx.ref("receivable", row.receivableId);
  refMember(ctx, row.party);
  refMember(ctx, row.bank);
  if (row.obligor) refMember(ctx, row.obligor);
}

function refMember(ctx: EventContext, address: string): void {
  if (address !== ZERO_ADDRESS) ctx.ref("member", address);
}

/** A new financing row: the request's fields, everything the later events fill still empty. */
function newFinancing(
  ctx: EventContext,
  fields: Pick<
    Financing,
    | "product"
    | "id"
    | "assetType"
    | "assetId"
    | "receivableId"
    | "party"
    | "bank"
    | "obligor"
    | "status"
    | "requestedAmount"
    | "minAdvanceBps"
    | "maxRateBps"
    | "tenorDays"
    | "recourse"
    | "expiresAt"
  >,
): Financing {
  return {
    ...fields,
    advanceBps: null,
    rateBps: null,
    capBps: null,
    principal: null,
    discount: null,
    price: null,
    daysToMaturity: null,
    dueAt: null,
    outstanding: "0",
    repaidPrincipal: "0",
    repaidInterest: "0",
    amountDue: null,
    registryRef: null,
    declineReason: null,
    requestedAt: ctx.time,
    fundedAt: null,
    closedAt: null,
    requestedBlock: ctx.block,
    updatedBlock: ctx.block,
  };
}

/** Reads financing (`product`, `id`), which the chain says exists, and adds its refs. */
async function requireFinancing(ctx: EventContext, product: Product, id: bigint): Promise<Financing> {
  const row = await ctx.store.require("financings", { product, id: toId(id) });
  refFinancing(ctx, row);
  return row;
}

/** Writes the whole financing row `row` with `change` applied. */
function putFinancing(ctx: EventContext, row: Financing, change: Partial<Financing>): Financing {
  const next: Financing = { ...row, ...change, updatedBlock: ctx.block };
  ctx.store.put("financings", next, ctx.block);
  return next;
}

/** Appends a cash flow of financing `row` for the current event. */
function appendRepayment(
  ctx: EventContext,
  row: Financing,
  kind: "REPAID" | "COLLECTED" | "RECOURSE_CLAIMED" | "RECOURSE_SETTLED" | "ENFORCED",
  flow: { payer: string | null; principal: bigint; interest: bigint; toBank: bigint; toParty: bigint },
): void {
  ctx.store.append("repayments", {
    blockNumber: ctx.block,
    logIndex: ctx.event.logIndex,
    product: row.product,
    financingId: row.id,
    kind,
    payer: flow.payer,
    principal: str(flow.principal),
    interest: str(flow.interest),
    toBank: str(flow.toBank),
    toParty: str(flow.toParty),
    paidAt: ctx.time,
  });
}

/** Who paid receivable `receivableId`, as its (already indexed) row says. */
async function receivablePayer(ctx: EventContext, receivableId: number | null): Promise<string | null> {
  if (receivableId === null) return null;
  const receivable = await ctx.store.get("receivables", { id: receivableId });
  return receivable?.paidBy ?? null;
}

/**
 * The receivable of an order loan's order, once the order converted (the event of the loan does not
 * say it; the purchase order's row does). Keeps what the row has when the order row is not indexed.
 */
async function orderReceivable(ctx: EventContext, row: Financing): Promise<number | null> {
  if (row.receivableId !== null || row.product !== "ORDER") return row.receivableId;
  const order = await ctx.store.get("purchaseOrders", { id: row.assetId });
  if (order?.receivableId != null) ctx.ref("receivable", order.receivableId);
  return order?.receivableId ?? null;
}

const dealStatus = (name: DealStatusName): string => name;
const loanStatus = (name: LoanStatusName): string => name;

// ----------------------------------------------------------------------------------------------------
// Factoring
// ----------------------------------------------------------------------------------------------------

const factoringHandlers: HandlerMap = {
  /** The seller put its part into custody and offered it (to `bank`, or to any bank when zero). */
  "factoring.FactoringOffered": on<FactoringOfferedEvent.OutputObject>(async (ctx) => {
    const a = ctx.args;
    const part = await ctx.store.require("receivableParts", { id: toId(a.partId) });
    const row = newFinancing(ctx, {
      product: "FACTORING",
      id: toId(a.dealId),
      assetType: "part",
      assetId: toId(a.partId),
      receivableId: part.receivableId,
      party: a.seller,
      bank: a.bank,
      obligor: a.obligor,
      status: dealStatus("Offered"),
      requestedAmount: str(a.face),
      minAdvanceBps: Number(a.minAdvanceBps),
      maxRateBps: Number(a.maxDiscountBps),
      tenorDays: null,
      recourse: a.recourseAccepted,
      expiresAt: toDate(a.expiresAt),
    });
    refFinancing(ctx, row);
    ctx.store.put("financings", row, ctx.block, true);
  }),

  "factoring.FactoringWithdrawn": on<FactoringWithdrawnEvent.OutputObject>(async (ctx) => {
    const row = await requireFinancing(ctx, "FACTORING", ctx.args.dealId);
    putFinancing(ctx, row, { status: dealStatus("Withdrawn"), closedAt: ctx.time });
  }),

  "factoring.FactoringDeclined": on<FactoringDeclinedEvent.OutputObject>(async (ctx) => {
    const row = await requireFinancing(ctx, "FACTORING", ctx.args.dealId);
    putFinancing(ctx, row, {
      status: dealStatus("Declined"),
      declineReason: refText(ctx.args.reasonRef),
      closedAt: ctx.time,
    });
  }),

  /** `bank` bought the part: it paid `price` to the seller and awaits `advance` at collection. */
  "factoring.FactoringFunded": on<FactoringFundedEvent.OutputObject>(async (ctx) => {
    const a = ctx.args;
    const row = await requireFinancing(ctx, "FACTORING", a.dealId);
    refMember(ctx, a.bank);
    const receivable =
      row.receivableId === null ? undefined : await ctx.store.get("receivables", { id: row.receivableId });
    putFinancing(ctx, row, {
      bank: a.bank,
      status: dealStatus("Funded"),
      advanceBps: Number(a.advanceBps),
      rateBps: Number(a.discountBps),
      recourse: a.withRecourse,
      principal: str(a.advance),
      discount: str(a.discount),
      price: str(a.price),
      daysToMaturity: Number(a.daysToMaturity),
      dueAt: receivable?.maturity ?? row.dueAt,
      outstanding: str(a.advance),
      registryRef: refText(a.registryRef),
      fundedAt: ctx.time,
    });
  }),

  /** The receivable was paid; the part was redeemed: the bank got its advance, the seller the reserve. */
  "factoring.FactoringCollected": on<FactoringCollectedEvent.OutputObject>(async (ctx) => {
    const a = ctx.args;
    const row = await requireFinancing(ctx, "FACTORING", a.dealId);
    putFinancing(ctx, row, {
      status: dealStatus("Collected"),
      outstanding: "0",
      repaidPrincipal: add(row.repaidPrincipal, a.toBank),
      closedAt: ctx.time,
    });
    appendRepayment(ctx, row, "COLLECTED", {
      payer: await receivablePayer(ctx, row.receivableId),
      principal: a.toBank,
      interest: 0n,
      toBank: a.toBank,
      toParty: a.toSeller,
    });
  }),

  /**
   * The bank claimed the advance from the seller (receivable in default). No cash moves yet: the
   * repayments row records the claimed amount as principal with nothing paid (toBank 0).
   */
  "factoring.FactoringRecourseClaimed": on<FactoringRecourseClaimedEvent.OutputObject>(async (ctx) => {
    const a = ctx.args;
    const row = await requireFinancing(ctx, "FACTORING", a.dealId);
    refMember(ctx, a.seller);
    putFinancing(ctx, row, { status: dealStatus("RecourseClaimed"), amountDue: str(a.amount) });
    appendRepayment(ctx, row, "RECOURSE_CLAIMED", {
      payer: null,
      principal: a.amount,
      interest: 0n,
      toBank: 0n,
      toParty: 0n,
    });
  }),

  /** The seller paid the advance back to the bank and took the part (or its proceeds) back. */
  "factoring.FactoringRecourseSettled": on<FactoringRecourseSettledEvent.OutputObject>(async (ctx) => {
    const a = ctx.args;
    const row = await requireFinancing(ctx, "FACTORING", a.dealId);
    refMember(ctx, a.seller);
    putFinancing(ctx, row, {
      status: dealStatus("RecourseSettled"),
      outstanding: "0",
      repaidPrincipal: add(row.repaidPrincipal, a.amount),
      closedAt: ctx.time,
    });
    appendRepayment(ctx, row, "RECOURSE_SETTLED", {
      payer: a.seller,
      principal: a.amount,
      interest: 0n,
      toBank: a.amount,
      toParty: 0n,
    });
  }),
};

// ----------------------------------------------------------------------------------------------------
// Loans (LoanBook): the same events on both loan contracts
// ----------------------------------------------------------------------------------------------------

function loanBookHandlers(contract: LoanContract): HandlerMap {
  const { product } = PRODUCTS[contract];
  return {
    [`${contract}.LoanWithdrawn`]: on<LoanWithdrawnEvent.OutputObject>(async (ctx) => {
      const row = await requireFinancing(ctx, product, ctx.args.loanId);
      putFinancing(ctx, row, { status: loanStatus("Withdrawn"), closedAt: ctx.time });
    }),

    [`${contract}.LoanDeclined`]: on<LoanDeclinedEvent.OutputObject>(async (ctx) => {
      const row = await requireFinancing(ctx, product, ctx.args.loanId);
      putFinancing(ctx, row, {
        status: loanStatus("Declined"),
        declineReason: refText(ctx.args.reasonRef),
        closedAt: ctx.time,
      });
    }),

    /** `capBps` is the advance rate (order) or the loan-to-value (receipt) the bank applied. */
    [`${contract}.LoanFunded`]: on<LoanFundedEvent.OutputObject>(async (ctx) => {
      const a = ctx.args;
      const row = await requireFinancing(ctx, product, a.loanId);
      putFinancing(ctx, row, {
        status: loanStatus("Active"),
        advanceBps: product === "ORDER" ? Number(a.capBps) : row.advanceBps,
        rateBps: Number(a.rateBps),
        capBps: Number(a.capBps),
        principal: str(a.principal),
        dueAt: toDate(a.dueAt),
        outstanding: str(a.principal),
        registryRef: refText(a.registryRef),
        fundedAt: ctx.time,
      });
    }),

    /** Repayment is always in full (LoanBook.repay): the loan ends Repaid, even after a default. */
    [`${contract}.LoanRepaid`]: on<LoanRepaidEvent.OutputObject>(async (ctx) => {
      const a = ctx.args;
      const row = await requireFinancing(ctx, product, a.loanId);
      refMember(ctx, a.payer);
      const next = putFinancing(ctx, row, {
        receivableId: await orderReceivable(ctx, row),
        status: loanStatus("Repaid"),
        outstanding: "0",
        repaidPrincipal: add(row.repaidPrincipal, a.principal),
        repaidInterest: add(row.repaidInterest, a.interest),
        closedAt: ctx.time,
      });
      appendRepayment(ctx, next, "REPAID", {
        payer: a.payer,
        principal: a.principal,
        interest: a.interest,
        toBank: a.principal + a.interest,
        toParty: 0n,
      });
    }),

    [`${contract}.LoanDefaulted`]: on<LoanDefaultedEvent.OutputObject>(async (ctx) => {
      const row = await requireFinancing(ctx, product, ctx.args.loanId);
      putFinancing(ctx, row, { status: loanStatus("Defaulted"), amountDue: str(ctx.args.amountDue) });
    }),
  };
}

// ----------------------------------------------------------------------------------------------------
// Order financing
// ----------------------------------------------------------------------------------------------------

const orderHandlers: HandlerMap = {
  /**
   * The supplier asked `bank` to finance the order (the order now carries the lien). The event does
   * not name the buyer (obligor): it is taken from the order's row when indexed.
   */
  "orderFinancing.OrderFinancingRequested": on<OrderFinancingRequestedEvent.OutputObject>(async (ctx) => {
    const a = ctx.args;
    const order = await ctx.store.get("purchaseOrders", { id: toId(a.orderId) });
    const row = newFinancing(ctx, {
      product: "ORDER",
      id: toId(a.loanId),
      assetType: "order",
      assetId: toId(a.orderId),
      receivableId: order?.receivableId ?? null,
      party: a.borrower,
      bank: a.bank,
      obligor: order?.buyer ?? null,
      status: loanStatus("Requested"),
      requestedAmount: str(a.orderAmount),
      minAdvanceBps: Number(a.minAdvanceBps),
      maxRateBps: Number(a.maxRateBps),
      tenorDays: Number(a.tenorDays),
      recourse: null,
      expiresAt: toDate(a.expiresAt),
    });
    refFinancing(ctx, row);
    ctx.store.put("financings", row, ctx.block, true);
  }),

  /**
   * The order's receivable was paid and redeemed; the waterfall paid the bank first. `remainingPrincipal`
   * zero: the loan is repaid (no LoanRepaid follows). Otherwise the unpaid principal and interest is the
   * new principal and the loan keeps its status (Active or Defaulted). The event does not split `toBank`
   * into principal and interest: it is counted as interest first (what accrued = toBank + remaining -
   * previous principal), then principal.
   */
  "orderFinancing.OrderFinancingCollected": on<OrderFinancingCollectedEvent.OutputObject>(async (ctx) => {
    const a = ctx.args;
    const row = await requireFinancing(ctx, "ORDER", a.loanId);
    const previous = BigInt(row.outstanding);
    const accrued = a.toBank + a.remainingPrincipal - previous;
    if (accrued < 0n) {
      throw new ProjectionError(
        `order loan ${row.id}: collection of ${a.toBank} leaving ${a.remainingPrincipal} exceeds its principal ${previous}`,
      );
    }
    const interest = a.toBank < accrued ? a.toBank : accrued;
    const principal = a.toBank - interest;
    const closed = a.remainingPrincipal === 0n;
    const receivableId = await orderReceivable(ctx, row);
    const next = putFinancing(ctx, row, {
      receivableId,
      status: closed ? loanStatus("Repaid") : row.status,
      outstanding: str(a.remainingPrincipal),
      repaidPrincipal: add(row.repaidPrincipal, principal),
      repaidInterest: add(row.repaidInterest, interest),
      closedAt: closed ? ctx.time : row.closedAt,
    });
    appendRepayment(ctx, next, "COLLECTED", {
      payer: await receivablePayer(ctx, receivableId),
      principal,
      interest,
      toBank: a.toBank,
      toParty: a.toBorrower,
    });
  }),
};

// ----------------------------------------------------------------------------------------------------
// Receipt financing
// ----------------------------------------------------------------------------------------------------

const receiptHandlers: HandlerMap = {
  /** The owner asked `bank` for `amount` against the receipt (the first drawing pledges it to `bank`). */
  "receiptFinancing.ReceiptLoanRequested": on<ReceiptLoanRequestedEvent.OutputObject>(async (ctx) => {
    const a = ctx.args;
    const row = newFinancing(ctx, {
      product: "RECEIPT",
      id: toId(a.loanId),
      assetType: "receipt",
      assetId: toId(a.receiptId),
      receivableId: null,
      party: a.borrower,
      bank: a.bank,
      obligor: null,
      status: loanStatus("Requested"),
      requestedAmount: str(a.amount),
      minAdvanceBps: null,
      maxRateBps: Number(a.maxRateBps),
      tenorDays: Number(a.tenorDays),
      recourse: null,
      expiresAt: toDate(a.expiresAt),
    });
    refFinancing(ctx, row);
    ctx.store.put("financings", row, ctx.block, true);
  }),

  /**
   * The pledgee took the receipt: every drawing still open on it (`loanIds`: requested, active or
   * defaulted) ended Enforced. Funded ones get an ENFORCED row for their outstanding principal (no cash
   * moves: the bank took the goods); their sum must be the event's `principal`.
   */
  "receiptFinancing.ReceiptLoansEnforced": on<ReceiptLoansEnforcedEvent.OutputObject>(async (ctx) => {
    const a = ctx.args;
    ctx.ref("receipt", a.receiptId);
    refMember(ctx, a.bank);
    let total = 0n;
    for (const loanId of Array.from(a.loanIds)) {
      const row = await requireFinancing(ctx, "RECEIPT", loanId);
      const wasFunded = row.status === loanStatus("Active") || row.status === loanStatus("Defaulted");
      const outstanding = BigInt(row.outstanding);
      const next = putFinancing(ctx, row, { status: loanStatus("Enforced"), outstanding: "0", closedAt: ctx.time });
      if (wasFunded) {
        total += outstanding;
        appendRepayment(ctx, next, "ENFORCED", {
          payer: null,
          principal: outstanding,
          interest: 0n,
          toBank: 0n,
          toParty: 0n,
        });
      }
    }
    if (total !== a.principal) {
      throw new ProjectionError(
        `receipt ${a.receiptId}: enforced drawings hold ${total} outstanding but the chain says ${a.principal}`,
      );
    }
  }),
};

// ----------------------------------------------------------------------------------------------------
// Held payouts (FinancingBase): on each financing contract
// ----------------------------------------------------------------------------------------------------

function payoutHandlers(contract: "factoring" | LoanContract): HandlerMap {
  return {
    /** A payout to an inactive member is held by the contract until the member claims it. */
    [`${contract}.PayoutHeld`]: on<PayoutHeldEvent.OutputObject>(async (ctx) => {
      const a = ctx.args;
      refMember(ctx, a.account);
      const key = { contract: ctx.event.contract, account: a.account, currency: currencyText(a.currency) };
      const row = await ctx.store.get("heldPayouts", key);
      ctx.store.put(
        "heldPayouts",
        { ...key, amount: add(row?.amount ?? "0", a.amount), updatedBlock: ctx.block },
        ctx.block,
      );
    }),

    /** claimHeld pays out everything held for the account in that currency. */
    [`${contract}.PayoutClaimed`]: on<PayoutClaimedEvent.OutputObject>(async (ctx) => {
      const a = ctx.args;
      refMember(ctx, a.account);
      const key = { contract: ctx.event.contract, account: a.account, currency: currencyText(a.currency) };
      const row = await ctx.store.require("heldPayouts", key);
      const left = sub(row.amount, a.amount);
      if (left !== "0") {
        throw new ProjectionError(`${contract}: ${a.account} claimed ${a.amount} of ${row.amount} held`);
      }
      ctx.store.put("heldPayouts", { ...row, amount: left, updatedBlock: ctx.block }, ctx.block);
    }),
  };
}

// ----------------------------------------------------------------------------------------------------
// Credit limits
// ----------------------------------------------------------------------------------------------------

function limitKind(kind: bigint): (typeof LIMIT_KINDS)[number] {
  const name = LIMIT_KINDS[Number(kind)];
  if (!name) throw new ProjectionError(`unknown credit limit kind ${kind}`);
  return name;
}

const creditHandlers: HandlerMap = {
  "creditLimits.CreditLimitSet": on<CreditLimitSetEvent.OutputObject>(async (ctx) => {
    const a = ctx.args;
    const kind = limitKind(a.kind);
    ctx.ref("credit-line", `${a.bank}:${a.counterparty}:${kind}`);
    refMember(ctx, a.bank);
    refMember(ctx, a.counterparty);
    const key = { bank: a.bank, counterparty: a.counterparty, kind };
    const row = await ctx.store.get("creditLines", key);
    ctx.store.put(
      "creditLines",
      { ...key, used: "0", ...row, limit: str(a.limit), updatedBlock: ctx.block },
      ctx.block,
    );
  }),

  /** The event carries the line's new use; a line used before any limit was set has limit 0. */
  "creditLimits.CreditLineUsed": on<CreditLineUsedEvent.OutputObject>(async (ctx) => {
    const a = ctx.args;
    const kind = limitKind(a.kind);
    ctx.ref("credit-line", `${a.bank}:${a.counterparty}:${kind}`);
    refMember(ctx, a.bank);
    refMember(ctx, a.counterparty);
    const key = { bank: a.bank, counterparty: a.counterparty, kind };
    const row = await ctx.store.get("creditLines", key);
    ctx.store.put("creditLines", { ...key, limit: "0", ...row, used: str(a.used), updatedBlock: ctx.block }, ctx.block);
  }),
};

// ----------------------------------------------------------------------------------------------------

export const financingHandlers: HandlerMap = {
  ...creditHandlers,
  ...factoringHandlers,
  ...payoutHandlers("factoring"),
  ...orderHandlers,
  ...loanBookHandlers("orderFinancing"),
  ...payoutHandlers("orderFinancing"),
  ...receiptHandlers,
  ...loanBookHandlers("receiptFinancing"),
  ...payoutHandlers("receiptFinancing"),
};

/** The contracts whose every event `financingHandlers` handles. */
export const FINANCING_CONTRACTS: readonly ContractName[] = [
  "creditLimits",
  "factoring",
  "orderFinancing",
  "receiptFinancing",
];
