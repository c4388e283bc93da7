import { fireEvent } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { ADDRESSES, ApiFailure, renderSignedIn, screen, waitFor, type ApiCall, type Handler } from "../../test-utils";
import { frozenReceipt, receipt } from "./fixtures";
import WarehouseHomePage, { PAGE_SIZE } from "./WarehouseHomePage";

const asWarehouse = { address: ADDRESSES.warehouse, roles: ["WAREHOUSE"] };

/** A page of the list: the rows, the total and the next page's cursor when there is one. */
const page = (nodes: object[], totalCount = nodes.length, endCursor: string | null = null) => ({
  totalCount,
  pageInfo: { hasNextPage: endCursor !== null, endCursor },
  edges: nodes.map((node) => ({ node })),
});

type Counts = Record<"inStore" | "pledged" | "frozen" | "awaiting" | "all", number>;
const COUNTS: Counts = { inStore: 120, pledged: 40, frozen: 3, awaiting: 7, all: 610 };

/**
 * warehouseReceipts answered per alias: the figures' aliases with their count, the list (no alias) by
 * `list(variables)`.
 */
function receipts(list: Handler, counts: Counts = COUNTS): Handler {
  return (variables, query, key) =>
    key in counts ? { totalCount: counts[key as keyof Counts] } : list(variables, query, key);
}

const figuresCalls = (calls: ApiCall[]) => calls.filter((c) => c.query.includes("inStore:"));
const listCalls = (calls: ApiCall[]) =>
  calls.filter((c) => c.field === "warehouseReceipts" && !c.query.includes("inStore:"));

/** The arguments the figures query gives alias `key`. */
function aliasArguments(query: string, key: string): string {
  const match = new RegExp(`\\b${key}:\\s*warehouseReceipts\\(([^)]*)\\)`).exec(query);
  if (!match) throw new Error(`no alias ${key} in ${query}`);
  return match[1].replace(/\s+/g, " ");
}

/** The figure labelled `label`: its value and its tone class. */
function stat(label: string): { value: string; className: string } {
  const term = [...document.querySelectorAll(".stats dt")].find((dt) => dt.textContent === label);
  if (!term) throw new Error(`no figure ${label}`);
  return { value: term.nextElementSibling!.textContent!, className: term.parentElement!.className };
}

