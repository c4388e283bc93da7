import { fireEvent } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { ADDRESSES, ApiFailure, renderSignedIn, screen, waitFor } from "../../test-utils";
import { BANK, MEMBERS } from "./fixtures";
import LimitsPage from "./LimitsPage";

const line = (counterparty: string, orgId: string, kind: string, limit: string, used: string) => ({
  node: {
    counterparty,
    counterpartyMember: { orgId },
    kind,
    limit,
    used,
    remaining: String(BigInt(limit) - BigInt(used)),
    updatedBlock: 5,
  },
});

describe("LimitsPage", () => {
  it("lists the lines per obligor and per borrower", async () => {
    const calls = await renderSignedIn(<LimitsPage />, {
      ...BANK,
      handlers: {
        members: () => MEMBERS,
        creditLines: () => ({
          edges: [
            line(ADDRESSES.core, "jinghai-motors", "Obligor", "100000000", "25000000"),
            line(ADDRESSES.supplier, "ruifeng-components", "Borrower", "20000000", "0"),
          ],
        }),
      },
    });
    const row = await screen.findByTestId(`limit-row-Obligor-${ADDRESSES.core}`);
    expect(row.textContent).toContain("CN¥1,000,000.00");
    expect(row.textContent).toContain("CN¥750,000.00");
    expect(screen.getByTestId(`limit-row-Borrower-${ADDRESSES.supplier}`).textContent).toContain("ruifeng-components");
    expect(calls.find((c) => c.field === "creditLines")!.variables).toEqual({ bank: ADDRESSES.bankA });
  });

  it("refuses a form without counterparty or with a bad amount, without calling the API", async () => {
    const calls = await renderSignedIn(<LimitsPage />, {
      ...BANK,
      handlers: { members: () => MEMBERS, creditLines: () => ({ edges: [] }) },
    });
    expect((await screen.findAllByText("No credit lines of this kind.")).length).toBe(2);
    fireEvent.change(screen.getByLabelText("New limit"), { target: { value: "12.345" } });
    fireEvent.click(screen.getByRole("button", { name: "Set limit" }));
    expect(await screen.findByText("Required.")).toBeTruthy();
    expect(screen.getByText(/Enter an amount such as/)).toBeTruthy();
    expect(calls.some((c) => c.field === "setCreditLimit")).toBe(false);
  });

  it("sends the counterparty, kind and limit in minor units", async () => {
    let sent: any;
    await renderSignedIn(<LimitsPage />, {
      ...BANK,
      handlers: {
        members: () => MEMBERS,
        creditLines: () => ({ edges: [] }),
        setCreditLimit: (v) => ((sent = v), new ApiFailure("counterparty is suspended", "CONFLICT")),
      },
    });
    await screen.findByRole("option", { name: "jinghai-motors" });
    expect(screen.queryByRole("option", { name: "bank-a" })).toBeNull();
    fireEvent.change(screen.getByLabelText("Counterparty"), { target: { value: ADDRESSES.core } });
    fireEvent.change(screen.getByLabelText("Kind of line"), { target: { value: "Obligor" } });
    fireEvent.change(screen.getByLabelText("New limit"), { target: { value: "1,000,000" } });
    fireEvent.click(screen.getByRole("button", { name: "Set limit" }));
    await waitFor(() => expect(sent).toEqual({ c: ADDRESSES.core, k: "Obligor", l: "100000000" }));
    expect(await screen.findByText(/counterparty is suspended/)).toBeTruthy();
  });

  it("shows the API's error", async () => {
    await renderSignedIn(<LimitsPage />, {
      ...BANK,
      handlers: { members: () => MEMBERS, creditLines: () => new ApiFailure("index unavailable", "UNAVAILABLE") },
    });
    expect((await screen.findByRole("alert")).textContent).toContain("index unavailable");
  });
});
