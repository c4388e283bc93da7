/** Test data of the warehouse page tests: receipts and attestations as the API answers them. */
import { ADDRESSES } from "../../test-utils";
import type { AttestationRow, ReceiptRow } from "./components";

export function receipt(id: string, change: Partial<ReceiptRow> = {}): ReceiptRow {
  return {
    id,
    lot: `LOT-${id}`,
    goods: "Cold-rolled steel coil",
    quantity: "500",
    unit: "t",
    valuation: "250000000",
    currency: "CNY",
    status: "Active",
    owner: ADDRESSES.supplier,
    ownerMember: { orgId: "ruifeng-components" },
    warehouse: ADDRESSES.warehouse,
    pledgee: null,
    pledgeeMember: null,
    pledgedQuantity: null,
    lastAttestedQuantity: null,
    frozen: false,
    issuedAt: "2026-11-02T08:00:00Z",
    ...change,
  };
}

export function attestation(block: number, change: Partial<AttestationRow> = {}): AttestationRow {
  return {
    anomaly: 0,
    attestedAt: "2026-11-10T09:30:00Z",
    blockNumber: block,
    logIndex: 0,
    freezes: false,
    quantity: "500",
    reportHash: `0x${"ab".repeat(32)}`,
    ...change,
  };
}

/** A receipt pledged to bank A, frozen by a short count. */
export function frozenReceipt(id: string): ReceiptRow & { attestations: AttestationRow[] } {
  return {
    ...receipt(id, {
      pledgee: ADDRESSES.bankA,
      pledgeeMember: { orgId: "bank-a" },
      pledgedQuantity: "500",
      lastAttestedQuantity: "470",
      frozen: true,
    }),
    attestations: [
      attestation(10),
      attestation(20, { quantity: "470", freezes: true, attestedAt: "2026-11-20T10:00:00Z" }),
    ],
  };
}
