/**
 * The applicant's financing applications, newest first and PAGE_SIZE to a page, with its cash balance,
 * how many of them are open, approved and executed (counted by the server, over all pages) and a link
 * to apply.
 */
import { Link } from "../../app/router";
import { useI18n } from "../../i18n";
import { useQuery } from "../../lib/graphql";
import { useSession } from "../../lib/session";
import { Amount, DataTable, DateText, Page, Pager, QueryView, Stats, usePages } from "../../ui";
import { AppStatus, AssetText, useBanks, useProductLabel, type Application } from "./components";

type Row = Pick<
  Application,
  "id" | "product" | "assetType" | "assetId" | "amount" | "status" | "updatedAt" | "quote" | "decisions"
>;

export const PAGE_SIZE = 50;

const LIST = `query($f: ApplicationFilter, $first: Int, $after: String) {
  applications(first: $first, after: $after, filter: $f) { totalCount pageInfo { hasNextPage endCursor } edges { node {
    id product assetType assetId amount status updatedAt quote { base proceeds } decisions { bank status }
  } } } }`;
interface ListData {
  applications: {
    totalCount: number;
    pageInfo: { hasNextPage: boolean; endCursor: string | null };
    edges: { node: Row }[];
  };
}

/** How many of the applicant's applications are open, approved and executed, over all pages. */
const COUNTS = `query($open: ApplicationFilter, $approved: ApplicationFilter, $executed: ApplicationFilter) {
  open: applications(first: 0, filter: $open) { totalCount }
  approved: applications(first: 0, filter: $approved) { totalCount }
  executed: applications(first: 0, filter: $executed) { totalCount } }`;
type Counted = "open" | "approved" | "executed";
type CountsData = Record<Counted, { totalCount: number }>;

const CASH = `query($f: TokenBalanceFilter) { tokenBalances(first: 20, filter: $f) { edges { node { balance currency } } } }`;

const OPEN = ["DRAFT", "SUBMITTED", "UNDER_REVIEW", "APPROVED"];

export default function ApplicationsPage(_props: { params: Record<string, string> }) {
  const { t } = useI18n();
  const session = useSession();
  const me = session.viewer!.address;
  const productLabel = useProductLabel();
  const banks = useBanks();
  const pages = usePages();
  const state = useQuery<ListData>(LIST, { f: { applicant: me }, first: PAGE_SIZE, after: pages.after });
  const counts = useQuery<CountsData>(COUNTS, {
    open: { applicant: me, status: OPEN },
    approved: { applicant: me, status: ["APPROVED"] },
    executed: { applicant: me, status: ["EXECUTED"] },
  });
  /** A count of the server's, "—" (with the error as its title) until it is known. */
  const count = (key: Counted) =>
    counts.data ? (
      counts.data[key].totalCount
    ) : (
      <span className="muted" title={counts.error?.message}>
        —
      </span>
    );
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
          { label: t("apps.list.open"), value: count("open") },
          { label: t("apps.list.approved"), value: count("approved") },
          { label: t("apps.list.executed"), value: count("executed") },
        ]}
      />
      <QueryView state={state}>
        {(data) => (
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
            <Pager
              pages={pages}
              pageInfo={data.applications.pageInfo}
              totalCount={data.applications.totalCount}
              pageSize={PAGE_SIZE}
            />
          </div>
        )}
      </QueryView>
    </Page>
  );
}
