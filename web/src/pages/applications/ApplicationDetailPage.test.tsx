import { fireEvent } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { ADDRESSES, ApiFailure, renderSignedIn, screen, waitFor, type Handler } from "../../test-utils";
import ApplicationDetailPage from "./ApplicationDetailPage";
import { banksAnswer, quote } from "./fixtures";

const decision = (bank: string, status: string, over: Record<string, unknown> = {}) => ({
  bank,
  status,
  decidedAt: status === "PENDING" ? null : "2026-11-02T08:00:00Z",
  advanceBps: null,
  rateBps: null,
  ltvBps: null,
  amount: null,
  withRecourse: null,
  reason: null,
  financingId: null,
  financingStatus: null,
  quote: null,
  ...over,
});

const application = (status: string, decisions: unknown[], over: Record<string, unknown> = {}) => ({
  id: "7",
  product: "FACTORING",
  applicant: ADDRESSES.supplier,
  assetId: "5",
  assetType: "part",
  amount: null,
  minAdvanceBps: 8000,
  maxRateBps: 1500,
  recourseAccepted: true,
  tenorDays: null,
  status,
  createdAt: "2026-11-01T08:00:00Z",
  submittedAt: "2026-11-01T08:05:00Z",
  updatedAt: "2026-11-02T08:00:00Z",
  expiresAt: "2099-01-01T00:00:00Z",
  closedAt: null,
  executedBank: null,
  documentIds: [],
  quote: quote(),
  financing: null,
  decisions,
  history: [
    {
      actor: ADDRESSES.supplier,
      at: "2026-11-01T08:05:00Z",
      bank: null,
      fromStatus: "DRAFT",
      toStatus: "SUBMITTED",
      note: null,
    },
  ],
  ...over,
});

const approvedA = decision(ADDRESSES.bankA, "APPROVED", {
  advanceBps: 9000,
  rateBps: 800,
  withRecourse: false,
  quote: quote({ proceeds: "8880000" }),
});
const rejectedB = decision(ADDRESSES.bankB, "REJECTED", { reason: "concentration on the obligor" });

async function render(app: unknown, handlers: Record<string, Handler> = {}, address = ADDRESSES.supplier) {
  return renderSignedIn(<ApplicationDetailPage params={{ id: "7" }} />, {
    address,
    roles: ["SUPPLIER"],
    handlers: { members: banksAnswer, application: () => app, ...handlers },
  });
}

