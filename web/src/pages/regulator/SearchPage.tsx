/**
 * One search box over the network's assets: an order (id or order number), a receipt (id or lot), a
 * receivable or a receivable part (id). Each result links to the asset's page with its history.
 * The search is kept in the address (`#/regulator/search?kind=order&q=PO-1`) so "back" returns to it.
 * Matches by number or lot come PAGE_SIZE to a page (a short text may match thousands).
 */
import { useState, type FormEvent } from "react";
import { Link } from "../../app/router";
import { useI18n } from "../../i18n";
import { gql, useLoad } from "../../lib/graphql";
import {
  Amount,
  Card,
  DataTable,
  Page,
  Pager,
  QueryView,
  SelectInput,
  StatusBadge,
  TextInput,
  usePages,
} from "../../ui";
import {
  ASSET_KINDS,
  assetPath,
  isAssetKind,
  isId,
  isPrintable,
  Party,
  useMemberNames,
  type AssetKindName,
} from "./components";

export interface SearchResult {
  kind: AssetKindName;
  id: string;
  /** Order number, lot, or null when the id is the only reference. */
  reference: string | null;
  status: string;
  parties: string[];
  amount: string | null;
  currency: string;
}

interface Search {
  kind: AssetKindName;
  q: string;
}

/** Why `q` cannot be searched as `kind` (an i18n key), or null. */
export function searchProblem(kind: AssetKindName, q: string): string | null {
  const text = q.trim();
  if (text === "") return "common.required";
  if (text.length > 64) return "regulator.search.tooLong";
  if (!isPrintable(text)) return "regulator.search.invalid";
  if ((kind === "receivable" || kind === "part") && !isId(text)) return "regulator.search.idOnly";
  return null;
}

const ORDER_FIELDS = "id orderNumber status supplier buyer amount currency";
const RECEIPT_FIELDS = "id lot status owner warehouse valuation currency";

type OrderNode = {
  id: string;
  orderNumber: string;
  status: string;
  supplier: string;
  buyer: string;
  amount: string;
  currency: string;
};
type ReceiptNode = {
  id: string;
  lot: string;
  status: string;
  owner: string;
  warehouse: string;
  valuation: string;
  currency: string;
};

const fromOrder = (o: OrderNode): SearchResult => ({
  kind: "order",
  id: o.id,
  reference: o.orderNumber,
  status: o.status,
  parties: [o.supplier, o.buyer],
  amount: o.amount,
  currency: o.currency,
});
const fromReceipt = (r: ReceiptNode): SearchResult => ({
  kind: "receipt",
  id: r.id,
  reference: r.lot,
  status: r.status,
  parties: [r.owner, r.warehouse],
  amount: r.valuation,
  currency: r.currency,
});

export const PAGE_SIZE = 50;

/** A page of results, with the cursor paging of the number or lot matches (none for a lookup by id). */
export interface SearchPageResult {
  rows: SearchResult[];
  totalCount: number;
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
}

type Matches<N> = { totalCount: number; pageInfo: SearchPageResult["pageInfo"]; edges: { node: N }[] };
const ONE_PAGE: SearchPageResult["pageInfo"] = { hasNextPage: false, endCursor: null };

/**
 * The assets of `kind` matching `q`: by id (on the first page), and for orders and receipts the page
 * after `after` of those whose number or lot contains the text.
 */
export async function runSearch({ kind, q }: Search, after: string | null = null): Promise<SearchPageResult> {
  const text = q.trim();
  const byId = isId(text) && after === null;
  const results: SearchResult[] = [];
  let paging: Pick<SearchPageResult, "totalCount" | "pageInfo"> | null = null;
  const add = (r: SearchResult) => {
    if (!results.some((x) => x.id === r.id)) results.push(r);
  };
  if (kind === "order") {
    if (byId) {
      const { purchaseOrder } = await gql<{ purchaseOrder: OrderNode | null }>(
        `query($id: ID!) { purchaseOrder(id: $id) { ${ORDER_FIELDS} } }`,
        { id: text },
      );
      if (purchaseOrder) add(fromOrder(purchaseOrder));
    }
    // The server keeps the orders whose number contains the text (any case): only matches are paged.
    const { purchaseOrders: matches } = await gql<{ purchaseOrders: Matches<OrderNode> }>(
      `query($filter: PurchaseOrderFilter, $first: Int, $after: String) { purchaseOrders(filter: $filter, first: $first, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { node { ${ORDER_FIELDS} } } } }`,
      { filter: { orderNumberContains: text }, first: PAGE_SIZE, after },
    );
    for (const e of matches.edges) add(fromOrder(e.node));
    paging = matches;
  } else if (kind === "receipt") {
    if (byId) {
      const { warehouseReceipt } = await gql<{ warehouseReceipt: ReceiptNode | null }>(
        `query($id: ID!) { warehouseReceipt(id: $id) { ${RECEIPT_FIELDS} } }`,
        { id: text },
      );
      if (warehouseReceipt) add(fromReceipt(warehouseReceipt));
    }
    // Likewise the receipts whose lot contains the text.
    const { warehouseReceipts: matches } = await gql<{ warehouseReceipts: Matches<ReceiptNode> }>(
      `query($filter: WarehouseReceiptFilter, $first: Int, $after: String) { warehouseReceipts(filter: $filter, first: $first, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { node { ${RECEIPT_FIELDS} } } } }`,
      { filter: { lotContains: text }, first: PAGE_SIZE, after },
    );
    for (const e of matches.edges) add(fromReceipt(e.node));
    paging = matches;
  } else if (kind === "receivable") {
    const { receivable } = await gql<{
      receivable: {
        id: string;
        status: string;
        creditor: string;
        obligor: string;
        face: string;
        currency: string;
      } | null;
    }>(`query($id: ID!) { receivable(id: $id) { id status creditor obligor face currency } }`, { id: text });
    if (receivable) {
      add({
        kind,
        id: receivable.id,
        reference: null,
        status: receivable.status,
        parties: [receivable.creditor, receivable.obligor],
        amount: receivable.face,
        currency: receivable.currency,
      });
    }
  } else {
    const { receivablePart } = await gql<{
      receivablePart: {
        id: string;
        receivableId: string;
        status: string;
        holder: string;
        amount: string;
        receivable: { currency: string } | null;
      } | null;
    }>(`query($id: ID!) { receivablePart(id: $id) { id receivableId status holder amount receivable { currency } } }`, {
      id: text,
    });
    if (receivablePart) {
      add({
        kind,
        id: receivablePart.id,
        reference: null,
        status: receivablePart.status,
        parties: [receivablePart.holder],
        amount: receivablePart.amount,
        currency: receivablePart.receivable?.currency ?? "CNY",
      });
    }
  }
  return {
    rows: results,
    totalCount: paging?.totalCount ?? results.length,
    pageInfo: paging?.pageInfo ?? ONE_PAGE,
  };
}

