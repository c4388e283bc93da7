/**
 * The bank's home: its open book (bankPortfolio) in figures, and charts of the outstanding by obligor
 * (or borrower), the maturity ladder, what is overdue, and each counterparty's exposure against its
 * credit limit.
 */
import { useI18n } from "../../i18n";
import { useQuery } from "../../lib/graphql";
import { useSession } from "../../lib/session";
import { Link } from "../../app/router";
import { BarChart, Card, Page, QueryView, Stats, type Bar } from "../../ui";

interface Figure {
  count: number;
  outstanding: string;
}
interface ExposureRow {
  counterparty: string;
  counterpartyMember: { orgId: string } | null;
  kind: "Obligor" | "Borrower";
  limit: string | null;
  used: string | null;
  remaining: string | null;
  outstanding: string;
  count: number;
}
interface LadderBucket {
  key: string;
  count: number;
  outstanding: string;
}
interface OverdueRow {
  counterparty: string;
  counterpartyMember: { orgId: string } | null;
  outstanding: string;
}
interface Portfolio {
  asOf: string;
  maturingWithinDays: number;
  open: Figure;
  maturing: Figure;
  overdue: Figure;
  exposures: ExposureRow[];
  /** Buckets of due dates, computed by the server (overdue, 0–30 days, 31–90, 91–180, later). */
  maturityLadder: LadderBucket[];
  /** Overdue open financings per obligor (or borrower), largest first. */
  overdueByCounterparty: OverdueRow[];
}

const PORTFOLIO = `query($bank: String!) { bankPortfolio(bank: $bank, maturingWithinDays: 30) {
  asOf maturingWithinDays open { count outstanding } maturing { count outstanding } overdue { count outstanding }
  exposures { counterparty counterpartyMember { orgId } kind limit used remaining outstanding count }
  maturityLadder { key count outstanding }
  overdueByCounterparty { counterparty counterpartyMember { orgId } outstanding } } }`;

/** Label of each maturity ladder bucket, by the server's key. */
const LADDER_LABELS: Record<string, string> = {
  overdue: "bank.ladder.overdue",
  d30: "bank.ladder.d30",
  d90: "bank.ladder.d90",
  d180: "bank.ladder.d180",
  later: "bank.ladder.later",
};

function short(address: string): string {
  return `${address.slice(0, 6)}…${address.slice(-4)}`;
}

export default function PortfolioPage() {
  const { t, amount, dateTime } = useI18n();
  const session = useSession();
  const bank = session.viewer!.address;
  const portfolio = useQuery<{ bankPortfolio: Portfolio }>(PORTFOLIO, { bank });
  const format = (v: bigint | number) => amount(BigInt(v));

  return (
    <Page title={t("bank.portfolio.title")}>
      <QueryView state={portfolio}>
        {({ bankPortfolio: p }) => {
          const name = (c: { counterparty: string; counterpartyMember: { orgId: string } | null }) =>
            c.counterpartyMember?.orgId ?? short(c.counterparty);
          const byObligor: Bar[] = p.exposures.map((e) => ({
            label: `${name(e)} (${t(`bank.kind.${e.kind}`)})`,
            value: BigInt(e.outstanding),
          }));
          const againstLimits: Bar[] = p.exposures.map((e) => {
            const used = BigInt(e.used ?? e.outstanding);
            const limit = e.limit === null ? null : BigInt(e.limit);
            return {
              label: `${name(e)} (${t(`bank.kind.${e.kind}`)})`,
              value: used,
              limit: limit ?? undefined,
              tone: limit === null || used > limit ? "bad" : used * 10n > limit * 8n ? "warn" : undefined,
            };
          });
          const ladderBars: Bar[] = p.maturityLadder.map((b) => ({
            label: t(LADDER_LABELS[b.key] ?? b.key),
            value: BigInt(b.outstanding),
            tone: b.key === "overdue" && BigInt(b.outstanding) > 0n ? "bad" : undefined,
          }));
          const overdueBars: Bar[] = p.overdueByCounterparty.map((o) => ({
            label: name(o),
            value: BigInt(o.outstanding),
            tone: "bad",
          }));
          return (
            <>
              <Stats
                items={[
                  { label: t("bank.portfolio.open"), value: `${amount(p.open.outstanding)} · ${p.open.count}` },
                  {
                    label: t("bank.portfolio.maturing", { days: p.maturingWithinDays }),
                    value: `${amount(p.maturing.outstanding)} · ${p.maturing.count}`,
                    tone: p.maturing.count > 0 ? "warn" : undefined,
                  },
                  {
                    label: t("bank.portfolio.overdue"),
                    value: `${amount(p.overdue.outstanding)} · ${p.overdue.count}`,
                    tone: p.overdue.count > 0 ? "bad" : undefined,
                  },
                  { label: t("bank.portfolio.counterparties"), value: String(p.exposures.length) },
                ]}
              />
              <p className="muted">{t("bank.portfolio.asOf", { date: dateTime(p.asOf) })}</p>
              <div className="grid" data-testid="portfolio-charts">
                <Card title={t("bank.portfolio.byObligor")}>
                  <BarChart title={t("bank.portfolio.byObligor")} bars={byObligor} format={format} />
                </Card>
                <Card title={t("bank.portfolio.ladder")}>
                  {p.open.count === 0 ? (
                    <p className="state empty">{t("bank.portfolio.noOpen")}</p>
                  ) : (
                    <BarChart title={t("bank.portfolio.ladder")} bars={ladderBars} format={format} />
                  )}
                </Card>
                <Card title={t("bank.portfolio.overdueChart")}>
                  {overdueBars.length === 0 ? (
                    <p className="state empty">{t("bank.portfolio.noOverdue")}</p>
                  ) : (
                    <BarChart title={t("bank.portfolio.overdueChart")} bars={overdueBars} format={format} />
                  )}
                </Card>
                <Card
                  title={t("bank.portfolio.limits")}
                  actions={<Link to="/bank/limits">{t("bank.nav.limits")}</Link>}
                >
                  <BarChart title={t("bank.portfolio.limits")} bars={againstLimits} format={format} />
                  <p className="hint muted">{t("bank.portfolio.limitsHint")}</p>
                </Card>
              </div>
            </>
          );
        }}
      </QueryView>
    </Page>
  );
}
