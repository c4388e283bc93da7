/**
 * One application in the bank's review: its details and quote, the risk summary (every factor
 * explained), the supporting documents (decrypted in the browser), and the bank's steps as its state
 * allows: start the review, approve with terms or reject with a reason; once the applicant has made
 * the on-chain offer to it, accept and fund it, or decline it with a reason that goes on chain.
 */
import { useState, type FormEvent } from "react";
import { Link } from "../../app/router";
import { parseAmount, useI18n } from "../../i18n";
import { useChainNow } from "../../lib/chain-time";
import { openDocument } from "../../lib/documents";
import { ApiError, gql, invalidate, useQuery } from "../../lib/graphql";
import { useSession } from "../../lib/session";
import { TX_FIELDS, useTransactions } from "../../lib/tx";
import {
  Amount,
  Card,
  DataTable,
  DateText,
  ErrorNote,
  Field,
  Page,
  QueryView,
  StatusBadge,
  TextInput,
  TxButton,
  TxProgress,
} from "../../ui";
import {
  bpsProblem,
  MAX_DECLINE_BYTES,
  MAX_RATE_BPS,
  MAX_REJECT_CHARS,
  MemberName,
  openInNewTab,
  reasonProblem,
  useMembers,
  useProblemText,
} from "./components";
import {
  APPLICATION_DETAIL_FIELDS,
  PENDING_FINANCING,
  type ApplicationDetail,
  type Decision,
  type Quote,
  type RemainingLimit,
} from "./model";
import { sameAddress } from "../../lib/address";

const APPLICATION = `query($id: ID!) { application(id: $id) { ${APPLICATION_DETAIL_FIELDS} } }`;
/** Application statuses in which an addressed bank may still decide. */
const DECIDABLE = ["SUBMITTED", "UNDER_REVIEW", "APPROVED"];

export default function ApplicationPage({ params }: { params: Record<string, string> }) {
  const { t } = useI18n();
  const state = useQuery<{ application: ApplicationDetail }>(APPLICATION, { id: params.id });
  return (
    <Page title={t("bank.app.title", { id: params.id })}>
      <p>
        <Link to="/bank/queue">{t("bank.app.back")}</Link>
      </p>
      <QueryView state={state}>{({ application }) => <Review app={application} />}</QueryView>
    </Page>
  );
}

