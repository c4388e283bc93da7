/**
 * The contracts' enums as numbers (TypeChain returns them as bigint), in declaration order of the
 * interfaces in contracts/interfaces/, with their names for printing. The one TypeScript copy of them:
 * the demo, the tests and the later parts read them from here.
 */
export const MemberStatus = { None: 0n, Active: 1n, Suspended: 2n } as const;
export const ReceivableStatus = { None: 0n, Outstanding: 1n, Overdue: 2n, Defaulted: 3n, Paid: 4n } as const;
export const PartStatus = { None: 0n, Active: 1n, Redeemed: 2n } as const;
export const OrderStatus = {
  None: 0n,
  Pending: 1n,
  Confirmed: 2n,
  Rejected: 3n,
  Cancelled: 4n,
  Converted: 5n,
} as const;
export const ReceiptStatus = { None: 0n, Active: 1n, ReleaseRequested: 2n, Released: 3n } as const;
export const DealStatus = {
  None: 0n,
  Offered: 1n,
  Funded: 2n,
  Collected: 3n,
  RecourseClaimed: 4n,
  RecourseSettled: 5n,
  Withdrawn: 6n,
  Declined: 7n,
} as const;
export const LoanStatus = {
  None: 0n,
  Requested: 1n,
  Active: 2n,
  Repaid: 3n,
  Defaulted: 4n,
  Enforced: 5n,
  Withdrawn: 6n,
  Declined: 7n,
} as const;
/** ICreditLimits.LimitKind */
export const LimitKind = { Obligor: 0, Borrower: 1 } as const;

/** The name of `value` in one of the enums above ("Paid"). */
export function statusName(statuses: Readonly<Record<string, bigint>>, value: bigint): string {
  return Object.entries(statuses).find(([, v]) => v === value)?.[0] ?? `#${value}`;
}
