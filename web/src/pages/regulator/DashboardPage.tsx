/**
 * The regulator's home: statistics of the whole network, from one request: the API's
 * `networkStatistics` (counts and face totals computed in the database) and the indexer's sync status.
 */
import { useI18n } from "../../i18n";
import { gql, useLoad } from "../../lib/graphql";
import { BarChart, Card, DataTable, DateText, Page, QueryView, Stats } from "../../ui";

const ROLES = ["SUPPLIER", "CORE_ENTERPRISE", "BANK", "WAREHOUSE", "REGULATOR", "OPERATOR", "SYSTEM"];
/** The member statuses shown, and the field of the role's counts giving each. */
const MEMBER_STATUSES = [
  ["Active", "active"],
  ["Suspended", "suspended"],
  ["None", "none"],
] as const;
const ORDER_STATUSES = ["Pending", "Confirmed", "Converted", "Rejected", "Cancelled"];

interface RoleCounts {
  role: string;
  total: number;
  active: number;
  suspended: number;
  none: number;
  blacklisted: number;
}

interface StatusCount {
  status: string;
  count: number;
}

interface Sync {
  chainId: number;
  indexedBlock: number | null;
  indexedBlockTime: string | null;
  headBlock: number | null;
  lag: number | null;
  caughtUp: boolean;
  lastError: string | null;
  lastErrorAt: string | null;
  updatedAt: string;
}

interface NetworkStatistics {
  members: { total: number; byRole: RoleCounts[] };
  purchaseOrders: StatusCount[];
  receivables: { byStatus: StatusCount[]; unpaid: number; unpaidFace: { currency: string; total: string }[] };
  warehouseReceipts: { active: number; pledged: number; frozen: number; released: number };
  financings: { product: string; total: number; open: number }[];
}

export interface NetworkFigures {
  members: { total: number; byRole: RoleCounts[] };
  orders: StatusCount[];
  receivables: {
    unpaid: number;
    /** Face of the unpaid receivables, by currency. */
    face: { currency: string; total: string }[];
    overdue: number;
    defaulted: number;
    paid: number;
  };
  receipts: { active: number; pledged: number; frozen: number; released: number };
  financings: { product: string; total: number; open: number }[];
  sync: Sync;
}

const FIGURES = `{
  networkStatistics {
    members { total byRole { role total active suspended none blacklisted } }
    purchaseOrders { status count }
    receivables { byStatus { status count } unpaid unpaidFace { currency total } }
    warehouseReceipts { active pledged frozen released }
    financings { product total open }
  }
  syncStatus { chainId indexedBlock indexedBlockTime headBlock lag caughtUp lastError lastErrorAt updatedAt }
}`;

/** The count of `status` in `counts` (0 when absent). */
function countOf(counts: StatusCount[], status: string): number {
  return counts.find((c) => c.status === status)?.count ?? 0;
}

async function loadFigures(): Promise<NetworkFigures> {
  const { networkStatistics: n, syncStatus } = await gql<{ networkStatistics: NetworkStatistics; syncStatus: Sync }>(
    FIGURES,
  );
  return {
    members: {
      total: n.members.total,
      byRole: ROLES.flatMap((role) => n.members.byRole.filter((r) => r.role === role && r.total > 0)),
    },
    orders: ORDER_STATUSES.map((status) => ({ status, count: countOf(n.purchaseOrders, status) })),
    receivables: {
      unpaid: n.receivables.unpaid,
      face: n.receivables.unpaidFace,
      overdue: countOf(n.receivables.byStatus, "Overdue"),
      defaulted: countOf(n.receivables.byStatus, "Defaulted"),
      paid: countOf(n.receivables.byStatus, "Paid"),
    },
    receipts: n.warehouseReceipts,
    financings: n.financings,
    sync: syncStatus,
  };
}