function Review({ app }: { app: ApplicationDetail }) {
  const { t, percentBps } = useI18n();
  const session = useSession();
  const members = useMembers();
  const me = session.viewer!.address;
  const mine = app.decisions.find((d) => sameAddress(d.bank, me));
  const isBank = session.hasRole("BANK");
  const now = useChainNow() ?? Date.now();
  const open = DECIDABLE.includes(app.status) && Date.parse(app.expiresAt) > now;
  const canDecide = isBank && open && !!mine && (mine.status === "PENDING" || mine.status === "UNDER_REVIEW");
  const liveOffer =
    isBank &&
    app.status === "APPROVED" &&
    mine?.status === "APPROVED" &&
    mine.financingId !== null &&
    PENDING_FINANCING.includes(mine.financingStatus ?? "");

  return (
    <>
      <div className="grid">
        <Card title={t("bank.app.details")}>
          <dl className="details" data-testid="application-details">
            <dt>{t("bank.app.applicant")}</dt>
            <dd>
              <MemberName address={app.applicant} members={members.byAddress} />
            </dd>
            <dt>{t("bank.app.product")}</dt>
            <dd>{t(`bank.product.${app.product}`)}</dd>
            <dt>{t("bank.app.asset")}</dt>
            <dd>{t(`bank.asset.${app.assetType}`, { id: app.assetId })}</dd>
            <dt>{t("common.status")}</dt>
            <dd>
              <StatusBadge status={app.status} />
            </dd>
            {app.amount ? (
              <>
                <dt>{t("bank.app.amountAsked")}</dt>
                <dd>
                  <Amount value={app.amount} />
                </dd>
              </>
            ) : null}
            {app.minAdvanceBps !== null ? (
              <>
                <dt>{t("bank.app.minAdvance")}</dt>
                <dd>{percentBps(app.minAdvanceBps)}</dd>
              </>
            ) : null}
            <dt>{app.product === "FACTORING" ? t("bank.app.maxDiscount") : t("bank.app.maxRate")}</dt>
            <dd>{percentBps(app.maxRateBps)}</dd>
            {app.product === "FACTORING" ? (
              <>
                <dt>{t("bank.app.recourse")}</dt>
                <dd>{app.recourseAccepted ? t("bank.yes") : t("bank.no")}</dd>
              </>
            ) : null}
            {app.tenorDays !== null ? (
              <>
                <dt>{t("bank.app.tenor")}</dt>
                <dd>
                  {app.tenorDays} {t("bank.days")}
                </dd>
              </>
            ) : null}
            <dt>{t("bank.app.submitted")}</dt>
            <dd>
              <DateText value={app.submittedAt} time />
            </dd>
            <dt>{t("bank.app.expires")}</dt>
            <dd>
              <DateText value={app.expiresAt} time />
            </dd>
          </dl>
          {app.quote ? <QuoteView title={t("bank.app.quote")} quote={app.quote} /> : null}
        </Card>
        <RiskCard app={app} />
      </div>
      <Documents ids={app.documentIds} />
      <Card title={t("bank.app.decision")}>
        {mine ? <DecisionView decision={mine} /> : <p className="muted">{t("bank.app.notAddressed")}</p>}
        {canDecide && mine.status === "PENDING" ? <StartReview id={app.id} /> : null}
        {canDecide ? (
          <div className="grid">
            <ApproveForm app={app} />
            <RejectForm id={app.id} />
          </div>
        ) : null}
        {liveOffer ? (
          <div className="grid" data-testid="offer-actions">
            <div>
              <p>{t("bank.app.offerLive", { id: mine.financingId!, status: mine.financingStatus! })}</p>
              <TxButton
                label={t("bank.app.accept")}
                prepare={() =>
                  gql(`mutation($id: ID!) { acceptanceTransactions(id: $id) { ${TX_FIELDS} } }`, { id: app.id }).then(
                    (d) => d.acceptanceTransactions,
                  )
                }
              />
            </div>
            <DeclineForm id={app.id} />
          </div>
        ) : null}
        {app.financing ? (
          <p>
            <Link to="/bank/financings">
              {t("bank.app.financingLink", {
                product: t(`bank.fin.product.${app.financing.product}`),
                id: app.financing.id,
              })}
            </Link>
          </p>
        ) : null}
        {isBank && app.status === "APPROVED" && mine?.status === "APPROVED" && !liveOffer ? (
          <p className="muted">{t("bank.app.waitingOffer")}</p>
        ) : null}
      </Card>
      <Card title={t("bank.app.history")}>
        <DataTable
          rows={app.history}
          rowKey={(h) => `${h.at}-${h.toStatus}-${h.bank ?? ""}-${h.actor}`}
          columns={[
            { key: "at", header: t("common.date"), render: (h) => <DateText value={h.at} time /> },
            {
              key: "actor",
              header: t("bank.app.actor"),
              render: (h) =>
                h.actor === "system" ? (
                  t("bank.app.system")
                ) : (
                  <MemberName address={h.actor} members={members.byAddress} />
                ),
            },
            {
              key: "to",
              header: t("common.status"),
              render: (h) => (
                <>
                  {h.fromStatus ? <StatusBadge status={h.fromStatus} /> : null} → <StatusBadge status={h.toStatus} />
                </>
              ),
            },
            { key: "note", header: t("bank.app.note"), render: (h) => h.note ?? "" },
          ]}
        />
      </Card>
    </>
  );
}

function QuoteView({ title, quote }: { title: string; quote: Quote }) {
  const { t, percentBps } = useI18n();
  return (
    <>
      <h3>{title}</h3>
      <dl className="details">
        <dt>{t("bank.quote.base")}</dt>
        <dd>
          <Amount value={quote.base} />
        </dd>
        <dt>{t("bank.quote.advance")}</dt>
        <dd>
          <Amount value={quote.advance} />
          {quote.advanceBps !== null ? ` (${percentBps(quote.advanceBps)})` : null}
        </dd>
        <dt>{t("bank.quote.rate")}</dt>
        <dd>
          {percentBps(quote.rateBps)} · {quote.days} {t("bank.days")}
        </dd>
        <dt>{quote.discount !== null ? t("bank.quote.discount") : t("bank.quote.interest")}</dt>
        <dd>
          <Amount value={quote.discount ?? quote.interest} />
        </dd>
        <dt>{t("bank.quote.proceeds")}</dt>
        <dd>
          <Amount value={quote.proceeds} />
        </dd>
        <dt>{t("bank.quote.repayment")}</dt>
        <dd>
          <Amount value={quote.repayment} />
        </dd>
      </dl>
    </>
  );
}

