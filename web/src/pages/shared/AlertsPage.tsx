/** The member's alerts, newest first, with "mark all read". */
import { useI18n } from "../../i18n";
import { gql, invalidate, useQuery } from "../../lib/graphql";
import { DataTable, DateText, Page, QueryView, StatusBadge } from "../../ui";

interface AlertRow {
  id: string;
  kind: string;
  message: string;
  subject: string;
  createdAt: string;
  readAt: string | null;
}

export default function AlertsPage() {
  const { t } = useI18n();
  const state = useQuery<{ alerts: { edges: { node: AlertRow }[] } }>(
    `{ alerts(first: 100) { edges { node { id kind message subject createdAt readAt } } } }`,
  );
  const rows = state.data?.alerts.edges.map((e) => e.node) ?? [];
  return (
    <Page
      title={t("nav.alerts")}
      actions={
        <button
          type="button"
          className="secondary"
          disabled={!rows.some((r) => !r.readAt)}
          onClick={async () => {
            await gql(`mutation($u: ID) { markAlertsRead(upTo: $u) }`, { u: rows[0]?.id });
            invalidate();
          }}
        >
          {t("alerts.markAllRead")}
        </button>
      }
    >
      <QueryView state={state}>
        {() => (
          <DataTable
            rows={rows}
            rowKey={(r) => r.id}
            empty={t("alerts.none")}
            columns={[
              { key: "when", header: t("common.date"), render: (r) => <DateText value={r.createdAt} time /> },
              { key: "kind", header: t("alerts.kind"), render: (r) => <StatusBadge status={r.kind} /> },
              {
                key: "message",
                header: t("alerts.message"),
                render: (r) => (r.readAt ? r.message : <strong>{r.message}</strong>),
              },
            ]}
          />
        )}
      </QueryView>
    </Page>
  );
}
