/**
 * Authorization of the GraphQL read API as a full matrix: every query, and every relation field that
 * exposes per-party data, asked by every kind of viewer (anonymous, suppliers, a core enterprise, banks,
 * a warehouse, the operator, the regulator, a suspended member and an expired session). Each cell is
 * either denied with an error code, or allowed with the exact set of rows the viewer may see.
 *
 * The expected sets come from `Rules` below: the visibility rules of common/access.ts restated over
 * the seeded data in plain TypeScript, independently of the SQL. A few cells are also pinned by hand,
 * so that the restatement itself is anchored.
 */
import assert from "node:assert/strict";
import { A, describeApi, ok, seedData, type GqlResponse, type TestApi } from "./harness";

const data = seedData();
type Row<K extends keyof ReturnType<typeof seedData>> = ReturnType<typeof seedData>[K][number];

// ---------------------------------------------------------------------------------------------------
// The rules, restated over the seed data
// ---------------------------------------------------------------------------------------------------

const REF_OF_PRODUCT: Record<string, string> = { FACTORING: "factoring", ORDER: "order-loan", RECEIPT: "receipt-loan" };

class Rules {
  readonly all: boolean;

  constructor(readonly v: string) {
    this.all = v === A.regulator;
  }

  private participates(f: Row<"financings">): boolean {
    return f.party === this.v || f.bank === this.v;
  }

  financing(f: Row<"financings">): boolean {
    return this.all || this.participates(f);
  }

  order(o: Row<"orders">): boolean {
    return (
      this.all ||
      o.supplier === this.v ||
      o.buyer === this.v ||
      data.financings.some((f) => f.assetType === "order" && f.assetId === o.id && this.participates(f))
    );
  }

  receipt(w: Row<"receipts">): boolean {
    return (
      this.all ||
      w.owner === this.v ||
      w.warehouse === this.v ||
      w.pledgee === this.v ||
      data.financings.some((f) => f.assetType === "receipt" && f.assetId === w.id && this.participates(f))
    );
  }

  receivable(r: Row<"receivables">): boolean {
    return (
      this.all ||
      r.obligor === this.v ||
      r.creditor === this.v ||
      data.parts.some((p) => p.receivableId === r.id && p.holder === this.v) ||
      data.holdings.some((h) => h.receivableId === r.id && h.holder === this.v) ||
      data.financings.some(
        (f) =>
          this.participates(f) &&
          (f.receivableId === r.id || (f.assetType === "order" && r.orderId !== null && f.assetId === r.orderId)),
      )
    );
  }

  receivableId(id: number): boolean {
    const r = data.receivables.find((x) => x.id === id);
    return !!r && this.receivable(r);
  }

  part(p: Row<"parts">): boolean {
    return this.receivableId(p.receivableId);
  }

  creditLine(c: Row<"creditLines">): boolean {
    return this.all || c.bank === this.v || c.counterparty === this.v;
  }

  cash(account: string): boolean {
    return this.all || account === this.v;
  }

  privateFieldsOf(member: string): boolean {
    return this.all || this.v === A.operator || member === this.v;
  }

  /** The refs of everything (but members) visible. */
  refs(): Set<string> {
    const refs = new Set<string>();
    for (const r of data.receivables) if (this.receivable(r)) refs.add(`receivable:${r.id}`);
    for (const p of data.parts) if (this.part(p)) refs.add(`part:${p.id}`);
    for (const o of data.orders) if (this.order(o)) refs.add(`order:${o.id}`);
    for (const w of data.receipts) if (this.receipt(w)) refs.add(`receipt:${w.id}`);
    for (const f of data.financings) if (this.financing(f)) refs.add(`${REF_OF_PRODUCT[f.product]}:${f.id}`);
    for (const c of data.creditLines) {
      if (this.creditLine(c)) refs.add(`credit-line:${c.bank}:${c.counterparty}:${c.kind}`);
    }
    return refs;
  }

  /** The global list: the events naming the viewer. */
  event(e: Row<"events">): boolean {
    return this.all || e.refs.includes(`member:${this.v}`);
  }

  /** An event of the history of `ref`: naming the viewer, or about visible things only. */
  historyEvent(ref: string, e: Row<"events">): boolean {
    if (this.all) return true;
    if (ref.startsWith("member:")) return e.refs.includes(`member:${this.v}`);
    const things = e.refs.filter((r) => !r.startsWith("member:"));
    const visible = this.refs();
    return this.asset(ref) && (this.event(e) || things.every((r) => visible.has(r)));
  }

  /** An asset history is empty unless the asset itself is visible. */
  asset(ref: string): boolean {
    if (this.all) return true;
    const [kind, ...rest] = ref.split(":");
    if (kind === "credit-line") return rest[0] === this.v || rest[1] === this.v;
    return this.refs().has(ref);
  }
}

// ---------------------------------------------------------------------------------------------------
// The viewers
// ---------------------------------------------------------------------------------------------------