function LimitLine({ label, limit }: { label: string; limit: RemainingLimit | null }) {
  const { t } = useI18n();
  if (!limit) return null;
  return (
    <>
      <dt>{label}</dt>
      <dd>
        {limit.exists ? (
          <>
            <Amount value={limit.remaining} /> {t("bank.limit.of")} <Amount value={limit.limit} /> (
            {t("bank.limit.usedShort")} <Amount value={limit.used} />)
          </>
        ) : (
          <span className="badge badge-rejected">{t("bank.limit.none")}</span>
        )}
      </dd>
    </>
  );
}

function RiskCard({ app }: { app: ApplicationDetail }) {
  const { t, percentBps } = useI18n();
  const risk = app.riskSummary;
  return (
    <Card title={t("bank.app.risk")}>
      {!risk ? (
        <p className="muted">{t("bank.app.noRisk")}</p>
      ) : (
        <>
          <p data-testid="asset-description">
            {risk.assetDescription}
            {risk.assetStatus ? (
              <>
                {" "}
                <StatusBadge status={risk.assetStatus} />
              </>
            ) : null}
          </p>
          <dl className="details">
            <LimitLine label={t("bank.limit.obligor")} limit={risk.obligorLimit} />
            <LimitLine label={t("bank.limit.borrower")} limit={risk.borrowerLimit} />
            <dt>{t("bank.app.concentration")}</dt>
            <dd>{percentBps(risk.concentration.shareBps)}</dd>
          </dl>
          <DataTable
            rows={risk.factors}
            rowKey={(f) => f.name}
            caption={t("bank.app.factors")}
            columns={[
              { key: "name", header: t("bank.factor.name"), render: (f) => f.name },
              { key: "value", header: t("bank.factor.value"), render: (f) => <strong>{f.value}</strong> },
              { key: "why", header: t("bank.factor.explanation"), render: (f) => f.explanation },
            ]}
          />
        </>
      )}
    </Card>
  );
}

function Documents({ ids }: { ids: string[] }) {
  const { t } = useI18n();
  const session = useSession();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  return (
    <Card title={t("bank.app.documents")}>
      {ids.length === 0 ? (
        <p className="muted">{t("bank.app.noDocuments")}</p>
      ) : (
        <ul className="documents">
          {ids.map((id, i) => (
            <li key={id}>
              <button
                type="button"
                className="secondary"
                disabled={busy !== null}
                onClick={async () => {
                  setError(null);
                  setBusy(id);
                  try {
                    await openInNewTab(() => openDocument(session, id));
                  } catch (e) {
                    setError((e as Error).message);
                  } finally {
                    setBusy(null);
                  }
                }}
              >
                {t("bank.app.openDocument", { n: i + 1 })}
              </button>{" "}
              <code>{id}</code>
            </li>
          ))}
        </ul>
      )}
      {error ? <ErrorNote error={error} /> : null}
    </Card>
  );
}

function DecisionView({ decision }: { decision: Decision }) {
  const { t, percentBps } = useI18n();
  return (
    <dl className="details" data-testid="my-decision">
      <dt>{t("bank.app.myDecision")}</dt>
      <dd>
        <StatusBadge status={decision.status} />
      </dd>
      {decision.advanceBps !== null ? (
        <>
          <dt>{t("bank.terms.advance")}</dt>
          <dd>{percentBps(decision.advanceBps)}</dd>
        </>
      ) : null}
      {decision.rateBps !== null ? (
        <>
          <dt>{t("bank.terms.rate")}</dt>
          <dd>{percentBps(decision.rateBps)}</dd>
        </>
      ) : null}
      {decision.ltvBps !== null ? (
        <>
          <dt>{t("bank.terms.ltv")}</dt>
          <dd>{percentBps(decision.ltvBps)}</dd>
        </>
      ) : null}
      {decision.amount !== null ? (
        <>
          <dt>{t("bank.terms.amount")}</dt>
          <dd>
            <Amount value={decision.amount} />
          </dd>
        </>
      ) : null}
      {decision.withRecourse !== null ? (
        <>
          <dt>{t("bank.terms.recourse")}</dt>
          <dd>{decision.withRecourse ? t("bank.yes") : t("bank.no")}</dd>
        </>
      ) : null}
      {decision.reason ? (
        <>
          <dt>{t("bank.app.reason")}</dt>
          <dd>{decision.reason}</dd>
        </>
      ) : null}
      {decision.quote ? (
        <>
          <dt>{t("bank.app.approvedQuote")}</dt>
          <dd>
            <Amount value={decision.quote.proceeds} /> → <Amount value={decision.quote.repayment} />
          </dd>
        </>
      ) : null}
      {decision.financingId !== null ? (
        <>
          <dt>{t("bank.app.onChain")}</dt>
          <dd>
            #{decision.financingId} <StatusBadge status={decision.financingStatus ?? ""} />
          </dd>
        </>
      ) : null}
    </dl>
  );
}

