/**
 * One asset as the regulator sees it: its fields, its full event history in chain order and, for a
 * receivable or a part, its lineage tree (the parts it was split from and into, with holders and amounts).
 */
import { useState, type ReactNode } from "react";
import { Link } from "../../app/router";
import { useI18n } from "../../i18n";
import { useQuery } from "../../lib/graphql";
import { Amount, Card, DataTable, DateText, ErrorNote, Page, QueryView, StatusBadge } from "../../ui";
import {
  assetPath,
  HISTORY_KIND,
  isAddress,
  isAssetKind,
  isId,
  Party,
  useMemberNames,
  type AssetKindName,
} from "./components";

const FIN = "financings { product id status bank principal outstanding }";

/** The fields queried per kind, and the field of the answer. */
const DETAIL: Record<AssetKindName, { field: string; query: string }> = {
  order: {
    field: "purchaseOrder",
    query: `query($id: ID!) { purchaseOrder(id: $id) { id orderNumber status supplier buyer amount currency deliveryDate paymentTermDays submittedAt submittedBlock lienHolder receivableId rejectionReason documentUri ${FIN} } }`,
  },
  receipt: {
    field: "warehouseReceipt",
    query: `query($id: ID!) { warehouseReceipt(id: $id) { id lot goods status owner warehouse quantity unit valuation currency pledgee pledgedQuantity frozen issuedAt issuedBlock documentUri ${FIN} } }`,
  },
  receivable: {
    field: "receivable",
    query: `query($id: ID!) { receivable(id: $id) { id status creditor obligor face redeemed currency maturity issuedAt issuedBlock orderId paidAt paidLate defaultedBy invoiceUri ${FIN} } }`,
  },
  part: {
    field: "receivablePart",
    query: `query($id: ID!) { receivablePart(id: $id) { id receivableId parentId depth status holder face amount createdAt createdBlock receivable { currency } ${FIN} } }`,
  },
};

/** Fields that hold amounts, dates, addresses or links to other assets (rendered as such). */
const AMOUNTS = new Set(["amount", "face", "redeemed", "valuation"]);
const DATES = new Set(["deliveryDate", "submittedAt", "issuedAt", "maturity", "paidAt", "createdAt"]);
const LINKS: Record<string, AssetKindName> = { receivableId: "receivable", orderId: "order", parentId: "part" };

type Row = Record<string, unknown> & { id: string; financings?: FinancingRow[]; currency?: string };
interface FinancingRow {
  product: string;
  id: string;
  status: string;
  bank: string;
  principal: string | null;
  outstanding: string;
}

/** The asset's currency (a part's is its receivable's). */
function currencyOf(row: Row | null): string {
  if (typeof row?.currency === "string") return row.currency;
  const receivable = row?.receivable as { currency?: string } | null | undefined;
  return receivable?.currency ?? "CNY";
}

function Fields({ row, names }: { row: Row; names: Map<string, string> }) {
  const { t } = useI18n();
  const currency = currencyOf(row);
  const value = (key: string, v: unknown): ReactNode => {
    if (v === null || v === undefined || v === "") return <span className="muted">—</span>;
    if (key === "status") return <StatusBadge status={String(v)} />;
    if (AMOUNTS.has(key)) return <Amount value={String(v)} currency={currency} />;
    if (DATES.has(key)) return <DateText value={String(v)} time />;
    if (LINKS[key]) return <Link to={assetPath(LINKS[key], String(v))}>#{String(v)}</Link>;
    if (typeof v === "boolean") return v ? t("regulator.asset.yes") : t("regulator.asset.no");
    if (typeof v === "string" && isAddress(v)) return <Party address={v} names={names} />;
    return String(v);
  };
  const keys = Object.keys(row).filter(
    (k) => k !== "financings" && k !== "currency" && (row[k] === null || typeof row[k] !== "object"),
  );
  return (
    <dl className="fields" data-testid="asset-fields">
      {keys.map((k) => (
        <div key={k}>
          <dt>{t(`regulator.field.${k}`)}</dt>
          <dd>{value(k, row[k])}</dd>
        </div>
      ))}
      {row.currency ? (
        <div>
          <dt>{t("regulator.field.currency")}</dt>
          <dd>{row.currency}</dd>
        </div>
      ) : null}
    </dl>
  );
}

interface EventRow {
  blockNumber: number;
  logIndex: number;
  blockTime: string;
  contract: string;
  name: string;
  args: Record<string, unknown>;
  txHash: string;
}

/**
 * The members an event names, as (argument, address), "from" first. The event does not say who sent
 * the transaction (a split names the new holder, not the splitter), so the page names them by role.
 */
