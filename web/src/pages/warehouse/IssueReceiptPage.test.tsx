import { fireEvent } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";
import { ADDRESSES, ApiFailure, renderSignedIn, screen, waitFor } from "../../test-utils";
import IssueReceiptPage from "./IssueReceiptPage";

const asWarehouse = { address: ADDRESSES.warehouse, roles: ["WAREHOUSE"] };
const member = (address: string, orgId: string, roleNames: string[]) => ({ node: { address, orgId, roleNames } });
const members = () => ({
  edges: [
    member(ADDRESSES.supplier, "ruifeng-components", ["SUPPLIER"]),
    member(ADDRESSES.core, "jinghai-motors", ["CORE_ENTERPRISE"]),
    member(ADDRESSES.bankA, "bank-a", ["BANK"]),
    member(ADDRESSES.warehouse, "yangshan-warehouse", ["WAREHOUSE"]),
  ],
});

/** Answers POST /documents like the backend; records what was sent. */
function mockUploads(): FormData[] {
  const sent: FormData[] = [];
  const inner = globalThis.fetch;
  vi.stubGlobal("fetch", async (input: RequestInfo | URL, init?: RequestInit) => {
    if (String(input) === "/documents") {
      sent.push(init!.body as FormData);
      return Response.json(
        { id: "doc-77", cid: "bafy", commitment: "0x01", fileName: "scan.pdf", size: 4 },
        { status: 201 },
      );
    }
    return inner(input, init);
  });
  return sent;
}

function type(label: string, value: string) {
  fireEvent.change(screen.getByLabelText(label), { target: { value } });
}

describe("IssueReceiptPage", () => {
  it("offers suppliers and core enterprises as owners, not banks or itself", async () => {
    await renderSignedIn(<IssueReceiptPage params={{}} />, { ...asWarehouse, handlers: { members } });
    const select = (await screen.findByLabelText("Owner")) as HTMLSelectElement;
    const labels = [...select.options].map((o) => o.textContent);
    expect(labels.some((l) => l!.startsWith("ruifeng-components (Supplier)"))).toBe(true);
    expect(labels.some((l) => l!.startsWith("jinghai-motors (Core enterprise)"))).toBe(true);
    expect(labels.some((l) => l!.includes("bank-a") || l!.includes("yangshan"))).toBe(false);
  });

  it("refuses bad input field by field without calling the API", async () => {
    const calls = await renderSignedIn(<IssueReceiptPage params={{}} />, {
      ...asWarehouse,
      handlers: { members, issueReceipt: () => [] },
    });
    const uploads = mockUploads();
    await screen.findByLabelText("Owner");
    fireEvent.click(screen.getByRole("button", { name: "Sign and issue" }));
    expect(await screen.findByText("Choose the owner of the goods.")).toBeTruthy();
    expect(screen.getByText("Enter the goods' value.")).toBeTruthy();
    expect(screen.getByText("Attach the receipt scan (PDF, PNG or JPEG).")).toBeTruthy();
    expect(screen.getAllByText("Required.").length).toBe(4);

    type("Lot", "批次-1");
    type("Quantity", "1.5");
    type("Unit", "   ");
    type("Goods", "x".repeat(201));
    fireEvent.click(screen.getByRole("button", { name: "Sign and issue" }));
    expect(await screen.findByText(/Use 1 to 64 printable ASCII/)).toBeTruthy();
    expect(screen.getByText("Enter a whole number of units, at least 1.")).toBeTruthy();
    expect(screen.getByText(/Use 1 to 31 printable ASCII/)).toBeTruthy();
    expect(screen.getByText("At most 200 characters.")).toBeTruthy();

    type("Quantity", "0");
    fireEvent.click(screen.getByRole("button", { name: "Sign and issue" }));
    expect(await screen.findByText("Enter a whole number of units, at least 1.")).toBeTruthy();
    expect(calls.some((c) => c.field === "issueReceipt")).toBe(false);
    expect(uploads.length).toBe(0);
  });

  it("uploads the scan for the owner and sends the receipt's fields", async () => {
    let input: any;
    await renderSignedIn(<IssueReceiptPage params={{}} />, {
      ...asWarehouse,
      handlers: { members, issueReceipt: (v) => ((input = v.input), []) },
    });
    const uploads = mockUploads();
    fireEvent.change(await screen.findByLabelText("Owner"), { target: { value: ADDRESSES.supplier } });
    type("Goods", " Cold-rolled steel coil ");
    type("Lot", "YS-2026-0042");
    type("Quantity", "1,200");
    type("Unit", "t");
    type("Valuation (settlement currency)", "3,600,000.50");
    const file = new File(["%PDF"], "scan.pdf", { type: "application/pdf" });
    fireEvent.change(screen.getByLabelText("Receipt scan"), { target: { files: [file] } });
    fireEvent.click(screen.getByRole("button", { name: "Sign and issue" }));
    await waitFor(() => expect(input).toBeDefined());
    expect(input).toEqual({
      owner: ADDRESSES.supplier,
      goods: "Cold-rolled steel coil",
      lot: "YS-2026-0042",
      quantity: "1200",
      unit: "t",
      valuation: "360000050",
      documentId: "doc-77",
    });
    expect(uploads.length).toBe(1);
    expect(uploads[0].get("kind")).toBe("RECEIPT_SCAN");
    expect(uploads[0].get("parties")).toBe(ADDRESSES.supplier);
  });

  it("shows the API's refusal in the progress box", async () => {
    await renderSignedIn(<IssueReceiptPage params={{}} />, {
      ...asWarehouse,
      handlers: {
        members,
        issueReceipt: () => new ApiFailure('lot "A-1" was issued before, as receipt 3', "CONFLICT"),
      },
    });
    mockUploads();
    fireEvent.change(await screen.findByLabelText("Owner"), { target: { value: ADDRESSES.core } });
    type("Goods", "Rubber");
    type("Lot", "A-1");
    type("Quantity", "5");
    type("Unit", "bale");
    type("Valuation (settlement currency)", "100");
    fireEvent.change(screen.getByLabelText("Receipt scan"), {
      target: { files: [new File(["x"], "s.png", { type: "image/png" })] },
    });
    fireEvent.click(screen.getByRole("button", { name: "Sign and issue" }));
    expect(await screen.findByText(/was issued before, as receipt 3/)).toBeTruthy();
  });

  it("shows an error when the members cannot be loaded", async () => {
    await renderSignedIn(<IssueReceiptPage params={{}} />, {
      ...asWarehouse,
      handlers: { members: () => new ApiFailure("not signed in", "UNAUTHENTICATED") },
    });
    expect((await screen.findByRole("alert")).textContent).toContain("not signed in");
    expect(screen.queryByRole("button", { name: "Sign and issue" })).toBeNull();
  });
});