/** Runs a plain (off-chain) mutation: its error in words, and every query reloads after it. */
function useMutation() {
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const run = async (query: string, variables: Record<string, unknown>) => {
    setError(null);
    setBusy(true);
    try {
      await gql(query, variables);
      invalidate();
      return true;
    } catch (e) {
      setError(e instanceof ApiError ? e : new ApiError((e as Error).message, "ERROR"));
      return false;
    } finally {
      setBusy(false);
    }
  };
  return { error, busy, run };
}

function StartReview({ id }: { id: string }) {
  const { t } = useI18n();
  const m = useMutation();
  return (
    <div className="tx-action">
      <button
        type="button"
        className="secondary"
        disabled={m.busy}
        onClick={() => void m.run(`mutation($id: ID!) { openApplication(id: $id) { id status } }`, { id })}
      >
        {t("bank.app.startReview")}
      </button>
      {m.error ? <ErrorNote error={m.error} /> : null}
    </div>
  );
}

type Problem = { key: string; params?: Record<string, string | number> } | null;

function ApproveForm({ app }: { app: ApplicationDetail }) {
  const { t, percentBps, amount: formatted } = useI18n();
  const text = useProblemText();
  const m = useMutation();
  const factoring = app.product === "FACTORING";
  const receipt = app.product === "RECEIPT_LOAN";
  const [advance, setAdvance] = useState(app.minAdvanceBps !== null ? String(app.minAdvanceBps) : "");
  const [rate, setRate] = useState(String(app.maxRateBps));
  const [ltv, setLtv] = useState("");
  const [recourse, setRecourse] = useState(false);
  const [amount, setAmount] = useState("");
  const [errors, setErrors] = useState<Record<string, string | null>>({});
  const asked = app.amount !== null ? BigInt(app.amount) : null;

  const lent = amount.trim() === "" ? null : parseAmount(amount);
  const check = (): Record<string, Problem> => ({
    advance: receipt ? null : bpsProblem(advance, app.minAdvanceBps ?? 1, 10_000),
    rate: bpsProblem(rate, 0, Math.min(app.maxRateBps, MAX_RATE_BPS)),
    ltv: receipt ? bpsProblem(ltv, 1, 10_000) : null,
    amount:
      !receipt || amount.trim() === ""
        ? null
        : lent === null
          ? { key: "common.amountInvalid" }
          : lent <= 0n || (asked !== null && lent > asked)
            ? { key: "bank.terms.amountRange", params: { max: asked === null ? "—" : formatted(asked) } }
            : null,
  });

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const problems = check();
    setErrors(Object.fromEntries(Object.entries(problems).map(([k, p]) => [k, text(p)])));
    if (Object.values(problems).some(Boolean)) return;
    const terms: Record<string, unknown> = factoring
      ? { advanceBps: Number(advance), discountBps: Number(rate), withRecourse: recourse }
      : receipt
        ? { ltvBps: Number(ltv), rateBps: Number(rate), ...(lent !== null ? { amount: lent.toString() } : {}) }
        : { advanceBps: Number(advance), rateBps: Number(rate) };
    await m.run(
      `mutation($id: ID!, $terms: ApprovalTermsInput!) { approveApplication(id: $id, terms: $terms) { id status } }`,
      { id: app.id, terms },
    );
  };

  const hint = (value: string) => (/^\d+$/.test(value.trim()) ? `= ${percentBps(Number(value))}` : undefined);
  return (
    <form onSubmit={submit} noValidate aria-label={t("bank.approve.title")} data-testid="approve-form">
      <h3>{t("bank.approve.title")}</h3>
      {!receipt ? (
        <TextInput
          label={t("bank.terms.advanceBps", { min: app.minAdvanceBps ?? 1 })}
          name="advanceBps"
          inputMode="numeric"
          value={advance}
          hint={hint(advance)}
          error={errors.advance}
          onChange={(e) => setAdvance(e.target.value)}
        />
      ) : null}
      <TextInput
        label={
          factoring
            ? t("bank.terms.discountBps", { max: app.maxRateBps })
            : t("bank.terms.rateBps", { max: Math.min(app.maxRateBps, MAX_RATE_BPS) })
        }
        name="rateBps"
        inputMode="numeric"
        value={rate}
        hint={hint(rate)}
        error={errors.rate}
        onChange={(e) => setRate(e.target.value)}
      />
      {receipt ? (
        <>
          <TextInput
            label={t("bank.terms.ltvBps")}
            name="ltvBps"
            inputMode="numeric"
            value={ltv}
            hint={hint(ltv)}
            error={errors.ltv}
            onChange={(e) => setLtv(e.target.value)}
          />
          <TextInput
            label={t("bank.terms.amountLent")}
            name="amount"
            inputMode="decimal"
            autoComplete="off"
            value={amount}
            hint={asked !== null ? t("bank.terms.amountHint", { asked: formatted(asked) }) : undefined}
            error={errors.amount}
            onChange={(e) => setAmount(e.target.value)}
          />
        </>
      ) : null}
      {factoring && app.recourseAccepted ? (
        <Field label={t("bank.terms.withRecourse")}>
          {(id) => <input id={id} type="checkbox" checked={recourse} onChange={(e) => setRecourse(e.target.checked)} />}
        </Field>
      ) : null}
      <button type="submit" className="primary" disabled={m.busy}>
        {t("bank.approve.submit")}
      </button>
      {m.error ? <ErrorNote error={m.error} /> : null}
    </form>
  );
}

