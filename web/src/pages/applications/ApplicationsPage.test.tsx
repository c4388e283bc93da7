import { fireEvent } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { ADDRESSES, ApiFailure, renderSignedIn, screen, waitFor, type ApiCall, type Handler } from "../../test-utils";
import ApplicationsPage, { PAGE_SIZE } from "./ApplicationsPage";
import { banksAnswer } from "./fixtures";

const row = (id: string, status: string, product = "FACTORING") => ({
  node: {
    id,
    product,
    assetType: product === "FACTORING" ? "part" : "order",
    assetId: "5",
    amount: null,
    status,
    updatedAt: "2026-11-01T08:00:00Z",
    quote: { base: "10000000", proceeds: "7893333" },
    decisions: [
      { bank: ADDRESSES.bankA, status: "APPROVED" },
      { bank: ADDRESSES.bankB, status: "REJECTED" },
    ],
  },
});

/** A page of the list: its rows, the total over all pages and the next page's cursor when there is one. */
const page = (edges: unknown[], totalCount = edges.length, endCursor: string | null = null) => ({
  totalCount,
  pageInfo: { hasNextPage: endCursor !== null, endCursor },
  edges,
});

/**
 * Answers `applications`: the list (asked under its own name) with `list(variables)`, the counts (asked
 * under the aliases open, approved and executed) from `counts`.
 */
const applications =
  (list: Handler, counts: Record<string, number> = { open: 0, approved: 0, executed: 0 }): Handler =>
  (variables, query, key) =>
    key === "applications" ? list(variables, query, key) : { totalCount: counts[key] };

const listCalls = (calls: ApiCall[]) => calls.filter((c) => c.field === "applications" && c.fields.length === 1);
const countsCall = (calls: ApiCall[]) => calls.find((c) => c.field === "applications" && c.fields.length === 3);

/** The figure shown under a stat's label. */
const figure = (label: string) => screen.getByText(label, { selector: "dt" }).nextElementSibling!;
const stat = (label: string) => figure(label).textContent;

