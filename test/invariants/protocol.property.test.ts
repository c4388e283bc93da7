/**
 * Property tests of the whole protocol: fast-check generates random sequences of operations among
 * many members (issue, split, splitMany, transfer, factoring offer/accept/withdraw/collect/recourse,
 * orders and order financing, warehouse receipts and receipt loans, payment at maturity, redemption,
 * overdue and default, time travel, deposits, suspensions and blacklisting) and plays them on the
 * Hardhat network against a small TypeScript model of the expected state.
 *
 * For every step the model predicts either the new state or the exact custom error (name and
 * arguments) the chain must revert with; after a revert the chain state must be unchanged. After
 * every step the chain is read back, compared with the model, and checked against the invariants
 * of DESIGN.md computed from the chain data alone:
 *  - value is conserved: the settlement token's total supply equals the sum of the balances of all
 *    members and protocol contracts and changes only by deposits (mint); the receivables contract
 *    holds exactly the unredeemed parts of paid receivables, the financing contracts exactly the
 *    payouts they hold for suspended members;
 *  - for every receivable `part.amount + sum(children's face) == part.face` and the parts add up to
 *    the face amount;
 *  - nothing is financed or pledged twice: each part in factoring custody belongs to exactly one open
 *    deal, each order has at most one open loan (and the lien says so), each pledged receipt has its
 *    drawings with the pledgee only, within its valuation; credit lines in use equal the open
 *    exposures and stay within their limits;
 *  - a paid receivable's holders receive exactly their parts (on every redemption, and in total).
 *
 * Environment: PROPERTY_RUNS (default 20), PROPERTY_SEED and PROPERTY_PATH to replay the run that
 * fast-check reports on failure, PROPERTY_SHRINK=1 to shrink the counterexample (slow),
 * PROPERTY_STATS=1 to print what the walk exercised.
 */
import { expect } from "chai";
import { ethers } from "hardhat";
import fc from "fast-check";
import { loadFixture, time } from "@nomicfoundation/hardhat-network-helpers";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/signers";
import { id, keccak256, toUtf8Bytes, ZeroAddress, type BaseContract, type ContractTransactionResponse } from "ethers";
import {
  consortiumFixture,
  CNY,
  DAY,
  DealStatus,
  LimitKind,
  LoanStatus,
  OrderStatus,
  PartStatus,
  ReceiptStatus,
  ReceivableStatus,
  Role,
  text32,
  type Fixture,
} from "../helpers/fixture";
import * as pricing from "../../scripts/lib/pricing";
const { actualDays, applyRateDown, interest, BPS } = pricing;

// ---------------------------------------------------------------------------------------------
// Constants mirrored from the contracts
// ---------------------------------------------------------------------------------------------

const MAX_TERM = 365 * DAY;
const GRACE = 30 * DAY;
const MAX_TENOR_DAYS = 180;
const MAX_OPEN_LOANS = 16;
const SUPPLIER_CASH = 20_000_000n;
const BANK2_CORE2_OBLIGOR_LIMIT = 6_000_000n;
const BANK2_SUPPLIER3_BORROWER_LIMIT = 4_000_000n;

/** The contracts' enums (scripts/lib/statuses.ts) as numbers, the model's representation. */
function numeric<T extends Record<string, bigint>>(statuses: T): { readonly [K in keyof T]: number } {
  return Object.fromEntries(Object.entries(statuses).map(([k, v]) => [k, Number(v)])) as { [K in keyof T]: number };
}
const RS = numeric(ReceivableStatus);
const PS = numeric(PartStatus);
const DS = numeric(DealStatus);
const LS = numeric(LoanStatus);
const OS = numeric(OrderStatus);
const WS = numeric(ReceiptStatus);
const OBLIGOR = LimitKind.Obligor;
const BORROWER = LimitKind.Borrower;

// ---------------------------------------------------------------------------------------------
// Model
// ---------------------------------------------------------------------------------------------

type Addr = string;

interface MMember {
  roles: number;
  active: boolean;
  blacklisted: boolean;
}
interface MReceivable {
  obligor: Addr;
  maturity: number;
  status: number;
  face: bigint;
  orderId: number;
  invoiceHash: string;
}
interface MPart {
  holder: Addr;
  amount: bigint;
  face: bigint;
  parentId: number;
  rootId: number;
  status: number;
}
interface MDeal {
  seller: Addr;
  partId: number;
  minAdvanceBps: number;
  maxDiscountBps: number;
  bank: Addr;
  expiresAt: number;
  status: number;
  recourseAccepted: boolean;
  withRecourse: boolean;
  obligor: Addr;
  face: bigint;
  advance: bigint;
  discount: bigint;
}
interface MOrder {
  supplier: Addr;
  buyer: Addr;
  amount: bigint;
  status: number;
  lienHolder: Addr;
  receivableId: number;
  paymentTermDays: number;
  orderNumber: string;
}
interface MLoan {
  borrower: Addr;
  assetId: number;
  boundBps: number;
  maxRateBps: number;
  bank: Addr;
  expiresAt: number;
  status: number;
  tenorDays: number;
  rateBps: number;
  obligor: Addr;
  principal: bigint;
  dueAt: number;
  interestFrom: number;
  exposure: bigint;
}
interface MReceipt {
  owner: Addr;
  warehouse: Addr;
  status: number;
  frozen: boolean;
  valuation: bigint;
  pledgee: Addr;
  quantity: bigint;
  pledgedQuantity: bigint;
}
interface MBook {
  outstanding: bigint;
  openLoans: number;
  defaultedLoans: number;
  loanIds: number[];
}
interface MLine {
  limit: bigint;
  used: bigint;
}

interface Model {
  /** Timestamp of the next transaction (set with setNextBlockTimestamp). */
  now: number;
  supply: bigint;
  balances: Map<Addr, bigint>;
  members: Map<Addr, MMember>;
  receivables: Map<number, MReceivable>;
  parts: Map<number, MPart>;
  lastPartId: number;
  /** What each redeemed part paid out, by receivable: checked against the face once all are redeemed. */
  paidOut: Map<number, bigint>;
  deals: Map<number, MDeal>;
  orders: Map<number, MOrder>;
  orderKeys: Map<string, number>;
  orderLoans: Map<number, MLoan>;
  receipts: Map<number, MReceipt>;
  books: Map<number, MBook>;
  receiptLoans: Map<number, MLoan>;
  lines: Map<string, MLine>;
  /** Payouts a financing contract holds for members that could not receive them (suspended). */
  held: Map<string, bigint>;
  invoices: string[];
  counter: number;
}

/** The revert the model predicts: the custom error's name and arguments. */
class ModelRevert extends Error {
  constructor(
    readonly errorName: string,
    readonly args: unknown[],
  ) {
    super(`${errorName}(${args.map(String).join(", ")})`);
  }
}
function revert(name: string, ...args: unknown[]): never {
  throw new ModelRevert(name, args);
}

/** Static facts of a run: addresses, names, who approved the protocol contracts. */
interface World {
  f: Fixture;
  actors: { name: string; signer: HardhatEthersSigner; address: Addr }[];
  byAddress: Map<Addr, string>;
  addr: {
    receivables: Addr;
    factoring: Addr;
    orderFinancing: Addr;
    receiptFinancing: Addr;
    purchaseOrders: Addr;
    warehouseReceipts: Addr;
    creditLimits: Addr;
    registry: Addr;
    settlementToken: Addr;
  };
  /** Accounts that approved every protocol contract for an unlimited amount. */
  approved: Set<Addr>;
  /** Everybody who can hold settlement tokens (every member) and the outsider, who never may. */
  holders: Addr[];
  /** The members whose membership the random walk changes. */
  membershipSubjects: Addr[];
  warehouse: Addr;
  operator: Addr;
}

// --- membership ---------------------------------------------------------------------------

function member(m: Model, a: Addr): MMember {
  return m.members.get(a) ?? { roles: 0, active: false, blacklisted: false };
}
function requireActive(m: Model, a: Addr) {
  if (!member(m, a).active) revert("MemberNotActive", a);
}
function requireRole(m: Model, a: Addr, roles: number) {
  const s = member(m, a);
  if (!s.active) revert("MemberNotActive", a);
  if ((s.roles & roles) === 0) revert("MemberLacksRole", a, roles);
}
function requireFinanceable(m: Model, a: Addr, roles: number) {
  const s = member(m, a);
  if (!s.active) revert("MemberNotActive", a);
  if (roles !== 0 && (s.roles & roles) === 0) revert("MemberLacksRole", a, roles);
  if (s.blacklisted) revert("MemberBlacklisted", a);
}
function requireNotBlacklisted(m: Model, a: Addr) {
  if (member(m, a).blacklisted) revert("MemberBlacklisted", a);
}

// --- settlement token -----------------------------------------------------------------------

function balanceOf(m: Model, a: Addr): bigint {
  return m.balances.get(a) ?? 0n;
}
function tokenTransfer(m: Model, from: Addr, to: Addr, amount: bigint) {
  requireActive(m, from);
  requireActive(m, to);
  const bal = balanceOf(m, from);
  if (bal < amount) revert("ERC20InsufficientBalance", from, bal, amount);
  m.balances.set(from, bal - amount);
  m.balances.set(to, balanceOf(m, to) + amount);
}
function tokenTransferFrom(w: World, m: Model, spender: Addr, from: Addr, to: Addr, amount: bigint) {
  if (!w.approved.has(from) && amount > 0n) revert("ERC20InsufficientAllowance", spender, 0n, amount);
  tokenTransfer(m, from, to, amount);
}

/** FinancingBase._payOut: pays an active member, holds the payout for anybody else. */
function payOut(m: Model, contract: Addr, to: Addr, amount: bigint) {
  if (amount === 0n) return;
  if (member(m, to).active) {
    tokenTransfer(m, contract, to, amount);
  } else {
    const k = `${contract}|${to}`;
    m.held.set(k, (m.held.get(k) ?? 0n) + amount);
  }
}

// --- pricing ----------------------------------------------------------------------------------

function loanInterest(ln: MLoan, now: number): bigint {
  return pricing.loanInterest(ln.principal, ln.rateBps, ln.interestFrom, now);
}

// --- credit limits ------------------------------------------------------------------------------

function lineKey(bank: Addr, cp: Addr, kind: number) {
  return `${bank}|${cp}|${kind}`;
}
function line(m: Model, bank: Addr, cp: Addr, kind: number): MLine {
  const k = lineKey(bank, cp, kind);
  let l = m.lines.get(k);
  if (!l) {
    l = { limit: 0n, used: 0n };
    m.lines.set(k, l);
  }
  return l;
}
function consume(m: Model, bank: Addr, obligor: Addr, borrower: Addr, amount: bigint) {
  for (const [cp, kind] of [
    [obligor, OBLIGOR],
    [borrower, BORROWER],
  ] as const) {
    if (cp === ZeroAddress) continue;
    const l = line(m, bank, cp, kind);
    const free = l.limit > l.used ? l.limit - l.used : 0n;
    if (amount > free) revert("CreditLimitExceeded", bank, cp, kind, amount, free);
    l.used += amount;
  }
}
function release(m: Model, bank: Addr, obligor: Addr, borrower: Addr, amount: bigint) {
  for (const [cp, kind] of [
    [obligor, OBLIGOR],
    [borrower, BORROWER],
  ] as const) {
    if (cp === ZeroAddress) continue;
    const l = line(m, bank, cp, kind);
    l.used -= amount > l.used ? l.used : amount;
  }
}

// --- receivables --------------------------------------------------------------------------------

function existingReceivable(m: Model, rid: number): MReceivable {
  const r = m.receivables.get(rid);
  if (!r) revert("ReceivableNotFound", rid);
  return r;
}
function issueReceivable(
  m: Model,
  orderId: number,
  obligor: Addr,
  creditor: Addr,
  face: bigint,
  maturity: number,
  invoiceHash: string,
): number {
  if (creditor === obligor) revert("ReceivableSelfIssued", obligor);
  requireActive(m, creditor);
  if (face === 0n) revert("ReceivableInvalidAmount", face);
  const latest = m.now + MAX_TERM;
  if (maturity <= m.now || maturity > latest) revert("ReceivableInvalidMaturity", maturity, latest);
  if (m.invoices.includes(invoiceHash)) revert("ReceivableInvoiceAlreadyRegistered", invoiceHash);
  m.invoices.push(invoiceHash);
  const rid = ++m.lastPartId;
  m.receivables.set(rid, { obligor, maturity, status: RS.Outstanding, face, orderId, invoiceHash });
  m.parts.set(rid, { holder: creditor, amount: face, face, parentId: 0, rootId: rid, status: PS.Active });
  return rid;
}
function movablePart(m: Model, partId: number, from: Addr, to: Addr): MPart {
  const p = m.parts.get(partId);
  if (!p) revert("ReceivablePartNotFound", partId);
  if (p.holder !== from) revert("ReceivableNotHolder", partId, from, p.holder);
  if (p.status !== PS.Active || m.receivables.get(p.rootId)!.status === RS.Paid) {
    revert("ReceivablePartNotTransferable", partId);
  }
  requireActive(m, from);
  if (to !== ZeroAddress) {
    if (to === from) revert("ReceivableSelfTransfer", partId);
    requireActive(m, to);
  }
  return p;
}
function splitOff(m: Model, parent: MPart, parentId: number, to: Addr, amount: bigint): number {
  const available = parent.amount;
  if (amount === 0n || amount >= available) revert("ReceivableInvalidSplit", parentId, amount, available);
  parent.amount = available - amount;
  const pid = ++m.lastPartId;
  m.parts.set(pid, { holder: to, amount, face: amount, parentId, rootId: parent.rootId, status: PS.Active });
  return pid;
}
function custodyTransfer(m: Model, partId: number, from: Addr, to: Addr) {
  const p = movablePart(m, partId, from, to);
  p.holder = to;
}
/** Receivables.redeem: pays the part's holder exactly the part's amount. */
function redeemPart(w: World, m: Model, partId: number, caller: Addr): bigint {
  const p = m.parts.get(partId);
  if (!p) revert("ReceivablePartNotFound", partId);
  const r = m.receivables.get(p.rootId)!;
  if (p.status !== PS.Active || r.status !== RS.Paid) revert("ReceivablePartNotRedeemable", partId);
  // A part in a protocol contract's custody is redeemed only by that contract.
  if (caller !== p.holder && (member(m, p.holder).roles & Role.SYSTEM) !== 0) {
    revert("ReceivablePartInCustody", partId, p.holder);
  }
  p.status = PS.Redeemed;
  tokenTransfer(m, w.addr.receivables, p.holder, p.amount);
  m.paidOut.set(p.rootId, (m.paidOut.get(p.rootId) ?? 0n) + p.amount);
  return p.amount;
}

