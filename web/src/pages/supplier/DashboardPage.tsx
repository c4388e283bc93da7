/**
 * The supplier's home: its cash, the orders its buyers have still to confirm, the receivable parts it
 * holds, any payouts a financing contract held for it (with their claim), and its latest orders.
 */
import { Link } from "../../app/router";
import { useI18n } from "../../i18n";
import { gql, useQuery } from "../../lib/graphql";
import { TX_FIELDS, type PreparedTransaction } from "../../lib/tx";
import { useSession } from "../../lib/session";
import { Amount, Card, DataTable, DateText, ErrorNote, Loading, Page, Stats, StatusBadge, TxButton } from "../../ui";
import { ORDERS_QUERY, type OrderRow, type OrdersData } from "./components";

interface Positions {
  balances: { token: string; currency: string; balance: string }[];
  heldPayouts: { contract: string; currency: string; amount: string }[];
  parts: { id: string; amount: string; receivable: { currency: string } | null }[];
  ordersAsSupplier: { id: string; status: string }[];
}

/** The product whose contract holds a payout (HeldPayout.contract → FinancingProduct). */
const PRODUCT_OF_CONTRACT: Record<string, string> = {
  factoring: "FACTORING",
  orderFinancing: "ORDER",
  receiptFinancing: "RECEIPT",
};

/** Sums amounts (decimal strings of minor units) per currency. */
function totals(rows: { currency: string; amount: string }[]): { currency: string; amount: bigint }[] {
  const sums = new Map<string, bigint>();
  for (const r of rows) sums.set(r.currency, (sums.get(r.currency) ?? 0n) + BigInt(r.amount));
  return [...sums].map(([currency, amount]) => ({ currency, amount }));
}

/** Amounts per currency on one line; zero in CNY when there are none. */
function Amounts({ list }: { list: { currency: string; amount: bigint }[] }) {
  if (list.length === 0) return <Amount value={0n} />;
  return (
    <>
      {list.map((x, i) => (
        <span key={x.currency}>
          {i > 0 ? " · " : null}
          <Amount value={x.amount} currency={x.currency} />
        </span>
      ))}
    </>
  );
}

export default function DashboardPage(_: { params: Record<string, string> }) {
  const { t } = useI18n();
  const address = useSession().viewer!.address;
  const positions = useQuery<{ memberPositions: Positions }>(
    `query($a: String!) { memberPositions(address: $a) { balances { token currency balance } heldPayouts { contract currency amount } parts { id amount receivable { currency } } ordersAsSupplier { id status } } }`,
    { a: address },
  );
  const recent = useQuery<OrdersData>(ORDERS_QUERY, { a: address, first: 5 });
  const p = positions.data?.memberPositions;
  const held = (p?.heldPayouts ?? []).filter((h) => BigInt(h.amount) > 0n);

  return (
    <Page
      title={t("supplier.dashboard.title")}
      actions={
        <>
          <Link to="/supplier/orders">{t("supplier.dashboard.allOrders")}</Link>
          <Link to="/supplier/receivables">{t("supplier.dashboard.allReceivables")}</Link>
          <Link to="/applications">{t("supplier.dashboard.applications")}</Link>
        </>
      }
    >
      {positions.error ? <ErrorNote error={positions.error} onRetry={positions.reload} /> : null}
      {p ? (
        <div data-testid="supplier-figures">
          <Stats
            items={[
              {
                label: t("supplier.dashboard.cash"),
                value: (
                  <span data-testid="supplier-cash">
                    <Amounts list={totals(p.balances.map((b) => ({ currency: b.currency, amount: b.balance })))} />
                  </span>
                ),
              },
              {
                label: t("supplier.dashboard.pending"),
                value: p.ordersAsSupplier.filter((o) => o.status === "Pending").length,
              },
              { label: t("supplier.dashboard.partsHeld"), value: p.parts.length },
              {
                label: t("supplier.dashboard.partsTotal"),
                value: (
                  <Amounts
                    list={totals(p.parts.map((x) => ({ currency: x.receivable?.currency ?? "CNY", amount: x.amount })))}
                  />
                ),
              },
              ...(held.length > 0
                ? [
                    {
                      label: t("supplier.dashboard.held"),
                      value: <Amounts list={totals(held)} />,
                      tone: "warn" as const,
                    },
                  ]
                : []),
            ]}
          />
        </div>
      ) : positions.error ? null : (
        <Loading />
      )}

      {held.length > 0 ? (
        <Card title={t("supplier.dashboard.heldTitle")}>
          <p className="muted">{t("supplier.dashboard.heldHelp")}</p>
          <DataTable
            rows={held}
            rowKey={(h) => `${h.contract}-${h.currency}`}
            columns={[
              {
                key: "contract",
                header: t("supplier.dashboard.heldFrom"),
                render: (h) => t(`supplier.product.${PRODUCT_OF_CONTRACT[h.contract] ?? h.contract}`),
              },
              {
                key: "amount",
                header: t("common.amount"),
                align: "right",
                render: (h) => <Amount value={h.amount} currency={h.currency} />,
              },
              {
                key: "claim",
                header: t("common.actions"),
                render: (h) => {
                  const product = PRODUCT_OF_CONTRACT[h.contract];
                  if (!product) return null;
                  return (
                    <TxButton
                      label={t("supplier.dashboard.claim", { product: t(`supplier.product.${product}`) })}
                      prepare={() =>
                        gql<{ claimHeldPayouts: PreparedTransaction[] }>(
                          `mutation($p: FinancingProduct!) { claimHeldPayouts(product: $p) { ${TX_FIELDS} } }`,
                          { p: product },
                        ).then((d) => d.claimHeldPayouts)
                      }
                    />
                  );
                },
              },
            ]}
          />
        </Card>
      ) : null}

      {p && p.balances.length > 1 ? (
        <Card title={t("supplier.dashboard.balances")}>
          <DataTable
            rows={p.balances}
            rowKey={(b) => b.token}
            columns={[
              { key: "currency", header: t("supplier.form.currency"), render: (b) => b.currency },
              {
                key: "balance",
                header: t("common.amount"),
                align: "right",
                render: (b) => <Amount value={b.balance} currency={b.currency} />,
              },
            ]}
          />
        </Card>
      ) : null}

      <Card title={t("supplier.dashboard.recent")}>
        {recent.error ? <ErrorNote error={recent.error} onRetry={recent.reload} /> : null}
        {recent.data ? (
          <DataTable<OrderRow>
            hideCaption
            testId="recent-orders"
            rows={recent.data.purchaseOrders.edges.map((e) => e.node)}
            rowKey={(o) => o.id}
            rowTestId={(o) => `recent-order-${o.id}`}
            empty={t("supplier.dashboard.noOrders")}
            columns={[
              { key: "number", header: t("supplier.orders.number"), render: (o) => o.orderNumber },
              {
                key: "buyer",
                header: t("supplier.orders.buyer"),
                render: (o) => o.buyerMember?.orgId ?? o.buyer,
              },
              {
                key: "amount",
                header: t("supplier.orders.amount"),
                align: "right",
                render: (o) => <Amount value={o.amount} currency={o.currency} />,
              },
              {
                key: "delivery",
                header: t("supplier.orders.delivery"),
                render: (o) => <DateText value={o.deliveryDate} />,
              },
              { key: "status", header: t("common.status"), render: (o) => <StatusBadge status={o.status} /> },
            ]}
          />
        ) : recent.error ? null : (
          <Loading />
        )}
      </Card>
    </Page>
  );
}