function partiesOf(args: Record<string, unknown>): [string, string][] {
  const found = Object.entries(args ?? {}).filter(
    (e): e is [string, string] => typeof e[1] === "string" && isAddress(e[1]),
  );
  return found.sort((a, b) => Number(b[0] === "from") - Number(a[0] === "from"));
}

function History({ kind, id, names }: { kind: AssetKindName; id: string; names: Map<string, string> }) {
  const { t } = useI18n();
  const [first, setFirst] = useState(100);
  const state = useQuery<{
    assetHistory: { totalCount: number; pageInfo: { hasNextPage: boolean }; edges: { node: EventRow }[] };
  }>(
    `query($k: AssetKind!, $id: String!, $first: Int) { assetHistory(kind: $k, id: $id, first: $first) { totalCount pageInfo { hasNextPage } edges { node { blockNumber logIndex blockTime contract name args txHash } } } }`,
    { k: HISTORY_KIND[kind], id, first },
  );
  return (
    <Card title={t("regulator.asset.history")}>
      <QueryView state={state}>
        {(d) => (
          <div data-testid="asset-history">
            <DataTable
              rows={d.assetHistory.edges.map((e) => e.node)}
              rowKey={(e) => `${e.blockNumber}-${e.logIndex}`}
              empty={t("regulator.asset.noHistory")}
              columns={[
                { key: "block", header: t("regulator.asset.block"), render: (e) => `#${e.blockNumber}` },
                {
                  key: "time",
                  header: t("regulator.asset.time"),
                  render: (e) => <DateText value={e.blockTime} time />,
                },
                {
                  key: "actor",
                  header: t("regulator.asset.actor"),
                  render: (e) => {
                    const parties = partiesOf(e.args);
                    if (parties.length === 0) return <span className="muted">—</span>;
                    return parties.map(([key, address]) => (
                      <div key={key}>
                        <small className="muted">{key}</small> <Party address={address} names={names} />
                      </div>
                    ));
                  },
                },
                {
                  key: "what",
                  header: t("regulator.asset.what"),
                  render: (e) => (
                    <>
                      <strong>{e.name}</strong> <span className="muted">({e.contract})</span>
                      <br />
                      <small style={{ overflowWrap: "anywhere" }}>
                        {Object.entries(e.args ?? {})
                          .map(([k, v]) => `${k}=${typeof v === "object" ? JSON.stringify(v) : String(v)}`)
                          .join(", ")}
                      </small>
                    </>
                  ),
                },
                {
                  key: "tx",
                  header: t("regulator.asset.tx"),
                  render: (e) => <code title={e.txHash}>{`${e.txHash.slice(0, 10)}…`}</code>,
                },
              ]}
            />
            {d.assetHistory.pageInfo.hasNextPage ? (
              <button
                type="button"
                className="secondary"
                onClick={() => setFirst((n) => Math.min(n + 100, 500))}
                disabled={first >= 500}
              >
                {t("regulator.asset.moreHistory", {
                  shown: d.assetHistory.edges.length,
                  total: d.assetHistory.totalCount,
                })}
              </button>
            ) : null}
          </div>
        )}
      </QueryView>
    </Card>
  );
}

export interface LineagePart {
  id: string;
  parentId: string | null;
  depth: number;
  holder: string;
  face: string;
  amount: string;
  status: string;
}
interface Lineage {
  activeAmount: string;
  ancestors: LineagePart[];
  descendants: LineagePart[];
  part: LineagePart;
}

const PART_FIELDS = "id parentId depth holder face amount status";

function TreeNode({
  part,
  current,
  currency,
  names,
  children,
}: {
  part: LineagePart;
  current: boolean;
  currency: string;
  names: Map<string, string>;
  children?: ReactNode;
}) {
  const { t } = useI18n();
  return (
    <li data-testid={`lineage-part-${part.id}`} aria-current={current ? "true" : undefined}>
      {current ? (
        <strong>
          {t("regulator.kind.part")} #{part.id}
        </strong>
      ) : (
        <Link to={assetPath("part", part.id)}>
          {t("regulator.kind.part")} #{part.id}
        </Link>
      )}{" "}
      <Party address={part.holder} names={names} /> · {t("regulator.asset.holds")}{" "}
      <Amount value={part.amount} currency={currency} /> · {t("regulator.field.face")}{" "}
      <Amount value={part.face} currency={currency} /> <StatusBadge status={part.status} />
      {children}
    </li>
  );
}

