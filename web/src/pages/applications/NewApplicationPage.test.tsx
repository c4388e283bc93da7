import { fireEvent } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";
import { ADDRESSES, ApiFailure, renderSignedIn, screen, waitFor, type Handler } from "../../test-utils";
import { banksAnswer, quote } from "./fixtures";
import NewApplicationPage from "./NewApplicationPage";

const parts = () => ({
  edges: [
    {
      node: {
        id: "5",
        amount: "10000000",
        receivable: {
          maturity: "2026-12-31T00:00:00Z",
          obligor: ADDRESSES.core,
          obligorMember: { orgId: "jinghai-motors" },
          currency: "CNY",
        },
      },
    },
  ],
});
const receipts = () => ({
  edges: [{ node: { id: "3", goods: "steel coil", lot: "L-7", valuation: "50000000", currency: "CNY" } }],
});

async function render(handlers: Record<string, Handler> = {}, roles = ["SUPPLIER"]) {
  return renderSignedIn(<NewApplicationPage params={{}} />, {
    address: ADDRESSES.supplier,
    roles,
    handlers: {
      members: banksAnswer,
      receivableParts: parts,
      purchaseOrders: () => ({ edges: [] }),
      warehouseReceipts: receipts,
      quoteApplication: () => quote(),
      syncStatus: () => ({ indexedBlockTime: null }),
      ...handlers,
    },
  });
}

const submit = () => fireEvent.click(screen.getByRole("button", { name: "Create and submit" }));