interface ViewerKind {
  kind: string;
  /** Signs in as this member (null: anonymous). */
  as: string | null;
  expired?: boolean;
  /** Why every non-public operation is refused, if it is. */
  denied?: "UNAUTHENTICATED" | "FORBIDDEN";
}

const VIEWERS: ViewerKind[] = [
  { kind: "anonymous", as: null, denied: "UNAUTHENTICATED" },
  { kind: "supplier", as: A.sup1 },
  { kind: "other supplier", as: A.sup2 },
  { kind: "core enterprise", as: A.core1 },
  { kind: "bank", as: A.bank1 },
  { kind: "other bank", as: A.bank2 },
  { kind: "warehouse", as: A.wh },
  { kind: "operator", as: A.operator },
  { kind: "regulator", as: A.regulator },
  { kind: "suspended member", as: A.sup3, denied: "FORBIDDEN" },
  { kind: "expired session", as: A.sup1, expired: true, denied: "UNAUTHENTICATED" },
];

// ---------------------------------------------------------------------------------------------------
// The operations
// ---------------------------------------------------------------------------------------------------

type Denied = { denied: "FORBIDDEN" | "UNAUTHENTICATED" };
const FORBIDDEN: Denied = { denied: "FORBIDDEN" };

interface Operation {
  name: string;
  /** The root field asked (its value is null or absent when the operation is denied). */
  field: string;
  query: string;
  /** Variables for the viewer (anonymous viewers get those of sup1). */
  variables?: (viewer: string) => Record<string, unknown>;
  /** The ids in an answer. */
  pick: (data: any) => string[];
  /** What the member (signed in and active) may see, or FORBIDDEN. */
  expect: (rules: Rules) => string[] | Denied;
  /** Answered to anyone, signed in or not. */
  public?: boolean;
}

const nodes = (connection: any): any[] => connection.edges.map((e: any) => e.node);
const ids = (connection: any): string[] => nodes(connection).map((n) => String(n.id));
const fkey = (f: { product: string; id: number | string }) => `${f.product}:${f.id}`;
const line = (c: { bank: string; counterparty: string; kind: string }) => `${c.bank}:${c.counterparty}:${c.kind}`;
const event = (e: { blockNumber: number; logIndex: number }) => `${e.blockNumber}/${e.logIndex}`;
const repayment = (r: { product: string; financingId: number | string; blockNumber: number }) =>
  `${r.product}:${r.financingId}@${r.blockNumber}`;
/** Single getters asked with aliases: the ids of those that answered an object. */
const getters = (answer: any, prefix: string): string[] =>
  Object.entries(answer)
    .filter(([k, v]) => k.startsWith(prefix) && v !== null)
    .map(([, v]) => String((v as any).id));
const aliases = (field: string, values: (string | number)[], selection = "id") =>
  values
    .map(
      (v) =>
        `${field.replace(/\(.*/, "")}_${String(v).replace(/\W/g, "_")}: ${field.replace("$", String(v))} { ${selection} }`,
    )
    .join("\n");

const SAMPLE_RECEIVABLES = [1, 2, 3, 4, 5, 6, 7, 9, 10, 13, 99999];
const SAMPLE_PARTS = [1, 1001, 1002, 1003, 2, 3, 5, 7, 9];
const ORDER_IDS = data.orders.map((o) => o.id);
const RECEIPT_IDS = data.receipts.map((w) => w.id);
const FINANCING_KEYS = data.financings.map((f) => [f.product, f.id] as const);

const receivablesRef = new Map(data.receivables.map((r) => [r.id, r]));

