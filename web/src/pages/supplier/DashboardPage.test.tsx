import { configure, fireEvent } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { ADDRESSES, ApiFailure, renderSignedIn, screen, waitFor } from "../../test-utils";
import DashboardPage from "./DashboardPage";

// The machine is shared: give slow renders time before a query gives up.
configure({ asyncUtilTimeout: 5000 });

const positions = (over: Record<string, unknown> = {}) => ({
  balances: [{ token: "0xtoken", currency: "CNY", balance: "123456" }],
  heldPayouts: [],
  parts: [
    { id: "3", amount: "200000", receivable: { currency: "CNY" } },
    { id: "7", amount: "50000", receivable: { currency: "CNY" } },
  ],
  ordersAsSupplier: [
    { id: "1", status: "Pending" },
    { id: "2", status: "Pending" },
    { id: "4", status: "Confirmed" },
  ],
  ...over,
});

const order = (id: string, status: string) => ({
  node: {
    id,
    orderNumber: `PO-${id}`,
    buyer: ADDRESSES.core,
    buyerMember: { orgId: "jinghai-motors" },
    amount: "1000000",
    currency: "CNY",
    deliveryDate: "2026-12-20T00:00:00.000Z",
    paymentTermDays: 30,
    status,
    rejectionReason: null,
    submittedAt: "2026-12-01T08:00:00.000Z",
    receivableId: null,
    lienHolder: null,
  },
});

const supplier = { address: ADDRESSES.supplier, roles: ["SUPPLIER"] };

describe("supplier DashboardPage", () => {
  it("shows the cash balance, the key figures and the recent orders", async () => {
    const calls = await renderSignedIn(<DashboardPage params={{}} />, {
      ...supplier,
      handlers: {
        memberPositions: () => positions(),
        purchaseOrders: () => ({ totalCount: 2, edges: [order("2", "Pending"), order("1", "Confirmed")] }),
      },
    });
    const figures = await screen.findByTestId("supplier-figures");
    expect(figures.textContent).toContain("CN¥1,234.56");
    expect(figures.textContent).toContain("Orders awaiting confirmation2");
    expect(figures.textContent).toContain("Receivable parts held2");
    expect(figures.textContent).toContain("CN¥2,500.00");
    expect((await screen.findByTestId("recent-order-2")).textContent).toContain("PO-2");
    expect(screen.getByTestId("recent-order-1").textContent).toContain("jinghai-motors");
    const ordersCall = calls.find((c) => c.field === "purchaseOrders")!;
    expect(ordersCall.variables).toEqual({ a: ADDRESSES.supplier, first: 5 });
    expect(calls.find((c) => c.field === "memberPositions")!.variables).toEqual({ a: ADDRESSES.supplier });
    // No held payouts: nothing to claim.
    expect(screen.queryByRole("button", { name: /Claim/ })).toBeNull();
  });

  it("offers to claim held payouts, naming the product", async () => {
    const calls = await renderSignedIn(<DashboardPage params={{}} />, {
      ...supplier,
      handlers: {
        memberPositions: () =>
          positions({ heldPayouts: [{ contract: "factoring", currency: "CNY", amount: "30000" }] }),
        purchaseOrders: () => ({ totalCount: 0, edges: [] }),
        claimHeldPayouts: () => new ApiFailure("nothing held", "CONFLICT"),
      },
    });
    fireEvent.click(await screen.findByRole("button", { name: "Claim from factoring" }));
    await waitFor(() => expect(calls.some((c) => c.field === "claimHeldPayouts")).toBe(true));
    expect(calls.find((c) => c.field === "claimHeldPayouts")!.variables).toEqual({ p: "FACTORING" });
    expect((await screen.findByTestId("tx-progress")).textContent).toContain("nothing held");
  });

  it("says when there are no orders yet, in Chinese too", async () => {
    await renderSignedIn(<DashboardPage params={{}} />, {
      ...supplier,
      locale: "zh-CN",
      handlers: {
        memberPositions: () => positions({ balances: [], parts: [], ordersAsSupplier: [] }),
        purchaseOrders: () => ({ totalCount: 0, edges: [] }),
      },
    });
    expect(await screen.findByText("您尚未提交订单。")).toBeTruthy();
    expect(screen.getByTestId("supplier-figures").textContent).toContain("¥0.00");
  });

  it("shows the API's error with its code", async () => {
    await renderSignedIn(<DashboardPage params={{}} />, {
      ...supplier,
      handlers: {
        memberPositions: () => new ApiFailure("positions are private", "FORBIDDEN"),
        purchaseOrders: () => ({ totalCount: 0, edges: [] }),
      },
    });
    const alert = await screen.findByRole("alert");
    expect(alert.textContent).toContain("positions are private");
    expect(alert.textContent).toContain("FORBIDDEN");
  });
});