describe("NewApplicationPage", () => {
  it("refuses an incomplete form without calling the API", async () => {
    const calls = await render({ createApplication: () => ({ id: "9" }) });
    await screen.findByLabelText("Asset to finance");
    fireEvent.change(screen.getByLabelText("Lowest advance rate (%)"), { target: { value: "150" } });
    submit();
    expect(await screen.findByText("Choose the asset to finance.")).toBeTruthy();
    expect(screen.getByText("Choose at least one bank.")).toBeTruthy();
    expect(screen.getByText("Enter a percentage from 0.01 to 100, at most two decimals.")).toBeTruthy();
    expect(calls.some((c) => c.field === "createApplication")).toBe(false);
  });

  it("refuses a receipt loan with a bad amount", async () => {
    const calls = await render({ createApplication: () => ({ id: "9" }) });
    fireEvent.change(await screen.findByLabelText("Product"), { target: { value: "RECEIPT_LOAN" } });
    const asset = await screen.findByRole("combobox", { name: "Asset to finance" });
    await screen.findByRole("option", { name: /steel coil/ });
    fireEvent.change(asset, { target: { value: "3" } });
    fireEvent.click(await screen.findByRole("checkbox", { name: /bank-a/ }));
    fireEvent.change(screen.getByLabelText("Amount asked"), { target: { value: "12.345" } });
    submit();
    expect(await screen.findByText("Enter an amount such as 1,234.56 (at most two decimals).")).toBeTruthy();
    expect(screen.queryByText("Choose the asset to finance.")).toBeNull();
    expect(calls.some((c) => c.field === "createApplication")).toBe(false);
    expect(calls.some((c) => c.field === "quoteApplication")).toBe(false);
  });

  it("shows the live quote from the API, then creates and submits with the right variables", async () => {
    const calls = await render({
      createApplication: () => ({ id: "9" }),
      submitApplication: () => ({ id: "9", status: "SUBMITTED" }),
    });
    await screen.findByRole("option", { name: /jinghai-motors/ });
    fireEvent.change(screen.getByLabelText("Asset to finance"), { target: { value: "5" } });
    fireEvent.change(screen.getByLabelText("Highest annual discount rate (%)"), { target: { value: "6.5" } });
    fireEvent.click(screen.getByRole("checkbox", { name: /accept/i }));
    fireEvent.click(screen.getByRole("checkbox", { name: /bank-b/ }));
    const proceeds = await screen.findByTestId("quote-proceeds");
    expect(proceeds.textContent).toContain("78,933.33");
    const quoted = calls.filter((c) => c.field === "quoteApplication");
    expect(quoted.at(-1)!.variables.i).toEqual({
      product: "FACTORING",
      assetId: "5",
      minAdvanceBps: 8000,
      maxDiscountBps: 650,
      recourseAccepted: true,
    });
    submit();
    await waitFor(() => expect(window.location.hash).toBe("#/applications/9"));
    const created = calls.find((c) => c.field === "createApplication")!;
    const { expiresAt, ...input } = created.variables.i;
    expect(input).toEqual({
      product: "FACTORING",
      assetId: "5",
      minAdvanceBps: 8000,
      maxDiscountBps: 650,
      recourseAccepted: true,
      banks: [ADDRESSES.bankB],
    });
    const days = (Date.parse(expiresAt) - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(6.9);
    expect(days).toBeLessThanOrEqual(7);
    expect(calls.find((c) => c.field === "submitApplication")!.variables).toEqual({ id: "9" });
  });

  it("says in words why the asset is not eligible", async () => {
    await render({
      quoteApplication: () => new ApiFailure("receivable part 5 is offered for factoring already", "CONFLICT"),
    });
    await screen.findByRole("option", { name: /jinghai-motors/ });
    fireEvent.change(screen.getByLabelText("Asset to finance"), { target: { value: "5" } });
    const error = await screen.findByTestId("quote-error");
    expect(error.textContent).toContain("Not eligible:");
    expect(error.textContent).toContain("offered for factoring already");
  });

  it("shows the API's refusal of the submission and a link to the draft", async () => {
    await render({
      createApplication: () => ({ id: "11" }),
      submitApplication: () => new ApiFailure("bank-b's credit line is closed", "FORBIDDEN"),
    });
    await screen.findByRole("option", { name: /jinghai-motors/ });
    fireEvent.change(screen.getByLabelText("Asset to finance"), { target: { value: "5" } });
    fireEvent.click(screen.getByRole("checkbox", { name: /bank-a/ }));
    submit();
    expect((await screen.findByText(/credit line is closed/)).textContent).toContain("credit line");
    expect(screen.getByRole("link", { name: "Open the draft" }).getAttribute("href")).toBe("#/applications/11");
  });

  it("uploads the supporting document for the banks asked and names it in the application", async () => {
    const calls = await render({
      createApplication: () => ({ id: "12" }),
      submitApplication: () => ({ id: "12", status: "SUBMITTED" }),
    });
    const api = globalThis.fetch;
    let parties: unknown;
    vi.stubGlobal("fetch", async (input: RequestInfo | URL, init?: RequestInit) => {
      if (String(input).endsWith("/documents")) {
        parties = (init?.body as FormData).get("parties");
        return Response.json(
          { id: "doc-1", cid: "c", commitment: "0x01", fileName: "inv.pdf", size: 3 },
          { status: 201 },
        );
      }
      return api(input, init);
    });
    await screen.findByRole("option", { name: /jinghai-motors/ });
    fireEvent.change(screen.getByLabelText("Asset to finance"), { target: { value: "5" } });
    fireEvent.click(screen.getByRole("checkbox", { name: /bank-a/ }));
    const file = new File(["%PDF"], "inv.pdf", { type: "application/pdf" });
    fireEvent.change(screen.getByLabelText(/Supporting document/), { target: { files: [file] } });
    submit();
    await waitFor(() => expect(window.location.hash).toBe("#/applications/12"));
    expect(parties).toBe(ADDRESSES.bankA);
    expect(calls.find((c) => c.field === "createApplication")!.variables.i.documentIds).toEqual(["doc-1"]);
  });

  it("offers a core enterprise no order financing", async () => {
    await render({}, ["CORE_ENTERPRISE"]);
    const product = await screen.findByLabelText("Product");
    const values = Array.from((product as HTMLSelectElement).options).map((o) => o.value);
    expect(values).toEqual(["FACTORING", "RECEIPT_LOAN"]);
  });
});
