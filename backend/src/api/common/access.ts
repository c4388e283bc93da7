/**
 * Who may read what: every visibility rule of the read API, in one place. Each rule is an SQL predicate
 * over a table (or an alias of it), so that lists, their totalCount, keyset pagination, single getters
 * and the DataLoaders behind relation fields all apply the very same rule in the database. Filters are
 * ANDed with these predicates: a filter naming another party can narrow a list, never widen it.
 *
 * The rules (the viewer is the signed-in member; the regulator reads everything, so no predicate applies):
 * - members: the directory is public to members; kycRef and the suspension and blacklist reasons only
 *   to the member itself, the operator and the regulator; cash (balances, held payouts) only to the
 *   account itself; a credit line to the bank that set it and the counterparty it is about.
 * - purchase orders: supplier, buyer, and the parties of a financing on the order.
 * - warehouse receipts and their attestations: owner, issuing warehouse, pledgee, and the parties of a
 *   financing on the receipt.
 * - receivables, their parts, holdings and lineage: obligor, creditor, every member holding or having
 *   held a part of it, and the parties of a financing on it (or on the order it came from). The
 *   participants of one credit chain may trace it back to the obligor's confirmation: a tier-3 supplier
 *   paid with a split part must be able to check the confirmation it rests on, and the bank asked to
 *   factor it the whole tree. A part, a holding or a lineage is visible iff its receivable is.
 * - financings and their repayments: the party (seller or borrower) and the bank.
 * - chain events: the events naming the viewer; an asset's history when the asset is visible (see
 *   `events()` and `history()`).
 * - analytics (memberPositions, bankPortfolio, maturityCalendar): only about the viewer itself.
 */
import { createParamDecorator, type ExecutionContext } from "@nestjs/common";
import { GqlExecutionContext } from "@nestjs/graphql";
import { and, arrayContains, eq, exists, inArray, isNotNull, or, sql, type SQL, type SQLWrapper } from "drizzle-orm";
import { alias, QueryBuilder, type AnyPgColumn } from "drizzle-orm/pg-core";
import { hasRole, isRegulator, Role, sameAddress, type Viewer } from "../../auth/viewer";
import {
  attestations,
  chainEvents,
  creditLines,
  financings,
  heldPayouts,
  holdings,
  purchaseOrders,
  receivableParts,
  receivables,
  repayments,
  tokenBalances,
  warehouseReceipts,
} from "../../database/schema";
import type { ApiContext } from "../api.context";
import { ApiErrorCode, ApiException } from "../api.exception";
import { ASSET_REF_PREFIX, AssetKind } from "../events/chain-event.model";
import { FinancedAssetType, FinancingProduct } from "./enums";

/** A table or any alias of it (the predicates apply to both), by its columns. */
type Columns<T extends { _: { columns: object } }> = Record<keyof T["_"]["columns"], AnyPgColumn>;
type Financings = Columns<typeof financings>;

/** Builds the subqueries of the predicates (no database needed to build SQL). */
const qb = new QueryBuilder();

/** The event ref kind of each financing product (as the indexer writes them). */
const FINANCING_REF_KIND: Record<FinancingProduct, AssetKind> = {
  [FinancingProduct.FACTORING]: AssetKind.FACTORING,
  [FinancingProduct.ORDER]: AssetKind.ORDER_LOAN,
  [FinancingProduct.RECEIPT]: AssetKind.RECEIPT_LOAN,
};

// The visible rows of each kind are given as an uncorrelated subquery of their ids: a union of index
// lookups by the viewer's address (obligor, creditor, holder, party, ...). A list filters with
// `id in (those ids)`, which the planner runs as one semi-join or hashed lookup per statement, however
// many rows the list scans (a correlated EXISTS per row would cost index probes per row). The subqueries
// use aliases of their own, so that they never capture a column of the table they filter.

/** `(q1 union all q2 ...)`: a subquery of the ids the queries select (their first column is named `id`). */
function unionAll(...queries: SQLWrapper[]): SQL {
  return sql`(${sql.join(queries, sql` union all `)})`;
}

/** The viewer is the party (seller or borrower) or the bank of financing `f`. */
function financingParticipant(v: string, f: Financings): SQL {
  return or(eq(f.party, v), eq(f.bank, v)) as SQL;
}