describe("ApplicationsPage", () => {
  it("lists the viewer's applications with their banks, status and cash balance", async () => {
    const calls = await renderSignedIn(<ApplicationsPage params={{}} />, {
      address: ADDRESSES.supplier,
      roles: ["SUPPLIER"],
      handlers: {
        applications: applications(() => page([row("2", "APPROVED"), row("1", "EXECUTED", "ORDER_FINANCING")]), {
          open: 7,
          approved: 3,
          executed: 61,
        }),
        tokenBalances: () => ({ edges: [{ node: { balance: "123456", currency: "CNY" } }] }),
        members: banksAnswer,
      },
    });
    const link = await screen.findByTestId("application-row-2");
    expect(link.getAttribute("href")).toBe("#/applications/2");
    expect(screen.getByText("Receivable part #5")).toBeTruthy();
    expect(screen.getByText("Purchase order #5")).toBeTruthy();
    expect(await screen.findAllByText("bank-a, bank-b")).toHaveLength(2);
    expect(screen.getByText("Approved")).toBeTruthy();
    expect(screen.getAllByText("Executed").length).toBeGreaterThanOrEqual(1);
    expect((await screen.findByTestId("cash-balance")).textContent).toContain("1,234.56");
    expect(listCalls(calls)[0].variables).toEqual({
      f: { applicant: ADDRESSES.supplier },
      first: PAGE_SIZE,
      after: null,
    });
    // The figures are the server's counts over every page, not those of the rows shown.
    await waitFor(() => expect(stat("Open applications")).toBe("7"));
    expect(stat("Approved, awaiting your acceptance")).toBe("3");
    expect(stat("Executed")).toBe("61");
    expect(countsCall(calls)!.variables).toEqual({
      open: { applicant: ADDRESSES.supplier, status: ["DRAFT", "SUBMITTED", "UNDER_REVIEW", "APPROVED"] },
      approved: { applicant: ADDRESSES.supplier, status: ["APPROVED"] },
      executed: { applicant: ADDRESSES.supplier, status: ["EXECUTED"] },
    });
    expect(countsCall(calls)!.query).toMatch(/open: applications\(first: 0/);
    // One page: no pager.
    expect(screen.queryByTestId("pager")).toBeNull();
  });

  it("pages through a long list, newest first, forward and back", async () => {
    // 120 applications: page 1 holds 120 and 119 (as far as this test cares), page 2 holds 70.
    const calls = await renderSignedIn(<ApplicationsPage params={{}} />, {
      address: ADDRESSES.supplier,
      roles: ["SUPPLIER"],
      handlers: {
        applications: applications((v) =>
          v.after === "cursor-1"
            ? page([row("70", "SUBMITTED")], 120, "cursor-2")
            : page([row("120", "SUBMITTED"), row("119", "EXECUTED")], 120, "cursor-1"),
        ),
        tokenBalances: () => ({ edges: [] }),
        members: banksAnswer,
      },
    });
    await screen.findByTestId("application-row-120");
    expect(screen.getByText("Page 1 of 3")).toBeTruthy();
    expect((screen.getByRole("button", { name: "Previous page" }) as HTMLButtonElement).disabled).toBe(true);

    fireEvent.click(screen.getByRole("button", { name: "Next page" }));
    expect(await screen.findByTestId("application-row-70")).toBeTruthy();
    expect(screen.queryByTestId("application-row-120")).toBeNull();
    expect(screen.getByText("Page 2 of 3")).toBeTruthy();
    expect(listCalls(calls).at(-1)!.variables).toEqual({
      f: { applicant: ADDRESSES.supplier },
      first: PAGE_SIZE,
      after: "cursor-1",
    });

    fireEvent.click(screen.getByRole("button", { name: "Previous page" }));
    expect(await screen.findByTestId("application-row-120")).toBeTruthy();
    expect(listCalls(calls).at(-1)!.variables.after).toBe(null);
    expect(screen.getByText("Page 1 of 3")).toBeTruthy();
    // Paging asks for the list only: the counts were asked once.
    expect(calls.filter((c) => c.field === "applications" && c.fields.length === 3)).toHaveLength(1);
  });

  it("still lists the applications when the counts fail, with a dash for each", async () => {
    await renderSignedIn(<ApplicationsPage params={{}} />, {
      address: ADDRESSES.supplier,
      roles: ["SUPPLIER"],
      handlers: {
        applications: (_v, _q, key) =>
          key === "applications" ? page([row("2", "APPROVED")]) : new ApiFailure("counts unavailable", "TEST"),
        tokenBalances: () => ({ edges: [] }),
        members: banksAnswer,
      },
    });
    await screen.findByTestId("application-row-2");
    await waitFor(() => expect(figure("Open applications").innerHTML).toContain('title="counts unavailable"'));
    expect(stat("Open applications")).toBe("—");
    expect(stat("Executed")).toBe("—");
  });
  it("says when there are none, in Chinese too", async () => {
    await renderSignedIn(<ApplicationsPage params={{}} />, {
      address: ADDRESSES.supplier,
      roles: ["SUPPLIER"],
      locale: "zh-CN",
      handlers: {
        applications: applications(() => page([])),
        tokenBalances: () => ({ edges: [] }),
        members: banksAnswer,
      },
    });
    expect(await screen.findByText(/您尚未提交融资申请/)).toBeTruthy();
  });
  it("shows the API's error", async () => {
    await renderSignedIn(<ApplicationsPage params={{}} />, {
      address: ADDRESSES.supplier,
      roles: ["SUPPLIER"],
      handlers: {
        applications: () => new ApiFailure("index unavailable", "SERVICE_UNAVAILABLE"),
        tokenBalances: () => ({ edges: [] }),
        members: banksAnswer,
      },
    });
    const alert = await screen.findByRole("alert");
    expect(alert.textContent).toContain("index unavailable");
    expect(alert.textContent).toContain("SERVICE_UNAVAILABLE");
  });
});