/** The search named in the address, if any. */
function searchInHash(): Search | null {
  const hash = window.location.hash;
  const at = hash.indexOf("?");
  if (at < 0) return null;
  const params = new URLSearchParams(hash.slice(at + 1));
  const kind = params.get("kind") ?? "";
  const q = params.get("q") ?? "";
  return isAssetKind(kind) && searchProblem(kind, q) === null ? { kind, q } : null;
}

function Results({ search }: { search: Search }) {
  const { t } = useI18n();
  const names = useMemberNames();
  const pages = usePages();
  const state = useLoad(() => runSearch(search, pages.after), JSON.stringify([search, pages.after]));
  return (
    <Card title={t("regulator.search.results")}>
      <QueryView state={state} isEmpty={(r) => r.rows.length === 0} empty={t("regulator.search.none")}>
        {({ rows, totalCount, pageInfo }) => (
          <div data-testid="search-results">
            <DataTable
              rows={rows}
              rowKey={(r) => `${r.kind}-${r.id}`}
              columns={[
                {
                  key: "asset",
                  header: t("regulator.search.asset"),
                  render: (r) => (
                    <Link to={assetPath(r.kind, r.id)} data-testid={`result-${r.kind}-${r.id}`}>
                      {t(`regulator.kind.${r.kind}`)} #{r.id}
                      {r.reference ? ` · ${r.reference}` : ""}
                    </Link>
                  ),
                },
                { key: "status", header: t("common.status"), render: (r) => <StatusBadge status={r.status} /> },
                {
                  key: "parties",
                  header: t("regulator.search.parties"),
                  render: (r) => (
                    <>
                      {r.parties.map((p, i) => (
                        <span key={i}>
                          {i > 0 ? " → " : ""}
                          <Party address={p} names={names} />
                        </span>
                      ))}
                    </>
                  ),
                },
                {
                  key: "amount",
                  header: t("common.amount"),
                  align: "right",
                  render: (r) => <Amount value={r.amount} currency={r.currency} />,
                },
              ]}
            />
            <Pager pages={pages} pageInfo={pageInfo} totalCount={totalCount} pageSize={PAGE_SIZE} />
          </div>
        )}
      </QueryView>
    </Card>
  );
}

export default function SearchPage(_: { params: Record<string, string> }) {
  const { t } = useI18n();
  const initial = searchInHash();
  const [kind, setKind] = useState<AssetKindName>(initial?.kind ?? "order");
  const [q, setQ] = useState(initial?.q ?? "");
  const [error, setError] = useState<string | null>(null);
  const [search, setSearch] = useState<Search | null>(initial);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const problem = searchProblem(kind, q);
    setError(problem ? t(problem) : null);
    if (problem) return;
    const next = { kind, q: q.trim() };
    setSearch(next);
    const params = new URLSearchParams(next);
    window.history.replaceState(null, "", `#/regulator/search?${params}`);
  };

  return (
    <Page title={t("regulator.search.title")}>
      <form className="card" onSubmit={submit} noValidate role="search" aria-label={t("regulator.search.title")}>
        <div className="form-row">
          <SelectInput
            label={t("regulator.search.kind")}
            name="kind"
            value={kind}
            onChange={(e) => {
              setKind(e.target.value as AssetKindName);
              setError(null);
            }}
            options={ASSET_KINDS.map((k) => ({ value: k, label: t(`regulator.kind.${k}`) }))}
          />
          <TextInput
            label={t("regulator.search.query")}
            name="q"
            value={q}
            maxLength={200}
            autoComplete="off"
            hint={t(`regulator.search.hint.${kind}`)}
            error={error}
            onChange={(e) => setQ(e.target.value)}
          />
        </div>
        <button type="submit">{t("regulator.search.submit")}</button>
      </form>
      {/* A new search starts at its first page. */}
      {search ? <Results key={JSON.stringify(search)} search={search} /> : null}
    </Page>
  );
}