/** Ids of the assets of type `type` financed by a financing the viewer takes part in. */
function financedAssetIds(v: string, type: FinancedAssetType, as: string) {
  const f = alias(financings, as);
  return qb
    .select({ id: f.assetId })
    .from(f)
    .where(and(eq(f.assetType, type), financingParticipant(v, f)));
}

function visibleOrderIds(v: string) {
  const bySupplier = alias(purchaseOrders, "vis_os");
  const byBuyer = alias(purchaseOrders, "vis_ob");
  return unionAll(
    qb.select({ id: bySupplier.id }).from(bySupplier).where(eq(bySupplier.supplier, v)),
    qb.select({ id: byBuyer.id }).from(byBuyer).where(eq(byBuyer.buyer, v)),
    financedAssetIds(v, FinancedAssetType.order, "vis_of"),
  );
}

function visibleReceiptIds(v: string) {
  const w = alias(warehouseReceipts, "vis_w");
  return unionAll(
    qb
      .select({ id: w.id })
      .from(w)
      .where(or(eq(w.owner, v), eq(w.warehouse, v), eq(w.pledgee, v))),
    financedAssetIds(v, FinancedAssetType.receipt, "vis_wf"),
  );
}

function visibleReceivableIds(v: string) {
  const byObligor = alias(receivables, "vis_ro");
  const byCreditor = alias(receivables, "vis_rc");
  const part = alias(receivableParts, "vis_rp");
  const held = alias(holdings, "vis_rh");
  const f = alias(financings, "vis_rf");
  const order = alias(purchaseOrders, "vis_rof");
  const orderLoan = alias(financings, "vis_rol");
  return unionAll(
    qb.select({ id: byObligor.id }).from(byObligor).where(eq(byObligor.obligor, v)),
    qb.select({ id: byCreditor.id }).from(byCreditor).where(eq(byCreditor.creditor, v)),
    // Holders now: receivable_parts. Holders before: holdings are never deleted, a member that passed
    // all its parts of a receivable on keeps a zero row.
    qb.select({ id: part.receivableId }).from(part).where(eq(part.holder, v)),
    qb.select({ id: held.receivableId }).from(held).where(eq(held.holder, v)),
    qb
      .select({ id: f.receivableId })
      .from(f)
      .where(and(financingParticipant(v, f), isNotNull(f.receivableId))),
    // An order financing names its receivable only from its first event after the order's
    // conversion: until then the converted order names it.
    qb
      .select({ id: order.receivableId })
      .from(order)
      .innerJoin(orderLoan, and(eq(orderLoan.assetType, FinancedAssetType.order), eq(orderLoan.assetId, order.id)))
      .where(and(financingParticipant(v, orderLoan), isNotNull(order.receivableId))),
  );
}

/** The event ref of a member's account. */
function memberRef(address: string): string {
  return `${ASSET_REF_PREFIX[AssetKind.MEMBER]}:${address}`;
}

/** An event ref built in SQL: `prefix` followed by the values of `parts`, separated by colons. */
function refOf(prefix: string | SQL, ...parts: (AnyPgColumn | SQL)[]): SQL {
  const values = sql.join(
    parts.map((p) => sql`cast(${p} as text)`),
    sql` || ':' || `,
  );
  return sql`cast(${prefix} as text) || ${values}`;
}