const OPERATIONS: Operation[] = [
  // --- members ------------------------------------------------------------------------------------
  {
    name: "members (the directory)",
    field: "members",
    query: `{ members(first: 500) { totalCount edges { node { address } } } }`,
    pick: (d) => nodes(d.members).map((m) => m.address),
    expect: () => data.members.map((m) => m.address),
  },
  {
    name: "member (a getter of the directory)",
    field: "member",
    query: `query($a: String!) { member(address: $a) { address orgId status } }`,
    variables: () => ({ a: A.sup3 }),
    pick: (d) => (d.member ? [d.member.address] : []),
    expect: () => [A.sup3],
  },
  {
    name: "Member.kycRef, suspensionReason and blacklistReason",
    field: "members",
    query: `{ members(first: 500) { edges { node { address kycRef suspensionReason blacklistReason } } } }`,
    pick: (d) =>
      nodes(d.members)
        .filter((m) => m.kycRef !== null)
        .map((m) => m.address),
    expect: (rules) => data.members.filter((m) => rules.privateFieldsOf(m.address)).map((m) => m.address),
  },
  {
    name: "tokenBalances",
    field: "tokenBalances",
    query: `{ tokenBalances(first: 500) { totalCount edges { node { account } } } }`,
    pick: (d) => nodes(d.tokenBalances).map((b) => b.account),
    expect: (rules) => data.tokenBalances.filter((b) => rules.cash(b.account)).map((b) => b.account),
  },
  {
    name: "tokenBalances filtered by another account",
    field: "tokenBalances",
    query: `query($a: String!) { tokenBalances(filter: { account: $a }) { totalCount edges { node { account } } } }`,
    variables: () => ({ a: A.bank1 }),
    pick: (d) => nodes(d.tokenBalances).map((b) => b.account),
    expect: (rules) => (rules.cash(A.bank1) ? [A.bank1] : []),
  },
  {
    name: "Member.balances",
    field: "members",
    query: `{ members(first: 500) { edges { node { address balances { account } } } } }`,
    pick: (d) => nodes(d.members).flatMap((m) => m.balances.map((b: any) => b.account)),
    expect: (rules) => data.tokenBalances.filter((b) => rules.cash(b.account)).map((b) => b.account),
  },
  {
    name: "heldPayouts",
    field: "heldPayouts",
    query: `{ heldPayouts(first: 500) { totalCount edges { node { account } } } }`,
    pick: (d) => nodes(d.heldPayouts).map((h) => h.account),
    expect: (rules) => data.heldPayouts.filter((h) => rules.cash(h.account)).map((h) => h.account),
  },
  {
    name: "Member.heldPayouts",
    field: "members",
    query: `{ members(first: 500) { edges { node { heldPayouts { account } } } } }`,
    pick: (d) => nodes(d.members).flatMap((m) => m.heldPayouts.map((h: any) => h.account)),
    expect: (rules) => data.heldPayouts.filter((h) => rules.cash(h.account)).map((h) => h.account),
  },
  {
    name: "creditLines",
    field: "creditLines",
    query: `{ creditLines(first: 500) { totalCount edges { node { bank counterparty kind } } } }`,
    pick: (d) => nodes(d.creditLines).map(line),
    expect: (rules) => data.creditLines.filter((c) => rules.creditLine(c)).map(line),
  },
  {
    name: "Member.creditLinesGranted and creditLinesReceived",
    field: "members",
    query: `{ members(first: 50) { edges { node {
      creditLinesGranted { bank counterparty kind } creditLinesReceived { bank counterparty kind } } } } }`,
    pick: (d) =>
      nodes(d.members).flatMap((m) => [
        ...m.creditLinesGranted.map((c: any) => `granted ${line(c)}`),
        ...m.creditLinesReceived.map((c: any) => `received ${line(c)}`),
      ]),
    expect: (rules) =>
      data.creditLines.filter((c) => rules.creditLine(c)).flatMap((c) => [`granted ${line(c)}`, `received ${line(c)}`]),
  },
  // --- orders -------------------------------------------------------------------------------------
  {
    name: "purchaseOrders",
    field: "purchaseOrders",
    query: `{ purchaseOrders(first: 500) { totalCount edges { node { id } } } }`,
    pick: (d) => ids(d.purchaseOrders),
    expect: (rules) => data.orders.filter((o) => rules.order(o)).map((o) => String(o.id)),
  },
  {
    name: "purchaseOrders filtered by another party",
    field: "purchaseOrders",
    query: `query($a: String!) { purchaseOrders(filter: { party: $a }) { totalCount edges { node { id } } } }`,
    variables: () => ({ a: A.core1 }),
    pick: (d) => ids(d.purchaseOrders),
    expect: (rules) =>
      data.orders
        .filter((o) => rules.order(o) && (o.supplier === A.core1 || o.buyer === A.core1))
        .map((o) => String(o.id)),
  },
  {
    name: "purchaseOrders filtered by ids, every order's id named",
    field: "purchaseOrders",
    query: `query($ids: [ID!]) { purchaseOrders(filter: { ids: $ids }) { totalCount edges { node { id } } } }`,
    variables: () => ({ ids: data.orders.map((o) => String(o.id)) }),
    pick: (d) => ids(d.purchaseOrders),
    expect: (rules) => data.orders.filter((o) => rules.order(o)).map((o) => String(o.id)),
  },
  {
    name: "purchaseOrder (getter)",
    field: "purchaseOrder_1",
    query: `{ ${aliases("purchaseOrder(id: $)", ORDER_IDS)} }`,
    pick: (d) => getters(d, "purchaseOrder_"),
    expect: (rules) => data.orders.filter((o) => rules.order(o)).map((o) => String(o.id)),
  },
  {
    name: "PurchaseOrder.receivable and financings",
    field: "purchaseOrders",
    query: `{ purchaseOrders(first: 500) { edges { node { id receivable { id } financings { product id } } } } }`,
    pick: (d) =>
      nodes(d.purchaseOrders).flatMap((o) => [
        ...(o.receivable ? [`${o.id} -> receivable ${o.receivable.id}`] : []),
        ...o.financings.map((f: any) => `${o.id} -> ${fkey(f)}`),
      ]),
    expect: (rules) =>
      data.orders
        .filter((o) => rules.order(o))
        .flatMap((o) => [
          ...(o.receivableId != null && rules.receivableId(o.receivableId)
            ? [`${o.id} -> receivable ${o.receivableId}`]
            : []),
          ...data.financings
            .filter((f) => f.assetType === "order" && f.assetId === o.id && rules.financing(f))
            .map((f) => `${o.id} -> ${fkey(f)}`),
        ]),
  },
  // --- receipts -----------------------------------------------------------------------------------
  {
    name: "warehouseReceipts",
    field: "warehouseReceipts",
    query: `{ warehouseReceipts(first: 500) { totalCount edges { node { id } } } }`,
    pick: (d) => ids(d.warehouseReceipts),
    expect: (rules) => data.receipts.filter((w) => rules.receipt(w)).map((w) => String(w.id)),
  },
  {
    name: "warehouseReceipt (getter)",
    field: "warehouseReceipt_1",
    query: `{ ${aliases("warehouseReceipt(id: $)", RECEIPT_IDS)} }`,
    pick: (d) => getters(d, "warehouseReceipt_"),
    expect: (rules) => data.receipts.filter((w) => rules.receipt(w)).map((w) => String(w.id)),
  },
  {
    name: "attestations",
    field: "attestations",
    query: `{ attestations(first: 500) { totalCount edges { node { blockNumber logIndex } } } }`,
    pick: (d) => nodes(d.attestations).map(event),
    expect: (rules) =>
      data.attestations.filter((a) => rules.receipt(data.receipts.find((w) => w.id === a.receiptId)!)).map(event),
  },
  {
    name: "WarehouseReceipt.attestations and financings",
    field: "warehouseReceipts",
    query: `{ warehouseReceipts(first: 50) { edges { node { id attestations { blockNumber logIndex } financings { product id } } } } }`,
    pick: (d) =>
      nodes(d.warehouseReceipts).flatMap((w) => [
        ...w.attestations.map((a: any) => `${w.id} -> ${event(a)}`),
        ...w.financings.map((f: any) => `${w.id} -> ${fkey(f)}`),
      ]),
    expect: (rules) =>
      data.receipts
        .filter((w) => rules.receipt(w))
        .flatMap((w) => [
          ...data.attestations.filter((a) => a.receiptId === w.id).map((a) => `${w.id} -> ${event(a)}`),
          ...data.financings
            .filter((f) => f.assetType === "receipt" && f.assetId === w.id && rules.financing(f))
            .map((f) => `${w.id} -> ${fkey(f)}`),
        ]),
  },
  // --- receivables --------------------------------------------------------------------------------
  {
    name: "receivables",
    field: "receivables",
    query: `{ receivables(first: 500) { totalCount edges { node { id } } } }`,
    pick: (d) => ids(d.receivables),
    expect: (rules) => data.receivables.filter((r) => rules.receivable(r)).map((r) => String(r.id)),
  },
  {
    name: "receivables filtered by another party",
    field: "receivables",
    query: `query($a: String!) { receivables(first: 500, filter: { obligor: $a }) { totalCount edges { node { id } } } }`,
    variables: () => ({ a: A.core2 }),
    pick: (d) => ids(d.receivables),
    expect: (rules) =>
      data.receivables.filter((r) => rules.receivable(r) && r.obligor === A.core2).map((r) => String(r.id)),
  },
  {
    name: "receivable (getter)",
    field: "receivable_1",
    query: `{ ${aliases("receivable(id: $)", SAMPLE_RECEIVABLES)} }`,
    pick: (d) => getters(d, "receivable_"),
    expect: (rules) => SAMPLE_RECEIVABLES.filter((id) => rules.receivableId(id)).map(String),
  },
  {
    name: "Receivable.parts, holdings, financings and order",
    field: "receivables",
    query: `{ receivables(first: 150) { edges { node { id parts { id } holdings { holder } financings { product id } order { id } } } } }`,
    pick: (d) =>
      nodes(d.receivables).flatMap((r) => [
        ...r.parts.map((p: any) => `${r.id} -> part ${p.id}`),
        ...r.holdings.map((h: any) => `${r.id} -> holding ${h.holder}`),
        ...r.financings.map((f: any) => `${r.id} -> ${fkey(f)}`),
        ...(r.order ? [`${r.id} -> order ${r.order.id}`] : []),
      ]),
    expect: (rules) =>
      data.receivables
        .filter((r) => rules.receivable(r))
        .flatMap((r) => [
          ...data.parts.filter((p) => p.receivableId === r.id).map((p) => `${r.id} -> part ${p.id}`),
          ...data.holdings.filter((h) => h.receivableId === r.id).map((h) => `${r.id} -> holding ${h.holder}`),
          ...data.financings
            .filter((f) => f.receivableId === r.id && rules.financing(f))
            .map((f) => `${r.id} -> ${fkey(f)}`),
          ...(r.orderId !== null && rules.order(data.orders.find((o) => o.id === r.orderId)!)
            ? [`${r.id} -> order ${r.orderId}`]
            : []),
        ]),
  },
  {
    name: "receivableParts",
    field: "receivableParts",
    query: `{ receivableParts(first: 500) { totalCount edges { node { id } } } }`,
    pick: (d) => ids(d.receivableParts),
    expect: (rules) => data.parts.filter((p) => rules.part(p)).map((p) => String(p.id)),
  },
  {
    name: "receivableParts filtered by another holder",
    field: "receivableParts",
    query: `query($a: String!) { receivableParts(first: 500, filter: { holder: $a }) { totalCount edges { node { id } } } }`,
    variables: () => ({ a: A.sup3 }),
    pick: (d) => ids(d.receivableParts),
    expect: (rules) => data.parts.filter((p) => rules.part(p) && p.holder === A.sup3).map((p) => String(p.id)),
  },
  {
    name: "receivablePart (getter)",
    field: "receivablePart_1",
    query: `{ ${aliases("receivablePart(id: $)", SAMPLE_PARTS)} }`,
    pick: (d) => getters(d, "receivablePart_"),
    expect: (rules) => SAMPLE_PARTS.filter((id) => rules.part(data.parts.find((p) => p.id === id)!)).map(String),
  },
  {
    name: "ReceivablePart.parent, children and financings",
    field: "receivableParts",
    query: `{ receivableParts(first: 500) { edges { node { id parent { id } children { id } financings { product id } } } } }`,
    pick: (d) =>
      nodes(d.receivableParts).flatMap((p) => [
        ...(p.parent ? [`${p.id} -> parent ${p.parent.id}`] : []),
        ...p.children.map((c: any) => `${p.id} -> child ${c.id}`),
        ...p.financings.map((f: any) => `${p.id} -> ${fkey(f)}`),
      ]),
    expect: (rules) =>
      data.parts
        .filter((p) => rules.part(p))
        .flatMap((p) => [
          ...(p.parentId !== null ? [`${p.id} -> parent ${p.parentId}`] : []),
          ...data.parts.filter((c) => c.parentId === p.id).map((c) => `${p.id} -> child ${c.id}`),
          ...data.financings
            .filter((f) => f.assetType === "part" && f.assetId === p.id && rules.financing(f))
            .map((f) => `${p.id} -> ${fkey(f)}`),
        ]),
  },
  {
    name: "holdings",
    field: "holdings",
    query: `{ holdings(first: 500) { totalCount edges { node { holder receivableId } } } }`,
    pick: (d) => nodes(d.holdings).map((h) => `${h.holder}/${h.receivableId}`),
    expect: (rules) =>
      data.holdings.filter((h) => rules.receivableId(h.receivableId)).map((h) => `${h.holder}/${h.receivableId}`),
  },
  {
    name: "receivableLineage of part 1002",
    field: "receivableLineage",
    query: `{ receivableLineage(partId: 1002) { part { id } ancestors { id } descendants { id } } }`,
    pick: (d) =>
      d.receivableLineage
        ? [d.receivableLineage.part, ...d.receivableLineage.ancestors, ...d.receivableLineage.descendants].map(
            (p: any) => p.id,
          )
        : [],
    expect: (rules) => (rules.receivableId(1) ? ["1002", "1001", "1"] : []),
  },
  {
    name: "receivableLineage of part 2",
    field: "receivableLineage",
    query: `{ receivableLineage(partId: 2) { part { id } ancestors { id } descendants { id } } }`,
    pick: (d) => (d.receivableLineage ? [d.receivableLineage.part.id] : []),
    expect: (rules) => (rules.receivableId(2) ? ["2"] : []),
  },
  // --- financings ---------------------------------------------------------------------------------
  {
    name: "financings",
    field: "financings",
    query: `{ financings(first: 500) { totalCount edges { node { product id } } } }`,
    pick: (d) => nodes(d.financings).map(fkey),
    expect: (rules) => data.financings.filter((f) => rules.financing(f)).map(fkey),
  },
  {
    name: "financings filtered by another bank",
    field: "financings",
    query: `query($a: String!) { financings(filter: { bank: $a }) { totalCount edges { node { product id } } } }`,
    variables: () => ({ a: A.bank1 }),
    pick: (d) => nodes(d.financings).map(fkey),
    expect: (rules) => data.financings.filter((f) => rules.financing(f) && f.bank === A.bank1).map(fkey),
  },
  {
    name: "financing (getter)",
    field: "FACTORING_1",
    query: `{ ${FINANCING_KEYS.map(([p, id]) => `${p}_${id}: financing(product: ${p}, id: ${id}) { product id }`).join("\n")} }`,
    pick: (d) =>
      Object.values(d)
        .filter((f) => f !== null)
        .map((f: any) => fkey(f)),
    expect: (rules) => data.financings.filter((f) => rules.financing(f)).map(fkey),
  },
  {
    name: "Financing.part, order, receipt, receivable and repayments",
    field: "financings",
    query: `{ financings(first: 500) { edges { node { product id part { id } order { id } receipt { id } receivable { id } repayments { blockNumber } } } } }`,
    pick: (d) =>
      nodes(d.financings).flatMap((f) => [
        ...(["part", "order", "receipt", "receivable"] as const)
          .filter((k) => f[k] !== null)
          .map((k) => `${fkey(f)} -> ${k} ${f[k].id}`),
        ...f.repayments.map((r: any) => `${fkey(f)} -> repayment ${r.blockNumber}`),
      ]),
    expect: (rules) =>
      data.financings
        .filter((f) => rules.financing(f))
        .flatMap((f) => {
          const out: string[] = [];
          if (f.assetType === "part" && rules.part(data.parts.find((p) => p.id === f.assetId)!))
            out.push(`${fkey(f)} -> part ${f.assetId}`);
          if (f.assetType === "order" && rules.order(data.orders.find((o) => o.id === f.assetId)!))
            out.push(`${fkey(f)} -> order ${f.assetId}`);
          if (f.assetType === "receipt" && rules.receipt(data.receipts.find((w) => w.id === f.assetId)!))
            out.push(`${fkey(f)} -> receipt ${f.assetId}`);
          if (f.receivableId != null && rules.receivableId(f.receivableId))
            out.push(`${fkey(f)} -> receivable ${f.receivableId}`);
          for (const r of data.repayments) {
            if (r.product === f.product && r.financingId === f.id) out.push(`${fkey(f)} -> repayment ${r.blockNumber}`);
          }
          return out;
        }),
  },
  {
    name: "repayments",
    field: "repayments",
    query: `{ repayments(first: 500) { totalCount edges { node { product financingId blockNumber } } } }`,
    pick: (d) => nodes(d.repayments).map(repayment),
    expect: (rules) =>
      data.repayments
        .filter((r) => rules.financing(data.financings.find((f) => f.product === r.product && f.id === r.financingId)!))
        .map(repayment),
  },
  // --- events -------------------------------------------------------------------------------------
  {
    name: "chainEvents",
    field: "chainEvents",
    query: `{ chainEvents(first: 500) { totalCount edges { node { blockNumber logIndex } } } }`,
    pick: (d) => nodes(d.chainEvents).map(event),
    expect: (rules) => data.events.filter((e) => rules.event(e)).map(event),
  },
  ...[
    ["RECEIVABLE", "1", "receivable:1"],
    ["PART", "1002", "part:1002"],
    ["FACTORING", "1", "factoring:1"],
    ["ORDER", "3", "order:3"],
    ["RECEIPT", "1", "receipt:1"],
    ["MEMBER", A.sup3, `member:${A.sup3}`],
    ["MEMBER", A.bank1, `member:${A.bank1}`],
    ["CREDIT_LINE", `${A.bank1}:${A.core1}:Obligor`, `credit-line:${A.bank1}:${A.core1}:Obligor`],
  ].map(([kind, id, ref]): Operation => ({
    name: `assetHistory(${kind}, ${id.length > 12 ? `${id.slice(0, 10)}..` : id})`,
    field: "assetHistory",
    query: `query($kind: AssetKind!, $id: String!) { assetHistory(kind: $kind, id: $id) { totalCount edges { node { blockNumber logIndex } } } }`,
    variables: () => ({ kind, id }),
    pick: (d) => nodes(d.assetHistory).map(event),
    expect: (rules) => data.events.filter((e) => e.refs.includes(ref) && rules.historyEvent(ref, e)).map(event),
  })),
  // --- analytics ----------------------------------------------------------------------------------
  {
    name: "memberPositions of the viewer itself",
    field: "memberPositions",
    query: `query($a: String!) { memberPositions(address: $a, includeClosed: true) { address
      holdings { receivableId } parts { id } ordersAsSupplier { id } ordersAsBuyer { id } receiptsOwned { id }
      financingsAsParty { product id } financingsAsBank { product id } balances { account } heldPayouts { account } } }`,
    variables: (viewer) => ({ a: viewer }),
    pick: (d) => {
      const p = d.memberPositions;
      return [
        ...p.holdings.map((h: any) => `holding ${h.receivableId}`),
        ...p.parts.map((x: any) => `part ${x.id}`),
        ...p.ordersAsSupplier.map((o: any) => `supplies ${o.id}`),
        ...p.ordersAsBuyer.map((o: any) => `buys ${o.id}`),
        ...p.receiptsOwned.map((w: any) => `owns ${w.id}`),
        ...p.financingsAsParty.map((f: any) => `party ${fkey(f)}`),
        ...p.financingsAsBank.map((f: any) => `bank ${fkey(f)}`),
        ...p.balances.map((b: any) => `cash ${b.account}`),
        ...p.heldPayouts.map((h: any) => `held ${h.account}`),
      ];
    },
    expect: ({ v }) => [
      ...data.holdings.filter((h) => h.holder === v).map((h) => `holding ${h.receivableId}`),
      ...data.parts.filter((x) => x.holder === v).map((x) => `part ${x.id}`),
      ...data.orders.filter((o) => o.supplier === v).map((o) => `supplies ${o.id}`),
      ...data.orders.filter((o) => o.buyer === v).map((o) => `buys ${o.id}`),
      ...data.receipts.filter((w) => w.owner === v).map((w) => `owns ${w.id}`),
      ...data.financings.filter((f) => f.party === v).map((f) => `party ${fkey(f)}`),
      ...data.financings.filter((f) => f.bank === v).map((f) => `bank ${fkey(f)}`),
      ...data.tokenBalances.filter((b) => b.account === v).map((b) => `cash ${b.account}`),
      ...data.heldPayouts.filter((h) => h.account === v).map((h) => `held ${h.account}`),
    ],
  },
  {
    name: "memberPositions of a supplier",
    field: "memberPositions",
    query: `query($a: String!) { memberPositions(address: $a) { address receiptsOwned { id } } }`,
    variables: () => ({ a: A.sup1 }),
    pick: (d) => d.memberPositions.receiptsOwned.map((w: any) => w.id),
    expect: (rules) => (rules.all || rules.v === A.sup1 ? ["1"] : FORBIDDEN),
  },
  {
    name: "bankPortfolio of a bank",
    field: "bankPortfolio",
    query: `query($a: String!) { bankPortfolio(bank: $a, asOf: "2025-03-01T00:00:00Z") { bank open { count } exposures { counterparty } } }`,
    variables: () => ({ a: A.bank1 }),
    pick: (d) => d.bankPortfolio.exposures.map((e: any) => e.counterparty),
    expect: (rules) => (rules.all || rules.v === A.bank1 ? [A.core2, A.core1, A.sup1] : FORBIDDEN),
  },
  {
    name: "maturityCalendar of a core enterprise",
    field: "maturityCalendar",
    query: `query($a: String!) { maturityCalendar(obligor: $a, from: "2025-01-01T00:00:00Z", to: "2025-03-01T00:00:00Z", bucket: MONTH) { obligor buckets { start currency count } } }`,
    variables: () => ({ a: A.core1 }),
    pick: (d) => d.maturityCalendar.buckets.map((b: any) => `${b.start.slice(0, 7)} ${b.currency} ${b.count}`),
    expect: (rules) => {
      if (!(rules.all || rules.v === A.core1)) return FORBIDDEN;
      const counts = new Map<string, number>();
      for (const r of data.receivables) {
        if (r.obligor !== A.core1 || r.maturity! >= new Date("2025-03-01T00:00:00Z")) continue;
        const k = `${r.maturity!.toISOString().slice(0, 7)} ${r.currency}`;
        counts.set(k, (counts.get(k) ?? 0) + 1);
      }
      return [...counts].map(([k, n]) => `${k} ${n}`);
    },
  },
  {
    name: "syncStatus (public)",
    field: "syncStatus",
    query: `{ syncStatus { chainId } }`,
    pick: (d) => [String(d.syncStatus.chainId)],
    expect: () => ["31337"],
    public: true,
  },
];