describe("ApplicationDetailPage", () => {
  it("offers to accept an approved bank's offer and shows a rejection's reason", async () => {
    const calls = await render(application("APPROVED", [approvedA, rejectedB]), {
      executionTransactions: () => new ApiFailure("the part is offered already", "CONFLICT"),
    });
    const accept = await screen.findByRole("button", { name: "Accept offer from bank-a" }, { timeout: 3000 });
    expect(screen.queryByRole("button", { name: "Accept offer from bank-b" })).toBeNull();
    expect(screen.getByTestId(`decision-reason-${ADDRESSES.bankB}`).textContent).toBe("concentration on the obligor");
    expect(screen.getByText(/advance 90%/)).toBeTruthy();
    expect(screen.getByRole("button", { name: "Withdraw application" })).toBeTruthy();
    fireEvent.click(accept);
    await waitFor(() => expect(calls.some((c) => c.field === "executionTransactions")).toBe(true));
    expect(calls.find((c) => c.field === "executionTransactions")!.variables).toEqual({ b: ADDRESSES.bankA, id: "7" });
    expect(await screen.findByText(/the part is offered already/)).toBeTruthy();
  });

  it("offers no acceptance once chain time is past the application's expiry, though the clock is not", async () => {
    const expiresAt = new Date(Date.now() + 2 * 86_400_000).toISOString();
    const chainTime = new Date(Date.now() + 30 * 86_400_000).toISOString();
    await render(application("APPROVED", [approvedA, rejectedB], { expiresAt }), {
      syncStatus: () => ({ indexedBlockTime: chainTime }),
    });
    await screen.findByTestId("decisions");
    await waitFor(() => expect(screen.queryByRole("button", { name: /Accept offer/ })).toBeNull());
  });

  it("offers acceptance while chain time is before the expiry", async () => {
    const expiresAt = new Date(Date.now() + 2 * 86_400_000).toISOString();
    await render(application("APPROVED", [approvedA, rejectedB], { expiresAt }), {
      syncStatus: () => ({ indexedBlockTime: new Date().toISOString() }),
    });
    expect(await screen.findByRole("button", { name: "Accept offer from bank-a" }, { timeout: 3000 })).toBeTruthy();
  });

  it("offers no acceptance while the banks review", async () => {
    await render(application("UNDER_REVIEW", [decision(ADDRESSES.bankA, "UNDER_REVIEW"), rejectedB]));
    expect(await screen.findByText("Under review", { selector: "[data-testid=application-status] *" })).toBeTruthy();
    expect(screen.queryByRole("button", { name: /Accept offer/ })).toBeNull();
    expect(screen.getByTestId("stored-quote")).toBeTruthy();
  });

  it("offers no action to a viewer who is not the applicant", async () => {
    await render(application("APPROVED", [approvedA]), {}, ADDRESSES.bankA);
    await screen.findByTestId("decisions");
    expect(screen.queryByRole("button", { name: /Accept offer/ })).toBeNull();
    expect(screen.queryByRole("button", { name: "Withdraw application" })).toBeNull();
  });

  it("with a live on-chain offer, offers to withdraw it and not the application", async () => {
    const live = { ...approvedA, financingId: "3", financingStatus: "Offered" };
    await render(application("APPROVED", [live, rejectedB]));
    expect(
      await screen.findByRole("button", { name: "Withdraw on-chain offer to bank-a" }, { timeout: 3000 }),
    ).toBeTruthy();
    expect(screen.queryByRole("button", { name: /Accept offer/ })).toBeNull();
    expect(screen.queryByRole("button", { name: "Withdraw application" })).toBeNull();
  });

  it("withdraws the application with a note", async () => {
    let sent: unknown;
    await render(application("SUBMITTED", [decision(ADDRESSES.bankA, "PENDING")]), {
      withdrawApplication: (v) => ((sent = v), { id: "7", status: "WITHDRAWN" }),
    });
    fireEvent.click(await screen.findByRole("button", { name: "Withdraw application" }));
    fireEvent.change(screen.getByLabelText("Note for the banks (optional)"), { target: { value: "sold elsewhere" } });
    fireEvent.click(screen.getByRole("button", { name: "Confirm withdrawal" }));
    await waitFor(() => expect(sent).toEqual({ id: "7", n: "sold elsewhere" }));
  });

  it("once executed, shows the financing and the cash received", async () => {
    const app = application("EXECUTED", [{ ...approvedA, financingId: "3", financingStatus: "Funded" }], {
      executedBank: ADDRESSES.bankA,
      financing: { id: "3", product: "FACTORING" },
    });
    await render(app, {
      financing: (v) => ({
        id: v.id,
        product: v.p,
        status: "Funded",
        price: "8880000",
        principal: null,
        outstanding: "9000000",
        dueAt: "2026-12-31T00:00:00Z",
        fundedAt: "2026-11-03T08:00:00Z",
      }),
    });
    expect((await screen.findByTestId("cash-received")).textContent).toContain("88,800.00");
    expect(screen.queryByRole("button", { name: /Accept offer|Withdraw/ })).toBeNull();
  });

  it("submits a draft", async () => {
    let sent: unknown;
    await render(application("DRAFT", [decision(ADDRESSES.bankA, "PENDING")], { quote: null, submittedAt: null }), {
      submitApplication: (v) => ((sent = v), { id: "7", status: "SUBMITTED" }),
    });
    expect(await screen.findByText("No quote yet: it is stored at submission.")).toBeTruthy();
    fireEvent.click(screen.getByRole("button", { name: "Submit application" }));
    await waitFor(() => expect(sent).toEqual({ id: "7" }));
  });

  it("shows the API's error when the application is not visible", async () => {
    await render(new ApiFailure("application 7 is not visible to you", "NOT_FOUND"));
    expect((await screen.findByRole("alert")).textContent).toContain("not visible to you");
  });
});
