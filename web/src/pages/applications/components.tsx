/**
 * Pieces shared by the application pages: the fields they select, status and product labels, the
 * quote as a list of figures, the directory of banks, and the parsing of percentages into basis points.
 */
import { useDirectory } from "../../lib/members";
import { useI18n } from "../../i18n";
import { Amount, DateText } from "../../ui";

export type Product = "FACTORING" | "ORDER_FINANCING" | "RECEIPT_LOAN";
export const PRODUCTS: Product[] = ["FACTORING", "ORDER_FINANCING", "RECEIPT_LOAN"];

/** Roles that may apply for each product (the backend's rule: order financing is for suppliers). */
export const APPLICANT_ROLES: Record<Product, string[]> = {
  FACTORING: ["SUPPLIER", "CORE_ENTERPRISE"],
  ORDER_FINANCING: ["SUPPLIER"],
  RECEIPT_LOAN: ["SUPPLIER", "CORE_ENTERPRISE"],
};

export interface Quote {
  product: Product;
  asOf: string;
  days: number;
  base: string;
  advance: string;
  advanceBps: number | null;
  rateBps: number;
  discount: string | null;
  interest: string | null;
  proceeds: string;
  repayment: string;
}

/** The fields of ApplicationQuote to select. */
export const QUOTE_FIELDS = "product asOf days base advance advanceBps rateBps discount interest proceeds repayment";

export interface Decision {
  bank: string;
  status: "PENDING" | "UNDER_REVIEW" | "APPROVED" | "REJECTED";
  decidedAt: string | null;
  advanceBps: number | null;
  rateBps: number | null;
  ltvBps: number | null;
  amount: string | null;
  withRecourse: boolean | null;
  reason: string | null;
  financingId: string | null;
  financingStatus: string | null;
  quote: Quote | null;
}

export interface HistoryEntry {
  actor: string;
  at: string;
  bank: string | null;
  fromStatus: string | null;
  toStatus: string;
  note: string | null;
}

export interface Application {
  id: string;
  product: Product;
  applicant: string;
  assetId: string;
  assetType: "part" | "order" | "receipt";
  amount: string | null;
  minAdvanceBps: number | null;
  maxRateBps: number;
  recourseAccepted: boolean | null;
  tenorDays: number | null;
  status: string;
  createdAt: string;
  submittedAt: string | null;
  updatedAt: string;
  expiresAt: string;
  closedAt: string | null;
  executedBank: string | null;
  documentIds: string[];
  quote: Quote | null;
  financing: { id: string; product: string } | null;
  decisions: Decision[];
  history: HistoryEntry[];
}

/** Statuses of a live on-chain offer (factoring) or request (loans), not yet funded by the bank. */
export const LIVE_OFFER = ["Offered", "Requested"];

/** An application status in words, as a badge. */
export function AppStatus({ status }: { status: string }) {
  const { t } = useI18n();
  const key = `apps.status.${status}`;
  const label = t(key);
  return <span className={`badge badge-${status.toLowerCase()}`}>{label === key ? status : label}</span>;
}

/** "Factoring", "订单融资", ... */
export function useProductLabel(): (product: string) => string {
  const { t } = useI18n();
  return (product) => {
    const key = `apps.product.${product}`;
    const label = t(key);
    return label === key ? product : label;
  };
}

/** "Receivable part #5", ... */
export function AssetText({ type, id }: { type: string; id: string }) {
  const { t } = useI18n();
  return <>{t(`apps.asset.${type}`, { id })}</>;
}

/** The banks of the directory: address (lower case) -> orgId, and the list of active ones. */
export function useBanks() {
  const { state, list, orgIdOf } = useDirectory({ role: "BANK" });
  return {
    state,
    active: list.filter((m) => m.status === "Active" && !m.blacklisted),
    name: (address: string) => orgIdOf(address) ?? `${address.slice(0, 6)}…${address.slice(-4)}`,
  };
}

/**
 * A percentage typed as text ("80", "6.5") in basis points, or null when it is not a number with at
 * most two decimals within [min, max] percent.
 */
export function percentToBps(text: string, min: number, max: number): number | null {
  const match = /^(\d{1,3})(?:[.。](\d{1,2}))?$/.exec(text.trim());
  if (!match) return null;
  const bps = Number(match[1]) * 100 + Number((match[2] ?? "").padEnd(2, "0") || "0");
  return bps >= min * 100 && bps <= max * 100 ? bps : null;
}

/** Label/value pairs in two columns (the stylesheet has no rule for them). */
export const FACTS_STYLE = { display: "grid", gridTemplateColumns: "max-content 1fr", gap: "4px 16px", margin: 0 };

/** The maturity a quote implies: its pricing day plus its days (to maturity, or the tenor). */
export function quoteMaturity(quote: Quote): string {
  const day = new Date(quote.asOf);
  day.setUTCHours(0, 0, 0, 0);
  return new Date(day.getTime() + quote.days * 86_400_000).toISOString();
}

/** A quote's figures: base, advance, rate, discount or interest, net cash, repayment, maturity. */
export function QuoteFigures({ quote, testId }: { quote: Quote; testId?: string }) {
  const { t, percentBps } = useI18n();
  return (
    <dl className="facts" style={FACTS_STYLE} data-testid={testId}>
      <dt>{t("apps.quote.base")}</dt>
      <dd>
        <Amount value={quote.base} />
      </dd>
      {quote.advanceBps !== null ? (
        <>
          <dt>{t("apps.quote.advanceRate")}</dt>
          <dd>{percentBps(quote.advanceBps)}</dd>
        </>
      ) : null}
      <dt>{t("apps.quote.advance")}</dt>
      <dd>
        <Amount value={quote.advance} />
      </dd>
      <dt>{t("apps.quote.rate")}</dt>
      <dd>{percentBps(quote.rateBps)}</dd>
      {quote.discount !== null ? (
        <>
          <dt>{t("apps.quote.discount")}</dt>
          <dd>
            <Amount value={quote.discount} />
          </dd>
        </>
      ) : null}
      {quote.interest !== null ? (
        <>
          <dt>{t("apps.quote.interest")}</dt>
          <dd>
            <Amount value={quote.interest} />
          </dd>
        </>
      ) : null}
      <dt>{t("apps.quote.proceeds")}</dt>
      <dd data-testid="quote-proceeds">
        <strong>
          <Amount value={quote.proceeds} />
        </strong>
      </dd>
      <dt>{t("apps.quote.repayment")}</dt>
      <dd>
        <Amount value={quote.repayment} />
      </dd>
      <dt>{t("apps.quote.days")}</dt>
      <dd>{quote.days}</dd>
      <dt>{t("apps.quote.maturity")}</dt>
      <dd>
        <DateText value={quoteMaturity(quote)} />
      </dd>
      <dt>{t("apps.quote.asOf")}</dt>
      <dd>
        <DateText value={quote.asOf} />
      </dd>
    </dl>
  );
}
