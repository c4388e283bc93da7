import { fireEvent } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { ADDRESSES, ApiFailure, renderSignedIn, screen, waitFor } from "../../test-utils";
import { BANK } from "./fixtures";
import FinancingsPage, { type FinancingRow } from "./FinancingsPage";

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
      handlers: { syncStatus: () => ({ indexedBlockTime: NOW }), financings: () => ({ edges: rows }) },
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
        financings: () => ({ edges: rows }),
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

  it("asks for open financings first, then all; says when there are none", async () => {
    const calls = await renderSignedIn(<FinancingsPage />, {
      ...BANK,
      handlers: { syncStatus: () => ({ indexedBlockTime: NOW }), financings: () => ({ edges: [] }) },
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
