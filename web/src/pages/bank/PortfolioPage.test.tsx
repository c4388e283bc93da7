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
  maturityLadder: [
    { key: "overdue", count: 1, outstanding: "5000000" },
    { key: "d30", count: 1, outstanding: "10000000" },
    { key: "d90", count: 1, outstanding: "15000000" },
    { key: "d180", count: 0, outstanding: "0" },
    { key: "later", count: 0, outstanding: "0" },
  ],
  overdueByCounterparty: [
    { counterparty: ADDRESSES.supplier, counterpartyMember: { orgId: "ruifeng-components" }, outstanding: "5000000" },
    { counterparty: ADDRESSES.core, counterpartyMember: null, outstanding: "1500000" },
  ],
};
const emptyLadder = portfolio.maturityLadder.map((b) => ({ ...b, count: 0, outstanding: "0" }));
describe("PortfolioPage", () => {
  it("shows the figures and the four charts", async () => {
    const calls = await renderSignedIn(<PortfolioPage />, {
      ...BANK,
      handlers: {
        bankPortfolio: () => portfolio,
      },
    });
    expect(await screen.findByText("Maturing within 30 days")).toBeTruthy();
    expect(screen.getByText("CN¥300,000.00 · 3")).toBeTruthy();
    expect(calls.find((c) => c.field === "bankPortfolio")!.variables).toEqual({ bank: ADDRESSES.bankA });
    const charts = screen.getAllByRole("img").map((i) => i.getAttribute("aria-label"));
    expect(charts).toHaveLength(4);
    expect(charts[0]).toContain("jinghai-motors (Obligor) CN¥250,000.00");
    expect(calls.some((c) => c.field === "financings")).toBe(false);
    expect(calls.find((c) => c.field === "bankPortfolio")!.query).toMatch(/maturityLadder.*overdueByCounterparty/s);
    expect(charts[1]).toMatch(
      /^Maturity ladder: Overdue CN¥50,000.00; Within 30 days CN¥100,000.00; 31–90 days CN¥150,000.00; .+ CN¥0.00; .+ CN¥0.00$/,
    );
    expect(charts[2]).toMatch(
      new RegExp(
        `^Overdue by obligor / borrower: ruifeng-components CN¥50,000.00; ${ADDRESSES.core.slice(0, 6)}…${ADDRESSES.core.slice(-4)} CN¥15,000.00$`,
      ),
    );
  });

  it("draws the ladder and the overdue chart from the server's figures", async () => {
    await renderSignedIn(<PortfolioPage />, {
      ...BANK,
      handlers: {
        bankPortfolio: () => ({
          ...portfolio,
          overdue: { count: 0, outstanding: "0" },
          maturityLadder: emptyLadder.map((b) => (b.key === "later" ? { ...b, count: 3, outstanding: "30000000" } : b)),
          overdueByCounterparty: [],
        }),
      },
    });
    const ladder = await screen.findByRole("img", { name: /^Maturity ladder:/ });
    expect(ladder.getAttribute("aria-label")).toMatch(/Overdue CN¥0.00; .*; [^;]+ CN¥300,000.00$/);
    expect(screen.getByText("Nothing overdue.")).toBeTruthy();
    expect(screen.getAllByRole("img")).toHaveLength(3);
  });

  it("says when the book is empty", async () => {
    await renderSignedIn(<PortfolioPage />, {
      ...BANK,
      handlers: {
        bankPortfolio: () => ({
          ...portfolio,
          exposures: [],
          open: { count: 0, outstanding: "0" },
          overdue: { count: 0, outstanding: "0" },
          maturityLadder: emptyLadder,
          overdueByCounterparty: [],
        }),
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
      },
    });
    expect((await screen.findByRole("alert")).textContent).toContain("for that bank only");
  });
});