export default function DashboardPage(_: { params: Record<string, string> }) {
  const { t, amount, number } = useI18n();
  const state = useLoad(loadFigures, "figures");
  return (
    <Page title={t("regulator.dashboard.title")}>
      <QueryView state={state}>
        {(d) => {
          const lagTone = d.sync.lastError ? "bad" : (d.sync.lag ?? 0) > 10 ? "warn" : undefined;
          return (
            <>
              <Stats
                items={[
                  { label: t("regulator.dashboard.members"), value: number(d.members.total) },
                  { label: t("regulator.dashboard.unpaid"), value: number(d.receivables.unpaid) },
                  {
                    label: t("regulator.dashboard.unpaidFace"),
                    value: (
                      <span data-testid="unpaid-face">
                        {d.receivables.face.length === 0
                          ? amount(0)
                          : d.receivables.face.map((f) => amount(f.total, f.currency)).join(" · ")}
                      </span>
                    ),
                  },
                  {
                    label: t("regulator.dashboard.overdue"),
                    value: number(d.receivables.overdue),
                    tone: d.receivables.overdue > 0 ? "warn" : undefined,
                  },
                  {
                    label: t("regulator.dashboard.defaulted"),
                    value: number(d.receivables.defaulted),
                    tone: d.receivables.defaulted > 0 ? "bad" : undefined,
                  },
                  { label: t("regulator.dashboard.paid"), value: number(d.receivables.paid) },
                ]}
              />
              <div className="grid">
                <Card title={t("regulator.dashboard.membersByRole")}>
                  <DataTable
                    rows={d.members.byRole}
                    rowKey={(r) => r.role}
                    empty={t("regulator.dashboard.noMembers")}
                    columns={[
                      { key: "role", header: t("regulator.dashboard.role"), render: (r) => t(`role.${r.role}`) },
                      ...MEMBER_STATUSES.map(([status, field]) => ({
                        key: status,
                        header: t(`regulator.memberStatus.${status}`),
                        align: "right" as const,
                        render: (r: RoleCounts) => number(r[field]),
                      })),
                      {
                        key: "blacklisted",
                        header: t("regulator.dashboard.blacklisted"),
                        align: "right",
                        render: (r) => number(r.blacklisted),
                      },
                    ]}
                  />
                </Card>
                <Card title={t("regulator.dashboard.ordersByStatus")}>
                  <BarChart
                    title={t("regulator.dashboard.ordersByStatus")}
                    bars={d.orders.map((o) => ({ label: t(`regulator.orderStatus.${o.status}`), value: o.count }))}
                    format={(v) => number(v)}
                  />
                </Card>
                <Card title={t("regulator.dashboard.receipts")}>
                  <Stats
                    items={[
                      { label: t("regulator.dashboard.receiptsActive"), value: number(d.receipts.active) },
                      { label: t("regulator.dashboard.receiptsPledged"), value: number(d.receipts.pledged) },
                      {
                        label: t("regulator.dashboard.receiptsFrozen"),
                        value: number(d.receipts.frozen),
                        tone: d.receipts.frozen > 0 ? "warn" : undefined,
                      },
                      { label: t("regulator.dashboard.receiptsReleased"), value: number(d.receipts.released) },
                    ]}
                  />
                </Card>
                <Card title={t("regulator.dashboard.financingsByProduct")}>
                  <DataTable
                    rows={d.financings}
                    rowKey={(r) => r.product}
                    columns={[
                      {
                        key: "product",
                        header: t("regulator.dashboard.product"),
                        render: (r) => t(`regulator.product.${r.product}`),
                      },
                      {
                        key: "total",
                        header: t("regulator.dashboard.financingsTotal"),
                        align: "right",
                        render: (r) => number(r.total),
                      },
                      {
                        key: "open",
                        header: t("regulator.dashboard.financingsOpen"),
                        align: "right",
                        render: (r) => number(r.open),
                      },
                    ]}
                  />
                </Card>
                <Card title={t("regulator.dashboard.sync")}>
                  <Stats
                    items={[
                      {
                        label: t("regulator.dashboard.indexedBlock"),
                        value: d.sync.indexedBlock === null ? "—" : `#${d.sync.indexedBlock}`,
                      },
                      {
                        label: t("regulator.dashboard.headBlock"),
                        value: d.sync.headBlock === null ? "—" : `#${d.sync.headBlock}`,
                      },
                      {
                        label: t("regulator.dashboard.lag"),
                        value: d.sync.lag === null ? "—" : number(d.sync.lag),
                        tone: lagTone,
                      },
                    ]}
                  />
                  <p>
                    <span className={`badge ${d.sync.caughtUp ? "badge-open" : "badge-expired"}`}>
                      {d.sync.caughtUp ? t("regulator.dashboard.caughtUp") : t("regulator.dashboard.catchingUp")}
                    </span>{" "}
                    {t("regulator.dashboard.indexedAt")} <DateText value={d.sync.indexedBlockTime} time />
                  </p>
                  {d.sync.lastError ? (
                    <p className="field-error" role="alert">
                      {t("regulator.dashboard.syncError")} {d.sync.lastError} (
                      <DateText value={d.sync.lastErrorAt} time />)
                    </p>
                  ) : null}
                </Card>
              </div>
            </>
          );
        }}
      </QueryView>
    </Page>
  );
}
