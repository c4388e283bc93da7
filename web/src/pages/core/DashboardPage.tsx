/**
 * The core enterprise's home: what it owes (payables not paid, due within 7 and 30 days, overdue), the
 * next maturities and the orders its suppliers wait for it to confirm.
 */
import { Link } from "../../app/router";
import { useI18n } from "../../i18n";
import { useChainNow } from "../../lib/chain-time";
import { useQuery } from "../../lib/graphql";
import { useSession } from "../../lib/session";
import { DataTable, Card, DateText, Amount, Page, QueryView, Stats, StatusBadge } from "../../ui";
import {
  dueWithin,
  isOverdue,
  ORDERS_QUERY,
  PAYABLES_QUERY,
  totalsByCurrency,
  UNPAID,
  type OrdersData,
  type PayableRow,
  type PayablesData,
} from "./api";
import { Party } from "./components";

/** Totals per currency, one after the other ("¥1.00 + $2.00"); zero in CNY when there are none. */
function Totals({ rows }: { rows: PayableRow[] }) {
  const { amount } = useI18n();
  const totals = totalsByCurrency(rows, (r) => r.face);
  if (totals.size === 0) return <span className="amount">{amount(0)}</span>;
  return <span className="amount">{[...totals].map(([currency, sum]) => amount(sum, currency)).join(" + ")}</span>;
}

export default function DashboardPage(_: { params: Record<string, string> }) {
  const { t } = useI18n();
  const { viewer } = useSession();
  const address = viewer!.address;
  const payables = useQuery<PayablesData>(PAYABLES_QUERY, { f: { obligor: address, status: UNPAID } });
  const pending = useQuery<OrdersData>(ORDERS_QUERY, { f: { buyer: address, status: ["Pending"] }, first: 5 });
  const now = useChainNow() ?? Date.now();

  return (
    <Page title={t("core.nav.dashboard")}>
      <QueryView state={payables}>
        {(data) => {
          const rows = data.receivables.edges.map((e) => e.node);
          const overdue = rows.filter((r) => isOverdue(r, now));
          const week = dueWithin(rows, 7, now);
          return (
            <>
              <Stats
                items={[
                  { label: t("core.dash.outstanding"), value: <Totals rows={rows} /> },
                  {
                    label: t("core.dash.due7"),
                    value: <Totals rows={week} />,
                    tone: week.length > 0 ? "warn" : undefined,
                  },
                  { label: t("core.dash.due30"), value: <Totals rows={dueWithin(rows, 30, now)} /> },
                  {
                    label: t("core.dash.overdue"),
                    value: <span data-testid="overdue-count">{overdue.length}</span>,
                    tone: overdue.length > 0 ? "bad" : undefined,
                  },
                  {
                    label: t("core.dash.pendingOrders"),
                    value: <span data-testid="pending-count">{pending.data?.purchaseOrders.totalCount ?? "…"}</span>,
                    tone: (pending.data?.purchaseOrders.totalCount ?? 0) > 0 ? "warn" : undefined,
                  },
                ]}
              />
              <Card
                title={t("core.dash.upcoming")}
                actions={<Link to="/core/maturities">{t("core.dash.toMaturities")}</Link>}
              >
                <DataTable
                  testId="upcoming-payables"
                  rows={rows.slice(0, 5)}
                  rowKey={(r) => r.id}
                  rowTestId={(r) => `payable-row-${r.id}`}
                  empty={t("core.dash.noPayables")}
                  columns={[
                    { key: "id", header: t("core.col.receivable"), render: (r) => `#${r.id}` },
                    {
                      key: "creditor",
                      header: t("core.col.creditor"),
                      render: (r) => <Party address={r.creditor} member={r.creditorMember} />,
                    },
                    {
                      key: "face",
                      header: t("common.amount"),
                      align: "right",
                      render: (r) => <Amount value={r.face} currency={r.currency} />,
                    },
                    { key: "maturity", header: t("core.col.maturity"), render: (r) => <DateText value={r.maturity} /> },
                    {
                      key: "status",
                      header: t("common.status"),
                      render: (r) => <StatusBadge status={isOverdue(r, now) ? "Overdue" : r.status} />,
                    },
                  ]}
                />
              </Card>
            </>
          );
        }}
      </QueryView>
      <Card title={t("core.dash.pendingTitle")} actions={<Link to="/core/orders">{t("core.dash.toOrders")}</Link>}>
        <QueryView state={pending}>
          {(data) => (
            <DataTable
              testId="pending-orders"
              rows={data.purchaseOrders.edges.map((e) => e.node)}
              rowKey={(o) => o.id}
              rowTestId={(o) => `order-row-${o.id}`}
              empty={t("core.dash.noPending")}
              columns={[
                { key: "number", header: t("core.col.order"), render: (o) => o.orderNumber },
                {
                  key: "supplier",
                  header: t("core.col.supplier"),
                  render: (o) => <Party address={o.supplier} member={o.supplierMember} />,
                },
                {
                  key: "amount",
                  header: t("common.amount"),
                  align: "right",
                  render: (o) => <Amount value={o.amount} currency={o.currency} />,
                },
                {
                  key: "delivery",
                  header: t("core.col.delivery"),
                  render: (o) => <DateText value={o.deliveryDate} />,
                },
              ]}
            />
          )}
        </QueryView>
      </Card>
    </Page>
  );
}
