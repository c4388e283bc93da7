/** Data the application pages' tests answer with. */
import { ADDRESSES } from "../../test-utils";

export const banksAnswer = () => ({
  edges: [
    { node: { address: ADDRESSES.bankA, orgId: "bank-a", status: "Active", blacklisted: false } },
    { node: { address: ADDRESSES.bankB, orgId: "bank-b", status: "Active", blacklisted: false } },
  ],
});

export const quote = (over: Record<string, unknown> = {}) => ({
  product: "FACTORING",
  asOf: "2026-11-01T00:00:00Z",
  days: 60,
  base: "10000000",
  advance: "8000000",
  advanceBps: 8000,
  rateBps: 800,
  discount: "106667",
  interest: null,
  proceeds: "7893333",
  repayment: "8000000",
  ...over,
});
