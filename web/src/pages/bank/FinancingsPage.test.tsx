import { fireEvent } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { ADDRESSES, ApiFailure, renderSignedIn, screen, waitFor } from "../../test-utils";
import { BANK } from "./fixtures";
import FinancingsPage, { PAGE_SIZE, type FinancingRow } from "./FinancingsPage";

/** A page of financings: the rows, the total and the next page's cursor when there is one. */
const page = (edges: { node: FinancingRow }[], totalCount = edges.length, endCursor: string | null = null) => ({
  totalCount,
  pageInfo: { hasNextPage: endCursor !== null, endCursor },
  edges,
});

function financing(change: Partial<FinancingRow>): { node: FinancingRow } {
  return {
    node: {
      id: "1",
      product: "FACTORING",
      status: "Funded",
      assetId: "10",
      assetType: "part",
      party: ADDRESSES.supplier,
      partyMember: { orgId: "ruifeng-components" },
      obligor: ADDRESSES.core,
      obligorMember: { orgId: "jinghai-motors" },
      principal: "9000000",
      outstanding: "9000000",
      dueAt: "2026-12-31T00:00:00.000Z",
      fundedAt: "2026-10-01T00:00:00.000Z",
      recourse: false,
      receivable: { id: "4", status: "Outstanding" },
      receipt: null,
      ...change,
    },
  };
}

const NOW = "2026-12-01T00:00:00.000Z";
const rows = [
  financing({ id: "1", receivable: { id: "4", status: "Paid" } }),
  financing({ id: "2", recourse: true, receivable: { id: "5", status: "Defaulted" } }),
  financing({ id: "3", recourse: false, receivable: { id: "6", status: "Defaulted" } }),
  financing({
    id: "4",
    product: "ORDER",
    status: "Active",
    assetType: "order",
    dueAt: "2026-10-01T00:00:00.000Z",
    receivable: null,
  }),
  financing({
    id: "5",
    product: "ORDER",
    status: "Active",
    assetType: "order",
    dueAt: "2026-11-15T00:00:00.000Z",
    receivable: null,
  }),
  financing({
    id: "6",
    product: "RECEIPT",
    status: "Defaulted",
    assetId: "12",
    assetType: "receipt",
    obligor: null,
    obligorMember: null,
    receivable: null,
    receipt: { id: "12", pledgee: ADDRESSES.bankA, frozen: false },
  }),
];