const sorted = (values: string[]) => [...values].sort();

describeApi("GraphQL authorization", (api) => {
  const tokens = new Map<ViewerKind, string>();

  async function ask(viewer: ViewerKind, query: string, variables?: Record<string, unknown>): Promise<GqlResponse> {
    if (viewer.expired && !tokens.has(viewer)) {
      tokens.set(viewer, await api().session(viewer.as!, new Date(Date.now() - 1000)));
    }
    const token = tokens.get(viewer);
    return api().gql(query, variables, token ? { token } : { as: viewer.as });
  }

  for (const op of OPERATIONS) {
    describe(op.name, () => {
      for (const viewer of VIEWERS) {
        const expected: string[] | Denied = op.public
          ? op.expect(new Rules(viewer.as ?? ""))
          : viewer.denied
            ? { denied: viewer.denied }
            : op.expect(new Rules(viewer.as!));
        const title = Array.isArray(expected)
          ? `${viewer.kind}: sees ${expected.length}`
          : `${viewer.kind}: denied with ${expected.denied}`;
        it(title, async () => {
          const r = await ask(viewer, op.query, op.variables?.(viewer.as ?? A.sup1));
          if (Array.isArray(expected)) {
            const answer = ok(r);
            assert.deepEqual(sorted(op.pick(answer)), sorted(expected), `${op.name} as ${viewer.kind}`);
            const total = (answer as any)[op.field]?.totalCount;
            if (typeof total === "number") {
              assert.equal(total, expected.length, `${op.name} as ${viewer.kind}: totalCount`);
            }
          } else {
            const code = expected.denied;
            assert.ok(
              r.errors?.length,
              `${op.name} as ${viewer.kind}: expected ${code}, got ${JSON.stringify(r.data)}`,
            );
            assert.equal(r.errors![0].extensions?.code, code, `${op.name} as ${viewer.kind}: ${r.errors![0].message}`);
            assert.equal((r.data as any)?.[op.field] ?? null, null, "no data for a denied operation");
          }
        });
      }
    });
  }
});