// --- loans ------------------------------------------------------------------------------------------

function existingLoan(book: Map<number, MLoan>, loanId: number): MLoan {
  const ln = book.get(loanId);
  if (!ln) revert("FinancingNotFound", loanId);
  return ln;
}
function loanIn(book: Map<number, MLoan>, loanId: number, status: number): MLoan {
  const ln = existingLoan(book, loanId);
  if (ln.status !== status) revert("FinancingInvalidStatus", loanId, ln.status);
  return ln;
}
function checkCaller(id_: number, caller: Addr, expected: Addr) {
  if (caller !== expected) revert("FinancingUnauthorized", id_, caller, expected);
}
function checkBps(term: string, bps: number) {
  if (bps === 0 || bps > 10_000) revert("FinancingInvalidTerm", term, bps);
}
function newRequest(m: Model, bank: Addr, tenorDays: number, expiresAt: number): void {
  requireRole(m, bank, Role.BANK);
  if (tenorDays === 0 || tenorDays > MAX_TENOR_DAYS) revert("FinancingInvalidTerm", "tenorDays", tenorDays);
  if (expiresAt <= m.now) revert("FinancingInvalidTerm", "expiresAt", expiresAt);
}
function checkAcceptance(m: Model, book: Map<number, MLoan>, loanId: number, caller: Addr, rateBps: number): MLoan {
  const ln = loanIn(book, loanId, LS.Requested);
  checkCaller(loanId, caller, ln.bank);
  requireFinanceable(m, caller, Role.BANK);
  if (m.now > ln.expiresAt) revert("FinancingExpired", loanId, ln.expiresAt);
  requireFinanceable(m, ln.borrower, 0);
  if (ln.obligor !== ZeroAddress) requireNotBlacklisted(m, ln.obligor);
  if (rateBps > ln.maxRateBps) revert("FinancingTermOutOfBounds", loanId, "rateBps", rateBps, ln.maxRateBps);
  return ln;
}
function fund(w: World, m: Model, spender: Addr, ln: MLoan, principal: bigint, rateBps: number) {
  if (principal === 0n) revert("FinancingInvalidTerm", "principal", principal);
  consume(m, ln.bank, ln.obligor, ln.borrower, principal);
  ln.status = LS.Active;
  ln.principal = principal;
  ln.exposure = principal;
  ln.rateBps = rateBps;
  ln.interestFrom = m.now;
  ln.dueAt = m.now + ln.tenorDays * DAY;
  tokenTransferFrom(w, m, spender, ln.bank, ln.borrower, principal);
}
function releaseExposure(m: Model, ln: MLoan) {
  release(m, ln.bank, ln.obligor, ln.borrower, ln.exposure);
  ln.exposure = 0n;
}
/** OrderFinancing._freeOrder */
function freeOrder(w: World, m: Model, ln: MLoan) {
  const o = m.orders.get(ln.assetId)!;
  if (o.lienHolder === w.addr.orderFinancing) o.lienHolder = ZeroAddress;
  if (o.receivableId === 0) return;
  const p = m.parts.get(o.receivableId)!;
  const r = m.receivables.get(o.receivableId)!;
  if (p.holder !== w.addr.orderFinancing || p.status !== PS.Active) return;
  if (r.status === RS.Paid) {
    const proceeds = redeemPart(w, m, o.receivableId, w.addr.orderFinancing);
    payOut(m, w.addr.orderFinancing, ln.borrower, proceeds);
  } else {
    custodyTransfer(m, o.receivableId, w.addr.orderFinancing, ln.borrower);
  }
}
/** ReceiptFinancing._closeDrawing */
function closeDrawing(m: Model, loanId: number, receiptId: number, principal: bigint, wasDefaulted: boolean) {
  const book = m.books.get(receiptId)!;
  book.outstanding -= principal;
  book.openLoans -= 1;
  if (wasDefaulted) book.defaultedLoans -= 1;
  if (book.openLoans === 0) {
    m.books.delete(receiptId);
    const rc = m.receipts.get(receiptId)!;
    rc.pledgee = ZeroAddress;
    rc.pledgedQuantity = 0n;
    rc.frozen = false;
  } else {
    book.loanIds = book.loanIds.filter((x) => x !== loanId);
  }
}
function emptyLoan(): MLoan {
  return {
    borrower: ZeroAddress,
    assetId: 0,
    boundBps: 0,
    maxRateBps: 0,
    bank: ZeroAddress,
    expiresAt: 0,
    status: LS.Requested,
    tenorDays: 0,
    rateBps: 0,
    obligor: ZeroAddress,
    principal: 0n,
    dueAt: 0,
    interestFrom: 0,
    exposure: 0n,
  };
}

// ---------------------------------------------------------------------------------------------
// Operations
// ---------------------------------------------------------------------------------------------

/** An index into the actors, or -1 for "the party that owns the action" (holder, seller, bank...). */
const callerArb = fc.oneof({ weight: 5, arbitrary: fc.constant(-1) }, { weight: 1, arbitrary: fc.nat({ max: 10 }) });
const actorArb = fc.nat({ max: 10 });
/** A counterparty for a part: mostly a supplier or a bank, sometimes anybody. */
const partyArb = fc.oneof({ weight: 6, arbitrary: fc.constantFrom(2, 3, 4, 5, 6) }, { weight: 1, arbitrary: actorArb });
/** Picks an entity: mostly among the ones the operation makes sense for, sometimes any or a missing one. */
const pickArb = fc.nat({ max: 1_000 });
const bpsArb = fc.oneof(
  { weight: 6, arbitrary: fc.integer({ min: 1, max: 10_000 }) },
  { weight: 1, arbitrary: fc.constantFrom(0, 10_001) },
);
const rateArb = fc.integer({ min: 0, max: 3_000 });
/** Whether a bank's terms are brought within the applicant's bounds (mostly) or left random. */
const fitArb = fc.oneof({ weight: 4, arbitrary: fc.constant(true) }, { weight: 1, arbitrary: fc.constant(false) });
/** `bound + x`, folded into [bound, max]. */
const within = (x: number, bound: number, max: number) => bound + (x % (max - bound + 1));
const amountBpsArb = fc.oneof(
  { weight: 8, arbitrary: fc.integer({ min: 1, max: 9_999 }) },
  { weight: 2, arbitrary: fc.constantFrom(0, 10_000, 10_000) },
);

const claimArb = fc.record({
  kind: fc.constant("claimHeld" as const),
  product: fc.constantFrom("factoring" as const, "order" as const),
  caller: fc.constantFrom("supplier2", "supplier3", "bank2", "core2", "supplier1"),
});

const opArb = fc.oneof(
  { weight: 2, arbitrary: claimArb },
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant("issue" as const),
      obligor: fc.constantFrom("core", "core", "core2", "core2", "supplier1", "supplier2", "outsider"),
      creditor: partyArb,
      face: fc.oneof(
        { weight: 12, arbitrary: fc.bigInt({ min: 1n, max: 5_000_000n }) },
        { weight: 1, arbitrary: fc.constant(0n) },
      ),
      days: fc.integer({ min: 1, max: 380 }),
    }),
  },
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant("split" as const),
      part: pickArb,
      caller: callerArb,
      to: partyArb,
      amountBps: amountBpsArb,
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant("splitMany" as const),
      part: pickArb,
      caller: callerArb,
      legs: fc.array(fc.record({ to: partyArb, amountBps: fc.integer({ min: 0, max: 6_000 }) }), {
        minLength: 1,
        maxLength: 3,
      }),
    }),
  },
  {
    weight: 3,
    arbitrary: fc.record({ kind: fc.constant("transfer" as const), part: pickArb, caller: callerArb, to: partyArb }),
  },
  {
    weight: 5,
    arbitrary: fc.record({
      kind: fc.constant("offer" as const),
      part: pickArb,
      caller: callerArb,
      bank: fc.constantFrom("bank1", "bank1", "bank2", "any", "any", "supplier2"),
      minAdvanceBps: bpsArb,
      maxDiscountBps: rateArb,
      recourse: fc.boolean(),
      expiresInDays: fc.integer({ min: 1, max: 40 }),
    }),
  },
  {
    weight: 6,
    arbitrary: fc.record({
      kind: fc.constant("acceptDeal" as const),
      fit: fitArb,
      deal: pickArb,
      caller: callerArb,
      openBank: fc.constantFrom("bank1", "bank2"),
      advanceBps: bpsArb,
      discountBps: rateArb,
      withRecourse: fc.boolean(),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant("closeDeal" as const),
      deal: pickArb,
      caller: callerArb,
      decline: fc.boolean(),
    }),
  },
  { weight: 4, arbitrary: fc.record({ kind: fc.constant("collectDeal" as const), deal: pickArb }) },
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant("recourse" as const),
      deal: pickArb,
      caller: callerArb,
      settle: fc.boolean(),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant("submitOrder" as const),
      supplier: fc.constantFrom("supplier1", "supplier2", "supplier2", "supplier3", "core"),
      buyer: fc.constantFrom("core", "core", "core2", "supplier1", "bank1"),
      amount: fc.oneof(
        { weight: 12, arbitrary: fc.bigInt({ min: 1n, max: 5_000_000n }) },
        { weight: 1, arbitrary: fc.constant(0n) },
      ),
      paymentTermDays: fc.integer({ min: 1, max: 200 }),
      duplicateOf: fc.option(pickArb, { freq: 8 }),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({ kind: fc.constant("confirmOrder" as const), order: pickArb, caller: callerArb }),
  },
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant("requestOrderLoan" as const),
      order: pickArb,
      caller: callerArb,
      bank: fc.constantFrom("bank1", "bank2", "supplier2"),
      minAdvanceBps: bpsArb,
      maxRateBps: rateArb,
      tenorDays: fc.integer({ min: 0, max: 200 }),
      expiresInDays: fc.integer({ min: 1, max: 20 }),
    }),
  },
  {
    weight: 5,
    arbitrary: fc.record({
      kind: fc.constant("acceptOrderLoan" as const),
      fit: fitArb,
      loan: pickArb,
      caller: callerArb,
      advanceBps: bpsArb,
      rateBps: rateArb,
    }),
  },
  {
    weight: 4,
    arbitrary: fc.record({ kind: fc.constant("acceptDelivery" as const), order: pickArb, caller: callerArb }),
  },
  { weight: 4, arbitrary: fc.record({ kind: fc.constant("collectOrderLoan" as const), loan: pickArb }) },
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant("repayLoan" as const),
      product: fc.constantFrom("order" as const, "receipt" as const),
      loan: pickArb,
      caller: callerArb,
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant("closeRequest" as const),
      product: fc.constantFrom("order" as const, "receipt" as const),
      loan: pickArb,
      caller: callerArb,
      decline: fc.boolean(),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant("defaultLoan" as const),
      product: fc.constantFrom("order" as const, "receipt" as const),
      loan: pickArb,
      caller: callerArb,
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant("issueReceipt" as const),
      owner: partyArb,
      valuation: fc.bigInt({ min: 1n, max: 8_000_000n }),
    }),
  },
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant("requestReceiptLoan" as const),
      receipt: pickArb,
      caller: callerArb,
      bank: fc.constantFrom("bank1", "bank2", "supplier2"),
      amountBps: fc.integer({ min: 0, max: 9_000 }),
      maxRateBps: rateArb,
      tenorDays: fc.integer({ min: 1, max: 200 }),
      expiresInDays: fc.integer({ min: 1, max: 20 }),
    }),
  },
  {
    weight: 5,
    arbitrary: fc.record({
      kind: fc.constant("acceptReceiptLoan" as const),
      fit: fitArb,
      loan: pickArb,
      caller: callerArb,
      ltvBps: bpsArb,
      rateBps: rateArb,
    }),
  },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("enforce" as const), receipt: pickArb, caller: callerArb }) },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant("attest" as const),
      receipt: pickArb,
      quantityBps: fc.integer({ min: 5_000, max: 12_000 }),
      anomaly: fc.constantFrom(0, 0, 0, 1),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("unfreeze" as const), receipt: pickArb, caller: callerArb }) },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant("transferReceipt" as const),
      receipt: pickArb,
      caller: callerArb,
      to: actorArb,
    }),
  },
  { weight: 6, arbitrary: fc.record({ kind: fc.constant("pay" as const), receivable: pickArb, caller: callerArb }) },
  { weight: 5, arbitrary: fc.record({ kind: fc.constant("redeem" as const), part: pickArb, caller: actorArb }) },
  {
    weight: 1,
    arbitrary: fc.record({ kind: fc.constant("markOverdue" as const), receivable: pickArb, caller: actorArb }),
  },
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant("declareDefault" as const),
      receivable: pickArb,
      caller: fc.constantFrom("bank1", "bank2", "operator", "supplier1"),
    }),
  },
  {
    weight: 5,
    arbitrary: fc.record({
      kind: fc.constant("warp" as const),
      days: fc.oneof(fc.integer({ min: 0, max: 40 }), fc.integer({ min: 40, max: 200 })),
      seconds: fc.integer({ min: 0, max: DAY - 1 }),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant("mint" as const),
      bank: fc.constantFrom("bank1", "bank2", "supplier1"),
      to: actorArb,
      amount: fc.bigInt({ min: 0n, max: 3_000_000n }),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant("membership" as const),
      who: fc.constantFrom("supplier2", "supplier3", "bank2", "core2"),
      blacklist: fc.boolean(),
    }),
  },
);