/** The lineage as nested lists: root → … → parent → the part → its descendants. */
export function LineageTree({
  lineage,
  currency,
  names,
}: {
  lineage: Lineage;
  currency: string;
  names: Map<string, string>;
}) {
  const childrenOf = (id: string): LineagePart[] => lineage.descendants.filter((p) => p.parentId === id);
  const below = (id: string): ReactNode => {
    const kids = childrenOf(id);
    if (kids.length === 0) return null;
    return (
      <ul>
        {kids.map((k) => (
          <TreeNode key={k.id} part={k} current={false} currency={currency} names={names}>
            {below(k.id)}
          </TreeNode>
        ))}
      </ul>
    );
  };
  let node: ReactNode = (
    <ul>
      <TreeNode part={lineage.part} current currency={currency} names={names}>
        {below(lineage.part.id)}
      </TreeNode>
    </ul>
  );
  for (const a of [...lineage.ancestors].reverse()) {
    node = (
      <ul>
        <TreeNode part={a} current={false} currency={currency} names={names}>
          {node}
        </TreeNode>
      </ul>
    );
  }
  return (
    <div className="tree" data-testid="lineage-tree">
      {node}
    </div>
  );
}

function LineageCard({ partId, currency, names }: { partId: string; currency: string; names: Map<string, string> }) {
  const { t } = useI18n();
  const state = useQuery<{ receivableLineage: Lineage | null }>(
    `query($p: ID!) { receivableLineage(partId: $p) { activeAmount ancestors { ${PART_FIELDS} } descendants { ${PART_FIELDS} } part { ${PART_FIELDS} } } }`,
    { p: partId },
  );
  return (
    <Card title={t("regulator.asset.lineage")}>
      <QueryView state={state} isEmpty={(d) => !d.receivableLineage} empty={t("regulator.asset.noLineage")}>
        {(d) => (
          <>
            <p>
              {t("regulator.asset.activeAmount")}{" "}
              <Amount value={d.receivableLineage!.activeAmount} currency={currency} />
            </p>
            <LineageTree lineage={d.receivableLineage!} currency={currency} names={names} />
          </>
        )}
      </QueryView>
    </Card>
  );
}

export default function AssetPage({ params }: { params: Record<string, string> }) {
  const { t } = useI18n();
  const kind = params.kind ?? "";
  const id = params.id ?? "";
  const valid = isAssetKind(kind) && isId(id);
  const names = useMemberNames();
  const detail = valid ? DETAIL[kind] : DETAIL.order;
  const state = useQuery<Record<string, Row | null>>(detail.query, { id }, { skip: !valid });
  const title = valid ? `${t(`regulator.kind.${kind}`)} #${id}` : t("regulator.asset.title");
  if (!valid) {
    return (
      <Page title={title}>
        <ErrorNote error={t("regulator.asset.badPath", { kind, id })} />
        <Link to="/regulator/search">{t("regulator.asset.backToSearch")}</Link>
      </Page>
    );
  }
  const row = state.data?.[detail.field] ?? null;
  const currency = currencyOf(row);
  return (
    <Page title={title} actions={<Link to="/regulator/search">{t("regulator.asset.backToSearch")}</Link>}>
      <QueryView state={state} isEmpty={(d) => !d[detail.field]} empty={t("regulator.asset.notFound")}>
        {() => (
          <>
            <Card title={t("regulator.asset.fields")}>
              <Fields row={row!} names={names} />
            </Card>
            {row!.financings && row!.financings.length > 0 ? (
              <Card title={t("regulator.asset.financings")}>
                <DataTable
                  rows={row!.financings}
                  rowKey={(f) => `${f.product}-${f.id}`}
                  columns={[
                    {
                      key: "product",
                      header: t("regulator.dashboard.product"),
                      render: (f) => `${t(`regulator.product.${f.product}`)} #${f.id}`,
                    },
                    { key: "status", header: t("common.status"), render: (f) => <StatusBadge status={f.status} /> },
                    {
                      key: "bank",
                      header: t("regulator.asset.bank"),
                      render: (f) => <Party address={f.bank} names={names} />,
                    },
                    {
                      key: "principal",
                      header: t("regulator.asset.principal"),
                      align: "right",
                      render: (f) => <Amount value={f.principal} currency={currency} />,
                    },
                    {
                      key: "outstanding",
                      header: t("regulator.asset.outstanding"),
                      align: "right",
                      render: (f) => <Amount value={f.outstanding} currency={currency} />,
                    },
                  ]}
                />
              </Card>
            ) : null}
            {kind === "receivable" || kind === "part" ? (
              <LineageCard partId={id} currency={currency} names={names} />
            ) : null}
            <History kind={kind} id={id} names={names} />
          </>
        )}
      </QueryView>
    </Page>
  );
}