function RejectForm({ id }: { id: string }) {
  const { t } = useI18n();
  const text = useProblemText();
  const m = useMutation();
  const [reason, setReason] = useState("");
  const [error, setError] = useState<string | null>(null);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const problem = text(reasonProblem(reason, { maxChars: MAX_REJECT_CHARS }));
    setError(problem);
    if (problem) return;
    if (
      await m.run(
        `mutation($id: ID!, $reason: String!) { rejectApplication(id: $id, reason: $reason) { id status } }`,
        {
          id,
          reason: reason.trim(),
        },
      )
    )
      setReason("");
  };
  return (
    <form onSubmit={submit} noValidate aria-label={t("bank.reject.title")} data-testid="reject-form">
      <h3>{t("bank.reject.title")}</h3>
      <Field label={t("bank.reject.reason", { max: MAX_REJECT_CHARS })} error={error}>
        {(fid) => (
          <textarea
            id={fid}
            name="reason"
            rows={3}
            value={reason}
            aria-invalid={!!error}
            onChange={(e) => setReason(e.target.value)}
          />
        )}
      </Field>
      <button type="submit" className="danger" disabled={m.busy}>
        {t("bank.reject.submit")}
      </button>
      {m.error ? <ErrorNote error={m.error} /> : null}
    </form>
  );
}

function DeclineForm({ id }: { id: string }) {
  const { t } = useI18n();
  const text = useProblemText();
  const { progress, run, busy } = useTransactions();
  const [reason, setReason] = useState("");
  const [error, setError] = useState<string | null>(null);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const problem = text(reasonProblem(reason, { maxBytes: MAX_DECLINE_BYTES }));
    setError(problem);
    if (problem) return;
    await run(() =>
      gql(`mutation($id: ID!, $reason: String!) { declineTransactions(id: $id, reason: $reason) { ${TX_FIELDS} } }`, {
        id,
        reason: reason.trim(),
      }).then((d) => d.declineTransactions),
    );
  };
  return (
    <form onSubmit={submit} noValidate aria-label={t("bank.decline.title")} data-testid="decline-form">
      <TextInput
        label={t("bank.decline.reason", { max: MAX_DECLINE_BYTES })}
        name="declineReason"
        value={reason}
        error={error}
        onChange={(e) => setReason(e.target.value)}
      />
      <button type="submit" className="danger" disabled={busy}>
        {t("bank.decline.submit")}
      </button>
      <TxProgress progress={progress} />
    </form>
  );
}
