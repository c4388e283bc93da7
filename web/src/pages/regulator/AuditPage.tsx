/**
 * The audit log (every mutation and upload: who, what, when, the result), filtered by actor, action,
 * result and period, a page at a time; "Export CSV" downloads GET /audit/export.csv with the same filter.
 */
import { useState, type FormEvent } from "react";
import { useI18n } from "../../i18n";
import { ApiError, apiHeaders, useQuery } from "../../lib/graphql";
import { DataTable, DateText, ErrorNote, Page, Pager, QueryView, StatusBadge, TextInput, usePages } from "../../ui";
import { isAddress, isPrintable, Party, useMemberNames } from "./components";

/** The filter as the API takes it (from inclusive, to exclusive, ISO instants). */
export interface AuditFilter {
  actor?: string;
  action?: string;
  result?: string;
  from?: string;
  to?: string;
}

interface FormState {
  actor: string;
  action: string;
  result: string;
  from: string;
  to: string;
}
const EMPTY: FormState = { actor: "", action: "", result: "", from: "", to: "" };

/** The form's values as a filter, or the problem of each wrong field (i18n keys). */
export function auditFilterOf(
  form: FormState,
): { filter: AuditFilter } | { errors: Partial<Record<keyof FormState, string>> } {
  const errors: Partial<Record<keyof FormState, string>> = {};
  const filter: AuditFilter = {};
  const actor = form.actor.trim();
  if (actor) {
    if (isAddress(actor)) filter.actor = actor;
    else errors.actor = "regulator.audit.badActor";
  }
  for (const key of ["action", "result"] as const) {
    const text = form[key].trim();
    if (!text) continue;
    if (text.length > 100 || !isPrintable(text)) errors[key] = "regulator.audit.badText";
    else filter[key] = text;
  }
  const day = /^\d{4}-\d{2}-\d{2}$/;
  if (form.from) {
    if (!day.test(form.from) || Number.isNaN(Date.parse(`${form.from}T00:00:00Z`)))
      errors.from = "regulator.audit.badDate";
    else filter.from = new Date(`${form.from}T00:00:00Z`).toISOString();
  }
  if (form.to) {
    if (!day.test(form.to) || Number.isNaN(Date.parse(`${form.to}T00:00:00Z`))) errors.to = "regulator.audit.badDate";
    // The "to" day is included: the API's bound is the next midnight (exclusive).
    else filter.to = new Date(Date.parse(`${form.to}T00:00:00Z`) + 86_400_000).toISOString();
  }
  if (filter.from && filter.to && filter.from >= filter.to) errors.to = "regulator.audit.badRange";
  return Object.keys(errors).length > 0 ? { errors } : { filter };
}

/** The CSV export's address for `filter` (the controller takes the same fields as query parameters). */
export function auditExportUrl(filter: AuditFilter): string {
  const params = new URLSearchParams();
  for (const key of ["actor", "action", "result", "from", "to"] as const) {
    const value = filter[key];
    if (value) params.set(key, value);
  }
  const query = params.toString();
  return `/audit/export.csv${query ? `?${query}` : ""}`;
}

/** Downloads the CSV of `filter` with the session's token and saves it through a link. */
export async function downloadAuditCsv(filter: AuditFilter): Promise<void> {
  let response: Response;
  try {
    response = await fetch(auditExportUrl(filter), { headers: apiHeaders() });
  } catch {
    throw new ApiError("The server cannot be reached. Check your connection and try again.", "NETWORK");
  }
  if (!response.ok) {
    const body = (await response.json().catch(() => ({}))) as { error?: { code?: string; message?: string } };
    throw new ApiError(
      body.error?.message ?? `The export failed (HTTP ${response.status}).`,
      body.error?.code ?? "EXPORT_FAILED",
    );
  }
  const blob = await response.blob();
  const disposition = response.headers.get("content-disposition") ?? "";
  const name = /filename="([^"]+)"/.exec(disposition)?.[1] ?? "audit.csv";
  const url = URL.createObjectURL(blob);
  const link = document.createElement("a");
  link.href = url;
  link.download = name;
  document.body.appendChild(link);
  link.click();
  link.remove();
  URL.revokeObjectURL(url);
}

interface AuditRow {
  id: string;
  at: string;
  actor: string | null;
  actorRoles: string[];
  action: string;
  result: string;
  error: string | null;
  detail: unknown;
  ip: string | null;
}

const PAGE = 50;

