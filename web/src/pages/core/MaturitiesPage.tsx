/**
 * The core enterprise's maturity calendar: what it owes by week (weeks with overdue payables in red),
 * the payables to pay with "Pay" (the runner approves the settlement tokens, then pays the face in
 * full), and its cash beside them, with a warning when the cash does not cover what is due.
 */
import { useState } from "react";
import { useI18n } from "../../i18n";
import { useChainNow } from "../../lib/chain-time";
import { useQuery } from "../../lib/graphql";
import { useSession } from "../../lib/session";
import { useTransactions } from "../../lib/tx";
import {
  DataTable,
  Amount,
  BarChart,
  Card,
  DateText,
  Page,
  QueryView,
  SelectInput,
  Stats,
  StatusBadge,
  TxProgress,
  type Bar,
} from "../../ui";
import {
  BALANCES_QUERY,
  CALENDAR_QUERY,
  DAY_MS,
  isOverdue,
  PAYABLES_QUERY,
  payReceivable,
  totalsByCurrency,
  UNPAID,
  weekStart,
  type BalancesData,
  type CalendarData,
  type PayableRow,
  type PayablesData,
} from "./api";
import { Party } from "./components";

/** Weeks of the past the calendar shows (overdue payables), before the weeks ahead. */
const WEEKS_BEFORE = 4;
const HORIZONS = [13, 26, 52];

/**
 * "Pay" for one payable, when the cash covers it. The payment's progress shows above the table (the
 * row leaves the list once the payable is paid).
 */
function PayAction({
  payable,
  cash,
  busy,
  onPay,
}: {
  payable: PayableRow;
  cash: bigint;
  busy: boolean;
  onPay(id: string): void;
}) {
  const { t } = useI18n();
  const covered = cash >= BigInt(payable.face);
  return (
    <div className="row-actions">
      {covered ? (
        <button
          type="button"
          className="primary"
          disabled={busy}
          aria-label={t("core.mat.payAria", { id: payable.id })}
          onClick={() => onPay(payable.id)}
        >
          {t("core.mat.pay")}
        </button>
      ) : (
        <span className="muted" data-testid={`not-enough-${payable.id}`}>
          {t("core.mat.notEnough")}
        </span>
      )}
    </div>
  );
}

function Calendar({ address, weeks }: { address: string; weeks: number }) {
  const { t, date, amount } = useI18n();
  // The weeks start on Monday, some weeks before chain time (overdue payables).
  const now = useChainNow();
  const from = weekStart((now ?? Date.now()) - WEEKS_BEFORE * 7 * DAY_MS).toISOString();
  const to = new Date(Date.parse(from) + (WEEKS_BEFORE + weeks) * 7 * DAY_MS).toISOString();
  const state = useQuery<CalendarData>(CALENDAR_QUERY, { o: address, from, to }, { skip: now === null });
  return (
    <QueryView state={state} isEmpty={(d) => d.maturityCalendar.buckets.length === 0} empty={t("core.mat.noneInRange")}>
      {(data) => {
        const buckets = data.maturityCalendar.buckets;
        const several = new Set(buckets.map((b) => b.currency)).size > 1;
        const bars: Bar[] = buckets.map((b) => ({
          label: several ? `${date(b.start)} ${b.currency}` : date(b.start),
          value: BigInt(b.outstanding),
          tone: b.overdueCount > 0 ? "bad" : undefined,
        }));
        // One deployment settles in one currency; with several, each bar's label names its own.
        const currency = buckets[0]?.currency ?? "CNY";
        return (
          <>
            <BarChart title={t("core.mat.chart")} bars={bars} format={(v) => amount(v, currency)} />
            <p className="muted">{t("core.mat.chartNote")}</p>
            <DataTable
              testId="maturity-weeks"
              rows={buckets}
              rowKey={(b) => `${b.start}-${b.currency}`}
              rowTestId={(b) => `week-row-${b.start.slice(0, 10)}`}
              columns={[
                { key: "week", header: t("core.mat.week"), render: (b) => <DateText value={b.start} /> },
                { key: "count", header: t("core.mat.count"), align: "right", render: (b) => b.count },
                {
                  key: "face",
                  header: t("core.mat.face"),
                  align: "right",
                  render: (b) => <Amount value={b.face} currency={b.currency} />,
                },
                {
                  key: "paid",
                  header: t("core.mat.paid"),
                  align: "right",
                  render: (b) => <Amount value={b.paid} currency={b.currency} />,
                },
                {
                  key: "due",
                  header: t("core.mat.outstanding"),
                  align: "right",
                  render: (b) => <Amount value={b.outstanding} currency={b.currency} />,
                },
                {
                  key: "overdue",
                  header: t("core.mat.overdue"),
                  align: "right",
                  render: (b) => (b.overdueCount > 0 ? <strong>{b.overdueCount}</strong> : 0),
                },
              ]}
            />
          </>
        );
      }}
    </QueryView>
  );
}

