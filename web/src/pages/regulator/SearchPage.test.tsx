import { fireEvent } from "@testing-library/react";
import { afterEach, describe, expect, it } from "vitest";
import { ADDRESSES, ApiFailure, renderSignedIn, screen, waitFor } from "../../test-utils";
import SearchPage, { PAGE_SIZE, searchProblem } from "./SearchPage";

const order = (id: string, orderNumber: string) => ({
  id,
  orderNumber,
  status: "Confirmed",
  supplier: ADDRESSES.supplier,
  buyer: ADDRESSES.core,
  amount: "12000000",
  currency: "CNY",
});
const page = <N,>(nodes: N[]) => ({
  totalCount: nodes.length,
  pageInfo: { hasNextPage: false, endCursor: null },
  edges: nodes.map((node) => ({ node })),
});
const members = () =>
  page([
    { address: ADDRESSES.supplier, orgId: "ruifeng-components" },
    { address: ADDRESSES.core, orgId: "jinghai-motors" },
  ]);
const REGULATOR = { address: ADDRESSES.regulator, roles: ["REGULATOR"] };

/** Waits for the page (the session restores first), then searches. */
async function search(kind: string, q: string) {
  await screen.findByLabelText("Asset type");
  fireEvent.change(screen.getByLabelText("Asset type"), { target: { value: kind } });
  fireEvent.change(screen.getByLabelText("Id or number"), { target: { value: q } });
  fireEvent.click(screen.getByRole("button", { name: "Search" }));
}

afterEach(() => window.history.replaceState(null, "", "#/"));