type Op = typeof opArb extends fc.Arbitrary<infer T> ? T : never;

// ---------------------------------------------------------------------------------------------
// Planning: an operation in the current model becomes one transaction and its model transition
// ---------------------------------------------------------------------------------------------

interface Step {
  label: string;
  /** Sends the transaction. */
  send: () => Promise<ContractTransactionResponse>;
  /** Applies the transaction to a copy of the model, or throws the ModelRevert it must revert with. */
  apply: (m: Model) => void;
}

/**
 * Picks an id: mostly one of `preferred` (where the operation makes sense), sometimes any of `all`,
 * sometimes one that does not exist. Null (skip the operation) when there is nothing to pick yet.
 */
function pickId(n: number, preferred: number[], all: number[], missing: number): number | null {
  if (n < 0) return -n;
  if (n % 13 === 12) return missing;
  if (all.length === 0) return null;
  if (preferred.length === 0 && n % 2 === 0) return null;
  if (n % 5 === 4 || preferred.length === 0) return all[all.length - 1 - (Math.floor(n / 13) % all.length)];
  return preferred[preferred.length - 1 - (Math.floor(n / 5) % preferred.length)];
}
function keysWhere<T>(map: Map<number, T>, pred: (v: T) => boolean): number[] {
  return [...map.entries()].filter(([, v]) => pred(v)).map(([k]) => k);
}

