import { describe, expect, it } from "vitest";
import { ADDRESSES, ApiFailure, renderSignedIn, screen } from "../../test-utils";
import { BANK } from "./fixtures";
import PortfolioPage from "./PortfolioPage";

const portfolio = {
  asOf: "2026-12-01T00:00:00.000Z",
  bank: ADDRESSES.bankA,
  maturingWithinDays: 30,
  open: { count: 3, outstanding: "30000000" },
  maturing: { count: 1, outstanding: "10000000" },
  overdue: { count: 1, outstanding: "5000000" },
  exposures: [
    {
      counterparty: ADDRESSES.core,
      counterpartyMember: { orgId: "jinghai-motors" },
      kind: "Obligor",
      limit: "20000000",
      used: "25000000",
      remaining: "0",
      outstanding: "25000000",
      count: 2,
    },
    {
      counterparty: ADDRESSES.supplier,
      counterpartyMember: { orgId: "ruifeng-components" },
      kind: "Borrower",
      limit: null,
      used: null,
      remaining: null,
      outstanding: "5000000",
      count: 1,
    },
  ],
};
const financing = (id: string, dueAt: string, outstanding: string, obligor: string | null) => ({
  node: {
    id,
    product: obligor ? "FACTORING" : "RECEIPT",
    dueAt,
    outstanding,
    obligor,
    obligorMember: obligor ? { orgId: "jinghai-motors" } : null,
    party: ADDRESSES.supplier,
    partyMember: { orgId: "ruifeng-components" },
  },
});

describe("PortfolioPage", () => {
  it("shows the figures and the four charts", async () => {
    const calls = await renderSignedIn(<PortfolioPage />, {
      ...BANK,
      handlers: {
        bankPortfolio: () => portfolio,
        financings: () => ({
          edges: [
            financing("1", "2026-12-20T00:00:00.000Z", "10000000", ADDRESSES.core),
            financing("2", "2027-02-01T00:00:00.000Z", "15000000", ADDRESSES.core),
            financing("3", "2026-11-01T00:00:00.000Z", "5000000", null),
          ],
        }),
      },
    });
    expect(await screen.findByText("Maturing within 30 days")).toBeTruthy();
    expect(screen.getByText("CN¥300,000.00 · 3")).toBeTruthy();
    expect(calls.find((c) => c.field === "bankPortfolio")!.variables).toEqual({ bank: ADDRESSES.bankA });
    const charts = screen.getAllByRole("img").map((i) => i.getAttribute("aria-label"));
    expect(charts).toHaveLength(4);
    expect(charts[0]).toContain("jinghai-motors (Obligor) CN¥250,000.00");
    expect(
      await screen.findByRole("img", {
        name: /Maturity ladder: Overdue CN¥50,000.00; Within 30 days CN¥100,000.00; 31–90 days CN¥150,000.00/,
      }),
    ).toBeTruthy();
    expect(
      screen.getByRole("img", { name: /Overdue by obligor \/ borrower: ruifeng-components CN¥50,000.00/ }),
    ).toBeTruthy();
  });

  it("says when the book is empty", async () => {
    await renderSignedIn(<PortfolioPage />, {
      ...BANK,
      handlers: {
        bankPortfolio: () => ({ ...portfolio, exposures: [], open: { count: 0, outstanding: "0" } }),
        financings: () => ({ edges: [] }),
      },
    });
    expect(await screen.findByText("No open financings.")).toBeTruthy();
    expect(screen.getByText("Nothing overdue.")).toBeTruthy();
    expect(screen.queryAllByRole("img")).toHaveLength(0);
  });

  it("shows the API's error", async () => {
    await renderSignedIn(<PortfolioPage />, {
      ...BANK,
      handlers: {
        bankPortfolio: () => new ApiFailure("for that bank only", "FORBIDDEN"),
        financings: () => ({ edges: [] }),
      },
    });
    expect((await screen.findByRole("alert")).textContent).toContain("for that bank only");
  });
});
