/**
 * The bank's financings (factoring deals and loans) with their status and due date, and the servicing
 * step each one's state allows: collect a deal or order loan whose receivable was paid, declare a loan
 * in default after its grace period, claim recourse on a deal whose receivable defaulted, enforce the
 * pledge of a receipt whose loan is in default. A step's progress shows above the table, so it stays in
 * view when the financing it closed leaves the "Open" tab. PAGE_SIZE financings to a page, newest first.
 */
import { useState } from "react";
import { useI18n } from "../../i18n";
import { gql, useQuery } from "../../lib/graphql";
import { useChainNow } from "../../lib/chain-time";
import { useSession } from "../../lib/session";
import { TX_FIELDS, useTransactions, type PreparedTransaction } from "../../lib/tx";
import { DataTable, Amount, DateText, Page, Pager, QueryView, StatusBadge, Tabs, TxProgress, usePages } from "../../ui";
import { MemberName, pastGrace } from "./components";
import { sameAddress } from "../../lib/address";

type Product = "FACTORING" | "ORDER" | "RECEIPT";
export interface FinancingRow {
  id: string;
  product: Product;
  status: string;
  assetId: string;
  assetType: string;
  party: string;
  partyMember: { orgId: string } | null;
  obligor: string | null;
  obligorMember: { orgId: string } | null;
  principal: string | null;
  outstanding: string;
  dueAt: string | null;
  fundedAt: string | null;
  recourse: boolean | null;
  receivable: { id: string; status: string } | null;
  receipt: { id: string; pledgee: string | null; frozen: boolean } | null;
}

export const PAGE_SIZE = 50;

const FINANCINGS = `query($filter: FinancingFilter, $first: Int, $after: String) {
  financings(first: $first, after: $after, filter: $filter, orderBy: { field: REQUESTED_AT, direction: DESC }) {
  totalCount pageInfo { hasNextPage endCursor } edges { node { id product status assetId assetType party partyMember { orgId } obligor obligorMember { orgId }
    principal outstanding dueAt fundedAt recourse receivable { id status } receipt { id pledgee frozen } } } } }`;

type Filter = "open" | "all";
type Action = "collect" | "declareDefault" | "claimRecourse" | "enforce";

interface FinancingsData {
  financings: {
    totalCount: number;
    pageInfo: { hasNextPage: boolean; endCursor: string | null };
    edges: { node: FinancingRow }[];
  };
}

/** Asks the API for the transactions of a servicing step on `f`. */
function prepareAction(f: FinancingRow, kind: Action): Promise<PreparedTransaction[]> {
  if (kind === "collect") {
    return gql(
      `mutation($id: ID!, $p: FinancingProduct!) { collectFinancing(id: $id, product: $p) { ${TX_FIELDS} } }`,
      { id: f.id, p: f.product },
    ).then((d) => d.collectFinancing);
  }
  if (kind === "declareDefault") {
    return gql(`mutation($id: ID!, $p: FinancingProduct!) { declareDefault(id: $id, product: $p) { ${TX_FIELDS} } }`, {
      id: f.id,
      p: f.product,
    }).then((d) => d.declareDefault);
  }
  if (kind === "claimRecourse") {
    return gql(`mutation($id: ID!) { claimRecourse(id: $id) { ${TX_FIELDS} } }`, { id: f.id }).then(
      (d) => d.claimRecourse,
    );
  }
  return gql(`mutation($r: ID!) { enforceReceiptPledge(receiptId: $r) { ${TX_FIELDS} } }`, { r: f.assetId }).then(
    (d) => d.enforceReceiptPledge,
  );
}

/** The servicing steps a financing's state allows the bank now. */
export function allowedActions(f: FinancingRow, bank: string, now: number): Action[] {
  const actions: Action[] = [];
  const paid = f.receivable?.status === "Paid";
  if (f.product === "FACTORING") {
    if ((f.status === "Funded" || f.status === "RecourseClaimed") && paid) actions.push("collect");
    if (f.status === "Funded" && f.recourse === true && f.receivable?.status === "Defaulted")
      actions.push("claimRecourse");
  } else {
    if (f.product === "ORDER" && (f.status === "Active" || f.status === "Defaulted") && paid) actions.push("collect");
    if (f.status === "Active" && pastGrace(f.dueAt, now)) actions.push("declareDefault");
    if (f.product === "RECEIPT" && f.status === "Defaulted" && sameAddress(f.receipt?.pledgee, bank)) {
      actions.push("enforce");
    }
  }
  return actions;
}

