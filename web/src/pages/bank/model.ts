/** The application and financing fields the bank pages select, and their types. */

export type Product = "FACTORING" | "ORDER_FINANCING" | "RECEIPT_LOAN";

export interface Quote {
  advance: string;
  advanceBps: number | null;
  asOf: string;
  base: string;
  days: number;
  discount: string | null;
  interest: string | null;
  proceeds: string;
  rateBps: number;
  repayment: string;
}

export interface Decision {
  bank: string;
  status: "PENDING" | "UNDER_REVIEW" | "APPROVED" | "REJECTED";
  advanceBps: number | null;
  rateBps: number | null;
  ltvBps: number | null;
  amount: string | null;
  withRecourse: boolean | null;
  reason: string | null;
  decidedAt: string | null;
  financingId: string | null;
  financingStatus: string | null;
  quote: Quote | null;
}

export interface RemainingLimit {
  counterparty: string;
  exists: boolean;
  kind: string;
  limit: string;
  remaining: string;
  used: string;
}

export interface RiskSummary {
  bank: string;
  assetDescription: string;
  assetStatus: string | null;
  factors: { name: string; value: string; explanation: string }[];
  borrowerLimit: RemainingLimit;
  obligorLimit: RemainingLimit | null;
  concentration: { shareBps: number; outstandingWithObligor: string; totalOutstanding: string };
}

export interface ApplicationRow {
  id: string;
  applicant: string;
  product: Product;
  assetId: string;
  assetType: string;
  amount: string | null;
  status: string;
  expiresAt: string;
  submittedAt: string | null;
  quote: Quote | null;
  decisions: Decision[];
  riskSummary: RiskSummary | null;
}

export interface ApplicationDetail extends ApplicationRow {
  minAdvanceBps: number | null;
  maxRateBps: number;
  recourseAccepted: boolean | null;
  tenorDays: number | null;
  documentIds: string[];
  createdAt: string;
  financing: { id: string; product: string } | null;
  history: {
    actor: string;
    at: string;
    bank: string | null;
    fromStatus: string | null;
    toStatus: string;
    note: string | null;
  }[];
}

const QUOTE = "advance advanceBps asOf base days discount interest proceeds rateBps repayment";
const LIMIT = "counterparty exists kind limit remaining used";

/** Fields of a queue row. */
export const APPLICATION_FIELDS = `id applicant product assetId assetType amount status expiresAt submittedAt
  quote { ${QUOTE} }
  decisions { bank status advanceBps rateBps ltvBps amount withRecourse reason decidedAt financingId financingStatus quote { ${QUOTE} } }
  riskSummary { bank assetDescription assetStatus factors { name value explanation }
    borrowerLimit { ${LIMIT} } obligorLimit { ${LIMIT} } concentration { shareBps outstandingWithObligor totalOutstanding } }`;

/** Fields of the review page. */
export const APPLICATION_DETAIL_FIELDS = `${APPLICATION_FIELDS} minAdvanceBps maxRateBps recourseAccepted tenorDays
  documentIds createdAt financing { id product } history { actor at bank fromStatus toStatus note }`;

/** Statuses of an on-chain offer/request the bank can still accept or decline. */
export const PENDING_FINANCING = ["Offered", "Requested"];
