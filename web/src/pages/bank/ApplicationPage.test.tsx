import { fireEvent } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { ADDRESSES, ApiFailure, renderSignedIn, screen, waitFor } from "../../test-utils";
import ApplicationPage from "./ApplicationPage";
import { application, BANK, decision, MEMBERS } from "./fixtures";

const base = { members: () => MEMBERS };

function type(label: RegExp | string, value: string) {
  fireEvent.change(screen.getByLabelText(label), { target: { value } });
}

describe("ApplicationPage", () => {
  it("shows the details, the risk summary with its factors, and the documents", async () => {
    await renderSignedIn(<ApplicationPage params={{ id: "7" }} />, {
      ...BANK,
      handlers: { ...base, application: (v) => (v.id === "7" ? application() : new ApiFailure("no", "NOT_FOUND")) },
    });
    expect(await screen.findByText("Purchase order PO-1 of jinghai-motors, confirmed")).toBeTruthy();
    expect(screen.getByText("Borrower days past due")).toBeTruthy();
    expect(screen.getByText("No credit line")).toBeTruthy();
    expect(screen.getByRole("button", { name: "Open document 1" })).toBeTruthy();
    expect(screen.getByRole("button", { name: "Start review" })).toBeTruthy();
    expect(screen.getByRole("button", { name: "Approve" })).toBeTruthy();
  });

  it("offers no decision once chain time is past the application's expiry, though the clock is not", async () => {
    const expiresAt = new Date(Date.now() + 2 * 86_400_000).toISOString();
    await renderSignedIn(<ApplicationPage params={{ id: "7" }} />, {
      ...BANK,
      handlers: {
        ...base,
        application: () => ({ ...application(), expiresAt }),
        syncStatus: () => ({ indexedBlockTime: new Date(Date.now() + 30 * 86_400_000).toISOString() }),
      },
    });
    expect(await screen.findByText("Purchase order PO-1 of jinghai-motors, confirmed")).toBeTruthy();
    await waitFor(() => expect(screen.queryByRole("button", { name: "Approve" })).toBeNull());
    expect(screen.queryByRole("button", { name: "Start review" })).toBeNull();
  });

  it("refuses out-of-bounds terms without calling the API", async () => {
    const calls = await renderSignedIn(<ApplicationPage params={{ id: "7" }} />, {
      ...BANK,
      handlers: { ...base, application: () => application() },
    });
    await screen.findByRole("button", { name: "Approve" });
    type(/Advance rate/, "4000");
    type(/Annual interest rate/, "abc");
    fireEvent.click(screen.getByRole("button", { name: "Approve" }));
    expect(await screen.findByText("Must be 5000 to 10000 bps.")).toBeTruthy();
    expect(screen.getByText(/Enter a whole number of basis points/)).toBeTruthy();
    expect(calls.some((c) => c.field === "approveApplication")).toBe(false);
  });

  it("approves an order financing with the terms typed", async () => {
    let sent: any;
    await renderSignedIn(<ApplicationPage params={{ id: "7" }} />, {
      ...BANK,
      handlers: {
        ...base,
        application: () => application(),
        approveApplication: (v) => ((sent = v), { id: "7", status: "APPROVED" }),
      },
    });
    await screen.findByRole("button", { name: "Approve" });
    type(/Advance rate/, "7000");
    type(/Annual interest rate/, "900");
    fireEvent.click(screen.getByRole("button", { name: "Approve" }));
    await waitFor(() => expect(sent).toEqual({ id: "7", terms: { advanceBps: 7000, rateBps: 900 } }));
  });

  it("approves a receipt loan with LTV, rate and a lower amount; refuses more than asked", async () => {
    let sent: any;
    const calls = await renderSignedIn(<ApplicationPage params={{ id: "8" }} />, {
      ...BANK,
      handlers: {
        ...base,
        application: () =>
          application({
            id: "8",
            product: "RECEIPT_LOAN",
            assetType: "receipt",
            amount: "500000",
            minAdvanceBps: null,
          }),
        approveApplication: (v) => ((sent = v), { id: "8", status: "APPROVED" }),
      },
    });
    await screen.findByRole("button", { name: "Approve" });
    expect(screen.queryByLabelText(/Advance rate/)).toBeNull();
    type(/Loan-to-value/, "6000");
    type(/Annual interest rate/, "800");
    type(/Amount lent/, "6,000");
    fireEvent.click(screen.getByRole("button", { name: "Approve" }));
    expect(await screen.findByText(/Must be more than 0 and at most/)).toBeTruthy();
    expect(calls.some((c) => c.field === "approveApplication")).toBe(false);
    type(/Amount lent/, "4,000.50");
    fireEvent.click(screen.getByRole("button", { name: "Approve" }));
    await waitFor(() => expect(sent).toEqual({ id: "8", terms: { ltvBps: 6000, rateBps: 800, amount: "400050" } }));
  });

  it("rejects only with a reason, and shows the API's error", async () => {
    let sent: any;
    const calls = await renderSignedIn(<ApplicationPage params={{ id: "7" }} />, {
      ...BANK,
      handlers: {
        ...base,
        application: () => application({ decisions: [decision({ status: "UNDER_REVIEW" })], status: "UNDER_REVIEW" }),
        rejectApplication: (v) => ((sent = v), new ApiFailure("application 7 is EXPIRED", "CONFLICT")),
      },
    });
    await screen.findByRole("button", { name: "Reject application" });
    expect(screen.queryByRole("button", { name: "Start review" })).toBeNull();
    fireEvent.click(screen.getByRole("button", { name: "Reject application" }));
    expect(await screen.findByText("Required.")).toBeTruthy();
    expect(calls.some((c) => c.field === "rejectApplication")).toBe(false);
    type(/Reason \(at most 500/, "  concentration on the obligor ");
    fireEvent.click(screen.getByRole("button", { name: "Reject application" }));
    await waitFor(() => expect(sent).toEqual({ id: "7", reason: "concentration on the obligor" }));
    expect((await screen.findByText(/application 7 is EXPIRED/)).textContent).toBeTruthy();
  });

  it("offers no decision once decided, nor to another role", async () => {
    await renderSignedIn(<ApplicationPage params={{ id: "7" }} />, {
      ...BANK,
      handlers: {
        ...base,
        application: () => application({ decisions: [decision({ status: "REJECTED", reason: "too risky" })] }),
      },
    });
    expect(await screen.findByText("too risky")).toBeTruthy();
    expect(screen.queryByRole("button", { name: "Approve" })).toBeNull();
    expect(screen.queryByRole("button", { name: "Reject application" })).toBeNull();
  });

  it("shows no approve button to a member that is not a bank", async () => {
    await renderSignedIn(<ApplicationPage params={{ id: "7" }} />, {
      address: ADDRESSES.regulator,
      roles: ["REGULATOR"],
      handlers: { ...base, application: () => application({ decisions: [decision({ bank: ADDRESSES.bankB })] }) },
    });
    expect(await screen.findByText("Borrower days past due")).toBeTruthy();
    expect(screen.queryByRole("button", { name: "Approve" })).toBeNull();
    expect(screen.queryByRole("button", { name: "Accept and fund" })).toBeNull();
  });

  it("offers accept and decline once the on-chain offer is live; the decline reason fits in 31 bytes", async () => {
    let prepared: any;
    const calls = await renderSignedIn(<ApplicationPage params={{ id: "7" }} />, {
      ...BANK,
      handlers: {
        ...base,
        application: () =>
          application({
            status: "APPROVED",
            decisions: [
              decision({
                status: "APPROVED",
                advanceBps: 7000,
                rateBps: 900,
                financingId: "4",
                financingStatus: "Requested",
              }),
            ],
          }),
        declineTransactions: (v) => ((prepared = v), new ApiFailure("offer expired", "CONFLICT")),
      },
    });
    expect(await screen.findByRole("button", { name: "Accept and fund" })).toBeTruthy();
    expect(screen.queryByRole("button", { name: "Approve" })).toBeNull();
    type(/Reason for declining/, "集中度过高超出本行风险偏好限制"); // 15 characters, 45 bytes
    fireEvent.click(screen.getByRole("button", { name: "Decline" }));
    expect(await screen.findByText(/At most 31 bytes/)).toBeTruthy();
    expect(calls.some((c) => c.field === "declineTransactions")).toBe(false);
    type(/Reason for declining/, "limit reached");
    fireEvent.click(screen.getByRole("button", { name: "Decline" }));
    await waitFor(() => expect(prepared).toEqual({ id: "7", reason: "limit reached" }));
    expect(await screen.findByText(/offer expired/)).toBeTruthy();
  });

  it("says the application cannot be read", async () => {
    await renderSignedIn(<ApplicationPage params={{ id: "9" }} />, {
      ...BANK,
      handlers: { ...base, application: () => new ApiFailure("application 9 does not exist", "NOT_FOUND") },
    });
    expect((await screen.findByRole("alert")).textContent).toContain("application 9 does not exist");
  });
});
