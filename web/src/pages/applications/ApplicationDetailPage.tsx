/**
 * One application, for its applicant: summary and bounds, the quote stored at submission, each bank's
 * decision (approved terms with their quote, or the rejection's reason), the timeline, the documents,
 * and what the applicant may do in the current state: submit a draft, accept an approved bank's offer
 * (the on-chain offer/request, executionTransactions), withdraw that live offer on chain, withdraw the
 * application before execution; once executed, the financing and the cash received.
 */
import { useState } from "react";
import { Link } from "../../app/router";
import { useI18n } from "../../i18n";
import { sameAddress } from "../../lib/address";
import { useChainNow } from "../../lib/chain-time";
import { openDocument } from "../../lib/documents";
import { ApiError, gql, invalidate, useQuery } from "../../lib/graphql";
import { TX_FIELDS } from "../../lib/tx";
import { useSession } from "../../lib/session";
import {
  AddressText,
  Amount,
  Card,
  DataTable,
  DateText,
  ErrorNote,
  Page,
  QueryView,
  StatusBadge,
  TextInput,
  TxButton,
} from "../../ui";
import {
  AppStatus,
  AssetText,
  FACTS_STYLE,
  LIVE_OFFER,
  QUOTE_FIELDS,
  QuoteFigures,
  useBanks,
  useProductLabel,
  type Application,
  type Decision,
} from "./components";

const DETAIL = `query($id: ID!) { application(id: $id) {
  id product applicant assetId assetType amount minAdvanceBps maxRateBps recourseAccepted tenorDays status
  createdAt submittedAt updatedAt expiresAt closedAt executedBank documentIds
  quote { ${QUOTE_FIELDS} }
  financing { id product }
  decisions { bank status decidedAt advanceBps rateBps ltvBps amount withRecourse reason financingId financingStatus
    quote { ${QUOTE_FIELDS} } }
  history { actor at bank fromStatus toStatus note }
} }`;

const WITHDRAWABLE = ["DRAFT", "SUBMITTED", "UNDER_REVIEW", "APPROVED"];

interface FinancingRow {
  id: string;
  product: string;
  status: string;
  price: string | null;
  principal: string | null;
  outstanding: string;
  dueAt: string | null;
  fundedAt: string | null;
}

export default function ApplicationDetailPage({ params }: { params: Record<string, string> }) {
  const { t } = useI18n();
  const id = params.id;
  const state = useQuery<{ application: Application }>(DETAIL, { id });
  return (
    <Page title={t("apps.detail.title", { id })} actions={<Link to="/applications">{t("apps.detail.back")}</Link>}>
      <QueryView state={state}>{(data) => <Detail app={data.application} />}</QueryView>
    </Page>
  );
}

