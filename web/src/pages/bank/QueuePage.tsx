/**
 * The bank's application queue: applications addressed to it, with the applicant, product, asset,
 * amount, quote, status, its own decision and the risk summary's factors; each opens its review page.
 * Newest first, PAGE_SIZE to a page.
 */
import { useState } from "react";
import { Link } from "../../app/router";
import { useI18n } from "../../i18n";
import { useQuery } from "../../lib/graphql";
import { useSession } from "../../lib/session";
import { DataTable, Amount, Page, Pager, QueryView, StatusBadge, Tabs, usePages } from "../../ui";
import { MemberName, useMembers } from "./components";
import { APPLICATION_FIELDS, type ApplicationRow } from "./model";
import { sameAddress } from "../../lib/address";

type Filter = "open" | "all";
const ALL_STATUSES = ["SUBMITTED", "UNDER_REVIEW", "APPROVED", "EXECUTED", "REJECTED", "WITHDRAWN", "EXPIRED"];

export const PAGE_SIZE = 50;

const QUEUE = `query($status: [ApplicationStatus!], $first: Int, $after: String) {
  applicationQueue(first: $first, after: $after, status: $status) {
    totalCount pageInfo { hasNextPage endCursor } edges { node { ${APPLICATION_FIELDS} } } } }`;

interface QueueData {
  applicationQueue: {
    totalCount: number;
    pageInfo: { hasNextPage: boolean; endCursor: string | null };
    edges: { node: ApplicationRow }[];
  };
}

export default function QueuePage() {
  const { t, percentBps } = useI18n();
  const [filter, setFilter] = useState<Filter>("open");
  const pages = usePages();
  const members = useMembers();
  const bank = useSession().viewer!.address;
  const state = useQuery<QueueData>(QUEUE, {
    status: filter === "open" ? undefined : ALL_STATUSES,
    first: PAGE_SIZE,
    after: pages.after,
  });
  const rows = state.data?.applicationQueue.edges.map((e) => e.node) ?? [];
  return (
    <Page title={t("bank.queue.title")}>
      <Tabs<Filter>
        tabs={[
          { key: "open", label: t("bank.queue.open") },
          { key: "all", label: t("bank.queue.all") },
        ]}
        value={filter}
        onChange={(f) => {
          setFilter(f);
          pages.reset();
        }}
      />
      <QueryView state={state}>
        {(data) => (
          <>
            <DataTable
              testId="queue-table"
              rows={rows}
              rowKey={(a) => a.id}
              rowTestId={(a) => `application-row-${a.id}`}
              empty={t("bank.queue.empty")}
              columns={[
                {
                  key: "id",
                  header: t("bank.app.id"),
                  render: (a) => (
                    <Link to={`/bank/queue/${a.id}`} aria-label={t("bank.queue.openOne", { id: a.id })}>
                      #{a.id}
                    </Link>
                  ),
                },
                {
                  key: "applicant",
                  header: t("bank.app.applicant"),
                  render: (a) => <MemberName address={a.applicant} members={members.byAddress} />,
                },
                { key: "product", header: t("bank.app.product"), render: (a) => t(`bank.product.${a.product}`) },
                {
                  key: "asset",
                  header: t("bank.app.asset"),
                  render: (a) => t(`bank.asset.${a.assetType}`, { id: a.assetId }),
                },
                {
                  key: "amount",
                  header: t("bank.app.amount"),
                  align: "right",
                  render: (a) => <Amount value={a.quote?.base ?? a.amount} />,
                },
                {
                  key: "quote",
                  header: t("bank.app.quote"),
                  render: (a) =>
                    a.quote ? (
                      <span>
                        <Amount value={a.quote.proceeds} /> · {percentBps(a.quote.rateBps)} · {a.quote.days}{" "}
                        {t("bank.days")}
                      </span>
                    ) : (
                      <span className="muted">—</span>
                    ),
                },
                { key: "status", header: t("common.status"), render: (a) => <StatusBadge status={a.status} /> },
                {
                  key: "decision",
                  header: t("bank.app.myDecision"),
                  render: (a) => {
                    const mine = a.decisions.find((d) => sameAddress(d.bank, bank));
                    return mine ? <StatusBadge status={mine.status} /> : <span className="muted">—</span>;
                  },
                },
                {
                  key: "risk",
                  header: t("bank.app.risk"),
                  render: (a) =>
                    a.riskSummary ? (
                      <ul className="factors">
                        {a.riskSummary.factors.map((f) => (
                          <li key={f.name} title={f.explanation}>
                            {f.name}: <strong>{f.value}</strong>
                          </li>
                        ))}
                      </ul>
                    ) : (
                      <span className="muted">—</span>
                    ),
                },
              ]}
            />
            <Pager
              pages={pages}
              pageInfo={data.applicationQueue.pageInfo}
              totalCount={data.applicationQueue.totalCount}
              pageSize={PAGE_SIZE}
            />
          </>
        )}
      </QueryView>
    </Page>
  );
}
