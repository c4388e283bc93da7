/**
 * The warehouse's home: the receipts it issued, with their owner, goods, valuation, status and pledge,
 * and the headline figures (in store, pledged, frozen, awaiting release).
 */
import { useState } from "react";
import { Link } from "../../app/router";
import { useI18n } from "../../i18n";
import { useQuery } from "../../lib/graphql";
import { useSession } from "../../lib/session";
import { AddressText, Amount, DataTable, DateText, Page, QueryView, Stats, Tabs } from "../../ui";
import { Quantity, RECEIPT_FIELDS, ReceiptStatusBadge, type ReceiptRow } from "./components";

type View = "store" | "released" | "all";

export default function WarehouseHomePage(_: { params: Record<string, string> }) {
  const { t } = useI18n();
  const viewer = useSession().viewer!;
  const [view, setView] = useState<View>("store");
  const state = useQuery<{ warehouseReceipts: { edges: { node: ReceiptRow }[] } }>(
    `query($w: String!) {
      warehouseReceipts(first: 500, filter: { warehouse: $w }, orderBy: { field: ISSUED_AT, direction: DESC }) {
        edges { node { ${RECEIPT_FIELDS} } }
      }
    }`,
    { w: viewer.address },
  );
  const all = state.data?.warehouseReceipts.edges.map((e) => e.node) ?? [];
  const inStore = all.filter((r) => r.status !== "Released");
  const rows = view === "store" ? inStore : view === "released" ? all.filter((r) => r.status === "Released") : all;
  const frozen = inStore.filter((r) => r.frozen).length;
  const awaiting = inStore.filter((r) => r.status === "ReleaseRequested").length;

  return (
    <Page title={t("warehouse.home.title")} actions={<Link to="/warehouse/issue">{t("warehouse.home.issue")}</Link>}>
      <QueryView state={state} isEmpty={(d) => d.warehouseReceipts.edges.length === 0} empty={t("warehouse.home.none")}>
        {() => (
          <>
            <Stats
              items={[
                { label: t("warehouse.home.inStore"), value: inStore.length },
                { label: t("warehouse.home.pledged"), value: inStore.filter((r) => r.pledgee).length },
                { label: t("warehouse.home.frozen"), value: frozen, tone: frozen > 0 ? "bad" : undefined },
                {
                  label: t("warehouse.home.awaitingRelease"),
                  value: awaiting,
                  tone: awaiting > 0 ? "warn" : undefined,
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
              onChange={setView}
            />
            <div data-testid="receipts-table">
              <DataTable
                rows={rows}
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
            </div>
          </>
        )}
      </QueryView>
    </Page>
  );
}