/** The refs ("receivable:3", ...) of every asset, financing and credit line visible to `v`: a subquery. */
function visibleRefs(v: string): SQL {
  const prefix = (kind: AssetKind) => `${ASSET_REF_PREFIX[kind]}:`;
  // Raw SQL renders a table by its name (an alias would lose its table): the subquery is uncorrelated,
  // so these names never meet the filtered table's.
  const [part, f, c] = [receivableParts, financings, creditLines];
  const financingPrefix = sql.join(
    (Object.keys(FINANCING_REF_KIND) as FinancingProduct[]).map(
      (product) => sql`when ${product} then cast(${prefix(FINANCING_REF_KIND[product])} as text)`,
    ),
    sql` `,
  );
  return sql`select ref from (
    with receivable_ids as ${visibleReceivableIds(v)}
    select ${refOf(prefix(AssetKind.RECEIVABLE), sql`id`)} as ref from receivable_ids
    union all select ${refOf(prefix(AssetKind.PART), part.id)} from ${part}
      where ${part.receivableId} in (select id from receivable_ids)
    union all select ${refOf(prefix(AssetKind.ORDER), sql`id`)} from ${visibleOrderIds(v)} as order_ids
    union all select ${refOf(prefix(AssetKind.RECEIPT), sql`id`)} from ${visibleReceiptIds(v)} as receipt_ids
    union all select ${refOf(sql`case ${f.product} ${financingPrefix} end`, f.id)} from ${f}
      where ${financingParticipant(v, f)}
    union all select ${refOf(prefix(AssetKind.CREDIT_LINE), c.bank, c.counterparty, c.kind)} from ${c}
      where ${or(eq(c.bank, v), eq(c.counterparty, v))}
  ) as visible_refs where ref is not null`;
}

/** The signed-in member and what it may read. One per request (see `accessOf`). */
export class Access {
  readonly address: string;
  /** The regulator reads everything: no predicate applies. */
  readonly all: boolean;

  constructor(readonly viewer: Viewer) {
    this.address = viewer.address;
    this.all = isRegulator(viewer);
  }

  isSelf(address: string | null | undefined): boolean {
    return sameAddress(address, this.address);
  }

  /** kycRef and the suspension and blacklist reasons of `member`: the member itself, the operator, the regulator. */
  seesPrivateFieldsOf(member: string): boolean {
    return this.all || hasRole(this.viewer, Role.OPERATOR) || this.isSelf(member);
  }

  /**
   * Analytics about one member (its positions, a bank's portfolio, an obligor's calendar) are for that
   * member and the regulator only: FORBIDDEN for anyone else, naming who may ask.
   */
  requireSelf(address: string, argument: string, what: string): void {
    if (this.all || this.isSelf(address)) return;
    throw new ApiException(
      ApiErrorCode.FORBIDDEN,
      `${what} of ${address} are shown only to ${address} itself and to the regulator; you are signed in as ${this.address}`,
      { argument },
    );
  }

  private only(build: (viewer: string) => SQL): SQL | undefined {
    return this.all ? undefined : build(this.address);
  }

  tokenBalances(t = tokenBalances): SQL | undefined {
    return this.only((v) => eq(t.account, v));
  }

  heldPayouts(t = heldPayouts): SQL | undefined {
    return this.only((v) => eq(t.account, v));
  }

  creditLines(t = creditLines): SQL | undefined {
    return this.only((v) => or(eq(t.bank, v), eq(t.counterparty, v)) as SQL);
  }

  orders(t = purchaseOrders): SQL | undefined {
    return this.only((v) => inArray(t.id, visibleOrderIds(v)));
  }

  receipts(t = warehouseReceipts): SQL | undefined {
    return this.only((v) => inArray(t.id, visibleReceiptIds(v)));
  }

  attestations(t = attestations): SQL | undefined {
    return this.only((v) => inArray(t.receiptId, visibleReceiptIds(v)));
  }

  receivables(t = receivables): SQL | undefined {
    return this.only((v) => inArray(t.id, visibleReceivableIds(v)));
  }

  parts(t = receivableParts): SQL | undefined {
    return this.only((v) => inArray(t.receivableId, visibleReceivableIds(v)));
  }

  holdings(t = holdings): SQL | undefined {
    return this.only((v) => inArray(t.receivableId, visibleReceivableIds(v)));
  }

  financings(t = financings): SQL | undefined {
    return this.only((v) => financingParticipant(v, t));
  }

  repayments(t = repayments): SQL | undefined {
    return this.only((v) => {
      const f = alias(financings, "vis_yf");
      const mine = qb.select({ product: f.product, id: f.id }).from(f).where(financingParticipant(v, f));
      return sql`(${t.product}, ${t.financingId}) in (${mine})`;
    });
  }