function plan(w: World, m: Model, op: Op): Step | null {
  const { f } = w;
  const A = (i: number) => w.actors[i];
  const named = (name: string) => w.actors.find((a) => a.name === name)!;
  const signerOf = (a: Addr) => w.actors.find((x) => x.address === a)?.signer;
  /** The natural caller `natural` (when it is an actor) or the op's random actor. */
  const who = (c: number, natural: Addr | undefined) => {
    if (c >= 0 || natural === undefined || !signerOf(natural)) return A(c >= 0 ? c : 2);
    return w.actors.find((x) => x.address === natural)!;
  };
  const allParts = [...m.parts.keys()];
  const livePart = (p: MPart) => p.status === PS.Active && m.receivables.get(p.rootId)!.status !== RS.Paid;
  const mineParts = keysWhere(m.parts, (p) => livePart(p) && signerOf(p.holder) !== undefined);
  const fresh = (label: string) => keccak256(toUtf8Bytes(`${label}:${++m.counter}:${m.now}`));

  switch (op.kind) {
    case "issue": {
      const obligor = named(op.obligor);
      const creditor = A(op.creditor);
      const maturity = m.now + op.days * DAY;
      const reuse = op.face % 29n === 3n && m.invoices.length > 0;
      const invoice = reuse ? m.invoices[Number(op.face % BigInt(m.invoices.length))] : fresh("invoice");
      return {
        label: `${obligor.name} issues ${op.face} to ${creditor.name} for ${op.days}d${reuse ? " (reused invoice)" : ""}`,
        send: () =>
          f.receivables.connect(obligor.signer).issue(creditor.address, op.face, CNY, maturity, invoice, "ipfs://inv"),
        apply: (n) => {
          requireRole(n, obligor.address, Role.CORE_ENTERPRISE);
          issueReceivable(n, 0, obligor.address, creditor.address, op.face, maturity, invoice);
        },
      };
    }
    case "split": {
      const pid = pickId(op.part, mineParts, allParts, m.lastPartId + 7);
      if (pid === null) return null;
      const p = m.parts.get(pid);
      const caller = who(op.caller, p?.holder);
      const to = A(op.to);
      const amount = ((p?.amount ?? 1000n) * BigInt(op.amountBps)) / BPS;
      return {
        label: `${caller.name} splits ${amount} off part ${pid} to ${to.name}`,
        send: () => f.receivables.connect(caller.signer).split(pid, to.address, amount),
        apply: (n) => {
          const q = movablePart(n, pid, caller.address, to.address);
          splitOff(n, q, pid, to.address, amount);
        },
      };
    }
    case "splitMany": {
      const pid = pickId(op.part, mineParts, allParts, m.lastPartId + 7);
      if (pid === null) return null;
      const p = m.parts.get(pid);
      const caller = who(op.caller, p?.holder);
      const recipients = op.legs.map((l) => A(l.to).address);
      const amounts = op.legs.map((l) => ((p?.amount ?? 1000n) * BigInt(l.amountBps)) / BPS);
      return {
        label: `${caller.name} splits part ${pid} into [${amounts.join(", ")}] for [${op.legs.map((l) => A(l.to).name).join(", ")}]`,
        send: () => f.receivables.connect(caller.signer).splitMany(pid, recipients, amounts),
        apply: (n) => {
          const q = movablePart(n, pid, caller.address, ZeroAddress);
          recipients.forEach((to, i) => {
            if (to === caller.address) revert("ReceivableSelfTransfer", pid);
            requireActive(n, to);
            splitOff(n, q, pid, to, amounts[i]);
          });
        },
      };
    }
    case "transfer": {
      const pid = pickId(op.part, mineParts, allParts, m.lastPartId + 7);
      if (pid === null) return null;
      const caller = who(op.caller, m.parts.get(pid)?.holder);
      const to = A(op.to);
      return {
        label: `${caller.name} transfers part ${pid} to ${to.name}`,
        send: () => f.receivables.connect(caller.signer).transfer(pid, to.address),
        apply: (n) => custodyTransfer(n, pid, caller.address, to.address),
      };
    }
    case "offer": {
      const pid = pickId(op.part, mineParts, allParts, m.lastPartId + 7);
      if (pid === null) return null;
      const caller = who(op.caller, m.parts.get(pid)?.holder);
      const bank = op.bank === "any" ? ZeroAddress : named(op.bank).address;
      const expiresAt = m.now + op.expiresInDays * DAY;
      return {
        label: `${caller.name} offers part ${pid} to ${op.bank} (min ${op.minAdvanceBps}bps, max disc ${op.maxDiscountBps}bps, recourse ${op.recourse})`,
        send: () =>
          f.factoring
            .connect(caller.signer)
            .offer(pid, bank, op.minAdvanceBps, op.maxDiscountBps, op.recourse, expiresAt),
        apply: (n) => {
          // Traders sell their receivables, a bank may resell a part; never the regulator.
          requireFinanceable(n, caller.address, Role.CORE_ENTERPRISE | Role.SUPPLIER | Role.BANK);
          if (bank !== ZeroAddress) requireRole(n, bank, Role.BANK);
          checkBps("minAdvanceBps", op.minAdvanceBps);
          const p = n.parts.get(pid);
          const r = p ? n.receivables.get(p.rootId)! : undefined;
          if (!p || !r || r.status !== RS.Outstanding)
            revert("ReceivableInvalidStatus", p?.rootId ?? 0, r?.status ?? 0);
          if (actualDays(n.now, r.maturity) === 0n) revert("FinancingInvalidTerm", "maturity", r.maturity);
          requireNotBlacklisted(n, r.obligor);
          custodyTransfer(n, pid, caller.address, w.addr.factoring);
          n.deals.set(n.deals.size + 1, {
            seller: caller.address,
            partId: pid,
            minAdvanceBps: op.minAdvanceBps,
            maxDiscountBps: op.maxDiscountBps,
            bank,
            expiresAt,
            status: DS.Offered,
            recourseAccepted: op.recourse,
            withRecourse: false,
            obligor: r.obligor,
            face: p.amount,
            advance: 0n,
            discount: 0n,
          });
        },
      };
    }
    case "acceptDeal": {
      const open = keysWhere(m.deals, (d) => d.status === DS.Offered);
      const did = pickId(op.deal, open, [...m.deals.keys()], m.deals.size + 3);
      if (did === null) return null;
      const d = m.deals.get(did);
      const caller = who(op.caller, d && d.bank !== ZeroAddress ? d.bank : named(op.openBank).address);
      const fit = op.fit && d !== undefined;
      const advanceBps = fit ? within(op.advanceBps, d.minAdvanceBps, 10_000) : op.advanceBps;
      const discountBps = fit ? within(op.discountBps, 0, d.maxDiscountBps) : op.discountBps;
      const withRecourse = fit ? op.withRecourse && d.recourseAccepted : op.withRecourse;
      return {
        label: `${caller.name} accepts deal ${did} at ${advanceBps}/${discountBps}bps, recourse ${withRecourse}`,
        send: () =>
          f.factoring.connect(caller.signer).accept(did, advanceBps, discountBps, withRecourse, text32(`REG-${did}`)),
        apply: (n) => {
          const d = n.deals.get(did);
          if (!d) revert("FinancingNotFound", did);
          if (d.status !== DS.Offered) revert("FinancingInvalidStatus", did, d.status);
          if (d.bank !== ZeroAddress && caller.address !== d.bank) {
            revert("FinancingUnauthorized", did, caller.address, d.bank);
          }
          requireFinanceable(n, caller.address, Role.BANK);
          if (n.now > d.expiresAt) revert("FinancingExpired", did, d.expiresAt);
          requireFinanceable(n, d.seller, 0);
          requireNotBlacklisted(n, d.obligor);
          checkBps("advanceBps", advanceBps);
          if (advanceBps < d.minAdvanceBps) {
            revert("FinancingTermOutOfBounds", did, "advanceBps", advanceBps, d.minAdvanceBps);
          }
          if (discountBps > d.maxDiscountBps) {
            revert("FinancingTermOutOfBounds", did, "discountBps", discountBps, d.maxDiscountBps);
          }
          if (withRecourse && !d.recourseAccepted) revert("FinancingTermOutOfBounds", did, "recourse", 1, 0);
          const r = n.receivables.get(n.parts.get(d.partId)!.rootId)!;
          if (r.status !== RS.Outstanding) revert("FinancingAssetNotReady", did);
          const days = actualDays(n.now, r.maturity);
          if (days === 0n) revert("FinancingAssetNotReady", did);
          const advance = applyRateDown(d.face, advanceBps);
          const discount = interest(advance, discountBps, days);
          if (discount >= advance) revert("FinancingTermOutOfBounds", did, "discount", discount, advance);
          consume(n, caller.address, d.obligor, withRecourse ? d.seller : ZeroAddress, advance);
          d.bank = caller.address;
          d.status = DS.Funded;
          d.withRecourse = withRecourse;
          d.advance = advance;
          d.discount = discount;
          // Delivery versus payment: the seller is paid the price, the part stays in custody for the bank.
          tokenTransferFrom(w, n, w.addr.factoring, caller.address, d.seller, advance - discount);
        },
      };
    }
    case "closeDeal": {
      const open = keysWhere(m.deals, (d) => d.status === DS.Offered);
      const did = pickId(op.deal, open, [...m.deals.keys()], m.deals.size + 3);
      if (did === null) return null;
      const d = m.deals.get(did);
      const caller = who(op.caller, d ? (op.decline ? d.bank : d.seller) : undefined);
      return {
        label: `${caller.name} ${op.decline ? "declines" : "withdraws"} deal ${did}`,
        send: () =>
          op.decline
            ? f.factoring.connect(caller.signer).decline(did, text32("no-appetite"))
            : f.factoring.connect(caller.signer).withdraw(did),
        apply: (n) => {
          const d = n.deals.get(did);
          if (!d) revert("FinancingNotFound", did);
          if (d.status !== DS.Offered) revert("FinancingInvalidStatus", did, d.status);
          if (op.decline) {
            if (d.bank === ZeroAddress || caller.address !== d.bank) {
              revert("FinancingUnauthorized", did, caller.address, d.bank);
            }
            d.status = DS.Declined;
          } else {
            checkCaller(did, caller.address, d.seller);
            d.status = DS.Withdrawn;
          }
          returnToSeller(w, n, d);
        },
      };
    }
    case "collectDeal": {
      const open = keysWhere(
        m.deals,
        (d) =>
          (d.status === DS.Funded || d.status === DS.RecourseClaimed) &&
          m.receivables.get(m.parts.get(d.partId)!.rootId)!.status === RS.Paid,
      );
      const did = pickId(op.deal, open, [...m.deals.keys()], m.deals.size + 3);
      if (did === null) return null;
      return {
        label: `collect deal ${did}`,
        send: () => f.factoring.connect(w.actors[10].signer).collect(did),
        apply: (n) => {
          const d = n.deals.get(did);
          if (!d) revert("FinancingNotFound", did);
          if (d.status !== DS.Funded && d.status !== DS.RecourseClaimed) {
            revert("FinancingInvalidStatus", did, d.status);
          }
          d.status = DS.Collected;
          const proceeds = redeemPart(w, n, d.partId, w.addr.factoring);
          release(n, d.bank, d.obligor, d.withRecourse ? d.seller : ZeroAddress, d.advance);
          // The bank gets exactly its advance, the seller exactly the reserve face - advance.
          expect(proceeds).to.equal(d.face);
          payOut(n, w.addr.factoring, d.bank, d.advance);
          payOut(n, w.addr.factoring, d.seller, proceeds - d.advance);
        },
      };
    }
    case "recourse": {
      const open = keysWhere(
        m.deals,
        (d) =>
          d.status === (op.settle ? DS.RecourseClaimed : DS.Funded) &&
          (op.settle || (d.withRecourse && m.receivables.get(m.parts.get(d.partId)!.rootId)!.status === RS.Defaulted)),
      );
      const did = pickId(op.deal, open, [...m.deals.keys()], m.deals.size + 3);
      if (did === null) return null;
      const d = m.deals.get(did);
      const caller = who(op.caller, d ? (op.settle ? d.seller : d.bank) : undefined);
      return {
        label: `${caller.name} ${op.settle ? "settles" : "claims"} recourse on deal ${did}`,
        send: () =>
          op.settle
            ? f.factoring.connect(caller.signer).settleRecourse(did)
            : f.factoring.connect(caller.signer).claimRecourse(did),
        apply: (n) => {
          const d = n.deals.get(did);
          if (!d) revert("FinancingNotFound", did);
          if (op.settle) {
            if (d.status !== DS.RecourseClaimed) revert("FinancingInvalidStatus", did, d.status);
            checkCaller(did, caller.address, d.seller);
            d.status = DS.RecourseSettled;
            release(n, d.bank, d.obligor, d.seller, d.advance);
            tokenTransferFrom(w, n, w.addr.factoring, caller.address, d.bank, d.advance);
            returnToSeller(w, n, d);
          } else {
            if (d.status !== DS.Funded) revert("FinancingInvalidStatus", did, d.status);
            checkCaller(did, caller.address, d.bank);
            if (!d.withRecourse) revert("FinancingTermOutOfBounds", did, "recourse", 0, 1);
            const r = n.receivables.get(n.parts.get(d.partId)!.rootId)!;
            if (r.status !== RS.Defaulted) revert("FinancingAssetNotReady", did);
            d.status = DS.RecourseClaimed;
          }
        },
      };
    }
    case "submitOrder": {
      let supplier = named(op.supplier);
      let buyer = named(op.buyer);
      let orderNumber = `PO-${m.orders.size + 1}-${m.counter++}`;
      if (op.duplicateOf !== null && m.orders.size > 0) {
        const o = m.orders.get((op.duplicateOf % m.orders.size) + 1)!;
        supplier = w.actors.find((a) => a.address === o.supplier)!;
        buyer = w.actors.find((a) => a.address === o.buyer)!;
        orderNumber = o.orderNumber;
      }
      const delivery = m.now + 30 * DAY;
      const doc = fresh("po");
      return {
        label: `${supplier.name} submits order ${orderNumber} of ${op.amount} to ${buyer.name}`,
        send: () =>
          f.purchaseOrders
            .connect(supplier.signer)
            .submit(buyer.address, orderNumber, op.amount, CNY, delivery, op.paymentTermDays, doc, "ipfs://po"),
        apply: (n) => {
          requireRole(n, supplier.address, Role.SUPPLIER);
          requireRole(n, buyer.address, Role.CORE_ENTERPRISE);
          if (buyer.address === supplier.address) revert("OrderSelfDealing", buyer.address);
          if (op.amount === 0n) revert("OrderInvalidAmount", op.amount);
          const key = `${buyer.address}|${supplier.address}|${orderNumber}`;
          const existing = n.orderKeys.get(key);
          if (existing) revert("OrderAlreadyRegistered", buyer.address, supplier.address, orderNumber, existing);
          const oid = n.orders.size + 1;
          n.orderKeys.set(key, oid);
          n.orders.set(oid, {
            supplier: supplier.address,
            buyer: buyer.address,
            amount: op.amount,
            status: OS.Pending,
            lienHolder: ZeroAddress,
            receivableId: 0,
            paymentTermDays: op.paymentTermDays,
            orderNumber,
          });
        },
      };
    }
    case "confirmOrder": {
      const pending = keysWhere(m.orders, (o) => o.status === OS.Pending);
      const oid = pickId(op.order, pending, [...m.orders.keys()], m.orders.size + 3);
      if (oid === null) return null;
      const caller = who(op.caller, m.orders.get(oid)?.buyer);
      return {
        label: `${caller.name} confirms order ${oid}`,
        send: () => f.purchaseOrders.connect(caller.signer).confirm(oid),
        apply: (n) => {
          const o = buyerOrder(n, oid, caller.address, OS.Pending);
          o.status = OS.Confirmed;
        },
      };
    }
    case "requestOrderLoan": {
      const confirmed = keysWhere(m.orders, (o) => o.status === OS.Confirmed && o.lienHolder === ZeroAddress);
      const oid = pickId(op.order, confirmed, [...m.orders.keys()], m.orders.size + 3);
      if (oid === null) return null;
      const caller = who(op.caller, m.orders.get(oid)?.supplier);
      const bank = named(op.bank);
      const expiresAt = m.now + op.expiresInDays * DAY;
      return {
        label: `${caller.name} asks ${bank.name} to finance order ${oid} (min ${op.minAdvanceBps}bps, max rate ${op.maxRateBps}bps, ${op.tenorDays}d)`,
        send: () =>
          f.orderFinancing
            .connect(caller.signer)
            .request(oid, bank.address, op.minAdvanceBps, op.maxRateBps, op.tenorDays, expiresAt),
        apply: (n) => {
          requireFinanceable(n, caller.address, Role.SUPPLIER);
          const o = n.orders.get(oid);
          const supplier = o?.supplier ?? ZeroAddress;
          if (supplier !== caller.address) revert("OrderUnauthorized", oid, caller.address, supplier);
          checkBps("minAdvanceBps", op.minAdvanceBps);
          requireNotBlacklisted(n, o!.buyer);
          newRequest(n, bank.address, op.tenorDays, expiresAt);
          if (o!.status !== OS.Confirmed) revert("OrderInvalidStatus", oid, o!.status);
          if (o!.lienHolder !== ZeroAddress) revert("OrderAlreadyEncumbered", oid, o!.lienHolder);
          o!.lienHolder = w.addr.orderFinancing;
          n.orderLoans.set(n.orderLoans.size + 1, {
            ...emptyLoan(),
            borrower: caller.address,
            assetId: oid,
            boundBps: op.minAdvanceBps,
            maxRateBps: op.maxRateBps,
            bank: bank.address,
            expiresAt,
            tenorDays: op.tenorDays,
            obligor: o!.buyer,
          });
        },
      };
    }
    case "acceptOrderLoan": {
      const requested = keysWhere(m.orderLoans, (l) => l.status === LS.Requested);
      const lid = pickId(op.loan, requested, [...m.orderLoans.keys()], m.orderLoans.size + 3);
      if (lid === null) return null;
      const req = m.orderLoans.get(lid);
      const caller = who(op.caller, req?.bank);
      const fit = op.fit && req !== undefined;
      const advanceBps = fit ? within(op.advanceBps, req.boundBps, 10_000) : op.advanceBps;
      const rateBps = fit ? within(op.rateBps, 0, req.maxRateBps) : op.rateBps;
      return {
        label: `${caller.name} funds order loan ${lid} at ${advanceBps}bps advance, ${rateBps}bps`,
        send: () => f.orderFinancing.connect(caller.signer).accept(lid, advanceBps, rateBps, text32(`OF-${lid}`)),
        apply: (n) => {
          const ln = checkAcceptance(n, n.orderLoans, lid, caller.address, rateBps);
          checkBps("advanceBps", advanceBps);
          if (advanceBps < ln.boundBps) {
            revert("FinancingTermOutOfBounds", lid, "advanceBps", advanceBps, ln.boundBps);
          }
          const o = n.orders.get(ln.assetId)!;
          if (o.status !== OS.Confirmed) revert("FinancingAssetNotReady", lid);
          fund(w, n, w.addr.orderFinancing, ln, applyRateDown(o.amount, advanceBps), rateBps);
        },
      };
    }
    case "acceptDelivery": {
      const confirmed = keysWhere(m.orders, (o) => o.status === OS.Confirmed);
      const oid = pickId(op.order, confirmed, [...m.orders.keys()], m.orders.size + 3);
      if (oid === null) return null;
      const caller = who(op.caller, m.orders.get(oid)?.buyer);
      const invoice = fresh("delivery-invoice");
      return {
        label: `${caller.name} accepts delivery of order ${oid}`,
        send: () => f.purchaseOrders.connect(caller.signer).acceptDelivery(oid, invoice, "ipfs://inv"),
        apply: (n) => {
          const o = buyerOrder(n, oid, caller.address, OS.Confirmed);
          o.status = OS.Converted;
          const creditor = o.lienHolder === ZeroAddress ? o.supplier : o.lienHolder;
          o.receivableId = issueReceivable(
            n,
            oid,
            caller.address,
            creditor,
            o.amount,
            n.now + o.paymentTermDays * DAY,
            invoice,
          );
        },
      };
    }
    case "collectOrderLoan": {
      const active = keysWhere(m.orderLoans, (l) => l.status === LS.Active || l.status === LS.Defaulted);
      const paid = active.filter((lid) => {
        const rid = m.orders.get(m.orderLoans.get(lid)!.assetId)!.receivableId;
        return rid !== 0 && m.receivables.get(rid)!.status === RS.Paid;
      });
      const lid = pickId(op.loan, paid.length > 0 ? paid : active, [...m.orderLoans.keys()], m.orderLoans.size + 3);
      if (lid === null) return null;
      return {
        label: `collect order loan ${lid}`,
        send: () => f.orderFinancing.connect(w.actors[10].signer).collect(lid),
        apply: (n) => {
          const ln = existingLoan(n.orderLoans, lid);
          if (ln.status !== LS.Active && ln.status !== LS.Defaulted) revert("FinancingInvalidStatus", lid, ln.status);
          const rid = n.orders.get(ln.assetId)!.receivableId;
          if (
            rid === 0 ||
            n.receivables.get(rid)!.status !== RS.Paid ||
            n.parts.get(rid)!.holder !== w.addr.orderFinancing
          ) {
            revert("FinancingAssetNotReady", lid);
          }
          const due = ln.principal + loanInterest(ln, n.now);
          const proceeds = redeemPart(w, n, rid, w.addr.orderFinancing);
          const toBank = proceeds < due ? proceeds : due;
          const remaining = due - toBank;
          if (remaining === 0n) {
            ln.status = LS.Repaid;
            releaseExposure(n, ln);
            n.orders.get(ln.assetId)!.lienHolder = ZeroAddress;
          } else {
            ln.principal = remaining;
            ln.interestFrom = n.now;
          }
          payOut(n, w.addr.orderFinancing, ln.bank, toBank);
          payOut(n, w.addr.orderFinancing, ln.borrower, proceeds - toBank);
        },
      };
    }
    case "repayLoan": {
      const book = op.product === "order" ? m.orderLoans : m.receiptLoans;
      const active = keysWhere(book, (l) => l.status === LS.Active || l.status === LS.Defaulted);
      const lid = pickId(op.loan, active, [...book.keys()], book.size + 3);
      if (lid === null) return null;
      const caller = who(op.caller, book.get(lid)?.borrower);
      const c = op.product === "order" ? f.orderFinancing : f.receiptFinancing;
      const spender = op.product === "order" ? w.addr.orderFinancing : w.addr.receiptFinancing;
      return {
        label: `${caller.name} repays ${op.product} loan ${lid}`,
        send: () => c.connect(caller.signer).repay(lid),
        apply: (n) => {
          const loans = op.product === "order" ? n.orderLoans : n.receiptLoans;
          const ln = existingLoan(loans, lid);
          const status = ln.status;
          if (status !== LS.Active && status !== LS.Defaulted) revert("FinancingInvalidStatus", lid, status);
          checkCaller(lid, caller.address, ln.borrower);
          const principal = ln.principal;
          const due = principal + loanInterest(ln, n.now);
          ln.status = LS.Repaid;
          releaseExposure(n, ln);
          if (op.product === "order") freeOrder(w, n, ln);
          else closeDrawing(n, lid, ln.assetId, principal, status === LS.Defaulted);
          tokenTransferFrom(w, n, spender, caller.address, ln.bank, due);
        },
      };
    }
    case "closeRequest": {
      const book = op.product === "order" ? m.orderLoans : m.receiptLoans;
      const requested = keysWhere(book, (l) => l.status === LS.Requested);
      const lid = pickId(op.loan, requested, [...book.keys()], book.size + 3);
      if (lid === null) return null;
      const ln = book.get(lid);
      const caller = who(op.caller, ln ? (op.decline ? ln.bank : ln.borrower) : undefined);
      const c = op.product === "order" ? f.orderFinancing : f.receiptFinancing;
      return {
        label: `${caller.name} ${op.decline ? "declines" : "withdraws"} ${op.product} loan request ${lid}`,
        send: () =>
          op.decline ? c.connect(caller.signer).decline(lid, text32("no")) : c.connect(caller.signer).withdraw(lid),
        apply: (n) => {
          const loans = op.product === "order" ? n.orderLoans : n.receiptLoans;
          const ln = loanIn(loans, lid, LS.Requested);
          checkCaller(lid, caller.address, op.decline ? ln.bank : ln.borrower);
          ln.status = op.decline ? LS.Declined : LS.Withdrawn;
          if (op.product === "order") freeOrder(w, n, ln);
          else closeDrawing(n, lid, ln.assetId, 0n, false);
        },
      };
    }
    case "defaultLoan": {
      const book = op.product === "order" ? m.orderLoans : m.receiptLoans;
      const active = keysWhere(book, (l) => l.status === LS.Active);
      const pastGrace = active.filter((lid) => m.now > book.get(lid)!.dueAt + GRACE);
      const lid = pickId(op.loan, pastGrace.length > 0 ? pastGrace : active, [...book.keys()], book.size + 3);
      if (lid === null) return null;
      const caller = who(op.caller, book.get(lid)?.bank);
      const c = op.product === "order" ? f.orderFinancing : f.receiptFinancing;
      return {
        label: `${caller.name} declares ${op.product} loan ${lid} in default`,
        send: () => c.connect(caller.signer).declareDefault(lid),
        apply: (n) => {
          const loans = op.product === "order" ? n.orderLoans : n.receiptLoans;
          const ln = loanIn(loans, lid, LS.Active);
          checkCaller(lid, caller.address, ln.bank);
          if (n.now <= ln.dueAt + GRACE) revert("FinancingGracePeriodNotOver", lid, ln.dueAt + GRACE);
          ln.status = LS.Defaulted;
          if (op.product === "receipt") n.books.get(ln.assetId)!.defaultedLoans += 1;
        },
      };
    }
    case "issueReceipt": {
      const owner = A(op.owner);
      const lot = `LOT-${m.receipts.size + 1}-${m.counter++}`;
      const doc = fresh("receipt");
      return {
        label: `warehouse issues receipt ${lot} (valued ${op.valuation}) to ${owner.name}`,
        send: () =>
          f.warehouseReceipts.connect(named("warehouse").signer).issue(owner.address, {
            lot,
            goods: "steel coils",
            quantity: 1_000n,
            unit: text32("t"),
            valuation: op.valuation,
            currency: CNY,
            documentHash: doc,
            documentUri: "ipfs://receipt",
          }),
        apply: (n) => {
          if (owner.address === w.warehouse) revert("ReceiptSelfDealing", owner.address);
          requireActive(n, owner.address);
          n.receipts.set(n.receipts.size + 1, {
            owner: owner.address,
            warehouse: w.warehouse,
            status: WS.Active,
            frozen: false,
            valuation: op.valuation,
            pledgee: ZeroAddress,
            quantity: 1_000n,
            pledgedQuantity: 0n,
          });
        },
      };
    }
    case "requestReceiptLoan": {
      const usable = keysWhere(
        m.receipts,
        (r) => r.status === WS.Active && !r.frozen && signerOf(r.owner) !== undefined,
      );
      const rid = pickId(op.receipt, usable, [...m.receipts.keys()], m.receipts.size + 3);
      if (rid === null) return null;
      const rc = m.receipts.get(rid);
      const caller = who(op.caller, rc?.owner);
      const bank =
        rc && rc.pledgee !== ZeroAddress && op.caller < 0
          ? w.actors.find((a) => a.address === rc.pledgee)!
          : named(op.bank);
      const amount = ((rc?.valuation ?? 1_000_000n) * BigInt(op.amountBps)) / BPS;
      const expiresAt = m.now + op.expiresInDays * DAY;
      return {
        label: `${caller.name} asks ${bank.name} for ${amount} against receipt ${rid}`,
        send: () =>
          f.receiptFinancing
            .connect(caller.signer)
            .request(rid, bank.address, amount, op.maxRateBps, op.tenorDays, expiresAt),
        apply: (n) => {
          requireFinanceable(n, caller.address, Role.CORE_ENTERPRISE | Role.SUPPLIER);
          if (amount === 0n) revert("FinancingInvalidTerm", "amount", amount);
          const rc = n.receipts.get(rid);
          const owner = rc?.owner ?? ZeroAddress;
          if (owner !== caller.address) revert("ReceiptUnauthorized", rid, caller.address, owner);
          if (rc!.pledgee !== ZeroAddress && rc!.pledgee !== bank.address) revert("ReceiptPledged", rid, rc!.pledgee);
          if (rc!.frozen) revert("ReceiptFinancingFrozen", rid);
          const book = n.books.get(rid) ?? { outstanding: 0n, openLoans: 0, defaultedLoans: 0, loanIds: [] };
          if (book.openLoans >= MAX_OPEN_LOANS) revert("ReceiptFinancingTooManyLoans", rid);
          newRequest(n, bank.address, op.tenorDays, expiresAt);
          const lid = n.receiptLoans.size + 1;
          n.receiptLoans.set(lid, {
            ...emptyLoan(),
            borrower: caller.address,
            assetId: rid,
            maxRateBps: op.maxRateBps,
            bank: bank.address,
            expiresAt,
            tenorDays: op.tenorDays,
            principal: amount,
          });
          book.openLoans += 1;
          book.loanIds.push(lid);
          n.books.set(rid, book);
          if (rc!.pledgee === ZeroAddress) {
            if (rc!.status !== WS.Active) revert("ReceiptInvalidStatus", rid, rc!.status);
            rc!.pledgee = bank.address;
            rc!.pledgedQuantity = rc!.quantity;
            rc!.frozen = false;
          }
        },
      };
    }
    case "acceptReceiptLoan": {
      const requested = keysWhere(m.receiptLoans, (l) => l.status === LS.Requested);
      const lid = pickId(op.loan, requested, [...m.receiptLoans.keys()], m.receiptLoans.size + 3);
      if (lid === null) return null;
      const req = m.receiptLoans.get(lid);
      const caller = who(op.caller, req?.bank);
      const fit = op.fit && req !== undefined;
      const rc = req && m.receipts.get(req.assetId);
      const needed = req && rc ? ((m.books.get(req.assetId)?.outstanding ?? 0n) + req.principal) * BPS : 0n;
      const minLtv = rc ? Number((needed + rc.valuation - 1n) / rc.valuation) : 1;
      const ltvBps = fit && minLtv <= 10_000 ? within(op.ltvBps, Math.max(minLtv, 1), 10_000) : op.ltvBps;
      const rateBps = fit ? within(op.rateBps, 0, req.maxRateBps) : op.rateBps;
      return {
        label: `${caller.name} funds receipt loan ${lid} at ltvBps ${ltvBps}bps, ${rateBps}bps`,
        send: () => f.receiptFinancing.connect(caller.signer).accept(lid, ltvBps, rateBps, text32(`RF-${lid}`)),
        apply: (n) => {
          const ln = checkAcceptance(n, n.receiptLoans, lid, caller.address, rateBps);
          checkBps("ltvBps", ltvBps);
          const rc = n.receipts.get(ln.assetId)!;
          if (rc.frozen) revert("ReceiptFinancingFrozen", ln.assetId);
          const book = n.books.get(ln.assetId)!;
          const total = book.outstanding + ln.principal;
          const cap = applyRateDown(rc.valuation, ltvBps);
          if (total > cap) revert("FinancingExceedsCap", lid, total, cap);
          book.outstanding = total;
          fund(w, n, w.addr.receiptFinancing, ln, ln.principal, rateBps);
        },
      };
    }
    case "enforce": {
      const pledged = keysWhere(m.receipts, (r) => r.pledgee !== ZeroAddress);
      const inDefault = pledged.filter((rid) => (m.books.get(rid)?.defaultedLoans ?? 0) > 0);
      const rid = pickId(
        op.receipt,
        inDefault.length > 0 ? inDefault : pledged,
        [...m.receipts.keys()],
        m.receipts.size + 3,
      );
      if (rid === null) return null;
      const caller = who(op.caller, m.receipts.get(rid)?.pledgee);
      return {
        label: `${caller.name} enforces the pledge of receipt ${rid}`,
        send: () => f.receiptFinancing.connect(caller.signer).enforce(rid),
        apply: (n) => {
          const rc = n.receipts.get(rid);
          const pledgee = rc?.pledgee ?? ZeroAddress;
          if (pledgee !== caller.address) revert("ReceiptUnauthorized", rid, caller.address, pledgee);
          requireRole(n, caller.address, Role.BANK);
          const book = n.books.get(rid);
          if (!book || book.defaultedLoans === 0) revert("ReceiptFinancingNoDefault", rid);
          for (const lid of book.loanIds) {
            const ln = n.receiptLoans.get(lid)!;
            if (ln.status === LS.Active || ln.status === LS.Defaulted) releaseExposure(n, ln);
            ln.status = LS.Enforced;
          }
          n.books.delete(rid);
          rc!.owner = pledgee;
          rc!.pledgee = ZeroAddress;
          rc!.pledgedQuantity = 0n;
          rc!.frozen = false;
        },
      };
    }
    case "attest": {
      const rid = pickId(op.receipt, [...m.receipts.keys()], [...m.receipts.keys()], m.receipts.size + 3);
      if (rid === null) return null;
      const rc = m.receipts.get(rid);
      const quantity = ((rc?.quantity ?? 1_000n) * BigInt(op.quantityBps)) / BPS;
      return {
        label: `warehouse attests ${quantity} for receipt ${rid} (anomaly ${op.anomaly})`,
        send: () =>
          f.warehouseReceipts.connect(named("warehouse").signer).attest(rid, quantity, op.anomaly, text32("report")),
        apply: (n) => {
          const rc = n.receipts.get(rid);
          if (!rc) revert("ReceiptNotFound", rid);
          if (rc.status === WS.Released) revert("ReceiptInvalidStatus", rid, rc.status);
          if (rc.pledgee !== ZeroAddress && !rc.frozen && (quantity < rc.pledgedQuantity || op.anomaly !== 0)) {
            rc.frozen = true;
          }
        },
      };
    }
    case "unfreeze": {
      const frozen = keysWhere(m.receipts, (r) => r.frozen);
      const rid = pickId(op.receipt, frozen, [...m.receipts.keys()], m.receipts.size + 3);
      if (rid === null) return null;
      const caller = who(op.caller, m.receipts.get(rid)?.pledgee);
      return {
        label: `${caller.name} unfreezes receipt ${rid}`,
        send: () => f.warehouseReceipts.connect(caller.signer).unfreeze(rid),
        apply: (n) => {
          const rc = n.receipts.get(rid);
          if (!rc) revert("ReceiptNotFound", rid);
          if (rc.pledgee === ZeroAddress) revert("ReceiptNotPledged", rid);
          if (caller.address !== rc.pledgee) revert("ReceiptUnauthorized", rid, caller.address, rc.pledgee);
          if (!rc.frozen) revert("ReceiptNotFrozen", rid);
          requireActive(n, caller.address);
          rc.frozen = false;
        },
      };
    }
    case "transferReceipt": {
      const rid = pickId(op.receipt, [...m.receipts.keys()], [...m.receipts.keys()], m.receipts.size + 3);
      if (rid === null) return null;
      const caller = who(op.caller, m.receipts.get(rid)?.owner);
      const to = A(op.to);
      return {
        label: `${caller.name} transfers receipt ${rid} to ${to.name}`,
        send: () => f.warehouseReceipts.connect(caller.signer).transfer(rid, to.address),
        apply: (n) => {
          const rc = n.receipts.get(rid);
          if (!rc) revert("ReceiptNotFound", rid);
          if (rc.status !== WS.Active) revert("ReceiptInvalidStatus", rid, rc.status);
          if (rc.pledgee !== ZeroAddress) revert("ReceiptPledged", rid, rc.pledgee);
          if (caller.address !== rc.owner) revert("ReceiptUnauthorized", rid, caller.address, rc.owner);
          if (to.address === caller.address) revert("ReceiptSelfDealing", to.address);
          requireActive(n, caller.address);
          requireActive(n, to.address);
          rc.owner = to.address;
        },
      };
    }
    case "pay": {
      const unpaid = keysWhere(m.receivables, (r) => r.status !== RS.Paid);
      const rid = pickId(op.receivable, unpaid, [...m.receivables.keys()], m.lastPartId + 5);
      if (rid === null) return null;
      const caller = who(op.caller, m.receivables.get(rid)?.obligor);
      return {
        label: `${caller.name} pays receivable ${rid}`,
        send: () => f.receivables.connect(caller.signer).pay(rid),
        apply: (n) => {
          const r = existingReceivable(n, rid);
          if (r.status === RS.Paid) revert("ReceivableInvalidStatus", rid, r.status);
          if (caller.address !== r.obligor) revert("ReceivableNotObligor", rid, caller.address, r.obligor);
          r.status = RS.Paid;
          tokenTransferFrom(w, n, w.addr.receivables, caller.address, w.addr.receivables, r.face);
        },
      };
    }
    case "redeem": {
      const redeemable = keysWhere(
        m.parts,
        (p) => p.status === PS.Active && m.receivables.get(p.rootId)!.status === RS.Paid,
      );
      const pid = pickId(op.part, redeemable, allParts, m.lastPartId + 7);
      if (pid === null) return null;
      const p = m.parts.get(pid);
      const caller = A(op.caller);
      const holderBefore = p ? balanceOf(m, p.holder) : 0n;
      return {
        label: `${caller.name} redeems part ${pid}`,
        send: () => f.receivables.connect(caller.signer).redeem(pid),
        apply: (n) => {
          const amount = redeemPart(w, n, pid, caller.address);
          // The holder receives exactly its part.
          expect(balanceOf(n, p!.holder) - holderBefore).to.equal(p!.amount);
          expect(amount).to.equal(p!.amount);
        },
      };
    }
    case "markOverdue": {
      const due = keysWhere(m.receivables, (r) => r.status === RS.Outstanding && m.now > r.maturity);
      const rid = pickId(op.receivable, due, [...m.receivables.keys()], m.lastPartId + 5);
      if (rid === null) return null;
      const caller = A(op.caller);
      return {
        label: `${caller.name} marks receivable ${rid} overdue`,
        send: () => f.receivables.connect(caller.signer).markOverdue(rid),
        apply: (n) => {
          const r = existingReceivable(n, rid);
          if (r.status !== RS.Outstanding) revert("ReceivableInvalidStatus", rid, r.status);
          if (n.now <= r.maturity) revert("ReceivableNotMatured", rid, r.maturity);
          r.status = RS.Overdue;
        },
      };
    }
    case "declareDefault": {
      const unpaid = keysWhere(m.receivables, (r) => r.status === RS.Outstanding || r.status === RS.Overdue);
      const pastGrace = unpaid.filter((rid) => m.now > m.receivables.get(rid)!.maturity + GRACE);
      const late = pastGrace.length > 0 ? pastGrace : unpaid;
      const rid = pickId(op.receivable, late, [...m.receivables.keys()], m.lastPartId + 5);
      if (rid === null) return null;
      const caller = named(op.caller);
      return {
        label: `${caller.name} declares receivable ${rid} in default`,
        send: () => f.receivables.connect(caller.signer).declareDefault(rid),
        apply: (n) => {
          requireRole(n, caller.address, Role.BANK | Role.OPERATOR);
          const r = existingReceivable(n, rid);
          if (r.status !== RS.Outstanding && r.status !== RS.Overdue) revert("ReceivableInvalidStatus", rid, r.status);
          if (n.now <= r.maturity + GRACE) revert("ReceivableGracePeriodNotOver", rid, r.maturity + GRACE);
          r.status = RS.Defaulted;
        },
      };
    }
    case "mint": {
      const bank = named(op.bank);
      const to = A(op.to);
      return {
        label: `${bank.name} mints ${op.amount} for ${to.name}`,
        send: () => f.settlementToken.connect(bank.signer).mint(to.address, op.amount, id(`deposit:${m.counter}`)),
        apply: (n) => {
          requireFinanceable(n, bank.address, Role.BANK);
          if (op.amount === 0n) revert("SettlementZeroAmount");
          requireActive(n, to.address);
          n.balances.set(to.address, balanceOf(n, to.address) + op.amount);
          n.supply += op.amount;
        },
      };
    }
    case "membership": {
      const target = named(op.who);
      const s = member(m, target.address);
      const operator = named("operator");
      return {
        label: `operator ${op.blacklist ? (s.blacklisted ? "un-blacklists" : "blacklists") : s.active ? "suspends" : "reinstates"} ${target.name}`,
        send: () =>
          op.blacklist
            ? f.registry.connect(operator.signer).setBlacklisted(target.address, !s.blacklisted, text32("aml"))
            : s.active
              ? f.registry.connect(operator.signer).suspend(target.address, text32("kyc"))
              : f.registry.connect(operator.signer).reinstate(target.address),
        apply: (n) => {
          const t = member(n, target.address);
          n.members.set(target.address, {
            ...t,
            active: op.blacklist ? t.active : !t.active,
            blacklisted: op.blacklist ? !t.blacklisted : t.blacklisted,
          });
        },
      };
    }
    case "claimHeld": {
      const contract = op.product === "factoring" ? w.addr.factoring : w.addr.orderFinancing;
      // Mostly somebody something is held for, if anybody.
      const owed = [...m.held.entries()].filter(([k, v]) => k.startsWith(`${contract}|`) && v > 0n);
      const caller =
        owed.length > 0 && op.caller !== "supplier1"
          ? w.actors.find((a) => a.address === owed[0][0].split("|")[1])!
          : named(op.caller);
      const c = op.product === "factoring" ? f.factoring : f.orderFinancing;
      return {
        label: `${caller.name} claims what ${op.product} financing holds for it`,
        send: () => c.connect(caller.signer).claimHeld(CNY),
        apply: (n) => {
          requireActive(n, caller.address);
          const k = `${contract}|${caller.address}`;
          const amount = n.held.get(k) ?? 0n;
          if (amount === 0n) revert("FinancingNothingHeld", caller.address, CNY);
          n.held.delete(k);
          tokenTransfer(n, contract, caller.address, amount);
        },
      };
    }
    case "warp":
      return null;
  }
}