describe("WarehouseHomePage", () => {
  it("shows the figures counted by the API, one alias each, filtered to the viewer's receipts", async () => {
    const calls = await renderSignedIn(<WarehouseHomePage params={{}} />, {
      ...asWarehouse,
      handlers: { warehouseReceipts: receipts(() => page([receipt("1")])) },
    });
    await screen.findByTestId("receipt-row-1");
    expect(stat("Receipts in store")).toEqual({ value: "120", className: "stat " });
    expect(stat("Pledged")).toEqual({ value: "40", className: "stat " });
    expect(stat("Frozen")).toEqual({ value: "3", className: "stat bad" });
    expect(stat("Awaiting release")).toEqual({ value: "7", className: "stat warn" });

    expect(figuresCalls(calls)).toHaveLength(1);
    const { query, variables, fields } = figuresCalls(calls)[0];
    expect(variables).toEqual({ w: ADDRESSES.warehouse });
    expect(fields).toEqual(Array(5).fill("warehouseReceipts"));
    const args = (key: string) => aliasArguments(query, key);
    for (const key of Object.keys(COUNTS)) {
      expect(args(key)).toContain("first: 0");
      expect(args(key)).toContain("warehouse: $w");
    }
    expect(args("inStore")).toContain("status: [Active, ReleaseRequested]");
    expect(args("inStore")).not.toMatch(/pledged|frozen/);
    expect(args("pledged")).toContain("status: [Active, ReleaseRequested]");
    expect(args("pledged")).toContain("pledged: true");
    expect(args("frozen")).toContain("status: [Active, ReleaseRequested]");
    expect(args("frozen")).toContain("frozen: true");
    expect(args("awaiting")).toContain("status: [ReleaseRequested]");
    expect(args("awaiting")).not.toContain("Active");
    expect(args("all")).not.toMatch(/status|pledged|frozen/);
  });

  it("gives no tone to frozen and awaiting release when there are none", async () => {
    await renderSignedIn(<WarehouseHomePage params={{}} />, {
      ...asWarehouse,
      handlers: {
        warehouseReceipts: receipts(() => page([receipt("1")]), { ...COUNTS, frozen: 0, awaiting: 0 }),
      },
    });
    await screen.findByTestId("receipt-row-1");
    expect(stat("Frozen")).toEqual({ value: "0", className: "stat " });
    expect(stat("Awaiting release")).toEqual({ value: "0", className: "stat " });
  });

  it("lists the receipts of the tab, as the server filters them, newest first", async () => {
    const calls = await renderSignedIn(<WarehouseHomePage params={{}} />, {
      ...asWarehouse,
      handlers: {
        warehouseReceipts: receipts((v) =>
          v.status?.[0] === "Released"
            ? page([receipt("3", { status: "Released", lot: "OLD-LOT" })])
            : page([receipt("1", { status: "ReleaseRequested" }), frozenReceipt("2")]),
        ),
      },
    });
    expect(await screen.findByTestId("receipt-row-1")).toBeTruthy();
    expect(screen.getByTestId("receipts-table").contains(screen.getByTestId("receipt-row-2"))).toBe(true);
    expect(screen.getByTestId("receipt-row-2").textContent).toBe("LOT-2");
    expect(screen.getAllByText("bank-a").length).toBeGreaterThan(0);
    expect(screen.getByText("Release requested")).toBeTruthy();
    expect(screen.getAllByText("CN¥2,500,000.00").length).toBe(2);
    expect(listCalls(calls)).toHaveLength(1);
    const first = listCalls(calls)[0];
    expect(first.variables).toEqual({
      w: ADDRESSES.warehouse,
      status: ["Active", "ReleaseRequested"],
      first: PAGE_SIZE,
      after: null,
    });
    expect(first.query).toContain("warehouse: $w, status: $status");
    expect(first.query).toContain("orderBy: { field: ISSUED_AT, direction: DESC }");

    fireEvent.click(screen.getByRole("tab", { name: "Released" }));
    expect(await screen.findByText("OLD-LOT")).toBeTruthy();
    expect(screen.queryByTestId("receipt-row-1")).toBeNull();
    expect(listCalls(calls).at(-1)!.variables).toEqual({
      w: ADDRESSES.warehouse,
      status: ["Released"],
      first: PAGE_SIZE,
      after: null,
    });

    fireEvent.click(screen.getByRole("tab", { name: "All" }));
    await waitFor(() => expect(listCalls(calls).at(-1)!.variables.status).toBeUndefined());
    expect(listCalls(calls).at(-1)!.variables).toMatchObject({ first: PAGE_SIZE, after: null });
    // The figures are loaded once, not again on each tab.
    expect(figuresCalls(calls)).toHaveLength(1);
  });

  it("pages through the receipts, and starts again from the first page when the tab changes", async () => {
    // 120 receipts in store: page 1 holds 1 and 2 (as far as this test cares), page 2 holds 51.
    const calls = await renderSignedIn(<WarehouseHomePage params={{}} />, {
      ...asWarehouse,
      handlers: {
        warehouseReceipts: receipts((v) =>
          v.after === "cursor-1"
            ? page([receipt("51")], 120, "cursor-2")
            : page([receipt("1"), receipt("2")], 120, "cursor-1"),
        ),
      },
    });
    await screen.findByTestId("receipt-row-1");
    expect(screen.getByText("Page 1 of 3")).toBeTruthy();
    expect((screen.getByRole("button", { name: "Previous page" }) as HTMLButtonElement).disabled).toBe(true);

    fireEvent.click(screen.getByRole("button", { name: "Next page" }));
    expect(await screen.findByTestId("receipt-row-51")).toBeTruthy();
    expect(screen.queryByTestId("receipt-row-1")).toBeNull();
    expect(screen.getByText("Page 2 of 3")).toBeTruthy();
    expect(listCalls(calls).at(-1)!.variables).toMatchObject({
      status: ["Active", "ReleaseRequested"],
      first: PAGE_SIZE,
      after: "cursor-1",
    });

    fireEvent.click(screen.getByRole("button", { name: "Previous page" }));
    expect(await screen.findByTestId("receipt-row-1")).toBeTruthy();
    expect(listCalls(calls).at(-1)!.variables.after).toBe(null);

    fireEvent.click(screen.getByRole("button", { name: "Next page" }));
    await screen.findByTestId("receipt-row-51");
    fireEvent.click(screen.getByRole("tab", { name: "Released" }));
    await waitFor(() =>
      expect(listCalls(calls).at(-1)!.variables).toMatchObject({ status: ["Released"], after: null }),
    );
    expect(await screen.findByText("Page 1 of 3")).toBeTruthy();
  });

  it("shows no pager when the tab fits on one page", async () => {
    await renderSignedIn(<WarehouseHomePage params={{}} />, {
      ...asWarehouse,
      handlers: { warehouseReceipts: receipts(() => page([receipt("1")])) },
    });
    await screen.findByTestId("receipt-row-1");
    expect(screen.queryByTestId("pager")).toBeNull();
  });

  it("says when the warehouse issued nothing yet, in Chinese too", async () => {
    await renderSignedIn(<WarehouseHomePage params={{}} />, {
      ...asWarehouse,
      locale: "zh-CN",
      handlers: {
        warehouseReceipts: receipts(() => page([]), { inStore: 0, pledged: 0, frozen: 0, awaiting: 0, all: 0 }),
      },
    });
    expect(await screen.findByText("您尚未签发任何仓单。")).toBeTruthy();
    expect(document.querySelector(".stats")).toBeNull();
    expect(screen.queryByRole("tab")).toBeNull();
  });

  it("says when a tab holds no receipt, with the figures and tabs still shown", async () => {
    await renderSignedIn(<WarehouseHomePage params={{}} />, {
      ...asWarehouse,
      handlers: {
        warehouseReceipts: receipts(() => page([]), { inStore: 0, pledged: 0, frozen: 0, awaiting: 0, all: 4 }),
      },
    });
    expect(await screen.findByText("No receipt in this view.")).toBeTruthy();
    expect(screen.queryByText("You have not issued any receipt yet.")).toBeNull();
    expect(stat("Receipts in store").value).toBe("0");
    expect(screen.getByRole("tab", { name: "All" })).toBeTruthy();
  });

  it("shows the API's error with its code", async () => {
    await renderSignedIn(<WarehouseHomePage params={{}} />, {
      ...asWarehouse,
      handlers: { warehouseReceipts: () => new ApiFailure("index unavailable", "INDEX_BEHIND") },
    });
    const alert = await screen.findByRole("alert");
    expect(alert.textContent).toContain("index unavailable");
    expect(alert.textContent).toContain("INDEX_BEHIND");
  });

  it("shows the list's error under the figures when only the list fails", async () => {
    await renderSignedIn(<WarehouseHomePage params={{}} />, {
      ...asWarehouse,
      handlers: { warehouseReceipts: receipts(() => new ApiFailure("first must be at most 500", "BAD_USER_INPUT")) },
    });
    const alert = await screen.findByRole("alert");
    expect(alert.textContent).toContain("first must be at most 500");
    expect(stat("Receipts in store").value).toBe("120");
  });
});
