import { describe, expect, it } from "vitest";
import { ADDRESSES, ApiFailure, renderSignedIn, screen, waitFor } from "../../test-utils";
import DashboardPage from "./DashboardPage";
import { order, payable } from "./fixtures";

const CORE = { address: ADDRESSES.core, roles: ["CORE_ENTERPRISE"] };

/** The value shown under a headline figure's label. */
function stat(label: string): string {
  return screen.getByText(label).closest("div")!.querySelector("dd")!.textContent ?? "";
}

describe("core DashboardPage", () => {
  it("sums what the viewer owes, due soon and overdue, and counts orders to confirm", async () => {
    const calls = await renderSignedIn(<DashboardPage params={{}} />, {
      ...CORE,
      handlers: {
        receivables: () => ({
          totalCount: 3,
          edges: [payable("3", "50000", -5, "Overdue"), payable("1", "100000", 3), payable("2", "200000", 20)],
        }),
        purchaseOrders: () => ({ totalCount: 2, edges: [order("7", "Pending"), order("8", "Pending")] }),
      },
    });
    expect(await screen.findByTestId("payable-row-1")).toBeTruthy();
    expect(stat("Payables outstanding")).toBe("CN¥3,500.00");
    expect(stat("Due within 7 days")).toBe("CN¥1,000.00");
    expect(stat("Due within 30 days")).toBe("CN¥3,000.00");
    expect(screen.getByTestId("overdue-count").textContent).toBe("1");
    await waitFor(() => expect(screen.getByTestId("pending-count").textContent).toBe("2"));
    expect(screen.getByTestId("order-row-7").textContent).toContain("PO-7");
    const payables = calls.find((c) => c.field === "receivables")!;
    expect(payables.variables.f).toEqual({
      obligor: ADDRESSES.core,
      status: ["Outstanding", "Overdue", "Defaulted"],
    });
    const orders = calls.find((c) => c.field === "purchaseOrders")!;
    expect(orders.variables.f).toEqual({ buyer: ADDRESSES.core, status: ["Pending"] });
  });

  it("says when nothing is owed and no order waits, in Chinese too", async () => {
    await renderSignedIn(<DashboardPage params={{}} />, {
      ...CORE,
      locale: "zh-CN",
      handlers: {
        receivables: () => ({ totalCount: 0, edges: [] }),
        purchaseOrders: () => ({ totalCount: 0, edges: [] }),
      },
    });
    expect(await screen.findByText("暂无未付应付账款。")).toBeTruthy();
    expect(await screen.findByText("暂无待您确认的订单。")).toBeTruthy();
    expect(stat("未付应付账款")).toBe("¥0.00");
  });

  it("shows the API's error", async () => {
    await renderSignedIn(<DashboardPage params={{}} />, {
      ...CORE,
      handlers: {
        receivables: () => new ApiFailure("index unavailable", "SERVICE_UNAVAILABLE"),
        purchaseOrders: () => ({ totalCount: 0, edges: [] }),
      },
    });
    await waitFor(() =>
      expect(screen.getAllByRole("alert").some((a) => a.textContent?.includes("index unavailable"))).toBe(true),
    );
  });
});