/** Factoring._returnToSeller: the part, or its proceeds when the obligor paid meanwhile. */
function returnToSeller(w: World, m: Model, d: MDeal) {
  const r = m.receivables.get(m.parts.get(d.partId)!.rootId)!;
  if (r.status === RS.Paid) {
    payOut(m, w.addr.factoring, d.seller, redeemPart(w, m, d.partId, w.addr.factoring));
  } else {
    custodyTransfer(m, d.partId, w.addr.factoring, d.seller);
  }
}

function buyerOrder(m: Model, oid: number, caller: Addr, status: number): MOrder {
  const o = m.orders.get(oid);
  if (!o) revert("OrderNotFound", oid);
  if (caller !== o.buyer) revert("OrderUnauthorized", oid, caller, o.buyer);
  if (o.status !== status) revert("OrderInvalidStatus", oid, o.status);
  requireRole(m, caller, Role.CORE_ENTERPRISE);
  return o;
}

function custodians(w: World): Addr[] {
  return [w.addr.factoring, w.addr.orderFinancing, w.addr.receiptFinancing];
}

// ---------------------------------------------------------------------------------------------
// Observation of the chain, projection of the model, invariants
// ---------------------------------------------------------------------------------------------

interface Observation {
  supply: bigint;
  balances: Record<string, bigint>;
  receivables: Record<number, { obligor: Addr; maturity: number; status: number; face: bigint; orderId: number }>;
  parts: Record<number, MPart>;
  deals: Record<
    number,
    Omit<MDeal, "withRecourse" | "advance" | "discount"> & { withRecourse: boolean; advance: bigint; discount: bigint }
  >;
  orders: Record<number, Omit<MOrder, "orderNumber">>;
  orderLoans: Record<number, MLoan>;
  receiptLoans: Record<number, MLoan>;
  receipts: Record<number, MReceipt>;
  books: Record<number, Omit<MBook, "loanIds">>;
  lines: Record<string, MLine>;
  members: Record<string, { active: boolean; blacklisted: boolean }>;
  /** heldFor(account) of the financing contracts that pay out, keyed `contract|account`. */
  held: Record<string, bigint>;
}

