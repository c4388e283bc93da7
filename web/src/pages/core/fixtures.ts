/** Rows for the core pages' component tests, shaped as the API answers them. */
import { ADDRESSES } from "../../test-utils";
import { DAY_MS, type OrderRow, type PayableRow } from "./api";

export function order(id: string, status: string, extra: Partial<OrderRow> = {}): { node: OrderRow } {
  return {
    node: {
      id,
      orderNumber: `PO-${id}`,
      supplier: ADDRESSES.supplier,
      supplierMember: { orgId: "ruifeng-components" },
      amount: "1000000",
      currency: "CNY",
      deliveryDate: "2026-12-20T00:00:00.000Z",
      paymentTermDays: 60,
      status,
      rejectionReason: null,
      receivableId: null,
      lienHolder: null,
      submittedAt: "2026-11-01T08:00:00.000Z",
      ...extra,
    },
  };
}

/** A payable of `face` minor units maturing `days` from now (negative: past). */
export function payable(id: string, face: string, days: number, status = "Outstanding"): { node: PayableRow } {
  return {
    node: {
      id,
      creditor: ADDRESSES.supplier,
      creditorMember: { orgId: "ruifeng-components" },
      face,
      currency: "CNY",
      maturity: new Date(Date.now() + days * DAY_MS).toISOString(),
      status,
      orderId: null,
    },
  };
}
