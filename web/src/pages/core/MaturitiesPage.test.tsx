import { fireEvent, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { ADDRESSES, ApiFailure, renderSignedIn, screen, waitFor, type Handler } from "../../test-utils";
import { DAY_MS } from "./api";
import { payable } from "./fixtures";
import MaturitiesPage from "./MaturitiesPage";

const CORE = { address: ADDRESSES.core, roles: ["CORE_ENTERPRISE"] };
const TX = [{ chainId: 31337, from: ADDRESSES.core, to: "0x1", data: "0x", value: "0", method: "m", description: "d" }];

const week = (start: string, outstanding: string, overdueCount = 0) => ({
  start: `${start}T00:00:00.000Z`,
  end: new Date(Date.parse(`${start}T00:00:00.000Z`) + 7 * DAY_MS).toISOString(),
  currency: "CNY",
  count: 1,
  face: outstanding,
  paid: "0",
  outstanding,
  overdueCount,
});

function handlers(cash: string, extra: Record<string, Handler> = {}): Record<string, Handler> {
  return {
    maturityCalendar: (v) => ({
      bucket: "WEEK",
      from: v.from,
      to: v.to,
      buckets: [week("2026-11-23", "50000", 1), week("2026-12-07", "300000")],
    }),
    receivables: () => ({
      totalCount: 2,
      edges: [payable("3", "50000", -5, "Overdue"), payable("1", "300000", 10)],
    }),
    tokenBalances: () => ({ edges: [{ node: { balance: cash, currency: "CNY", token: "0xt" } }] }),
    ...extra,
  };
}

describe("core MaturitiesPage", () => {
  it("charts what is due by week and lists the payables with Pay", async () => {
    const calls = await renderSignedIn(<MaturitiesPage params={{}} />, {
      ...CORE,
      handlers: handlers("1000000", { payReceivable: () => TX }),
    });
    expect(await screen.findByTestId("week-row-2026-11-23")).toBeTruthy();
    expect(screen.getByRole("img", { name: /Amount due by week/ }).getAttribute("aria-label")).toContain("CN¥3,000.00");
    expect(document.querySelectorAll(".bar.bad")).toHaveLength(1);
    const calendar = calls.find((c) => c.field === "maturityCalendar")!;
    expect(calendar.variables.o).toBe(ADDRESSES.core);
    expect(new Date(calendar.variables.from).getUTCDay()).toBe(1);
    expect((Date.parse(calendar.variables.to) - Date.parse(calendar.variables.from)) / DAY_MS).toBe(17 * 7);

    await waitFor(() => expect(screen.getByTestId("cash-balance").textContent).toBe("CN¥10,000.00"));
    expect(screen.getByTestId("total-due").textContent).toBe("CN¥3,500.00");
    expect(screen.queryByTestId("cash-shortfall")).toBeNull();
    expect(within(screen.getByTestId("payable-row-3")).getByText("Overdue")).toBeTruthy();
    fireEvent.click(screen.getByRole("button", { name: "Pay receivable 1" }));
    await waitFor(() => expect(calls.filter((c) => c.field === "payReceivable")).toHaveLength(1));
    expect(calls.find((c) => c.field === "payReceivable")!.variables).toEqual({ id: "1" });
  });

  it("starts the calendar from chain time when the chain runs ahead of the clock", async () => {
    const ahead = Date.now() + 200 * DAY_MS;
    const calls = await renderSignedIn(<MaturitiesPage params={{}} />, {
      ...CORE,
      handlers: handlers("1000000", { syncStatus: () => ({ indexedBlockTime: new Date(ahead).toISOString() }) }),
    });
    await waitFor(() => expect(calls.some((c) => c.field === "maturityCalendar")).toBe(true));
    const { from, to } = calls.find((c) => c.field === "maturityCalendar")!.variables;
    // Monday of the week four weeks before chain time, not before the clock.
    expect(Date.parse(from)).toBeLessThanOrEqual(ahead - 4 * 7 * DAY_MS);
    expect(Date.parse(from)).toBeGreaterThan(ahead - 5 * 7 * DAY_MS);
    expect(Date.parse(to)).toBeGreaterThan(ahead);
  });

  it("asks for more weeks ahead", async () => {
    const calls = await renderSignedIn(<MaturitiesPage params={{}} />, { ...CORE, handlers: handlers("1000000") });
    await screen.findByTestId("week-row-2026-11-23");
    fireEvent.change(screen.getByLabelText("Weeks ahead"), { target: { value: "52" } });
    await waitFor(() => expect(calls.filter((c) => c.field === "maturityCalendar")).toHaveLength(2));
    const last = calls.filter((c) => c.field === "maturityCalendar")[1].variables;
    expect((Date.parse(last.to) - Date.parse(last.from)) / DAY_MS).toBe(56 * 7);
  });

  it("warns when the cash is lower than what is due, and offers Pay only where it covers the face", async () => {
    await renderSignedIn(<MaturitiesPage params={{}} />, { ...CORE, handlers: handlers("100000") });
    expect((await screen.findByTestId("cash-shortfall")).textContent).toContain("CN¥1,000.00");
    expect(screen.getByTestId("cash-shortfall").textContent).toContain("CN¥3,500.00");
    expect(within(screen.getByTestId("payable-row-3")).getByRole("button", { name: "Pay receivable 3" })).toBeTruthy();
    expect(within(screen.getByTestId("payable-row-1")).queryByRole("button")).toBeNull();
    expect(screen.getByTestId("not-enough-1").textContent).toBe("Not enough cash");
  });

  it("offers no Pay to a member without the core enterprise role", async () => {
    await renderSignedIn(<MaturitiesPage params={{}} />, {
      address: ADDRESSES.regulator,
      roles: ["REGULATOR"],
      handlers: handlers("1000000"),
    });
    await screen.findByTestId("payable-row-1");
    await screen.findByTestId("cash-balance");
    expect(screen.queryByRole("button", { name: /Pay/ })).toBeNull();
  });

  it("says when nothing matures and nothing is owed", async () => {
    await renderSignedIn(<MaturitiesPage params={{}} />, {
      ...CORE,
      handlers: handlers("0", {
        maturityCalendar: (v) => ({ bucket: "WEEK", from: v.from, to: v.to, buckets: [] }),
        receivables: () => ({ totalCount: 0, edges: [] }),
      }),
    });
    expect(await screen.findByText("No payable matures in this period.")).toBeTruthy();
    expect(await screen.findByText("Nothing to pay: every payable is settled.")).toBeTruthy();
    expect(screen.queryByTestId("cash-shortfall")).toBeNull();
  });

  it("shows the API's errors", async () => {
    await renderSignedIn(<MaturitiesPage params={{}} />, {
      ...CORE,
      handlers: handlers("0", {
        maturityCalendar: () => new ApiFailure("the calendar covers at most 18300 days"),
        receivables: () => new ApiFailure("index unavailable", "SERVICE_UNAVAILABLE"),
      }),
    });
    await waitFor(() => {
      const texts = screen.getAllByRole("alert").map((a) => a.textContent ?? "");
      expect(texts.some((t) => t.includes("18300 days") && t.includes("BAD_USER_INPUT"))).toBe(true);
      expect(texts.some((t) => t.includes("index unavailable"))).toBe(true);
    });
  });
});