function loanView(l: MLoan): MLoan {
  return { ...l };
}

async function observe(w: World, m: Model): Promise<Observation> {
  const { f } = w;
  const o: Observation = {
    supply: await f.settlementToken.totalSupply(),
    balances: {},
    receivables: {},
    parts: {},
    deals: {},
    orders: {},
    orderLoans: {},
    receiptLoans: {},
    receipts: {},
    books: {},
    lines: {},
    members: {},
    held: {},
  };
  for (const a of w.holders) o.balances[a] = await f.settlementToken.balanceOf(a);
  // Ids run one past the model's, so that an entity the model does not know about shows up.
  for (let i = 1; i <= m.lastPartId + 1; i++) {
    // One call: the part and its receivable (a receivable's id is the id of its root part).
    const [p, r] = await f.receivables.partWithReceivable(i);
    if (Number(p.status) !== PS.None) {
      o.parts[i] = {
        holder: p.holder,
        amount: p.amount,
        face: p.face,
        parentId: Number(p.parentId),
        rootId: Number(p.rootId),
        status: Number(p.status),
      };
    }
    if (Number(p.status) !== PS.None && Number(p.rootId) === i) {
      o.receivables[i] = {
        obligor: r.obligor,
        maturity: Number(r.maturity),
        status: Number(r.status),
        face: r.face,
        orderId: Number(r.orderId),
      };
    }
  }
  for (let i = 1; i <= m.deals.size + 1; i++) {
    const d = await f.factoring.deal(i);
    if (Number(d.status) === DS.None) continue;
    o.deals[i] = {
      seller: d.seller,
      partId: Number(d.partId),
      minAdvanceBps: Number(d.minAdvanceBps),
      maxDiscountBps: Number(d.maxDiscountBps),
      bank: d.bank,
      expiresAt: Number(d.expiresAt),
      status: Number(d.status),
      recourseAccepted: d.recourseAccepted,
      withRecourse: d.withRecourse,
      obligor: d.obligor,
      face: d.face,
      advance: d.advance,
      discount: d.discount,
    };
  }
  for (let i = 1; i <= m.orders.size + 1; i++) {
    const x = await f.purchaseOrders.order(i);
    if (Number(x.status) === OS.None) continue;
    o.orders[i] = {
      supplier: x.supplier,
      buyer: x.buyer,
      amount: x.amount,
      status: Number(x.status),
      lienHolder: x.lienHolder,
      receivableId: Number(x.receivableId),
      paymentTermDays: Number(x.paymentTermDays),
    };
  }
  const readLoans = async (c: Fixture["orderFinancing"] | Fixture["receiptFinancing"], n: number) => {
    const out: Record<number, MLoan> = {};
    for (let i = 1; i <= n + 1; i++) {
      const l = await c.loan(i);
      if (Number(l.status) === LS.None) continue;
      out[i] = {
        borrower: l.borrower,
        assetId: Number(l.assetId),
        boundBps: Number(l.boundBps),
        maxRateBps: Number(l.maxRateBps),
        bank: l.bank,
        expiresAt: Number(l.expiresAt),
        status: Number(l.status),
        tenorDays: Number(l.tenorDays),
        rateBps: Number(l.rateBps),
        obligor: l.obligor,
        principal: l.principal,
        dueAt: Number(l.dueAt),
        interestFrom: Number(l.interestFrom),
        exposure: l.exposure,
      };
    }
    return out;
  };
  o.orderLoans = await readLoans(f.orderFinancing, m.orderLoans.size);
  o.receiptLoans = await readLoans(f.receiptFinancing, m.receiptLoans.size);
  for (let i = 1; i <= m.receipts.size + 1; i++) {
    const r = await f.warehouseReceipts.receipt(i);
    if (Number(r.status) === WS.None) continue;
    o.receipts[i] = {
      owner: r.owner,
      warehouse: r.warehouse,
      status: Number(r.status),
      frozen: r.frozen,
      valuation: r.valuation,
      pledgee: r.pledgee,
      quantity: r.quantity,
      pledgedQuantity: r.pledgedQuantity,
    };
    const b = await f.receiptFinancing.pledgeBook(i);
    if (b.openLoans !== 0n || b.outstanding !== 0n || b.defaultedLoans !== 0n) {
      o.books[i] = {
        outstanding: b.outstanding,
        openLoans: Number(b.openLoans),
        defaultedLoans: Number(b.defaultedLoans),
      };
    }
  }
  for (const k of lineKeysToRead(m, o)) {
    const [bank, cp, kind] = k.split("|");
    const l = await f.creditLimits.creditLine(bank, cp, Number(kind));
    o.lines[k] = { limit: l.limit, used: l.used };
  }
  for (const [contract, c] of [
    [w.addr.factoring, f.factoring],
    [w.addr.orderFinancing, f.orderFinancing],
  ] as const) {
    for (const a of w.membershipSubjects) {
      const held = await c.heldFor(a, CNY);
      if (held !== 0n) o.held[`${contract}|${a}`] = held;
    }
  }
  for (const a of w.membershipSubjects) {
    const [, active, blacklisted] = await f.registry.memberState(a);
    o.members[a] = { active, blacklisted };
  }
  return o;
}

