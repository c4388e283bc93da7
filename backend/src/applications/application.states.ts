/**
 * The states of a financing application and of each addressed bank's decision, and the one table of
 * the transitions allowed between them. Every status change goes through `allowedFrom`, so the
 * conditional UPDATE (`... WHERE status IN (allowed from)`) and the error messages agree with it.
 */
import { registerEnumType } from "@nestjs/graphql";
import { FinancingProduct, PRODUCT_CONTRACT, type FinancingContractName } from "../api/common/enums";

export enum ApplicationProduct {
  FACTORING = "FACTORING",
  ORDER_FINANCING = "ORDER_FINANCING",
  RECEIPT_LOAN = "RECEIPT_LOAN",
}
registerEnumType(ApplicationProduct, {
  name: "ApplicationProduct",
  description:
    "FACTORING: sell a receivable part; ORDER_FINANCING: loan on a confirmed purchase order; RECEIPT_LOAN: loan on a warehouse receipt.",
});

export enum ApplicationStatus {
  DRAFT = "DRAFT",
  SUBMITTED = "SUBMITTED",
  UNDER_REVIEW = "UNDER_REVIEW",
  APPROVED = "APPROVED",
  EXECUTED = "EXECUTED",
  REJECTED = "REJECTED",
  WITHDRAWN = "WITHDRAWN",
  EXPIRED = "EXPIRED",
}
registerEnumType(ApplicationStatus, { name: "ApplicationStatus" });

export enum DecisionStatus {
  PENDING = "PENDING",
  UNDER_REVIEW = "UNDER_REVIEW",
  APPROVED = "APPROVED",
  REJECTED = "REJECTED",
}
registerEnumType(DecisionStatus, { name: "BankDecisionStatus" });

/** Statuses in which an application holds its asset (one such application per asset). */
export const OPEN_STATUSES: readonly ApplicationStatus[] = [
  ApplicationStatus.SUBMITTED,
  ApplicationStatus.UNDER_REVIEW,
  ApplicationStatus.APPROVED,
];

/** What each product finances, in the indexer's words. */
export const PRODUCT_INFO: Record<
  ApplicationProduct,
  { assetType: "part" | "order" | "receipt"; financing: FinancingProduct; contract: FinancingContractName }
> = {
  [ApplicationProduct.FACTORING]: {
    assetType: "part",
    financing: FinancingProduct.FACTORING,
    contract: PRODUCT_CONTRACT[FinancingProduct.FACTORING],
  },
  [ApplicationProduct.ORDER_FINANCING]: {
    assetType: "order",
    financing: FinancingProduct.ORDER,
    contract: PRODUCT_CONTRACT[FinancingProduct.ORDER],
  },
  [ApplicationProduct.RECEIPT_LOAN]: {
    assetType: "receipt",
    financing: FinancingProduct.RECEIPT,
    contract: PRODUCT_CONTRACT[FinancingProduct.RECEIPT],
  },
};

const S = ApplicationStatus;

/**
 * Application transitions: for each event, the status it may start from -> the status it leads to.
 * A status absent from an event's map means the event is not allowed there (CONFLICT).
 */
export const APPLICATION_TRANSITIONS = {
  /** The applicant edits its draft. */
  update: { [S.DRAFT]: S.DRAFT },
  /** The applicant submits (eligibility checked, quote stored). */
  submit: { [S.DRAFT]: S.SUBMITTED },
  /** The applicant withdraws, at any time before execution. */
  withdraw: {
    [S.DRAFT]: S.WITHDRAWN,
    [S.SUBMITTED]: S.WITHDRAWN,
    [S.UNDER_REVIEW]: S.WITHDRAWN,
    [S.APPROVED]: S.WITHDRAWN,
  },
  /** An addressed bank opens it for review (an application another bank approved stays APPROVED). */
  open: { [S.SUBMITTED]: S.UNDER_REVIEW, [S.UNDER_REVIEW]: S.UNDER_REVIEW, [S.APPROVED]: S.APPROVED },
  /** An addressed bank approves with terms (others may approve too: the applicant picks whose to execute). */
  approve: { [S.SUBMITTED]: S.APPROVED, [S.UNDER_REVIEW]: S.APPROVED, [S.APPROVED]: S.APPROVED },
  /** An addressed bank rejects while another may still approve (or has approved). */
  reject: { [S.SUBMITTED]: S.SUBMITTED, [S.UNDER_REVIEW]: S.UNDER_REVIEW, [S.APPROVED]: S.APPROVED },
  /** The last bank that could still finance it rejects (or declines on chain). */
  rejectAll: { [S.SUBMITTED]: S.REJECTED, [S.UNDER_REVIEW]: S.REJECTED, [S.APPROVED]: S.REJECTED },
  /** The reconciler found the funded financing on chain. */
  execute: { [S.APPROVED]: S.EXECUTED },
  /** The reconciler found the on-chain offer withdrawn by the applicant. */
  withdrawOnChain: { [S.APPROVED]: S.WITHDRAWN },
  /** Past expiresAt without execution. */
  expire: { [S.SUBMITTED]: S.EXPIRED, [S.UNDER_REVIEW]: S.EXPIRED, [S.APPROVED]: S.EXPIRED },
} as const satisfies Record<string, Partial<Record<ApplicationStatus, ApplicationStatus>>>;

export type ApplicationEvent = keyof typeof APPLICATION_TRANSITIONS;

const D = DecisionStatus;

/** Transitions of one addressed bank's decision. */
export const DECISION_TRANSITIONS = {
  open: { [D.PENDING]: D.UNDER_REVIEW },
  approve: { [D.PENDING]: D.APPROVED, [D.UNDER_REVIEW]: D.APPROVED },
  reject: { [D.PENDING]: D.REJECTED, [D.UNDER_REVIEW]: D.REJECTED },
  /** The bank declined the on-chain offer after approving. */
  declineOnChain: { [D.APPROVED]: D.REJECTED },
} as const satisfies Record<string, Partial<Record<DecisionStatus, DecisionStatus>>>;

export type DecisionEvent = keyof typeof DECISION_TRANSITIONS;

/** The statuses event `event` may start from. */
export function fromStatuses(table: Record<string, Partial<Record<string, string>>>, event: string): string[] {
  return Object.keys(table[event]);
}

/** "SUBMITTED or UNDER_REVIEW" */
export function statusList(statuses: readonly string[]): string {
  if (statuses.length <= 1) return statuses.join("");
  return `${statuses.slice(0, -1).join(", ")} or ${statuses[statuses.length - 1]}`;
}

/** The reconciler's name in the history. */
export const SYSTEM_ACTOR = "system";

/** The registry reference of an application: bytes32 text "scf-app:<id>" (the indexer stores it as that text). */
export function registryRefText(applicationId: number): string {
  return `scf-app:${applicationId}`;
}