  /**
   * The global list of chain events: the regulator's whole log; for a member, the events naming its
   * account. Every member an event names is a party to it (both sides of a transfer, the holder and
   * the new holder of a split, the borrower and the bank of a loan, the obligor of a receivable paid,
   * the member admitted or suspended), so that is the member's own activity, found with one lookup of
   * the GIN index of refs. Events about its assets that do not name it (a later split by another
   * holder, an overdue notice) are in each asset's `history()`. A rule "every asset the event names
   * is visible" would need each event checked against the whole set of the viewer's visible assets:
   * measured at 0.7 s per 300k events (2 s once PostgreSQL's JIT kicks in) for every page and count.
   */
  events(t = chainEvents): SQL | undefined {
    return this.only((v) => arrayContains(t.refs, [memberRef(v)]));
  }

  /**
   * The events of one asset's (or financing's, or credit line's) history: none unless the asset is
   * visible (no hint that it exists), and of its events those naming the viewer and those whose every
   * asset, financing and credit line is visible, so that an event never tells more than the objects it
   * is about (e.g. the obligor sees its receivable's history without the factoring deals of its
   * holders). A member's history is the regulator's to read, the member's own, or else the events
   * naming both that member and the viewer.
   */
  history(kind: AssetKind, id: string | number, t = chainEvents): SQL | undefined {
    if (this.all) return undefined;
    const v = this.address;
    if (kind === AssetKind.MEMBER) {
      return arrayContains(t.refs, this.isSelf(String(id)) ? [memberRef(v)] : [memberRef(String(id)), memberRef(v)]);
    }
    // The asset's events are few (found through the GIN index of refs): each is compared with the
    // visible refs, collected once per statement (an InitPlan, not a subquery per event).
    const things = sql`array(select named.ref from unnest(${t.refs}) as named(ref) where named.ref not like ${`${ASSET_REF_PREFIX[AssetKind.MEMBER]}:%`})`;
    return and(
      this.assetVisible(kind, id),
      or(arrayContains(t.refs, [memberRef(v)]), sql`${things} <@ array(${visibleRefs(v)})`),
    );
  }

  private assetVisible(kind: Exclude<AssetKind, AssetKind.MEMBER>, id: string | number): SQL | undefined {
    const v = this.address;
    const n = Number(id);
    switch (kind) {
      case AssetKind.ORDER:
        return sql`${n} in ${visibleOrderIds(v)}`;
      case AssetKind.RECEIPT:
        return sql`${n} in ${visibleReceiptIds(v)}`;
      case AssetKind.RECEIVABLE:
        return sql`${n} in ${visibleReceivableIds(v)}`;
      case AssetKind.PART: {
        const p = alias(receivableParts, "hist_p");
        return exists(
          qb
            .select({ id: p.id })
            .from(p)
            .where(and(eq(p.id, n), inArray(p.receivableId, visibleReceivableIds(v)))),
        );
      }
      case AssetKind.FACTORING:
      case AssetKind.ORDER_LOAN:
      case AssetKind.RECEIPT_LOAN: {
        const product = (Object.keys(FINANCING_REF_KIND) as FinancingProduct[]).find(
          (p) => FINANCING_REF_KIND[p] === kind,
        )!;
        const f = alias(financings, "hist_f");
        return exists(
          qb
            .select({ id: f.id })
            .from(f)
            .where(and(eq(f.product, product), eq(f.id, n), financingParticipant(v, f))),
        );
      }
      case AssetKind.CREDIT_LINE: {
        const [bank, counterparty] = String(id).split(":");
        return this.isSelf(bank) || this.isSelf(counterparty) ? undefined : sql`false`;
      }
    }
  }
}

/** Requests' Access, so that it is built once per request (GraphQL context). */
const accesses = new WeakMap<object, Access>();

/** The Access of a request's signed-in member: UNAUTHENTICATED without a session (or the token's error). */
export function accessOf(context: Pick<ApiContext, "auth">): Access {
  let access = accesses.get(context);
  if (!access) {
    access = new Access(context.auth.require());
    accesses.set(context, access);
  }
  return access;
}

/** Resolver parameter: the Access of the signed-in member (the field fails UNAUTHENTICATED without one). */
export const ViewerAccess = createParamDecorator((_: unknown, context: ExecutionContext) =>
  accessOf(GqlExecutionContext.create(context).getContext<ApiContext>()),
);
