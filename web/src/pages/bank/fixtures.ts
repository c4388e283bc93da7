/** Test data of the bank pages' component tests: members, an application and its parts. */
import { ADDRESSES } from "../../test-utils";
import type { ApplicationDetail, Decision } from "./model";

export const BANK = { address: ADDRESSES.bankA, roles: ["BANK"], orgId: "bank-a" };

export const MEMBERS = {
  edges: [
    {
      address: ADDRESSES.core,
      orgId: "jinghai-motors",
      roleNames: ["CORE_ENTERPRISE"],
      status: "Active",
      blacklisted: false,
    },
    {
      address: ADDRESSES.supplier,
      orgId: "ruifeng-components",
      roleNames: ["SUPPLIER"],
      status: "Active",
      blacklisted: false,
    },
    { address: ADDRESSES.bankA, orgId: "bank-a", roleNames: ["BANK"], status: "Active", blacklisted: false },
  ].map((node) => ({ node })),
};

export function decision(change: Partial<Decision> = {}): Decision {
  return {
    bank: ADDRESSES.bankA,
    status: "PENDING",
    advanceBps: null,
    rateBps: null,
    ltvBps: null,
    amount: null,
    withRecourse: null,
    reason: null,
    decidedAt: null,
    financingId: null,
    financingStatus: null,
    quote: null,
    ...change,
  };
}

export function application(change: Partial<ApplicationDetail> = {}): ApplicationDetail {
  return {
    id: "7",
    applicant: ADDRESSES.supplier,
    product: "ORDER_FINANCING",
    assetId: "3",
    assetType: "order",
    amount: null,
    status: "SUBMITTED",
    expiresAt: "2099-01-01T00:00:00.000Z",
    submittedAt: "2026-11-01T08:00:00.000Z",
    quote: {
      advance: "7000000",
      advanceBps: 7000,
      asOf: "2026-11-01T08:00:00.000Z",
      base: "10000000",
      days: 90,
      discount: null,
      interest: "157500",
      proceeds: "7000000",
      rateBps: 900,
      repayment: "7157500",
    },
    decisions: [decision()],
    riskSummary: {
      bank: ADDRESSES.bankA,
      assetDescription: "Purchase order PO-1 of jinghai-motors, confirmed",
      assetStatus: "Confirmed",
      factors: [
        { name: "Borrower days past due", value: "0", explanation: "No open financing is overdue" },
        { name: "Concentration on the obligor", value: "12%", explanation: "Share of the book" },
      ],
      borrowerLimit: {
        counterparty: ADDRESSES.supplier,
        exists: true,
        kind: "Borrower",
        limit: "50000000",
        remaining: "40000000",
        used: "10000000",
      },
      obligorLimit: {
        counterparty: ADDRESSES.core,
        exists: false,
        kind: "Obligor",
        limit: "0",
        remaining: "0",
        used: "0",
      },
      concentration: { shareBps: 1200, outstandingWithObligor: "120", totalOutstanding: "1000" },
    },
    minAdvanceBps: 5000,
    maxRateBps: 1500,
    recourseAccepted: null,
    tenorDays: 90,
    documentIds: ["doc-1"],
    createdAt: "2026-11-01T07:00:00.000Z",
    financing: null,
    history: [
      {
        actor: ADDRESSES.supplier,
        at: "2026-11-01T08:00:00.000Z",
        bank: null,
        fromStatus: "DRAFT",
        toStatus: "SUBMITTED",
        note: null,
      },
    ],
    ...change,
  };
}
