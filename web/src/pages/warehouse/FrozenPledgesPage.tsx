/**
 * Frozen pledges: the warehouse's receipts whose pledge an attestation froze (a count below the pledged
 * quantity, or an anomaly). Each shows the pledgee bank, pledged against last attested quantity, the
 * shortfall and when the freeze happened; only the bank can lift it.
 */
import { Link } from "../../app/router";
import { useI18n } from "../../i18n";
import { useQuery } from "../../lib/graphql";
import { useSession } from "../../lib/session";
import { AddressText, DataTable, DateText, Page, QueryView } from "../../ui";
import {
  ATTESTATION_FIELDS,
  Quantity,
  RECEIPT_FIELDS,
  useAnomalyLabel,
  type AttestationRow,
  type ReceiptRow,
} from "./components";

type FrozenRow = ReceiptRow & { attestations: AttestationRow[] };

/** Frozen receipts shown at once (the newest). */
export const MAX_ROWS = 100;

/** The attestation that froze the pledge: the last one marked `freezes`. */
function freezing(row: FrozenRow): AttestationRow | undefined {
  return [...row.attestations].reverse().find((a) => a.freezes);
}

export default function FrozenPledgesPage(_: { params: Record<string, string> }) {
  const { t } = useI18n();
  const anomalyLabel = useAnomalyLabel();
  const viewer = useSession().viewer!;
  // A page of MAX_ROWS: each row's attestations count ten times in the API's cost limit (20,000).
  const state = useQuery<{ warehouseReceipts: { totalCount: number; edges: { node: FrozenRow }[] } }>(
    `query($w: String!, $first: Int) {
      warehouseReceipts(first: $first, filter: { warehouse: $w, frozen: true }, orderBy: { field: ISSUED_AT, direction: DESC }) {
        totalCount edges { node { ${RECEIPT_FIELDS} attestations { ${ATTESTATION_FIELDS} } } }
      }
    }`,
    { w: viewer.address, first: MAX_ROWS },
  );
  const rows = state.data?.warehouseReceipts.edges.map((e) => e.node) ?? [];
  const total = state.data?.warehouseReceipts.totalCount ?? 0;
  return (
    <Page title={t("warehouse.frozen.title")}>
      <p className="muted">{t("warehouse.frozen.lead")}</p>
      <QueryView state={state} isEmpty={() => rows.length === 0} empty={t("warehouse.frozen.none")}>
        {() => (
          <div data-testid="frozen-table">
            <DataTable
              rows={rows}
              rowKey={(r) => r.id}
              columns={[
                {
                  key: "lot",
                  header: t("warehouse.field.lot"),
                  render: (r) => (
                    <Link to={`/warehouse/receipts/${r.id}`} data-testid={`frozen-row-${r.id}`}>
                      {r.lot}
                    </Link>
                  ),
                },
                {
                  key: "owner",
                  header: t("warehouse.field.owner"),
                  render: (r) => <AddressText address={r.owner} name={r.ownerMember?.orgId} />,
                },
                {
                  key: "pledgee",
                  header: t("warehouse.field.pledgee"),
                  render: (r) => <AddressText address={r.pledgee} name={r.pledgeeMember?.orgId} />,
                },
                {
                  key: "pledged",
                  header: t("warehouse.field.pledgedQuantity"),
                  align: "right",
                  render: (r) => <Quantity value={r.pledgedQuantity} unit={r.unit} />,
                },
                {
                  key: "attested",
                  header: t("warehouse.field.lastAttested"),
                  align: "right",
                  render: (r) => <Quantity value={r.lastAttestedQuantity} unit={r.unit} />,
                },
                {
                  key: "shortfall",
                  header: t("warehouse.field.shortfall"),
                  align: "right",
                  render: (r) => {
                    if (r.pledgedQuantity === null || r.lastAttestedQuantity === null)
                      return <span className="muted">—</span>;
                    const gap = BigInt(r.pledgedQuantity) - BigInt(r.lastAttestedQuantity);
                    return gap > 0n ? (
                      <Quantity value={gap.toString()} unit={r.unit} />
                    ) : (
                      <span className="muted">0</span>
                    );
                  },
                },
                {
                  key: "anomaly",
                  header: t("warehouse.field.anomaly"),
                  render: (r) => {
                    const a = freezing(r);
                    return a ? anomalyLabel(a.anomaly) : <span className="muted">—</span>;
                  },
                },
                {
                  key: "since",
                  header: t("warehouse.field.frozenSince"),
                  render: (r) => <DateText value={freezing(r)?.attestedAt} time />,
                },
              ]}
            />
            {total > rows.length ? (
              <p className="muted">{t("warehouse.frozen.more", { shown: rows.length, total })}</p>
            ) : null}
          </div>
        )}
      </QueryView>
    </Page>
  );
}
