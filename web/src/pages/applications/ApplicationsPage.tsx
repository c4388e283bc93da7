/** The applicant's financing applications, newest first, with its cash balance and a link to apply. */
import { Link } from "../../app/router";
import { useI18n } from "../../i18n";
import { useQuery } from "../../lib/graphql";
import { useSession } from "../../lib/session";
import { Amount, DataTable, DateText, Page, QueryView, Stats } from "../../ui";
import { AppStatus, AssetText, useBanks, useProductLabel, type Application } from "./components";

type Row = Pick<
  Application,
  "id" | "product" | "assetType" | "assetId" | "amount" | "status" | "updatedAt" | "quote" | "decisions"
>;

const LIST = `query($f: ApplicationFilter) { applications(first: 200, filter: $f) { edges { node {
  id product assetType assetId amount status updatedAt quote { base proceeds } decisions { bank status }
} } } }`;
const CASH = `query($f: TokenBalanceFilter) { tokenBalances(first: 20, filter: $f) { edges { node { balance currency } } } }`;

const OPEN = ["DRAFT", "SUBMITTED", "UNDER_REVIEW", "APPROVED"];

export default function ApplicationsPage(_props: { params: Record<string, string> }) {
  const { t } = useI18n();
  const session = useSession();
  const me = session.viewer!.address;
  const productLabel = useProductLabel();
  const banks = useBanks();
  const state = useQuery<{ applications: { edges: { node: Row }[] } }>(LIST, { f: { applicant: me } });
  const cash = useQuery<{ tokenBalances: { edges: { node: { balance: string; currency: string } }[] } }>(CASH, {
    f: { account: me },
  });
  const rows = state.data?.applications.edges.map((e) => e.node) ?? [];
  const balances = cash.data?.tokenBalances.edges.map((e) => e.node) ?? [];
  return (
    <Page
      title={t("apps.nav.list")}
      actions={
        <Link to="/applications/new" className="button primary">
          {t("apps.list.new")}
        </Link>
      }
    >
      <Stats
        items={[
          {
            label: t("apps.list.cash"),
            value: cash.error ? (
              <span className="muted" title={cash.error.message}>
                —
              </span>
            ) : balances.length === 0 ? (
              <Amount value={cash.data ? 0 : null} />
            ) : (
              <span data-testid="cash-balance">
                {balances.map((b, i) => (
                  <span key={b.currency}>
                    {i > 0 ? " · " : null}
                    <Amount value={b.balance} currency={b.currency} />
                  </span>
                ))}
              </span>
            ),
          },
          { label: t("apps.list.open"), value: rows.filter((r) => OPEN.includes(r.status)).length },
          { label: t("apps.list.approved"), value: rows.filter((r) => r.status === "APPROVED").length },
          { label: t("apps.list.executed"), value: rows.filter((r) => r.status === "EXECUTED").length },
        ]}
      />
      <QueryView state={state}>
        {() => (
          <div data-testid="applications-table">
            <DataTable
              rows={rows}
              rowKey={(r) => r.id}
              empty={
                <>
                  {t("apps.list.none")} <Link to="/applications/new">{t("apps.nav.new")}</Link>
                </>
              }
              columns={[
                {
                  key: "id",
                  header: t("apps.col.id"),
                  render: (r) => (
                    <Link to={`/applications/${r.id}`} data-testid={`application-row-${r.id}`}>
                      #{r.id}
                    </Link>
                  ),
                },
                { key: "product", header: t("apps.col.product"), render: (r) => productLabel(r.product) },
                {
                  key: "asset",
                  header: t("apps.col.asset"),
                  render: (r) => <AssetText type={r.assetType} id={r.assetId} />,
                },
                {
                  key: "amount",
                  header: t("apps.col.amount"),
                  align: "right",
                  render: (r) => <Amount value={r.amount ?? r.quote?.base ?? null} />,
                },
                {
                  key: "banks",
                  header: t("apps.col.banks"),
                  render: (r) => r.decisions.map((d) => banks.name(d.bank)).join(", "),
                },
                { key: "status", header: t("common.status"), render: (r) => <AppStatus status={r.status} /> },
                {
                  key: "updated",
                  header: t("apps.col.updated"),
                  render: (r) => <DateText value={r.updatedAt} time />,
                },
              ]}
            />
          </div>
        )}
      </QueryView>
    </Page>
  );
}
