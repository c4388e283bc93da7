/**
 * The regulator's home: statistics of the whole network. Counts come from the list queries' totalCount
 * with filters (no rows loaded); only the members directory (small) and the faces of the unpaid
 * receivables (to total them) are read row by row.
 */
import { useI18n } from "../../i18n";
import { gql } from "../../lib/graphql";
import { BarChart, Card, DataTable, DateText, Page, QueryView, Stats } from "../../ui";
import { allPages, useLoad } from "./components";

const ROLES = ["SUPPLIER", "CORE_ENTERPRISE", "BANK", "WAREHOUSE", "REGULATOR", "OPERATOR", "SYSTEM"];
const MEMBER_STATUSES = ["Active", "Suspended", "None"] as const;
const ORDER_STATUSES = ["Pending", "Confirmed", "Converted", "Rejected", "Cancelled"];
const PRODUCTS = ["FACTORING", "ORDER", "RECEIPT"];

interface MemberRow {
  address: string;
  roleNames: string[];
  status: string;
  blacklisted: boolean;
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

export interface NetworkFigures {
  members: MemberRow[];
  orders: { status: string; count: number }[];
  receivables: {
    unpaid: number;
    /** Face of the unpaid receivables, by currency. */
    face: { currency: string; total: bigint }[];
    faceComplete: boolean;
    overdue: number;
    defaulted: number;
    paid: number;
  };
  receipts: { active: number; pledged: number; frozen: number; released: number };
  financings: { product: string; total: number; open: number }[];
  sync: Sync;
}

/** `totalCount` of `field` under `filter`. */
async function count(field: string, filterType: string, filter: Record<string, unknown>): Promise<number> {
  const data = await gql<Record<string, { totalCount: number }>>(
    `query($f: ${filterType}, $first: Int) { ${field}(filter: $f, first: $first) { totalCount } }`,
    { f: filter, first: 0 },
  );
  return data[field].totalCount;
}

async function loadFigures(): Promise<NetworkFigures> {
  const members = allPages<MemberRow>(
    `query($first: Int, $after: String) { members(first: $first, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { node { address roleNames status blacklisted } } } }`,
    "members",
    {},
  );
  const orders = Promise.all(
    ORDER_STATUSES.map(async (status) => ({
      status,
      count: await count("purchaseOrders", "PurchaseOrderFilter", { status: [status] }),
    })),
  );
  const unpaid = allPages<{ face: string; currency: string }>(
    `query($first: Int, $after: String, $f: ReceivableFilter) { receivables(filter: $f, first: $first, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { node { face currency } } } }`,
    "receivables",
    { f: { status: ["Outstanding", "Overdue"] } },
  );
  const receivableCount = (status: string) => count("receivables", "ReceivableFilter", { status: [status] });
  const receiptCount = (filter: Record<string, unknown>) =>
    count("warehouseReceipts", "WarehouseReceiptFilter", filter);
  const financings = Promise.all(
    PRODUCTS.map(async (product) => {
      const [total, open] = await Promise.all([
        count("financings", "FinancingFilter", { product: [product] }),
        count("financings", "FinancingFilter", { product: [product], open: true }),
      ]);
      return { product, total, open };
    }),
  );
  const sync = gql<{ syncStatus: Sync }>(
    `{ syncStatus { chainId indexedBlock indexedBlockTime headBlock lag caughtUp lastError lastErrorAt updatedAt } }`,
  );
  const [m, o, u, overdue, defaulted, paid, active, pledged, frozen, released, f, s] = await Promise.all([
    members,
    orders,
    unpaid,
    receivableCount("Overdue"),
    receivableCount("Defaulted"),
    receivableCount("Paid"),
    receiptCount({ status: ["Active", "ReleaseRequested"] }),
    receiptCount({ pledged: true }),
    receiptCount({ frozen: true }),
    receiptCount({ status: ["Released"] }),
    financings,
    sync,
  ]);
  const face = new Map<string, bigint>();
  for (const r of u.nodes) face.set(r.currency, (face.get(r.currency) ?? 0n) + BigInt(r.face));
  return {
    members: m.nodes,
    orders: o,
    receivables: {
      unpaid: u.totalCount,
      face: [...face].map(([currency, total]) => ({ currency, total })),
      faceComplete: u.complete,
      overdue,
      defaulted,
      paid,
    },
    receipts: { active, pledged, frozen, released },
    financings: f,
    sync: s.syncStatus,
  };
}

export default function DashboardPage(_: { params: Record<string, string> }) {
  const { t, amount, number } = useI18n();
  const state = useLoad(loadFigures, "figures");
  return (
    <Page title={t("regulator.dashboard.title")}>
      <QueryView state={state}>
        {(d) => {
          const byRole = ROLES.map((role) => {
            const of = d.members.filter((m) => m.roleNames.includes(role));
            return {
              role,
              total: of.length,
              ...Object.fromEntries(MEMBER_STATUSES.map((s) => [s, of.filter((m) => m.status === s).length])),
              blacklisted: of.filter((m) => m.blacklisted).length,
            } as { role: string; total: number; blacklisted: number } & Record<
              (typeof MEMBER_STATUSES)[number],
              number
            >;
          }).filter((r) => r.total > 0);
          const lagTone = d.sync.lastError ? "bad" : (d.sync.lag ?? 0) > 10 ? "warn" : undefined;
          return (
            <>
              <Stats
                items={[
                  { label: t("regulator.dashboard.members"), value: number(d.members.length) },
                  { label: t("regulator.dashboard.unpaid"), value: number(d.receivables.unpaid) },
                  {
                    label: t("regulator.dashboard.unpaidFace"),
                    value: (
                      <span data-testid="unpaid-face">
                        {d.receivables.face.length === 0
                          ? amount(0)
                          : d.receivables.face.map((f) => amount(f.total, f.currency)).join(" · ")}
                        {d.receivables.faceComplete ? "" : "+"}
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
                    rows={byRole}
                    rowKey={(r) => r.role}
                    empty={t("regulator.dashboard.noMembers")}
                    columns={[
                      { key: "role", header: t("regulator.dashboard.role"), render: (r) => t(`role.${r.role}`) },
                      ...MEMBER_STATUSES.map((s) => ({
                        key: s,
                        header: t(`regulator.memberStatus.${s}`),
                        align: "right" as const,
                        render: (r: (typeof byRole)[number]) => number(r[s]),
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