describe("SearchPage", () => {
  it("refuses an empty search and a non-numeric receivable id without calling the API", async () => {
    const calls = await renderSignedIn(<SearchPage params={{}} />, { ...REGULATOR, handlers: {} });
    await search("order", "   ");
    expect((await screen.findByRole("alert")).textContent).toBe("Required.");
    await search("receivable", "INV-7");
    expect(screen.getByRole("alert").textContent).toBe("Enter an id: a whole number such as 12.");
    await search("part", "1.5");
    expect(screen.getByRole("alert").textContent).toBe("Enter an id: a whole number such as 12.");
    expect(calls.map((c) => c.field)).toEqual(["viewer"]);
    expect(searchProblem("order", "x".repeat(65))).toBe("regulator.search.tooLong");
    expect(searchProblem("receipt", "lot\u0001")).toBe("regulator.search.invalid");
    expect(searchProblem("order", "PO-2026-001")).toBeNull();
  });

  it("asks the server for the orders whose number contains the text, a page at a time, and links to them", async () => {
    const calls = await renderSignedIn(<SearchPage params={{}} />, {
      ...REGULATOR,
      handlers: {
        members,
        // The server's answer, in two pages; without the filter it would answer every order.
        purchaseOrders: (v) =>
          v.filter?.orderNumberContains !== "po-2026"
            ? page([order("1", "PO-2026-001"), order("3", "X-9")])
            : v.after === null
              ? {
                  ...page([order("1", "PO-2026-001")]),
                  totalCount: 51,
                  pageInfo: { hasNextPage: true, endCursor: "c1" },
                }
              : { ...page([order("2", "PO-2026-002")]), totalCount: 51 },
      },
    });
    await search("order", " po-2026 ");
    const first = await screen.findByTestId("result-order-1");
    expect(first.getAttribute("href")).toBe("#/regulator/asset/order/1");
    expect(first.textContent).toBe("Order #1 · PO-2026-001");
    expect(screen.getAllByText("ruifeng-components").length).toBe(1);
    expect(screen.getByText("Page 1 of 2")).toBeTruthy();
    // The next page is asked for only when the user turns to it.
    expect(calls.filter((c) => c.field === "purchaseOrders")).toHaveLength(1);
    fireEvent.click(screen.getByRole("button", { name: "Next page" }));
    expect((await screen.findByTestId("result-order-2")).textContent).toBe("Order #2 · PO-2026-002");
    expect(screen.queryByTestId("result-order-1")).toBeNull();
    expect(screen.queryByTestId("result-order-3")).toBeNull();
    const listed = calls.filter((c) => c.field === "purchaseOrders");
    expect(listed.map((c) => c.variables)).toEqual([
      { filter: { orderNumberContains: "po-2026" }, first: PAGE_SIZE, after: null },
      { filter: { orderNumberContains: "po-2026" }, first: PAGE_SIZE, after: "c1" },
    ]);
    expect(listed[0].query).toContain("$filter: PurchaseOrderFilter");
    // a number is not an id: no lookup by id
    expect(calls.some((c) => c.field === "purchaseOrder")).toBe(false);
    expect(window.location.hash).toBe("#/regulator/search?kind=order&q=po-2026");
    // Another search starts at its first page.
    await search("order", "X-9");
    await screen.findByTestId("result-order-3");
    expect(calls.filter((c) => c.field === "purchaseOrders").at(-1)!.variables).toEqual({
      filter: { orderNumberContains: "X-9" },
      first: PAGE_SIZE,
      after: null,
    });
  });

  it("finds a receipt by id and the receipts whose lot contains the text, once each, as the server answers", async () => {
    const receipt = (id: string, lot: string) => ({
      id,
      lot,
      status: "Active",
      owner: ADDRESSES.supplier,
      warehouse: ADDRESSES.core,
      valuation: "300000",
      currency: "CNY",
    });
    const calls = await renderSignedIn(<SearchPage params={{}} />, {
      ...REGULATOR,
      handlers: {
        members,
        warehouseReceipt: (v) => (v.id === "7" ? receipt("7", "WR-A") : null),
        // The server matched lots containing "7" (receipt 7's own lot does not, but it is found by id).
        warehouseReceipts: (v) =>
          v.filter?.lotContains === "7" ? page([receipt("12", "LOT-07"), receipt("7", "WR-A")]) : page([]),
      },
    });
    await search("receipt", "7");
    expect((await screen.findByTestId("result-receipt-7")).textContent).toBe("Warehouse receipt #7 · WR-A");
    expect(screen.getByTestId("result-receipt-12").getAttribute("href")).toBe("#/regulator/asset/receipt/12");
    expect(screen.getAllByTestId(/^result-receipt-/).map((e) => e.dataset.testid)).toEqual([
      "result-receipt-7",
      "result-receipt-12",
    ]);
    expect(calls.find((c) => c.field === "warehouseReceipt")?.variables).toEqual({ id: "7" });
    expect(calls.filter((c) => c.field === "warehouseReceipts").map((c) => c.variables)).toEqual([
      { filter: { lotContains: "7" }, first: PAGE_SIZE, after: null },
    ]);
  });

  it("looks a receivable up by id, and says when nothing matches", async () => {
    const calls = await renderSignedIn(<SearchPage params={{}} />, {
      ...REGULATOR,
      handlers: {
        members,
        receivable: (v) =>
          v.id === "4"
            ? {
                id: "4",
                status: "Outstanding",
                creditor: ADDRESSES.supplier,
                obligor: ADDRESSES.core,
                face: "500000",
                currency: "CNY",
              }
            : null,
      },
    });
    await search("receivable", " 4 ");
    expect((await screen.findByTestId("result-receivable-4")).getAttribute("href")).toBe(
      "#/regulator/asset/receivable/4",
    );
    expect(screen.getByText("CN¥5,000.00")).toBeTruthy();
    expect(calls.find((c) => c.field === "receivable")?.variables).toEqual({ id: "4" });
    await search("receivable", "99");
    expect(await screen.findByText("Nothing matches this search.")).toBeTruthy();
  });

  it("shows the API's error", async () => {
    await renderSignedIn(<SearchPage params={{}} />, {
      ...REGULATOR,
      handlers: { members, receivablePart: () => new ApiFailure("index is behind", "STALE_INDEX") },
    });
    await search("part", "7");
    await waitFor(() => expect(screen.getByRole("alert").textContent).toContain("index is behind"));
  });
});
