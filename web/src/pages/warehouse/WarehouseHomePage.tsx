/**
 * The warehouse's home: the headline figures (in store, pledged, frozen, awaiting release), counted by
 * the API, and the receipts it issued, with their owner, goods, valuation, status and pledge: filtered
 * by tab on the server, newest first, PAGE_SIZE to a page.
 */
import { useState } from "react";
import { Link } from "../../app/router";
import { useI18n } from "../../i18n";
import { useQuery } from "../../lib/graphql";
import { useSession } from "../../lib/session";
import { AddressText, Amount, DataTable, DateText, Page, Pager, QueryView, Stats, Tabs, usePages } from "../../ui";
import { Quantity, RECEIPT_FIELDS, ReceiptStatusBadge, type ReceiptRow, type ReceiptStatus } from "./components";

type View = "store" | "released" | "all";

export const PAGE_SIZE = 50;

/** The statuses each tab lists (undefined: every status). */
export const VIEW_STATUSES: Record<View, ReceiptStatus[] | undefined> = {
  store: ["Active", "ReleaseRequested"],
  released: ["Released"],
  all: undefined,
};

/**
 * The figures, each a count of the viewer's receipts (`first: 0`: no rows, only the total); `all` tells
 * whether the warehouse issued anything yet.
 */
const FIGURES = `query($w: String!) {
  inStore: warehouseReceipts(first: 0, filter: { warehouse: $w, status: [Active, ReleaseRequested] }) { totalCount }
  pledged: warehouseReceipts(first: 0, filter: { warehouse: $w, status: [Active, ReleaseRequested], pledged: true }) { totalCount }
  frozen: warehouseReceipts(first: 0, filter: { warehouse: $w, status: [Active, ReleaseRequested], frozen: true }) { totalCount }
  awaiting: warehouseReceipts(first: 0, filter: { warehouse: $w, status: [ReleaseRequested] }) { totalCount }
  all: warehouseReceipts(first: 0, filter: { warehouse: $w }) { totalCount }
}`;

type Count = { totalCount: number };
type FiguresData = Record<"inStore" | "pledged" | "frozen" | "awaiting" | "all", Count>;

const RECEIPTS = `query($w: String!, $status: [ReceiptStatus!], $first: Int, $after: String) {
  warehouseReceipts(first: $first, after: $after, filter: { warehouse: $w, status: $status },
    orderBy: { field: ISSUED_AT, direction: DESC }) {
    totalCount pageInfo { hasNextPage endCursor } edges { node { ${RECEIPT_FIELDS} } } } }`;

interface ReceiptsData {
  warehouseReceipts: {
    totalCount: number;
    pageInfo: { hasNextPage: boolean; endCursor: string | null };
    edges: { node: ReceiptRow }[];
  };
}

export default function WarehouseHomePage(_: { params: Record<string, string> }) {
  const { t } = useI18n();
  const viewer = useSession().viewer!;
  const [view, setView] = useState<View>("store");
  const pages = usePages();
  const figures = useQuery<FiguresData>(FIGURES, { w: viewer.address });
  const list = useQuery<ReceiptsData>(RECEIPTS, {
    w: viewer.address,
    status: VIEW_STATUSES[view],
    first: PAGE_SIZE,
    after: pages.after,
  });

  return (
    <Page title={t("warehouse.home.title")} actions={<Link to="/warehouse/issue">{t("warehouse.home.issue")}</Link>}>
      <QueryView state={figures} isEmpty={(d) => d.all.totalCount === 0} empty={t("warehouse.home.none")}>
        {(counts) => (
          <>
            <Stats
              items={[
                { label: t("warehouse.home.inStore"), value: counts.inStore.totalCount },
                { label: t("warehouse.home.pledged"), value: counts.pledged.totalCount },
                {
                  label: t("warehouse.home.frozen"),
                  value: counts.frozen.totalCount,
                  tone: counts.frozen.totalCount > 0 ? "bad" : undefined,
                },
                {
                  label: t("warehouse.home.awaitingRelease"),
                  value: counts.awaiting.totalCount,
                  tone: counts.awaiting.totalCount > 0 ? "warn" : undefined,
                },
              ]}
            />
            <Tabs<View>
              tabs={[
                { key: "store", label: t("warehouse.home.tabStore") },
                { key: "released", label: t("warehouse.home.tabReleased") },
                { key: "all", label: t("warehouse.home.tabAll") },
              ]}
              value={view}
              onChange={(v) => {
                setView(v);
                pages.reset();
              }}
            />
            <QueryView state={list}>
              {(data) => (
                <div data-testid="receipts-table">
                  <DataTable
                    rows={data.warehouseReceipts.edges.map((e) => e.node)}
                    rowKey={(r) => r.id}
                    empty={t("warehouse.home.noneInView")}
                    caption={t("warehouse.home.caption")}
                    columns={[
                      {
                        key: "lot",
                        header: t("warehouse.field.lot"),
                        render: (r) => (
                          <Link to={`/warehouse/receipts/${r.id}`} data-testid={`receipt-row-${r.id}`}>
                            {r.lot}
                          </Link>
                        ),
                      },
                      {
                        key: "owner",
                        header: t("warehouse.field.owner"),
                        render: (r) => <AddressText address={r.owner} name={r.ownerMember?.orgId} />,
                      },
                      { key: "goods", header: t("warehouse.field.goods"), render: (r) => r.goods },
                      {
                        key: "quantity",
                        header: t("warehouse.field.quantity"),
                        align: "right",
                        render: (r) => <Quantity value={r.quantity} unit={r.unit} />,
                      },
                      {
                        key: "valuation",
                        header: t("warehouse.field.valuation"),
                        align: "right",
                        render: (r) => <Amount value={r.valuation} currency={r.currency} />,
                      },
                      {
                        key: "status",
                        header: t("common.status"),
                        render: (r) => <ReceiptStatusBadge status={r.status} />,
                      },
                      {
                        key: "pledge",
                        header: t("warehouse.field.pledge"),
                        render: (r) =>
                          r.pledgee ? (
                            <>
                              <AddressText address={r.pledgee} name={r.pledgeeMember?.orgId} />{" "}
                              <Quantity value={r.pledgedQuantity} unit={r.unit} />
                            </>
                          ) : (
                            <span className="muted">{t("warehouse.field.unpledged")}</span>
                          ),
                      },
                      {
                        key: "frozen",
                        header: t("warehouse.field.frozen"),
                        render: (r) =>
                          r.frozen ? (
                            <span className="badge badge-frozen">{t("warehouse.frozenBadge")}</span>
                          ) : (
                            <span className="muted">{t("warehouse.no")}</span>
                          ),
                      },
                      {
                        key: "issued",
                        header: t("warehouse.field.issuedAt"),
                        render: (r) => <DateText value={r.issuedAt} />,
                      },
                    ]}
                  />
                  <Pager
                    pages={pages}
                    pageInfo={data.warehouseReceipts.pageInfo}
                    totalCount={data.warehouseReceipts.totalCount}
                    pageSize={PAGE_SIZE}
                  />
                </div>
              )}
            </QueryView>
          </>
        )}
      </QueryView>
    </Page>
  );
}