function Detail({ app }: { app: Application }) {
  const { t, percentBps } = useI18n();
  const session = useSession();
  const productLabel = useProductLabel();
  const banks = useBanks();
  const mine = sameAddress(session.viewer!.address, app.applicant);
  const live = app.decisions.find((d) => d.financingId !== null && LIVE_OFFER.includes(d.financingStatus ?? ""));
  const now = useChainNow() ?? Date.now();
  const percent = (bps: number | null) => (bps === null ? "—" : percentBps(bps));
  const canAccept = (d: Decision) =>
    mine && app.status === "APPROVED" && d.status === "APPROVED" && !live && Date.parse(app.expiresAt) > now;

  return (
    <>
      <Card title={t("apps.detail.summary")}>
        <dl style={FACTS_STYLE} data-testid="application-summary">
          <dt>{t("common.status")}</dt>
          <dd data-testid="application-status">
            <AppStatus status={app.status} />
          </dd>
          <dt>{t("apps.col.product")}</dt>
          <dd>{productLabel(app.product)}</dd>
          <dt>{t("apps.col.asset")}</dt>
          <dd>
            <AssetText type={app.assetType} id={app.assetId} />
          </dd>
          {app.amount !== null ? (
            <>
              <dt>{t("apps.form.amount")}</dt>
              <dd>
                <Amount value={app.amount} />
              </dd>
            </>
          ) : null}
          <dt>{t("apps.detail.bounds")}</dt>
          <dd>
            {[
              app.minAdvanceBps !== null
                ? t("apps.detail.termsAdvance", { value: `≥ ${percent(app.minAdvanceBps)}` })
                : null,
              t("apps.detail.termsRate", { value: `≤ ${percent(app.maxRateBps)}` }),
              app.tenorDays !== null ? t("apps.detail.tenorDays", { days: app.tenorDays }) : null,
              app.recourseAccepted !== null
                ? `${t("apps.detail.recourse")}: ${app.recourseAccepted ? t("apps.detail.yes") : t("apps.detail.no")}`
                : null,
            ]
              .filter(Boolean)
              .join(" · ")}
          </dd>
          <dt>{t("apps.detail.created")}</dt>
          <dd>
            <DateText value={app.createdAt} time />
          </dd>
          <dt>{t("apps.detail.submitted")}</dt>
          <dd>
            <DateText value={app.submittedAt} time />
          </dd>
          <dt>{t("apps.detail.expires")}</dt>
          <dd>
            <DateText value={app.expiresAt} time />
          </dd>
        </dl>
        {mine ? <OwnActions app={app} liveBlocks={!!live} /> : null}
      </Card>

      {app.status === "EXECUTED" && app.financing ? (
        <FinancingCard financing={app.financing} bankName={app.executedBank ? banks.name(app.executedBank) : ""} />
      ) : null}

      <Card title={t("apps.detail.decisions")}>
        <div data-testid="decisions">
          <DataTable
            rows={app.decisions}
            rowKey={(d) => d.bank}
            columns={[
              {
                key: "bank",
                header: t("apps.detail.bank"),
                render: (d) => (
                  <span data-testid={`decision-row-${d.bank}`}>
                    <AddressText address={d.bank} name={banks.name(d.bank)} />
                  </span>
                ),
              },
              { key: "status", header: t("common.status"), render: (d) => <AppStatus status={d.status} /> },
              {
                key: "terms",
                header: t("apps.detail.terms"),
                render: (d) =>
                  d.status === "APPROVED" ? (
                    <>
                      {[
                        d.advanceBps !== null ? t("apps.detail.termsAdvance", { value: percent(d.advanceBps) }) : null,
                        d.rateBps !== null ? t("apps.detail.termsRate", { value: percent(d.rateBps) }) : null,
                        d.ltvBps !== null ? t("apps.detail.termsLtv", { value: percent(d.ltvBps) }) : null,
                        d.withRecourse === null
                          ? null
                          : d.withRecourse
                            ? t("apps.detail.termsRecourse")
                            : t("apps.detail.termsNoRecourse"),
                      ]
                        .filter(Boolean)
                        .join(" · ")}
                      {d.amount !== null ? (
                        <>
                          {" · "}
                          {t("apps.detail.termsAmount")} <Amount value={d.amount} />
                        </>
                      ) : null}
                      {d.quote ? (
                        <div>
                          <strong>
                            {t("apps.detail.netCash")} <Amount value={d.quote.proceeds} />
                          </strong>
                        </div>
                      ) : null}
                    </>
                  ) : (
                    <span className="muted">—</span>
                  ),
              },
              {
                key: "reason",
                header: t("apps.detail.reason"),
                render: (d) =>
                  d.status === "REJECTED" && d.reason ? (
                    <span data-testid={`decision-reason-${d.bank}`}>{d.reason}</span>
                  ) : (
                    <span className="muted">—</span>
                  ),
              },
              {
                key: "chain",
                header: t("apps.detail.onChain"),
                render: (d) =>
                  d.financingStatus ? (
                    <>
                      <StatusBadge status={d.financingStatus} /> <span className="muted">#{d.financingId}</span>
                    </>
                  ) : (
                    <span className="muted">—</span>
                  ),
              },
              {
                key: "actions",
                header: t("common.actions"),
                render: (d) => (
                  <>
                    {canAccept(d) ? (
                      <TxButton
                        label={t("apps.detail.accept", { bank: banks.name(d.bank) })}
                        prepare={() =>
                          gql(
                            `mutation($b: String!, $id: ID!) { executionTransactions(bank: $b, id: $id) { ${TX_FIELDS} } }`,
                            { b: d.bank, id: app.id },
                          ).then((r) => r.executionTransactions)
                        }
                      />
                    ) : null}
                    {mine && live === d ? (
                      <TxButton
                        variant="danger"
                        label={t("apps.detail.withdrawOffer", { bank: banks.name(d.bank) })}
                        prepare={() =>
                          gql(
                            `mutation($b: String!, $id: ID!) { offerWithdrawalTransactions(bank: $b, id: $id) { ${TX_FIELDS} } }`,
                            { b: d.bank, id: app.id },
                          ).then((r) => r.offerWithdrawalTransactions)
                        }
                      >
                        <p className="muted">
                          {t("apps.detail.liveOffer", { bank: banks.name(d.bank), id: d.financingId ?? "" })}
                        </p>
                      </TxButton>
                    ) : null}
                  </>
                ),
              },
            ]}
          />
        </div>
      </Card>

      <Card title={t("apps.detail.quoteTitle")}>
        {app.quote ? (
          <QuoteFigures quote={app.quote} testId="stored-quote" />
        ) : (
          <p className="muted">{t("apps.detail.noQuote")}</p>
        )}
      </Card>

      <Card title={t("apps.detail.history")}>
        {app.history.length === 0 ? (
          <p className="muted">{t("apps.detail.noHistory")}</p>
        ) : (
          <ol data-testid="application-history">
            {app.history.map((h, i) => (
              <li key={i}>
                <DateText value={h.at} time /> — {h.bank ? <>{banks.name(h.bank)}: </> : null}
                {h.fromStatus ? (
                  <>
                    <AppStatus status={h.fromStatus} /> →{" "}
                  </>
                ) : null}
                <AppStatus status={h.toStatus} />{" "}
                <span className="muted">
                  ({t("apps.detail.actor")}{" "}
                  {h.actor === "system"
                    ? t("apps.detail.system")
                    : sameAddress(h.actor, app.applicant)
                      ? t("apps.detail.applicant")
                      : banks.name(h.actor)}
                  )
                </span>
                {h.note ? <> — {h.note}</> : null}
              </li>
            ))}
          </ol>
        )}
      </Card>

      {app.documentIds.length > 0 ? <DocumentsCard ids={app.documentIds} /> : null}
    </>
  );
}