export default function MaturitiesPage(_: { params: Record<string, string> }) {
  const { t, amount } = useI18n();
  const session = useSession();
  const address = session.viewer!.address;
  const canPay = session.hasRole("CORE_ENTERPRISE");
  const [weeks, setWeeks] = useState(HORIZONS[0]);
  const payables = useQuery<PayablesData>(PAYABLES_QUERY, { f: { obligor: address, status: UNPAID } });
  const balances = useQuery<BalancesData>(BALANCES_QUERY, { a: address });
  const payment = useTransactions();
  const [paying, setPaying] = useState<string | null>(null);
  const pay = (id: string) => {
    setPaying(id);
    void payment.run(() => payReceivable(id));
  };
  const now = useChainNow() ?? Date.now();

  return (
    <Page title={t("core.nav.maturities")}>
      <Card
        title={t("core.mat.calendar")}
        actions={
          <SelectInput
            label={t("core.mat.horizon")}
            value={String(weeks)}
            onChange={(e) => setWeeks(Number(e.target.value))}
            options={HORIZONS.map((w) => ({ value: String(w), label: t("core.mat.weeks", { weeks: w }) }))}
          />
        }
      >
        <Calendar address={address} weeks={weeks} />
      </Card>
      <Card title={t("core.mat.dueTitle")}>
        <QueryView state={payables}>
          {(data) => {
            const rows = data.receivables.edges.map((e) => e.node);
            const due = totalsByCurrency(rows, (r) => r.face);
            const cash = totalsByCurrency(
              balances.data?.tokenBalances.edges.map((e) => e.node) ?? [],
              (b) => b.balance,
            );
            const currencies = [...new Set([...due.keys(), ...(cash.size ? cash.keys() : ["CNY"])])];
            const short = [...due].filter(([currency, sum]) => (cash.get(currency) ?? 0n) < sum);
            const join = (m: Map<string, bigint>) =>
              currencies.map((c) => amount(m.get(c) ?? 0n, c)).join(" + ") || amount(0);
            return (
              <>
                <Stats
                  items={[
                    {
                      label: t("core.mat.cash"),
                      value: balances.error ? (
                        <span className="muted">{balances.error.message}</span>
                      ) : balances.data ? (
                        <span data-testid="cash-balance">{join(cash)}</span>
                      ) : (
                        "…"
                      ),
                      tone: balances.data && short.length > 0 ? "bad" : undefined,
                    },
                    { label: t("core.mat.totalDue"), value: <span data-testid="total-due">{join(due)}</span> },
                  ]}
                />
                {balances.data && short.length > 0 ? (
                  <div className="state error" role="alert" data-testid="cash-shortfall">
                    {t("core.mat.shortfall", {
                      cash: short.map(([c]) => amount(cash.get(c) ?? 0n, c)).join(" + "),
                      due: short.map(([c, sum]) => amount(sum, c)).join(" + "),
                    })}
                  </div>
                ) : null}
                <p className="muted">{t("core.mat.payHint")}</p>
                {paying !== null && payment.progress.phase !== "idle" ? (
                  <div data-testid="payment">
                    <p>{t("core.mat.paying", { id: paying })}</p>
                    <TxProgress progress={payment.progress} />
                  </div>
                ) : null}
                <DataTable
                  testId="payables-table"
                  rows={rows}
                  rowKey={(r) => r.id}
                  rowTestId={(r) => `payable-row-${r.id}`}
                  empty={t("core.mat.noPayables")}
                  columns={[
                    { key: "id", header: t("core.col.receivable"), render: (r) => `#${r.id}` },
                    {
                      key: "creditor",
                      header: t("core.col.creditor"),
                      render: (r) => <Party address={r.creditor} member={r.creditorMember} />,
                    },
                    {
                      key: "face",
                      header: t("common.amount"),
                      align: "right",
                      render: (r) => <Amount value={r.face} currency={r.currency} />,
                    },
                    {
                      key: "maturity",
                      header: t("core.col.maturity"),
                      render: (r) => <DateText value={r.maturity} />,
                    },
                    {
                      key: "status",
                      header: t("common.status"),
                      render: (r) => <StatusBadge status={isOverdue(r, now) ? "Overdue" : r.status} />,
                    },
                    ...(canPay && balances.data
                      ? [
                          {
                            key: "pay",
                            header: t("common.actions"),
                            render: (r: PayableRow) => (
                              <PayAction
                                payable={r}
                                cash={cash.get(r.currency) ?? 0n}
                                busy={payment.busy}
                                onPay={pay}
                              />
                            ),
                          },
                        ]
                      : []),
                  ]}
                />
              </>
            );
          }}
        </QueryView>
      </Card>
    </Page>
  );
}