export default function AuditPage(_: { params: Record<string, string> }) {
  const { t } = useI18n();
  const names = useMemberNames();
  const [form, setForm] = useState<FormState>(EMPTY);
  const [errors, setErrors] = useState<Partial<Record<keyof FormState, string>>>({});
  const [filter, setFilter] = useState<AuditFilter>({});
  const pages = usePages();
  const [exporting, setExporting] = useState(false);
  const [exportError, setExportError] = useState<ApiError | null>(null);
  const state = useQuery<{
    auditLog: {
      totalCount: number;
      pageInfo: { hasNextPage: boolean; endCursor: string | null };
      edges: { node: AuditRow }[];
    };
  }>(
    `query($f: AuditFilter, $first: Int, $after: String) { auditLog(filter: $f, first: $first, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { node { id at actor actorRoles action result error detail ip } } } }`,
    { f: filter, first: PAGE, after: pages.after },
  );

  const apply = (e: FormEvent) => {
    e.preventDefault();
    const checked = auditFilterOf(form);
    if ("errors" in checked) {
      setErrors(checked.errors);
      return;
    }
    setErrors({});
    setFilter(checked.filter);
    pages.reset();
  };
  const field = (key: keyof FormState, type = "text") => ({
    name: key,
    type,
    value: form[key],
    error: errors[key] ? t(errors[key]!) : null,
    onChange: (e: { target: { value: string } }) => setForm((f) => ({ ...f, [key]: e.target.value })),
  });

  return (
    <Page
      title={t("regulator.audit.title")}
      actions={
        <button
          type="button"
          className="secondary"
          disabled={exporting}
          onClick={async () => {
            setExporting(true);
            setExportError(null);
            try {
              await downloadAuditCsv(filter);
            } catch (error) {
              setExportError(error instanceof ApiError ? error : new ApiError(String(error), "EXPORT_FAILED"));
            } finally {
              setExporting(false);
            }
          }}
        >
          {exporting ? t("regulator.audit.exporting") : t("regulator.audit.export")}
        </button>
      }
    >
      {exportError ? <ErrorNote error={exportError} /> : null}
      <form className="card" onSubmit={apply} noValidate aria-label={t("regulator.audit.filters")}>
        <div className="form-row">
          <TextInput label={t("regulator.audit.actor")} placeholder="0x…" autoComplete="off" {...field("actor")} />
          <TextInput label={t("regulator.audit.action")} autoComplete="off" {...field("action")} />
          <TextInput label={t("regulator.audit.result")} placeholder="OK" autoComplete="off" {...field("result")} />
          <TextInput label={t("regulator.audit.from")} {...field("from", "date")} />
          <TextInput label={t("regulator.audit.to")} {...field("to", "date")} />
        </div>
        <div className="actions">
          <button type="submit">{t("regulator.audit.apply")}</button>
          <button
            type="button"
            className="secondary"
            onClick={() => {
              setForm(EMPTY);
              setErrors({});
              setFilter({});
              pages.reset();
            }}
          >
            {t("regulator.audit.clear")}
          </button>
        </div>
      </form>
      <QueryView state={state}>
        {(d) => (
          <>
            <p className="muted" data-testid="audit-count">
              {t("regulator.audit.count", { count: d.auditLog.totalCount })}
            </p>
            <div data-testid="audit-log">
              <DataTable
                rows={d.auditLog.edges.map((e) => e.node)}
                rowKey={(r) => r.id}
                empty={t("regulator.audit.none")}
                columns={[
                  { key: "id", header: "#", render: (r) => <span data-testid={`audit-row-${r.id}`}>{r.id}</span> },
                  { key: "at", header: t("regulator.audit.at"), render: (r) => <DateText value={r.at} time /> },
                  {
                    key: "actor",
                    header: t("regulator.audit.actor"),
                    render: (r) => (
                      <>
                        <Party address={r.actor} names={names} />{" "}
                        <small className="muted">{r.actorRoles.map((role) => t(`role.${role}`)).join(", ")}</small>
                      </>
                    ),
                  },
                  { key: "action", header: t("regulator.audit.action"), render: (r) => <code>{r.action}</code> },
                  {
                    key: "result",
                    header: t("regulator.audit.result"),
                    render: (r) => (
                      <>
                        <StatusBadge status={r.result} />
                        {r.error ? <small> {r.error}</small> : null}
                      </>
                    ),
                  },
                  {
                    key: "detail",
                    header: t("regulator.audit.detail"),
                    render: (r) => {
                      const text = JSON.stringify(r.detail);
                      return <small title={text}>{text.length > 120 ? `${text.slice(0, 119)}…` : text}</small>;
                    },
                  },
                ]}
              />
            </div>
            <Pager pages={pages} pageInfo={d.auditLog.pageInfo} totalCount={d.auditLog.totalCount} pageSize={PAGE} />
          </>
        )}
      </QueryView>
    </Page>
  );
}
