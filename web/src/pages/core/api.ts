/**
 * The core enterprise's reads and steps: its orders as buyer, its payables (receivables it owes), its
 * maturity calendar and its cash, with the few calculations the pages share (totals per currency,
 * due windows). Every chain step answers prepared transactions for the runner (lib/tx.ts).
 */
import { gql } from "../../lib/graphql";
import { TX_FIELDS, type PreparedTransaction } from "../../lib/tx";

export const DAY_MS = 24 * 60 * 60 * 1000;

/** Statuses of a payable not paid yet. */
export const UNPAID = ["Outstanding", "Overdue", "Defaulted"];

export interface OrderRow {
  id: string;
  orderNumber: string;
  supplier: string;
  supplierMember: { orgId: string } | null;
  amount: string;
  currency: string;
  deliveryDate: string;
  paymentTermDays: number;
  status: string;
  rejectionReason: string | null;
  receivableId: string | null;
  lienHolder: string | null;
  submittedAt: string;
}

export interface PayableRow {
  id: string;
  creditor: string;
  creditorMember: { orgId: string } | null;
  face: string;
  currency: string;
  maturity: string;
  status: string;
  orderId: string | null;
}

export interface MaturityBucketRow {
  start: string;
  end: string;
  currency: string;
  count: number;
  face: string;
  paid: string;
  outstanding: string;
  overdueCount: number;
}

const ORDER_FIELDS =
  "id orderNumber supplier supplierMember { orgId } amount currency deliveryDate paymentTermDays status rejectionReason receivableId lienHolder submittedAt";
const PAYABLE_FIELDS = "id creditor creditorMember { orgId } face currency maturity status orderId";

/** Orders matching `$f`, newest first, a page of `$first` after `$after`, with their total count. */
export const ORDERS_QUERY = `query($f: PurchaseOrderFilter, $first: Int = 50, $after: String) {
  purchaseOrders(filter: $f, first: $first, after: $after, orderBy: { field: SUBMITTED_AT, direction: DESC }) {
    totalCount pageInfo { hasNextPage endCursor } edges { node { ${ORDER_FIELDS} } }
  }
}`;
export interface OrdersData {
  purchaseOrders: {
    totalCount: number;
    pageInfo: { hasNextPage: boolean; endCursor: string | null };
    edges: { node: OrderRow }[];
  };
}

/** How many orders the buyer `$b` has pending, confirmed, and in all. */
export const ORDER_COUNTS_QUERY = `query($b: String!) {
  pending: purchaseOrders(filter: { buyer: $b, status: [Pending] }, first: 0) { totalCount }
  confirmed: purchaseOrders(filter: { buyer: $b, status: [Confirmed] }, first: 0) { totalCount }
  all: purchaseOrders(filter: { buyer: $b }, first: 0) { totalCount }
}`;
export interface OrderCountsData {
  pending: { totalCount: number };
  confirmed: { totalCount: number };
  all: { totalCount: number };
}

/** The payables the viewer owes and has not paid, earliest maturity first. */
export const PAYABLES_QUERY = `query($f: ReceivableFilter) {
  receivables(filter: $f, first: 500, orderBy: { field: MATURITY, direction: ASC }) {
    totalCount edges { node { ${PAYABLE_FIELDS} } }
  }
}`;
export interface PayablesData {
  receivables: { totalCount: number; edges: { node: PayableRow }[] };
}

export const CALENDAR_QUERY = `query($o: String!, $from: DateTime!, $to: DateTime!) {
  maturityCalendar(bucket: WEEK, obligor: $o, from: $from, to: $to) {
    bucket from to buckets { start end currency count face paid outstanding overdueCount }
  }
}`;
export interface CalendarData {
  maturityCalendar: { bucket: string; from: string; to: string; buckets: MaturityBucketRow[] };
}

export const BALANCES_QUERY = `query($a: String!) {
  tokenBalances(filter: { account: $a }, first: 50) { edges { node { balance currency token } } }
}`;
export interface BalancesData {
  tokenBalances: { edges: { node: { balance: string; currency: string; token: string } }[] };
}

export function confirmOrder(orderId: string): Promise<PreparedTransaction[]> {
  return gql<{ confirmOrder: PreparedTransaction[] }>(
    `mutation($id: ID!) { confirmOrder(orderId: $id) { ${TX_FIELDS} } }`,
    { id: orderId },
  ).then((d) => d.confirmOrder);
}

export function rejectOrder(orderId: string, reason: string): Promise<PreparedTransaction[]> {
  return gql<{ rejectOrder: PreparedTransaction[] }>(
    `mutation($id: ID!, $r: String!) { rejectOrder(orderId: $id, reason: $r) { ${TX_FIELDS} } }`,
    { id: orderId, r: reason },
  ).then((d) => d.rejectOrder);
}

export function acceptDelivery(orderId: string, invoiceDocumentId: string): Promise<PreparedTransaction[]> {
  return gql<{ acceptDelivery: PreparedTransaction[] }>(
    `mutation($id: ID!, $d: String!) { acceptDelivery(orderId: $id, invoiceDocumentId: $d) { ${TX_FIELDS} } }`,
    { id: orderId, d: invoiceDocumentId },
  ).then((d) => d.acceptDelivery);
}

export function issueReceivable(input: {
  creditor: string;
  face: string;
  maturity: string;
  invoiceDocumentId: string;
}): Promise<PreparedTransaction[]> {
  return gql<{ issueReceivable: PreparedTransaction[] }>(
    `mutation($i: IssueReceivableInput!) { issueReceivable(input: $i) { ${TX_FIELDS} } }`,
    { i: input },
  ).then((d) => d.issueReceivable);
}

export function payReceivable(receivableId: string): Promise<PreparedTransaction[]> {
  return gql<{ payReceivable: PreparedTransaction[] }>(
    `mutation($id: ID!) { payReceivable(receivableId: $id) { ${TX_FIELDS} } }`,
    { id: receivableId },
  ).then((d) => d.payReceivable);
}

/** Sums of `amount(row)` by currency, in order of first appearance. */
export function totalsByCurrency<T extends { currency: string }>(
  rows: T[],
  amount: (row: T) => string,
): Map<string, bigint> {
  const totals = new Map<string, bigint>();
  for (const row of rows) totals.set(row.currency, (totals.get(row.currency) ?? 0n) + BigInt(amount(row)));
  return totals;
}

/** Whether a payable not paid is overdue at `now` (by its status, or its maturity already past). */
export function isOverdue(row: PayableRow, now: number): boolean {
  return row.status === "Overdue" || row.status === "Defaulted" || Date.parse(row.maturity) < now;
}

/** Payables not overdue that mature within `days` of `now`. */
export function dueWithin(rows: PayableRow[], days: number, now: number): PayableRow[] {
  return rows.filter((r) => !isOverdue(r, now) && Date.parse(r.maturity) < now + days * DAY_MS);
}

/** Monday 00:00 UTC of the week holding `time`: where the calendar's weeks start. */
export function weekStart(time: number): Date {
  const day = new Date(time);
  day.setUTCHours(0, 0, 0, 0);
  const sinceMonday = (day.getUTCDay() + 6) % 7;
  return new Date(day.getTime() - sinceMonday * DAY_MS);
}

/** Bytes of `text` in UTF-8 (an on-chain reason holds at most 31). */
export function utf8Bytes(text: string): number {
  return new TextEncoder().encode(text).length;
}

/** Whether `text` is a 0x-prefixed 20-byte hex address. */
export function isAddress(text: string): boolean {
  return /^0x[0-9a-fA-F]{40}$/.test(text);
}