/** Credit lines worth reading: those in use in the model and those the chain's open financings use. */
function lineKeysToRead(m: Model, o: Observation): string[] {
  const keys = new Set([...m.lines.entries()].filter(([, l]) => l.used !== 0n).map(([k]) => k));
  for (const k of exposures(o).keys()) keys.add(k);
  return [...keys].sort();
}

/** The model, in the shape of an observation (credit lines: the ones read in `chain`). */
function project(w: World, m: Model, chain: Observation): Observation {
  const rec = <T, U>(map: Map<number, T>, fn: (v: T) => U) =>
    Object.fromEntries([...map.entries()].map(([k, v]) => [k, fn(v)])) as Record<number, U>;
  return {
    supply: m.supply,
    balances: Object.fromEntries(w.holders.map((a) => [a, balanceOf(m, a)])),
    receivables: rec(m.receivables, (r) => ({
      obligor: r.obligor,
      maturity: r.maturity,
      status: r.status,
      face: r.face,
      orderId: r.orderId,
    })),
    parts: rec(m.parts, (p) => ({ ...p })),
    deals: rec(m.deals, (d) => ({ ...d })),
    orders: rec(m.orders, (o) => {
      const { orderNumber: _unused, ...rest } = o;
      void _unused;
      return rest;
    }),
    orderLoans: rec(m.orderLoans, loanView),
    receiptLoans: rec(m.receiptLoans, loanView),
    receipts: rec(m.receipts, (r) => ({ ...r })),
    books: rec(m.books, (b) => ({
      outstanding: b.outstanding,
      openLoans: b.openLoans,
      defaultedLoans: b.defaultedLoans,
    })),
    lines: Object.fromEntries(
      lineKeysToRead(m, chain).map((k) => [k, { ...(m.lines.get(k) ?? { limit: 0n, used: 0n }) }]),
    ),
    held: Object.fromEntries([...m.held.entries()].filter(([, v]) => v !== 0n)),
    members: Object.fromEntries(
      w.membershipSubjects.map((a) => [a, { active: member(m, a).active, blacklisted: member(m, a).blacklisted }]),
    ),
  };
}

const OPEN_DEAL = [DS.Offered, DS.Funded, DS.RecourseClaimed] as number[];
const OPEN_LOAN = [LS.Requested, LS.Active, LS.Defaulted] as number[];
const EXPOSED_LOAN = [LS.Active, LS.Defaulted] as number[];

/** The invariants of DESIGN.md, computed from the chain's data alone. */
function checkInvariants(w: World, o: Observation, initialSupply: bigint, minted: bigint) {
  // 1. Value conservation: every token is held by a member or a protocol contract; only deposits
  //    (mint) change the supply.
  const sum = Object.values(o.balances).reduce((a, b) => a + b, 0n);
  expect(sum, "sum of all balances == total supply").to.equal(o.supply);
  expect(o.supply, "supply changes only by deposits").to.equal(initialSupply + minted);
  // The receivables contract holds exactly the unredeemed parts of paid receivables; the financing
  // contracts hold nothing between transactions.
  let owed = 0n;
  for (const p of Object.values(o.parts)) {
    if (p.status === PS.Active && o.receivables[p.rootId].status === RS.Paid) owed += p.amount;
  }
  expect(o.balances[w.addr.receivables], "receivables escrow == unredeemed parts of paid receivables").to.equal(owed);
  // The financing contracts hold no cash but the payouts they hold for suspended members.
  for (const c of custodians(w)) {
    const held = Object.entries(o.held)
      .filter(([k]) => k.startsWith(`${c}|`))
      .reduce((a, [, v]) => a + v, 0n);
    expect(o.balances[c], `financing contract ${w.byAddress.get(c)} holds only held payouts`).to.equal(held);
  }

  // 2. Parts add up: amount + children's face == face; the parts of a receivable add up to its face.
  const childFace = new Map<number, bigint>();
  const byRoot = new Map<number, bigint>();
  for (const [pid, p] of Object.entries(o.parts)) {
    if (p.parentId !== 0) childFace.set(p.parentId, (childFace.get(p.parentId) ?? 0n) + p.face);
    byRoot.set(p.rootId, (byRoot.get(p.rootId) ?? 0n) + p.amount);
    expect(o.receivables[p.rootId], `part ${pid} belongs to a receivable`).to.not.equal(undefined);
    if (p.parentId !== 0) expect(o.parts[p.parentId].rootId, `part ${pid} in its parent's tree`).to.equal(p.rootId);
    expect(p.amount > 0n, `part ${pid} is not empty`).to.equal(true);
  }
  for (const [pid, p] of Object.entries(o.parts)) {
    expect(p.amount + (childFace.get(Number(pid)) ?? 0n), `part ${pid}: amount + children == face`).to.equal(p.face);
  }
  for (const [rid, r] of Object.entries(o.receivables)) {
    expect(o.parts[Number(rid)].face, `root part of ${rid} has the face`).to.equal(r.face);
    expect(byRoot.get(Number(rid)), `parts of receivable ${rid} add up to its face`).to.equal(r.face);
  }

  // 3. Nothing financed twice. Factoring: each part in custody has exactly one open deal.
  const openDealsByPart = new Map<number, number>();
  for (const d of Object.values(o.deals)) {
    if (!OPEN_DEAL.includes(d.status)) continue;
    openDealsByPart.set(d.partId, (openDealsByPart.get(d.partId) ?? 0) + 1);
    expect(o.parts[d.partId].holder, "an open deal's part is in factoring custody").to.equal(w.addr.factoring);
    expect(o.parts[d.partId].amount, "a part in custody is never split").to.equal(d.face);
    if (d.status !== DS.Offered) {
      expect(d.advance <= d.face, "advance within face").to.equal(true);
      expect(d.discount < d.advance, "discount below advance").to.equal(true);
    }
  }
  for (const [pid, p] of Object.entries(o.parts)) {
    const n = openDealsByPart.get(Number(pid)) ?? 0;
    expect(n, `part ${pid} has at most one open deal`).to.be.at.most(1);
    if (p.holder === w.addr.factoring && p.status === PS.Active) {
      expect(n, `part ${pid} in factoring custody has its deal`).to.equal(1);
    }
  }
  // Orders: at most one open loan each, and the lien says whether there is one.
  const openLoansByOrder = new Map<number, number>();
  for (const l of Object.values(o.orderLoans)) {
    if (OPEN_LOAN.includes(l.status)) openLoansByOrder.set(l.assetId, (openLoansByOrder.get(l.assetId) ?? 0) + 1);
    if (EXPOSED_LOAN.includes(l.status)) {
      expect(
        l.principal > 0n && l.exposure <= o.orders[l.assetId].amount,
        "order loan within the order amount",
      ).to.equal(true);
    }
  }
  for (const [oid, ord] of Object.entries(o.orders)) {
    const n = openLoansByOrder.get(Number(oid)) ?? 0;
    expect(n, `order ${oid} has at most one open loan`).to.be.at.most(1);
    expect(ord.lienHolder, `lien on order ${oid} iff it has an open loan`).to.equal(
      n === 1 ? w.addr.orderFinancing : ZeroAddress,
    );
    if (ord.receivableId !== 0) {
      const p = o.parts[ord.receivableId];
      if (p.holder === w.addr.orderFinancing && p.status === PS.Active) {
        expect(n, `order ${oid}'s receivable in custody backs an open loan`).to.equal(1);
      }
    }
  }
  // Receipts: pledged to one bank iff drawings are open; every open drawing is with the pledgee;
  // the book's outstanding is the sum of the funded drawings and within the valuation.
  const drawings = new Map<number, { open: number; outstanding: bigint; defaulted: number }>();
  for (const l of Object.values(o.receiptLoans)) {
    if (!OPEN_LOAN.includes(l.status)) continue;
    const d = drawings.get(l.assetId) ?? { open: 0, outstanding: 0n, defaulted: 0 };
    d.open += 1;
    if (EXPOSED_LOAN.includes(l.status)) d.outstanding += l.exposure;
    if (l.status === LS.Defaulted) d.defaulted += 1;
    drawings.set(l.assetId, d);
    expect(o.receipts[l.assetId].pledgee, "an open drawing is with the pledgee").to.equal(l.bank);
  }
  for (const [rid, rc] of Object.entries(o.receipts)) {
    const d = drawings.get(Number(rid));
    const b = o.books[Number(rid)];
    expect(rc.pledgee !== ZeroAddress, `receipt ${rid} pledged iff drawings are open`).to.equal(d !== undefined);
    expect(b?.openLoans ?? 0, `receipt ${rid} open drawings`).to.equal(d?.open ?? 0);
    expect(b?.defaultedLoans ?? 0, `receipt ${rid} defaulted drawings`).to.equal(d?.defaulted ?? 0);
    expect(b?.outstanding ?? 0n, `receipt ${rid} outstanding`).to.equal(d?.outstanding ?? 0n);
    expect((b?.outstanding ?? 0n) <= rc.valuation, `receipt ${rid} financed within its valuation`).to.equal(true);
  }
  // Credit lines: what is in use is exactly the open exposure, and within the limit.
  const exposure = exposures(o);
  for (const [k, l] of Object.entries(o.lines)) {
    expect(l.used, `credit line ${k} in use == open exposure`).to.equal(exposure.get(k) ?? 0n);
    expect(l.used <= l.limit, `credit line ${k} within its limit`).to.equal(true);
  }
  for (const k of exposure.keys()) expect(o.lines[k], `credit line ${k} is tracked`).to.not.equal(undefined);
}

/** The exposure of every open financing on the chain, by credit line. */
function exposures(o: Observation): Map<string, bigint> {
  const exposure = new Map<string, bigint>();
  const add = (bank: Addr, cp: Addr, kind: number, amount: bigint) => {
    if (cp === ZeroAddress) return;
    const k = lineKey(bank, cp, kind);
    exposure.set(k, (exposure.get(k) ?? 0n) + amount);
  };
  for (const d of Object.values(o.deals)) {
    if (d.status !== DS.Funded && d.status !== DS.RecourseClaimed) continue;
    add(d.bank, d.obligor, OBLIGOR, d.advance);
    if (d.withRecourse) add(d.bank, d.seller, BORROWER, d.advance);
  }
  for (const l of [...Object.values(o.orderLoans), ...Object.values(o.receiptLoans)]) {
    if (!EXPOSED_LOAN.includes(l.status)) continue;
    add(l.bank, l.obligor, OBLIGOR, l.exposure);
    add(l.bank, l.borrower, BORROWER, l.exposure);
  }
  return exposure;
}

/** For every paid receivable whose parts are all redeemed, exactly the face was paid out. */
function checkPayouts(m: Model) {
  for (const [rid, r] of m.receivables) {
    if (r.status !== RS.Paid) continue;
    let unredeemed = 0n;
    for (const p of m.parts.values()) if (p.rootId === rid && p.status === PS.Active) unredeemed += p.amount;
    expect((m.paidOut.get(rid) ?? 0n) + unredeemed, `receivable ${rid}: payouts + unredeemed == face`).to.equal(r.face);
  }
}

// ---------------------------------------------------------------------------------------------
// Fixture and runner
// ---------------------------------------------------------------------------------------------

async function propertyFixture() {
  const f = await consortiumFixture();
  for (const s of [f.supplier1, f.supplier2, f.supplier3]) {
    await f.settlementToken.connect(f.bank1).mint(s.address, SUPPLIER_CASH, id(`deposit:${s.address}`));
  }
  // Tighter lines at bank two, so that credit limits bind during the random walk.
  await f.creditLimits.connect(f.bank2).setLimit(f.core2.address, OBLIGOR, BANK2_CORE2_OBLIGOR_LIMIT);
  await f.creditLimits.connect(f.bank2).setLimit(f.supplier3.address, BORROWER, BANK2_SUPPLIER3_BORROWER_LIMIT);
  return f;
}

