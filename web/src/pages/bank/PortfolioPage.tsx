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
interface Portfolio {
  asOf: string;
  maturingWithinDays: number;
  open: Figure;
  maturing: Figure;
  overdue: Figure;
  exposures: ExposureRow[];
}
interface OpenFinancing {
  id: string;
  product: string;
  dueAt: string | null;
  outstanding: string;
  obligor: string | null;
  obligorMember: { orgId: string } | null;
  party: string;
  partyMember: { orgId: string } | null;
}

const PORTFOLIO = `query($bank: String!) { bankPortfolio(bank: $bank, maturingWithinDays: 30) {
  asOf maturingWithinDays open { count outstanding } maturing { count outstanding } overdue { count outstanding }
  exposures { counterparty counterpartyMember { orgId } kind limit used remaining outstanding count } } }`;
const OPEN_FINANCINGS = `query($bank: String!) { financings(first: 500, filter: { bank: $bank, open: true }) {
  edges { node { id product dueAt outstanding obligor obligorMember { orgId } party partyMember { orgId } } } } }`;

/** Maturity ladder buckets: upper bound in days from asOf (exclusive), the first being "overdue". */
const LADDER = [
  { key: "bank.ladder.overdue", max: 0 },
  { key: "bank.ladder.d30", max: 31 },
  { key: "bank.ladder.d90", max: 91 },
  { key: "bank.ladder.d180", max: 181 },
  { key: "bank.ladder.later", max: Infinity },
];
const DAY_MS = 86_400_000;

function short(address: string): string {
  return `${address.slice(0, 6)}…${address.slice(-4)}`;
}

/** The counterparty a financing counts against: its obligor, or the borrower when it has none. */
function counterpartyOf(f: OpenFinancing): string {
  if (f.obligor) return f.obligorMember?.orgId ?? short(f.obligor);
  return f.partyMember?.orgId ?? short(f.party);
}

export default function PortfolioPage() {
  const { t, amount, dateTime } = useI18n();
  const session = useSession();
  const bank = session.viewer!.address;
  const portfolio = useQuery<{ bankPortfolio: Portfolio }>(PORTFOLIO, { bank });
  const financings = useQuery<{ financings: { edges: { node: OpenFinancing }[] } }>(OPEN_FINANCINGS, { bank });
  const format = (v: bigint | number) => amount(BigInt(v));

  return (
    <Page title={t("bank.portfolio.title")}>
      <QueryView state={portfolio}>
        {({ bankPortfolio: p }) => {
          const asOf = Date.parse(p.asOf);
          const name = (e: ExposureRow) => e.counterpartyMember?.orgId ?? short(e.counterparty);
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
          const rows = financings.data?.financings.edges.map((e) => e.node) ?? [];
          const ladder = LADDER.map(() => 0n);
          const overdue = new Map<string, bigint>();
          for (const f of rows) {
            if (!f.dueAt) continue;
            const days = Math.floor((Date.parse(f.dueAt) - asOf) / DAY_MS);
            const due = Date.parse(f.dueAt) < asOf;
            const index = due ? 0 : LADDER.findIndex((b, i) => i > 0 && days < b.max);
            ladder[index] += BigInt(f.outstanding);
            if (due) overdue.set(counterpartyOf(f), (overdue.get(counterpartyOf(f)) ?? 0n) + BigInt(f.outstanding));
          }
          const ladderBars: Bar[] = LADDER.map((b, i) => ({
            label: t(b.key),
            value: ladder[i],
            tone: i === 0 && ladder[0] > 0n ? "bad" : undefined,
          }));
          const overdueBars: Bar[] = [...overdue.entries()]
            .sort((a, b) => (b[1] > a[1] ? 1 : b[1] < a[1] ? -1 : 0))
            .map(([label, value]) => ({ label, value, tone: "bad" }));
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
                  {financings.error && !financings.data ? (
                    <p role="alert">{financings.error.message}</p>
                  ) : rows.length === 0 ? (
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
