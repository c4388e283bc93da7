import { describe, expect, it } from "vitest";
import { ADDRESSES, ApiFailure, renderSignedIn, screen, waitFor } from "../../test-utils";
import DashboardPage from "./DashboardPage";

const page = <N,>(nodes: N[], totalCount = nodes.length) => ({
  totalCount,
  pageInfo: { hasNextPage: false, endCursor: null },
  edges: nodes.map((node) => ({ node })),
});

const member = (address: string, roleNames: string[], status = "Active", blacklisted = false) => ({
  address,
  roleNames,
  status,
  blacklisted,
});

const SYNC = {
  chainId: 31337,
  indexedBlock: 120,
  indexedBlockTime: "2026-11-01T08:00:00Z",
  headBlock: 123,
  lag: 3,
  caughtUp: true,
  lastError: null,
  lastErrorAt: null,
  updatedAt: "2026-11-01T08:00:05Z",
};

const ORDER_COUNTS: Record<string, number> = { Pending: 2, Confirmed: 1, Converted: 4, Rejected: 0, Cancelled: 1 };

function handlers(overrides: Record<string, (v: Record<string, any>) => unknown> = {}) {
  return {
    members: () =>
      page([
        member(ADDRESSES.supplier, ["SUPPLIER"]),
        member(ADDRESSES.tier2, ["SUPPLIER"], "Suspended"),
        member(ADDRESSES.core, ["CORE_ENTERPRISE"]),
        member(ADDRESSES.bankA, ["BANK"]),
      ]),
    purchaseOrders: (v: Record<string, any>) => ({ totalCount: ORDER_COUNTS[v.f.status[0]] }),
    receivables: (v: Record<string, any>) =>
      v.first === 0
        ? { totalCount: { Overdue: 1, Defaulted: 0, Paid: 5 }[v.f.status[0] as string] }
        : page(
            [
              { face: "100000000", currency: "CNY" },
              { face: "25050", currency: "CNY" },
            ],
            2,
          ),
    warehouseReceipts: (v: Record<string, any>) => ({
      totalCount: v.f.pledged ? 1 : v.f.frozen ? 1 : v.f.status?.[0] === "Released" ? 0 : 3,
    }),
    financings: (v: Record<string, any>) => ({ totalCount: v.f.open ? 1 : 2 }),
    syncStatus: () => SYNC,
    ...overrides,
  };
}

describe("DashboardPage", () => {
  it("shows the network's figures from filtered counts", async () => {
    const calls = await renderSignedIn(<DashboardPage params={{}} />, {
      address: ADDRESSES.regulator,
      roles: ["REGULATOR"],
      handlers: handlers(),
    });
    const face = await screen.findByTestId("unpaid-face");
    expect(face.textContent).toBe("CN¥1,000,250.50");
    expect(screen.getByText("Receivables outstanding").nextSibling?.textContent).toBe("2");
    expect(screen.getByText("Overdue receivables").nextSibling?.textContent).toBe("1");
    expect(screen.getByText("Lag (blocks)").nextSibling?.textContent).toBe("3");
    expect(screen.getByText("#120")).toBeTruthy();
    expect(screen.getByText("Caught up")).toBeTruthy();
    // members by role: two suppliers, one suspended
    const supplierRow = screen.getByText("Supplier").closest("tr")!;
    expect([...supplierRow.querySelectorAll("td")].map((td) => td.textContent)).toEqual([
      "Supplier",
      "1",
      "1",
      "0",
      "0",
    ]);
    expect(screen.getByRole("img", { name: /Orders by status/ }).getAttribute("aria-label")).toContain(
      "Converted to receivable 4",
    );
    // counts ask for no rows
    const orderCalls = calls.filter((c) => c.field === "purchaseOrders");
    expect(orderCalls.length).toBe(5);
    expect(orderCalls.every((c) => c.variables.first === 0)).toBe(true);
  });

  it("says when there are no members, in Chinese", async () => {
    await renderSignedIn(<DashboardPage params={{}} />, {
      address: ADDRESSES.regulator,
      roles: ["REGULATOR"],
      locale: "zh-CN",
      handlers: handlers({
        members: () => page([]),
        receivables: (v) => (v.first === 0 ? { totalCount: 0 } : page([])),
      }),
    });
    expect(await screen.findByText("暂无成员。")).toBeTruthy();
    expect(screen.getByTestId("unpaid-face").textContent).toBe("¥0.00");
  });

  it("shows the API's error", async () => {
    await renderSignedIn(<DashboardPage params={{}} />, {
      address: ADDRESSES.regulator,
      roles: ["REGULATOR"],
      handlers: handlers({ syncStatus: () => new ApiFailure("index unavailable", "SERVICE_UNAVAILABLE") }),
    });
    await waitFor(() => expect(screen.getByRole("alert").textContent).toContain("index unavailable"));
    expect(screen.getByRole("alert").textContent).toContain("SERVICE_UNAVAILABLE");
  });
});
