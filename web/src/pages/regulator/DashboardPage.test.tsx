import { describe, expect, it } from "vitest";
import { ADDRESSES, ApiFailure, renderSignedIn, screen, waitFor } from "../../test-utils";
import DashboardPage from "./DashboardPage";

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

const roleCounts = (role: string, active: number, suspended = 0, none = 0, blacklisted = 0) => ({
  role,
  total: active + suspended + none,
  active,
  suspended,
  none,
  blacklisted,
});

/** The API's answer: every role, status and product, as the backend gives them (zeros included). */
const STATISTICS = {
  members: {
    total: 5,
    byRole: [
      roleCounts("OPERATOR", 0),
      roleCounts("CORE_ENTERPRISE", 1),
      roleCounts("SUPPLIER", 1, 1, 0, 1),
      roleCounts("BANK", 1),
      roleCounts("WAREHOUSE", 0),
      roleCounts("REGULATOR", 1),
      roleCounts("SYSTEM", 0),
    ],
  },
  purchaseOrders: [
    { status: "Pending", count: 2 },
    { status: "Confirmed", count: 1 },
    { status: "Rejected", count: 0 },
    { status: "Cancelled", count: 1 },
    { status: "Converted", count: 4 },
  ],
  receivables: {
    byStatus: [
      { status: "Outstanding", count: 6 },
      { status: "Overdue", count: 1 },
      { status: "Defaulted", count: 2 },
      { status: "Paid", count: 5 },
    ],
    unpaid: 7,
    unpaidFace: [
      { currency: "CNY", total: "100025050" },
      { currency: "USD", total: "99" },
    ],
  },
  warehouseReceipts: { active: 3, pledged: 1, frozen: 2, released: 0 },
  financings: [
    { product: "FACTORING", total: 9, open: 4 },
    { product: "ORDER", total: 2, open: 1 },
    { product: "RECEIPT", total: 0, open: 0 },
  ],
};

function handlers(overrides: Record<string, (v: Record<string, any>) => unknown> = {}) {
  return {
    networkStatistics: () => STATISTICS,
    syncStatus: () => SYNC,
    ...overrides,
  };
}

const cells = (row: Element) => [...row.querySelectorAll("td")].map((td) => td.textContent);

describe("DashboardPage", () => {
  it("shows the network's figures from one networkStatistics request", async () => {
    const calls = await renderSignedIn(<DashboardPage params={{}} />, {
      address: ADDRESSES.regulator,
      roles: ["REGULATOR"],
      handlers: handlers(),
    });
    const face = await screen.findByTestId("unpaid-face");
    expect(face.textContent).toBe("CN¥1,000,250.50 · $0.99");
    expect(screen.getByText("Members").nextSibling?.textContent).toBe("5");
    expect(screen.getByText("Receivables outstanding").nextSibling?.textContent).toBe("7");
    expect(screen.getByText("Overdue receivables").nextSibling?.textContent).toBe("1");
    expect(screen.getByText("Defaulted receivables").nextSibling?.textContent).toBe("2");
    expect(screen.getByText("Paid receivables").nextSibling?.textContent).toBe("5");
    expect(screen.getByText("Frozen").nextSibling?.textContent).toBe("2");
    expect(screen.getByText("In store").nextSibling?.textContent).toBe("3");
    expect(screen.getByText("Lag (blocks)").nextSibling?.textContent).toBe("3");
    expect(screen.getByText("#120")).toBeTruthy();
    expect(screen.getByText("Caught up")).toBeTruthy();
    // Members by role: the roles with members only, each with its statuses and blacklisted count.
    expect(cells(screen.getByText("Supplier").closest("tr")!)).toEqual(["Supplier", "1", "1", "0", "1"]);
    expect(screen.queryByText("Warehouse")).toBeNull();
    const table = screen.getByText("Supplier").closest("table")!;
    expect(table.querySelectorAll("tbody tr").length).toBe(4);
    const chart = screen.getByRole("img", { name: /Orders by status/ }).getAttribute("aria-label")!;
    expect(chart).toContain("Converted to receivable 4");
    expect(chart).toContain("Pending 2");
    const factoring = screen.getByText("Factoring").closest("tr")!;
    expect(cells(factoring)).toEqual(["Factoring", "9", "4"]);
    // One request for all the figures, with the sync status; no list walked.
    const figureCalls = calls.filter((c) => c.field !== "viewer");
    expect(figureCalls.length).toBe(1);
    expect(figureCalls[0].fields).toEqual(["networkStatistics", "syncStatus"]);
  });

  it("says when there are no members, in Chinese", async () => {
    await renderSignedIn(<DashboardPage params={{}} />, {
      address: ADDRESSES.regulator,
      roles: ["REGULATOR"],
      locale: "zh-CN",
      handlers: handlers({
        networkStatistics: () => ({
          ...STATISTICS,
          members: { total: 0, byRole: STATISTICS.members.byRole.map((r) => roleCounts(r.role, 0)) },
          receivables: { ...STATISTICS.receivables, unpaid: 0, unpaidFace: [] },
        }),
      }),
    });
    expect(await screen.findByText("暂无成员。")).toBeTruthy();
    expect(screen.getByTestId("unpaid-face").textContent).toBe("¥0.00");
  });

  it("shows the API's error", async () => {
    await renderSignedIn(<DashboardPage params={{}} />, {
      address: ADDRESSES.regulator,
      roles: ["REGULATOR"],
      handlers: handlers({ networkStatistics: () => new ApiFailure("only the regulator", "FORBIDDEN") }),
    });
    await waitFor(() => expect(screen.getByRole("alert").textContent).toContain("only the regulator"));
    expect(screen.getByRole("alert").textContent).toContain("FORBIDDEN");
  });

  it("shows the sync status's error too, asked in the same request", async () => {
    await renderSignedIn(<DashboardPage params={{}} />, {
      address: ADDRESSES.regulator,
      roles: ["REGULATOR"],
      handlers: handlers({ syncStatus: () => new ApiFailure("index unavailable", "SERVICE_UNAVAILABLE") }),
    });
    await waitFor(() => expect(screen.getByRole("alert").textContent).toContain("index unavailable"));
    expect(screen.getByRole("alert").textContent).toContain("SERVICE_UNAVAILABLE");
  });
});