describeApi("GraphQL authorization: pinned cells, pagination and batching", (api) => {
  const list = async (as: string, query: string, variables?: Record<string, unknown>) =>
    ok(await api().gql(query, variables, { as })) as any;

  it("pins a few cells by hand", async () => {
    const bank2 = await list(
      A.bank2,
      `{ purchaseOrders { edges { node { id } } } receivables { edges { node { id } } } }`,
    );
    assert.deepEqual(ids(bank2.purchaseOrders), ["3", "7"], "orders it finances");
    assert.deepEqual(
      ids(bank2.receivables),
      ["1", "3"],
      "the receivable it holds a part of, the one its loan's order became",
    );

    const wh = await list(A.wh, `{ warehouseReceipts { edges { node { id } } } receivables { totalCount } }`);
    assert.deepEqual(ids(wh.warehouseReceipts), ["1", "2", "3"]);
    assert.equal(wh.receivables.totalCount, 0);

    const sup1 = await list(A.sup1, `{ receivable(id: 2) { id creditor } member(address: "${A.sup2}") { kycRef } }`);
    assert.deepEqual(sup1.receivable, { id: "2", creditor: A.sup3 }, "a receivable it held a part of");
    assert.equal(sup1.member.kycRef, null, "another member's KYC reference");
    const operator = await list(A.operator, `{ member(address: "${A.sup3}") { kycRef suspensionReason } }`);
    assert.deepEqual(operator.member, { kycRef: "kyc:sup3", suspensionReason: "audit" });

    const core1 = await list(
      A.core1,
      `{ financings { totalCount } assetHistory(kind: RECEIVABLE, id: "1") { edges { node { blockNumber logIndex name } } } }`,
    );
    assert.equal(core1.financings.totalCount, 0, "an obligor is no party of the financings of its receivables");
    assert.deepEqual(
      nodes(core1.assetHistory).map((e) => `${event(e)} ${e.name}`),
      ["1/0 ReceivableIssued", "5/3 PartSplit", "6/1 PartSplit", "8/2 PartSplit"],
      "the obligor does not see the factoring deal's events",
    );
  });

  it("answers FORBIDDEN with who may ask when the analytics are about someone else", async () => {
    const r = await api().gql(`{ bankPortfolio(bank: "${A.bank2}") { bank } }`, undefined, { as: A.bank1 });
    assert.equal(r.errors?.[0].extensions?.code, "FORBIDDEN");
    assert.equal(r.errors?.[0].extensions?.argument, "bank");
    assert.equal(
      r.errors?.[0].message,
      `the portfolio and credit lines of ${A.bank2} are shown only to ${A.bank2} itself and to the regulator; you are signed in as ${A.bank1}`,
    );
    const anonymous = await api().gql(`{ receivables { totalCount } }`, undefined, { as: null });
    assert.equal(anonymous.errors?.[0].extensions?.code, "UNAUTHENTICATED");
    assert.match(anonymous.errors![0].message, /sign in first/);
    const suspended = await api().gql(`{ receivables { totalCount } }`, undefined, { as: A.sup3 });
    assert.match(suspended.errors![0].message, /is suspended \(audit\)/);
  });

  it("pages through a supplier's receivables: only its own, none twice, totalCount constant", async () => {
    const rules = new Rules(A.sup1);
    const expected = data.receivables.filter((r) => rules.receivable(r)).map((r) => String(r.id));
    const seen: string[] = [];
    let after: string | null = null;
    for (let pages = 0; ; pages++) {
      assert.ok(pages < 50, "pagination terminates");
      const page: any = (
        await list(
          A.sup1,
          `query($after: String) { receivables(first: 7, after: $after) { totalCount edges { node { id } } pageInfo { hasNextPage endCursor } } }`,
          { after },
        )
      ).receivables;
      assert.equal(page.totalCount, expected.length);
      seen.push(...ids(page));
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }
    assert.deepEqual(seen, expected);
    // A cursor of the regulator's list does not show a supplier more than its own rows.
    const regulator = await list(A.regulator, `{ receivables(first: 3) { pageInfo { endCursor } } }`);
    const rest = await list(
      A.sup1,
      `query($after: String) { receivables(first: 500, after: $after) { edges { node { id } } } }`,
      {
        after: regulator.receivables.pageInfo.endCursor,
      },
    );
    assert.deepEqual(
      ids(rest.receivables),
      expected.filter((id) => Number(id) > 3),
    );
  });

  it("batches relations for a member as for the regulator: a constant number of statements", async () => {
    const query = `query($first: Int) {
      receivables(first: $first, orderBy: { field: MATURITY }) {
        edges { node {
          id
          obligorMember { address kycRef balances { balance } }
          order { id buyerMember { orgId } }
          parts { id holderMember { orgId } children { id } }
          holdings { amount holderMember { orgId } }
          financings { product bankMember { orgId } }
        } }
      }
    }`;
    const counts: Record<number, number> = {};
    for (const first of [5, 40]) {
      api().statements.count = 0;
      api().statements.log.length = 0;
      const result = ok(await api().gql(query, { first }, { as: A.sup1 })) as any;
      assert.equal(result.receivables.edges.length, first);
      counts[first] = api().statements.count;
    }
    assert.ok(counts[40] <= 14, `40 receivables took ${counts[40]} statements:\n${api().statements.log.join("\n")}`);
    // A DataLoader may split a level in two batches when its fields resolve in different ticks: +1 at most.
    assert.ok(counts[40] <= counts[5] + 1, `statements grow with the page: ${counts[5]} for 5, ${counts[40]} for 40`);
  });
});