describe("FinancingsPage", () => {
  it("offers each servicing step only where the state allows it", async () => {
    await renderSignedIn(<FinancingsPage />, {
      ...BANK,
      handlers: { syncStatus: () => ({ indexedBlockTime: NOW }), financings: () => page(rows) },
    });
    const row = async (id: string) => (await screen.findByTestId(id)).textContent;
    expect(await row("financing-row-FACTORING-1")).toContain("Collect Factoring #1");
    expect(await row("financing-row-FACTORING-2")).toContain("Claim recourse on Factoring #2");
    expect(await row("financing-row-FACTORING-3")).not.toMatch(/Claim|Collect/);
    // Due 2026-10-01, grace over on 2026-10-31: may be declared in default; due 2026-11-15: not yet.
    expect(await row("financing-row-ORDER-4")).toContain("Declare Order loan #4 in default");
    expect(await row("financing-row-ORDER-5")).not.toContain("Declare");
    expect(await row("financing-row-RECEIPT-6")).toContain("Enforce the pledge of Receipt loan #6");
  });

  it("collects with the financing's id and product, and enforces with the receipt id", async () => {
    const sent: Record<string, unknown> = {};
    await renderSignedIn(<FinancingsPage />, {
      ...BANK,
      handlers: {
        syncStatus: () => ({ indexedBlockTime: NOW }),
        financings: () => page(rows),
        collectFinancing: (v) => ((sent.collect = v), new ApiFailure("receivable 4 is not paid", "CONFLICT")),
        enforceReceiptPledge: (v) => ((sent.enforce = v), new ApiFailure("no loan in default", "CONFLICT")),
      },
    });
    fireEvent.click(await screen.findByRole("button", { name: "Collect Factoring #1" }));
    await waitFor(() => expect(sent.collect).toEqual({ id: "1", p: "FACTORING" }));
    expect(await screen.findByText(/receivable 4 is not paid/)).toBeTruthy();
    fireEvent.click(screen.getByRole("button", { name: "Enforce the pledge of Receipt loan #6" }));
    await waitFor(() => expect(sent.enforce).toEqual({ r: "12" }));
  });

  it("keeps a step's progress in view when its financing leaves the list", async () => {
    let open = true;
    await renderSignedIn(<FinancingsPage />, {
      ...BANK,
      handlers: {
        syncStatus: () => ({ indexedBlockTime: NOW }),
        financings: () => page(open ? rows : rows.slice(1)),
        collectFinancing: () => new ApiFailure("receivable 10 is not paid yet", "CONFLICT"),
      },
    });
    fireEvent.click(await screen.findByRole("button", { name: "Collect Factoring #1" }));
    const box = await screen.findByTestId("servicing");
    expect(box.textContent).toContain("Collect Factoring #1");
    expect(await screen.findByText(/receivable 10 is not paid yet/)).toBeTruthy();
    expect(screen.getByTestId("financing-row-FACTORING-1").contains(box)).toBe(false);
    // The list changes (the financing left it): the progress stays.
    open = false;
    fireEvent.click(screen.getByRole("tab", { name: "All" }));
    await waitFor(() => expect(screen.queryByTestId("financing-row-FACTORING-1")).toBeNull());
    expect(screen.getByTestId("servicing").textContent).toContain("receivable 10 is not paid yet");
  });

  it("pages through the financings, from the first page again when the tab changes", async () => {
    const calls = await renderSignedIn(<FinancingsPage />, {
      ...BANK,
      handlers: {
        syncStatus: () => ({ indexedBlockTime: NOW }),
        financings: (v) => (v.after === "c1" ? page(rows.slice(3), 80) : page(rows.slice(0, 3), 80, "c1")),
      },
    });
    await screen.findByTestId("financing-row-FACTORING-1");
    expect(screen.getByText("Page 1 of 2")).toBeTruthy();
    const asked = () => calls.filter((c) => c.field === "financings");
    expect(asked()[0].variables).toMatchObject({ first: PAGE_SIZE, after: null });
    fireEvent.click(screen.getByRole("button", { name: "Next page" }));
    expect(await screen.findByTestId("financing-row-ORDER-4")).toBeTruthy();
    expect(screen.queryByTestId("financing-row-FACTORING-1")).toBeNull();
    expect(asked().at(-1)!.variables.after).toBe("c1");
    fireEvent.click(screen.getByRole("tab", { name: "All" }));
    await waitFor(() =>
      expect(asked().at(-1)!.variables).toMatchObject({ after: null, filter: { bank: ADDRESSES.bankA } }),
    );
  });

  it("asks for open financings first, then all; says when there are none", async () => {
    const calls = await renderSignedIn(<FinancingsPage />, {
      ...BANK,
      handlers: { syncStatus: () => ({ indexedBlockTime: NOW }), financings: () => page([]) },
    });
    expect(await screen.findByText("No financings.")).toBeTruthy();
    expect(calls.find((c) => c.field === "financings")!.variables.filter).toEqual({
      bank: ADDRESSES.bankA,
      open: true,
    });
    fireEvent.click(screen.getByRole("tab", { name: "All" }));
    await waitFor(() =>
      expect(calls.filter((c) => c.field === "financings").at(-1)!.variables.filter).toEqual({ bank: ADDRESSES.bankA }),
    );
  });

  it("shows the API's error", async () => {
    await renderSignedIn(<FinancingsPage />, {
      ...BANK,
      handlers: { syncStatus: () => ({ indexedBlockTime: NOW }), financings: () => new ApiFailure("boom", "INTERNAL") },
    });
    expect((await screen.findByRole("alert")).textContent).toContain("boom");
  });
});
