import { fireEvent } from "@testing-library/react";
import { afterEach, describe, expect, it } from "vitest";
import { ADDRESSES, ApiFailure, renderSignedIn, screen, waitFor } from "../../test-utils";
import SearchPage, { searchProblem } from "./SearchPage";

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

  it("finds orders by (part of) their number and links to their page", async () => {
    const calls = await renderSignedIn(<SearchPage params={{}} />, {
      ...REGULATOR,
      handlers: {
        members,
        purchaseOrders: () => page([order("1", "PO-2026-001"), order("2", "PO-2026-002"), order("3", "X-9")]),
      },
    });
    await search("order", "po-2026");
    const first = await screen.findByTestId("result-order-1");
    expect(first.getAttribute("href")).toBe("#/regulator/asset/order/1");
    expect(first.textContent).toBe("Order #1 · PO-2026-001");
    expect(screen.getByTestId("result-order-2")).toBeTruthy();
    expect(screen.queryByTestId("result-order-3")).toBeNull();
    expect(screen.getAllByText("ruifeng-components").length).toBe(2);
    // a number is not an id: no lookup by id
    expect(calls.some((c) => c.field === "purchaseOrder")).toBe(false);
    expect(window.location.hash).toBe("#/regulator/search?kind=order&q=po-2026");
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