export default function FinancingsPage() {
  const { t } = useI18n();
  const bank = useSession().viewer!.address;
  const now = useChainNow() ?? Date.now();
  const [filter, setFilter] = useState<Filter>("open");
  const pages = usePages();
  const state = useQuery<FinancingsData>(FINANCINGS, {
    filter: filter === "open" ? { bank, open: true } : { bank },
    first: PAGE_SIZE,
    after: pages.after,
  });
  const rows = state.data?.financings.edges.map((e) => e.node) ?? [];
  const servicing = useTransactions();
  /** The label of the step running (or last run), shown over its progress. */
  const [running, setRunning] = useState<string | null>(null);
  const labelOf = (f: FinancingRow, kind: Action) =>
    t(`bank.fin.${kind}`, { id: `${t(`bank.fin.product.${f.product}`)} #${f.id}` });
  const start = (f: FinancingRow, kind: Action) => {
    setRunning(labelOf(f, kind));
    void servicing.run(() => prepareAction(f, kind));
  };

  return (
    <Page title={t("bank.fin.title")}>
      <Tabs<Filter>
        tabs={[
          { key: "open", label: t("bank.fin.open") },
          { key: "all", label: t("bank.fin.all") },
        ]}
        value={filter}
        onChange={(f) => {
          setFilter(f);
          pages.reset();
        }}
      />
      {running !== null && servicing.progress.phase !== "idle" ? (
        <div data-testid="servicing">
          <p>{running}</p>
          <TxProgress progress={servicing.progress} />
        </div>
      ) : null}
      <QueryView state={state}>
        {(data) => (
          <>
            <DataTable
              testId="financings-table"
              rows={rows}
              rowKey={(f) => `${f.product}-${f.id}`}
              rowTestId={(f) => `financing-row-${f.product}-${f.id}`}
              empty={t("bank.fin.empty")}
              columns={[
                {
                  key: "id",
                  header: t("bank.fin.financing"),
                  render: (f) => `${t(`bank.fin.product.${f.product}`)} #${f.id}`,
                },
                {
                  key: "asset",
                  header: t("bank.app.asset"),
                  render: (f) => t(`bank.asset.${f.assetType}`, { id: f.assetId }),
                },
                {
                  key: "party",
                  header: t("bank.fin.party"),
                  render: (f) => <MemberName address={f.party} orgId={f.partyMember?.orgId} />,
                },
                {
                  key: "obligor",
                  header: t("bank.fin.obligor"),
                  render: (f) => <MemberName address={f.obligor} orgId={f.obligorMember?.orgId} />,
                },
                {
                  key: "principal",
                  header: t("bank.fin.principal"),
                  align: "right",
                  render: (f) => <Amount value={f.principal} />,
                },
                {
                  key: "outstanding",
                  header: t("bank.fin.outstanding"),
                  align: "right",
                  render: (f) => <Amount value={f.outstanding} />,
                },
                { key: "due", header: t("bank.fin.due"), render: (f) => <DateText value={f.dueAt} /> },
                {
                  key: "status",
                  header: t("common.status"),
                  render: (f) => (
                    <>
                      <StatusBadge status={f.status} />
                      {f.receivable && f.receivable.status !== "Outstanding" ? (
                        <small className="muted">
                          {" "}
                          {t("bank.fin.receivable", { id: f.receivable.id })}{" "}
                          <StatusBadge status={f.receivable.status} />
                        </small>
                      ) : null}
                    </>
                  ),
                },
                {
                  key: "actions",
                  header: t("common.actions"),
                  render: (f) => {
                    const allowed = allowedActions(f, bank, now);
                    return allowed.length === 0 ? (
                      <span className="muted">—</span>
                    ) : (
                      <div className="actions">
                        {allowed.map((kind) => (
                          <button
                            key={kind}
                            type="button"
                            className={kind === "collect" ? "primary" : "danger"}
                            disabled={servicing.busy}
                            onClick={() => start(f, kind)}
                          >
                            {labelOf(f, kind)}
                          </button>
                        ))}
                      </div>
                    );
                  },
                },
              ]}
            />
            <Pager
              pages={pages}
              pageInfo={data.financings.pageInfo}
              totalCount={data.financings.totalCount}
              pageSize={PAGE_SIZE}
            />
          </>
        )}
      </QueryView>
    </Page>
  );
}
