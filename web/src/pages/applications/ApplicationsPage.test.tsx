import { describe, expect, it } from "vitest";
import { ADDRESSES, ApiFailure, renderSignedIn, screen } from "../../test-utils";
import ApplicationsPage from "./ApplicationsPage";
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

describe("ApplicationsPage", () => {
  it("lists the viewer's applications with their banks, status and cash balance", async () => {
    const calls = await renderSignedIn(<ApplicationsPage params={{}} />, {
      address: ADDRESSES.supplier,
      roles: ["SUPPLIER"],
      handlers: {
        applications: () => ({ edges: [row("2", "APPROVED"), row("1", "EXECUTED", "ORDER_FINANCING")] }),
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
    const list = calls.find((c) => c.field === "applications")!;
    expect(list.variables.f).toEqual({ applicant: ADDRESSES.supplier });
  });
  it("says when there are none, in Chinese too", async () => {
    await renderSignedIn(<ApplicationsPage params={{}} />, {
      address: ADDRESSES.supplier,
      roles: ["SUPPLIER"],
      locale: "zh-CN",
      handlers: {
        applications: () => ({ edges: [] }),
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
