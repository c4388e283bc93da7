/**
 * The GraphQL enums of the statuses stored by the indexer. Their values are the contracts' enum names
 * from scripts/lib/statuses.ts (the one TypeScript copy of them), without `None`.
 */
import { registerEnumType } from "@nestjs/graphql";
import {
  DealStatus,
  LimitKind,
  LoanStatus,
  MemberStatus as MemberStatuses,
  OrderStatus as OrderStatuses,
  PartStatus as PartStatuses,
  ReceiptStatus as ReceiptStatuses,
  ReceivableStatus as ReceivableStatuses,
} from "../../../../scripts/lib/statuses";

type Names<T> = { [K in Exclude<keyof T, "None"> & string]: K };

function names<T extends object>(...enums: T[]): Names<T> {
  const out: Record<string, string> = {};
  for (const e of enums) for (const k of Object.keys(e)) if (k !== "None") out[k] = k;
  return out as Names<T>;
}

/** With None: an account blacklisted before (or without) being admitted. */
export const MemberStatus = { None: "None", ...names(MemberStatuses) } as const;
registerEnumType(MemberStatus, {
  name: "MemberStatus",
  valuesMap: { None: { description: "Blacklisted before (or without) being admitted." } },
});

export const ReceivableStatus = names(ReceivableStatuses);
registerEnumType(ReceivableStatus, { name: "ReceivableStatus" });

export const PartStatus = names(PartStatuses);
registerEnumType(PartStatus, { name: "PartStatus" });

export const OrderStatus = names(OrderStatuses);
registerEnumType(OrderStatus, { name: "OrderStatus" });

export const ReceiptStatus = names(ReceiptStatuses);
registerEnumType(ReceiptStatus, { name: "ReceiptStatus" });

/** Factoring deals (DealStatus) and loans (LoanStatus) share the financings table. */
export const FinancingStatus = names<Record<string, bigint>>(DealStatus, LoanStatus) as Names<typeof DealStatus> &
  Names<typeof LoanStatus>;
registerEnumType(FinancingStatus, {
  name: "FinancingStatus",
  description: "Status of a factoring deal (DealStatus) or a loan (LoanStatus), by the contracts' names.",
});

/** Financings that still carry the bank's money: funded deals and loans not yet closed. */
export const OPEN_FINANCING_STATUSES: string[] = [
  FinancingStatus.Funded,
  FinancingStatus.RecourseClaimed,
  FinancingStatus.Active,
  FinancingStatus.Defaulted,
];
/** Financings not yet funded but still pending. */
export const PENDING_FINANCING_STATUSES: string[] = [FinancingStatus.Offered, FinancingStatus.Requested];

export const CreditLineKind = names(LimitKind as unknown as Record<"Obligor" | "Borrower", number>);
registerEnumType(CreditLineKind, { name: "CreditLineKind" });

export enum FinancingProduct {
  FACTORING = "FACTORING",
  ORDER = "ORDER",
  RECEIPT = "RECEIPT",
}
registerEnumType(FinancingProduct, {
  name: "FinancingProduct",
  description:
    "FACTORING: receivable part sold to a bank; ORDER: loan on a purchase order; RECEIPT: loan on a warehouse receipt.",
});

/** The contract that runs each financing product (names as in the deployment file and the index). */
export const PRODUCT_CONTRACT = {
  [FinancingProduct.FACTORING]: "factoring",
  [FinancingProduct.ORDER]: "orderFinancing",
  [FinancingProduct.RECEIPT]: "receiptFinancing",
} as const satisfies Record<FinancingProduct, string>;
export type FinancingContractName = (typeof PRODUCT_CONTRACT)[FinancingProduct];
/** Every financing contract: the ones that take custody of assets and hold payouts. */
export const FINANCING_CONTRACT_NAMES = Object.values(PRODUCT_CONTRACT) as FinancingContractName[];

export enum FinancedAssetType {
  part = "part",
  order = "order",
  receipt = "receipt",
}
registerEnumType(FinancedAssetType, { name: "FinancedAssetType" });

export enum RepaymentKind {
  REPAID = "REPAID",
  COLLECTED = "COLLECTED",
  RECOURSE_CLAIMED = "RECOURSE_CLAIMED",
  RECOURSE_SETTLED = "RECOURSE_SETTLED",
  ENFORCED = "ENFORCED",
}
registerEnumType(RepaymentKind, { name: "RepaymentKind" });

/** Role bits of the member registry (as Role in scripts/lib/consortium.ts). */
export enum MemberRole {
  OPERATOR = "OPERATOR",
  CORE_ENTERPRISE = "CORE_ENTERPRISE",
  SUPPLIER = "SUPPLIER",
  BANK = "BANK",
  WAREHOUSE = "WAREHOUSE",
  REGULATOR = "REGULATOR",
  SYSTEM = "SYSTEM",
}
registerEnumType(MemberRole, { name: "MemberRole" });

export const ROLE_BITS: Record<MemberRole, number> = {
  [MemberRole.OPERATOR]: 1,
  [MemberRole.CORE_ENTERPRISE]: 2,
  [MemberRole.SUPPLIER]: 4,
  [MemberRole.BANK]: 8,
  [MemberRole.WAREHOUSE]: 16,
  [MemberRole.REGULATOR]: 32,
  [MemberRole.SYSTEM]: 64,
};

export function roleNames(roles: number): MemberRole[] {
  return (Object.keys(ROLE_BITS) as MemberRole[]).filter((r) => (roles & ROLE_BITS[r]) !== 0);
}