async function makeWorld(f: Fixture): Promise<World> {
  const names = [
    "core",
    "core2",
    "supplier1",
    "supplier2",
    "supplier3",
    "bank1",
    "bank2",
    "warehouse",
    "regulator",
    "outsider",
    "operator",
  ] as const;
  const actors = names.map((name) => ({ name, signer: f[name], address: f[name].address }));
  const addr = {
    receivables: await f.receivables.getAddress(),
    factoring: await f.factoring.getAddress(),
    orderFinancing: await f.orderFinancing.getAddress(),
    receiptFinancing: await f.receiptFinancing.getAddress(),
    purchaseOrders: await f.purchaseOrders.getAddress(),
    warehouseReceipts: await f.warehouseReceipts.getAddress(),
    creditLimits: await f.creditLimits.getAddress(),
    registry: await f.registry.getAddress(),
    settlementToken: await f.settlementToken.getAddress(),
  };
  const byAddress = new Map<Addr, string>(actors.map((a) => [a.address, a.name]));
  for (const [k, v] of Object.entries(addr)) byAddress.set(v, k);
  return {
    f,
    actors,
    byAddress,
    addr,
    approved: new Set([f.core, f.core2, f.supplier1, f.supplier2, f.supplier3, f.bank1, f.bank2].map((s) => s.address)),
    // The other contracts (warehouse receipts, credit limits, registry, token) are not members and
    // can never hold settlement tokens.
    holders: [
      ...actors.map((a) => a.address),
      addr.receivables,
      addr.purchaseOrders,
      addr.factoring,
      addr.orderFinancing,
      addr.receiptFinancing,
    ],
    membershipSubjects: [f.supplier2, f.supplier3, f.bank2, f.core2].map((s) => s.address),
    warehouse: f.warehouse.address,
    operator: f.operator.address,
  };
}

async function initialModel(w: World): Promise<Model> {
  const { f } = w;
  const balances = new Map<Addr, bigint>();
  for (const a of w.holders) balances.set(a, await f.settlementToken.balanceOf(a));
  const members = new Map<Addr, MMember>();
  for (const a of w.holders) {
    const [roles, active, blacklisted] = await f.registry.memberState(a);
    if (roles !== 0n) members.set(a, { roles: Number(roles), active, blacklisted });
  }
  const lines = new Map<string, MLine>();
  for (const bank of [f.bank1, f.bank2]) {
    for (const cp of w.actors) {
      for (const kind of [OBLIGOR, BORROWER]) {
        const l = await f.creditLimits.creditLine(bank.address, cp.address, kind);
        if (l.limit !== 0n) lines.set(lineKey(bank.address, cp.address, kind), { limit: l.limit, used: l.used });
      }
    }
  }
  return {
    now: (await time.latest()) + 1,
    supply: await f.settlementToken.totalSupply(),
    balances,
    members,
    receivables: new Map(),
    parts: new Map(),
    lastPartId: 0,
    paidOut: new Map(),
    deals: new Map(),
    orders: new Map(),
    orderKeys: new Map(),
    orderLoans: new Map(),
    receipts: new Map(),
    books: new Map(),
    receiptLoans: new Map(),
    lines,
    held: new Map(),
    invoices: [],
    counter: 0,
  };
}

/** The contract whose ABI declares `errorName`. */
function contractFor(w: World, errorName: string): BaseContract {
  const { f } = w;
  if (errorName.startsWith("Member")) return f.registry;
  if (errorName.startsWith("ERC20") || errorName.startsWith("Settlement")) return f.settlementToken;
  if (errorName.startsWith("CreditLimit")) return f.creditLimits;
  if (errorName.startsWith("Receivable")) return f.receivables;
  if (errorName.startsWith("Order")) return f.purchaseOrders;
  if (errorName.startsWith("ReceiptFinancing")) return f.receiptFinancing;
  if (errorName.startsWith("Receipt")) return f.warehouseReceipts;
  return f.factoring;
}

interface RunStats {
  ok: number;
  reverted: number;
  byKind: Map<string, { ok: number; reverted: number }>;
  errors: Map<string, number>;
}

/**
 * Every run starts from the same small economy, made through the protocol itself by the model's own
 * steps (so the model tracks it) and snapshotted once: receivables of three obligors split among the
 * suppliers, an open and a funded factoring deal, confirmed orders with a requested and an active
 * loan, and warehouse receipts with a requested and a funded drawing. Negative picks are explicit ids.
 */
const PRELUDE: Op[] = [
  { kind: "issue", obligor: "core", creditor: 2, face: 3_000_000n, days: 30 },
  { kind: "issue", obligor: "core2", creditor: 3, face: 1_200_000n, days: 45 },
  { kind: "issue", obligor: "supplier1", creditor: 4, face: 800_000n, days: 120 },
  { kind: "split", part: -1, caller: -1, to: 3, amountBps: 3_000 },
  {
    kind: "splitMany",
    part: -2,
    caller: -1,
    legs: [
      { to: 4, amountBps: 2_000 },
      { to: 2, amountBps: 1_000 },
    ],
  },
  {
    kind: "offer",
    part: -4,
    caller: -1,
    bank: "bank1",
    minAdvanceBps: 8_000,
    maxDiscountBps: 1_000,
    recourse: true,
    expiresInDays: 20,
  },
  {
    kind: "offer",
    part: -3,
    caller: -1,
    bank: "any",
    minAdvanceBps: 7_000,
    maxDiscountBps: 1_500,
    recourse: false,
    expiresInDays: 20,
  },
  {
    kind: "acceptDeal",
    fit: true,
    deal: -1,
    caller: -1,
    openBank: "bank1",
    advanceBps: 1_000,
    discountBps: 500,
    withRecourse: true,
  },
  {
    kind: "acceptDeal",
    fit: true,
    deal: -2,
    caller: -1,
    openBank: "bank2",
    advanceBps: 1_000,
    discountBps: 500,
    withRecourse: false,
  },
  {
    kind: "offer",
    part: -6,
    caller: -1,
    bank: "bank2",
    minAdvanceBps: 7_500,
    maxDiscountBps: 1_200,
    recourse: true,
    expiresInDays: 25,
  },
  {
    kind: "submitOrder",
    supplier: "supplier2",
    buyer: "core",
    amount: 2_000_000n,
    paymentTermDays: 60,
    duplicateOf: null,
  },
  { kind: "confirmOrder", order: -1, caller: -1 },
  {
    kind: "submitOrder",
    supplier: "supplier3",
    buyer: "core2",
    amount: 900_000n,
    paymentTermDays: 30,
    duplicateOf: null,
  },
  { kind: "confirmOrder", order: -2, caller: -1 },
  {
    kind: "submitOrder",
    supplier: "supplier1",
    buyer: "core",
    amount: 1_500_000n,
    paymentTermDays: 90,
    duplicateOf: null,
  },
  { kind: "confirmOrder", order: -3, caller: -1 },
  {
    kind: "requestOrderLoan",
    order: -1,
    caller: -1,
    bank: "bank1",
    minAdvanceBps: 7_000,
    maxRateBps: 800,
    tenorDays: 90,
    expiresInDays: 15,
  },
  {
    kind: "requestOrderLoan",
    order: -3,
    caller: -1,
    bank: "bank2",
    minAdvanceBps: 6_000,
    maxRateBps: 1_000,
    tenorDays: 20,
    expiresInDays: 15,
  },
  { kind: "acceptOrderLoan", fit: true, loan: -2, caller: -1, advanceBps: 1_000, rateBps: 600 },
  { kind: "acceptDelivery", order: -3, caller: -1 },
  { kind: "issueReceipt", owner: 3, valuation: 5_000_000n },
  { kind: "issueReceipt", owner: 2, valuation: 3_000_000n },
  {
    kind: "requestReceiptLoan",
    receipt: -1,
    caller: -1,
    bank: "bank1",
    amountBps: 4_000,
    maxRateBps: 900,
    tenorDays: 60,
    expiresInDays: 15,
  },
  {
    kind: "requestReceiptLoan",
    receipt: -2,
    caller: -1,
    bank: "bank2",
    amountBps: 5_000,
    maxRateBps: 700,
    tenorDays: 10,
    expiresInDays: 15,
  },
  { kind: "acceptReceiptLoan", fit: true, loan: -2, caller: -1, ltvBps: 8_000, rateBps: 500 },
];

interface Run {
  w: World;
  m: Model;
  /** The chain as last observed (equal to the projection of `m`). */
  before: Observation;
  initialSupply: bigint;
  stats: RunStats;
  log: string[];
}

function newStats(): RunStats {
  return { ok: 0, reverted: 0, byKind: new Map(), errors: new Map() };
}

/** Plays one operation: predicts it with the model, sends it, compares, checks the invariants. */
async function execute(run: Run, op: Op): Promise<"ok" | "reverted" | "skipped"> {
  const { w, stats, log } = run;
  if (op.kind === "warp") {
    run.m.now += op.days * DAY + op.seconds;
    log.push(`warp ${op.days}d ${op.seconds}s`);
    return "skipped";
  }
  const step = plan(w, run.m, op);
  if (!step) return "skipped";
  const next = structuredClone(run.m);
  let predicted: ModelRevert | null = null;
  try {
    step.apply(next);
  } catch (e) {
    if (!(e instanceof ModelRevert)) throw e;
    predicted = e;
  }
  log.push(`${step.label} -> ${predicted ? `reverts ${predicted.message}` : "ok"}`);
  const kindStats = stats.byKind.get(op.kind) ?? { ok: 0, reverted: 0 };
  stats.byKind.set(op.kind, kindStats);
  await time.setNextBlockTimestamp(run.m.now);
  if (predicted) {
    stats.errors.set(predicted.errorName, (stats.errors.get(predicted.errorName) ?? 0) + 1);
    stats.reverted += 1;
    kindStats.reverted += 1;
    await expect(step.send(), step.label)
      .to.be.revertedWithCustomError(contractFor(w, predicted.errorName), predicted.errorName)
      .withArgs(...predicted.args);
    // A reverted operation changes nothing.
    const after = await observe(w, run.m);
    expect(after, `state unchanged after ${step.label}`).to.deep.equal(run.before);
  } else {
    stats.ok += 1;
    kindStats.ok += 1;
    const receipt = await (await step.send()).wait();
    expect(receipt?.status, step.label).to.equal(1);
    const block = await ethers.provider.getBlock(receipt!.blockNumber);
    expect(block!.timestamp, "the transaction ran at the model's time").to.equal(run.m.now);
    run.m = next;
    const after = await observe(w, run.m);
    expect(after, `chain matches the model after ${step.label}`).to.deep.equal(project(w, run.m, after));
    run.before = after;
  }
  // The next transaction runs in a later block (a reverted transaction may have been mined too).
  const latest = await time.latest();
  if (run.m.now <= latest) run.m.now = latest + 1;
  checkInvariants(w, run.before, run.initialSupply, run.m.supply - run.initialSupply);
  checkPayouts(run.m);
  return predicted ? "reverted" : "ok";
}

/** The consortium after the prelude, with the model that describes it. Snapshotted by loadFixture. */
async function preludeFixture() {
  const f = await propertyFixture();
  const w = await makeWorld(f);
  const m = await initialModel(w);
  const before = await observe(w, m);
  expect(before).to.deep.equal(project(w, m, before));
  const run: Run = { w, m, before, initialSupply: m.supply, stats: newStats(), log: [] };
  for (const op of PRELUDE) {
    try {
      expect(await execute(run, op), `prelude: ${run.log[run.log.length - 1]}`).to.equal("ok");
    } catch (e) {
      (e as Error).message += `\n  prelude:\n    ${run.log.join("\n    ")}`;
      throw e;
    }
  }
  return { w: run.w, m: run.m, initialSupply: run.initialSupply };
}

async function runSequence(ops: Op[], stats: RunStats, log: string[]) {
  const start = await loadFixture(preludeFixture);
  const m = structuredClone(start.m);
  const latest = await time.latest();
  if (m.now <= latest) m.now = latest + 1;
  const run: Run = { w: start.w, m, before: await observe(start.w, m), initialSupply: start.initialSupply, stats, log };
  expect(run.before, "the snapshot is the prelude's state").to.deep.equal(project(run.w, m, run.before));
  for (const op of ops) await execute(run, op);
}

describe("Protocol invariants (property-based)", function () {
  const runs = Number(process.env.PROPERTY_RUNS ?? 20);
  const seed = process.env.PROPERTY_SEED === undefined ? undefined : Number(process.env.PROPERTY_SEED);
  const path = process.env.PROPERTY_PATH;
  this.timeout(Math.max(120_000, runs * 15_000));

  it("keeps value, part sums and single financing intact over random operation sequences", async () => {
    const stats = newStats();
    let lastLog: string[] = [];
    await fc.assert(
      fc.asyncProperty(fc.array(opArb, { minLength: 10, maxLength: 30 }), async (ops) => {
        lastLog = [];
        try {
          await runSequence(ops, stats, lastLog);
        } catch (e) {
          // Show the steps of the failing run (fast-check reports the seed and the shrunk ops).
          (e as Error).message += `\n  steps:\n    ${lastLog.join("\n    ")}`;
          throw e;
        }
      }),
      { numRuns: runs, seed, path, endOnFailure: process.env.PROPERTY_SHRINK !== "1" ? true : undefined },
    );
    if (process.env.PROPERTY_STATS === "1") {
      console.log(`    ${stats.ok} successful and ${stats.reverted} reverted operations`);
      for (const [k, s] of [...stats.byKind.entries()].sort())
        console.log(`      ${k}: ${s.ok} ok, ${s.reverted} reverted`);
      console.log(`    reverts: ${[...stats.errors.entries()].map(([k, n]) => `${k} ${n}`).join(", ")}`);
    }
    // The walk must actually exercise the protocol, not only bounce off reverts.
    expect(stats.ok).to.be.greaterThan(runs * 3);
    expect(stats.reverted).to.be.greaterThan(0);
  });
});