/** Submit (a draft) and withdraw (before execution, when no on-chain offer is live). */
function OwnActions({ app, liveBlocks }: { app: Application; liveBlocks: boolean }) {
  const { t } = useI18n();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [withdrawing, setWithdrawing] = useState(false);
  const [note, setNote] = useState("");

  async function call(query: string, variables: Record<string, unknown>) {
    setBusy(true);
    setError(null);
    try {
      await gql(query, variables);
      setWithdrawing(false);
      invalidate();
    } catch (e) {
      setError(e instanceof ApiError ? e : new ApiError(String(e), "ERROR"));
    } finally {
      setBusy(false);
    }
  }

  const canWithdraw = WITHDRAWABLE.includes(app.status) && !liveBlocks;
  if (app.status !== "DRAFT" && !canWithdraw) return null;
  return (
    <div className="actions" style={{ marginTop: 12 }}>
      {app.status === "DRAFT" ? (
        <button
          type="button"
          className="primary"
          disabled={busy}
          onClick={() => call(`mutation($id: ID!) { submitApplication(id: $id) { id status } }`, { id: app.id })}
        >
          {t("apps.detail.submit")}
        </button>
      ) : null}
      {canWithdraw && !withdrawing ? (
        <button type="button" className="secondary" disabled={busy} onClick={() => setWithdrawing(true)}>
          {t("apps.detail.withdraw")}
        </button>
      ) : null}
      {withdrawing ? (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            void call(`mutation($id: ID!, $n: String) { withdrawApplication(id: $id, note: $n) { id status } }`, {
              id: app.id,
              n: note.trim() === "" ? null : note.trim(),
            });
          }}
        >
          <TextInput
            label={t("apps.detail.withdrawNote")}
            name="note"
            maxLength={500}
            value={note}
            onChange={(e) => setNote(e.target.value)}
          />
          <button type="submit" className="danger" disabled={busy}>
            {t("apps.detail.withdrawConfirm")}
          </button>{" "}
          <button type="button" className="secondary" onClick={() => setWithdrawing(false)}>
            {t("common.cancel")}
          </button>
        </form>
      ) : null}
      {error ? <ErrorNote error={error} /> : null}
    </div>
  );
}

/** The financing that executed the application, and the cash the applicant received from it. */
function FinancingCard({ financing, bankName }: { financing: { id: string; product: string }; bankName: string }) {
  const { t } = useI18n();
  const state = useQuery<{ financing: FinancingRow | null }>(
    `query($id: ID!, $p: FinancingProduct!) { financing(id: $id, product: $p) {
      id product status price principal outstanding dueAt fundedAt } }`,
    { id: financing.id, p: financing.product },
  );
  return (
    <Card title={t("apps.detail.financing")}>
      <p>
        {t("apps.detail.financingRef", { product: financing.product, id: financing.id })}
        {bankName ? <> · {bankName}</> : null}
      </p>
      <QueryView state={state} isEmpty={(d) => !d.financing}>
        {(d) => {
          const f = d.financing!;
          return (
            <dl style={FACTS_STYLE} data-testid="financing">
              <dt>{t("apps.detail.financingStatus")}</dt>
              <dd>
                <StatusBadge status={f.status} />
              </dd>
              <dt>{t("apps.detail.cashReceived")}</dt>
              <dd data-testid="cash-received">
                <strong>
                  <Amount value={f.product === "FACTORING" ? f.price : f.principal} />
                </strong>
              </dd>
              <dt>{t("apps.detail.outstanding")}</dt>
              <dd>
                <Amount value={f.outstanding} />
              </dd>
              <dt>{t("apps.detail.fundedAt")}</dt>
              <dd>
                <DateText value={f.fundedAt} time />
              </dd>
              <dt>{t("apps.detail.dueAt")}</dt>
              <dd>
                <DateText value={f.dueAt} />
              </dd>
            </dl>
          );
        }}
      </QueryView>
    </Card>
  );
}

/** The application's supporting documents, each opened (decrypted) in a new tab. */
function DocumentsCard({ ids }: { ids: string[] }) {
  const { t } = useI18n();
  const session = useSession();
  const [error, setError] = useState<string | null>(null);
  return (
    <Card title={t("apps.detail.documents")}>
      <ul data-testid="application-documents">
        {ids.map((docId) => (
          <li key={docId}>
            <button
              type="button"
              className="link"
              onClick={() => {
                setError(null);
                openDocument(session, docId).then(
                  (blob) => window.open(URL.createObjectURL(blob), "_blank", "noopener"),
                  (e: Error) => setError(e.message),
                );
              }}
            >
              {t("apps.detail.openDocument", { id: docId })}
            </button>
          </li>
        ))}
      </ul>
      {error ? <ErrorNote error={error} /> : null}
    </Card>
  );
}
