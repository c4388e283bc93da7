import { fireEvent } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";
import { ADDRESSES, ApiFailure, renderSignedIn, screen, waitFor } from "../../test-utils";
import { attestation, frozenReceipt, receipt } from "./fixtures";
import ReceiptPage from "./ReceiptPage";

const asWarehouse = { address: ADDRESSES.warehouse, roles: ["WAREHOUSE"] };
const detail = (change: object = {}) => ({
  ...receipt("7"),
  documentUri: "ipfs://bafyscan",
  documentHash: "0x02",
  attestations: [] as object[],
  ...change,
});

function mockUploads(): FormData[] {
  const sent: FormData[] = [];
  const inner = globalThis.fetch;
  vi.stubGlobal("fetch", async (input: RequestInfo | URL, init?: RequestInit) => {
    if (String(input) === "/documents") {
      sent.push(init!.body as FormData);
      return Response.json(
        { id: "rep-1", cid: "bafy", commitment: "0x03", fileName: "r.pdf", size: 1 },
        { status: 201 },
      );
    }
    return inner(input, init);
  });
  return sent;
}

describe("ReceiptPage", () => {
  it("shows the receipt and its attestations, newest first", async () => {
    const calls = await renderSignedIn(<ReceiptPage params={{ id: "7" }} />, {
      ...asWarehouse,
      handlers: {
        warehouseReceipt: () =>
          detail({
            ...frozenReceipt("7"),
            documentUri: "ipfs://bafyscan",
            documentHash: "0x02",
            attestations: [
              attestation(10),
              attestation(20, { quantity: "470", anomaly: 3, freezes: true }),
              attestation(30, { quantity: "470", anomaly: 777 }),
            ],
          }),
      },
    });
    expect(await screen.findByText("Receipt #7")).toBeTruthy();
    expect(calls.find((c) => c.field === "warehouseReceipt")!.variables).toEqual({ id: "7" });
    expect(await screen.findByText("ipfs://bafyscan")).toBeTruthy();
    const rows = screen.getByTestId("attestations-table").querySelectorAll("tbody tr");
    expect(rows.length).toBe(3);
    expect(rows[0].textContent).toContain("Code 777");
    expect(rows[1].textContent).toContain("Damage");
    expect(rows[1].textContent).toContain("Froze the pledge");
    expect(rows[2].textContent).toContain("None");
    // Only the pledgee bank lifts a freeze: the warehouse is not offered it.
    expect(screen.queryByRole("button", { name: "Lift freeze" })).toBeNull();
    expect(screen.getByRole("button", { name: "Post attestation" })).toBeTruthy();
  });

  it("says when the receipt is not visible", async () => {
    await renderSignedIn(<ReceiptPage params={{ id: "99" }} />, {
      ...asWarehouse,
      handlers: { warehouseReceipt: () => null },
    });
    expect(await screen.findByText("Receipt 99 does not exist or is not yours.")).toBeTruthy();
  });

  it("shows the API's error", async () => {
    await renderSignedIn(<ReceiptPage params={{ id: "7" }} />, {
      ...asWarehouse,
      handlers: { warehouseReceipt: () => new ApiFailure("id must be a positive integer", "BAD_USER_INPUT") },
    });
    expect((await screen.findByRole("alert")).textContent).toContain("id must be a positive integer");
  });

  it("refuses a bad attestation without calling the API", async () => {
    const calls = await renderSignedIn(<ReceiptPage params={{ id: "7" }} />, {
      ...asWarehouse,
      handlers: { warehouseReceipt: () => detail(), attestReceipt: () => [] },
    });
    const uploads = mockUploads();
    fireEvent.click(await screen.findByRole("button", { name: "Post attestation" }));
    expect(await screen.findByText("Required.")).toBeTruthy();
    expect(screen.getByText("Attach the inspection report (PDF, PNG or JPEG).")).toBeTruthy();
    fireEvent.change(screen.getByLabelText("Counted quantity (t)"), { target: { value: "-3" } });
    fireEvent.change(screen.getByLabelText("Anomaly"), { target: { value: "other" } });
    fireEvent.change(screen.getByLabelText("Anomaly code"), { target: { value: "70000" } });
    fireEvent.click(screen.getByRole("button", { name: "Post attestation" }));
    expect(await screen.findByText("Enter a whole number of units (0 if the goods are gone).")).toBeTruthy();
    expect(screen.getByText("Enter a code from 1 to 65535.")).toBeTruthy();
    expect(calls.some((c) => c.field === "attestReceipt")).toBe(false);
    expect(uploads.length).toBe(0);
  });

  it("posts an attestation with the report shared with owner and pledgee, warning of the freeze", async () => {
    let input: any;
    const pledged = { ...frozenReceipt("7"), frozen: false, lastAttestedQuantity: "500", attestations: [] };
    await renderSignedIn(<ReceiptPage params={{ id: "7" }} />, {
      ...asWarehouse,
      handlers: {
        warehouseReceipt: () => detail(pledged),
        attestReceipt: (v) => ((input = v.input), []),
      },
    });
    const uploads = mockUploads();
    const counted = await screen.findByLabelText("Counted quantity (t)");
    fireEvent.change(counted, { target: { value: "500" } });
    expect(screen.queryByTestId("attest-freeze-warning")).toBeNull();
    fireEvent.change(counted, { target: { value: "480" } });
    expect(screen.getByTestId("attest-freeze-warning").textContent).toContain("bank-a");
    fireEvent.change(screen.getByLabelText("Anomaly"), { target: { value: "1" } });
    fireEvent.change(screen.getByLabelText("Inspection report"), {
      target: { files: [new File(["%PDF"], "report.pdf", { type: "application/pdf" })] },
    });
    fireEvent.click(screen.getByRole("button", { name: "Post attestation" }));
    await waitFor(() => expect(input).toBeDefined());
    expect(input).toEqual({ receiptId: "7", quantity: "480", anomaly: 1, reportDocumentId: "rep-1" });
    expect(uploads[0].get("kind")).toBe("OTHER");
    expect(uploads[0].get("parties")).toBe(`${ADDRESSES.supplier},${ADDRESSES.bankA}`);
  });

  it("offers no attestation and no release on a released receipt", async () => {
    await renderSignedIn(<ReceiptPage params={{ id: "7" }} />, {
      ...asWarehouse,
      handlers: { warehouseReceipt: () => detail({ status: "Released", attestations: [attestation(5)] }) },
    });
    expect(await screen.findByText("Released")).toBeTruthy();
    expect(screen.queryByRole("button", { name: "Post attestation" })).toBeNull();
    expect(screen.queryByRole("button", { name: "Release goods" })).toBeNull();
    expect(screen.queryByLabelText("Counted quantity (t)")).toBeNull();
  });

  it("releases the goods once the owner asked for them", async () => {
    let released: unknown;
    await renderSignedIn(<ReceiptPage params={{ id: "7" }} />, {
      ...asWarehouse,
      handlers: {
        warehouseReceipt: () => detail({ status: "ReleaseRequested" }),
        releaseGoods: (v) => ((released = v.id), []),
      },
    });
    fireEvent.click(await screen.findByRole("button", { name: "Release goods" }));
    await waitFor(() => expect(released).toBe("7"));
  });

  it("offers nothing to a warehouse that did not issue the receipt", async () => {
    await renderSignedIn(<ReceiptPage params={{ id: "7" }} />, {
      address: ADDRESSES.regulator,
      roles: ["WAREHOUSE"],
      handlers: { warehouseReceipt: () => detail({ status: "ReleaseRequested" }) },
    });
    expect(await screen.findByText("Receipt #7")).toBeTruthy();
    await screen.findByText("LOT-7");
    expect(screen.queryByRole("button", { name: "Release goods" })).toBeNull();
    expect(screen.queryByRole("button", { name: "Post attestation" })).toBeNull();
  });

  it("lets the pledgee bank lift a freeze", async () => {
    let lifted: unknown;
    await renderSignedIn(<ReceiptPage params={{ id: "7" }} />, {
      address: ADDRESSES.bankA,
      roles: ["BANK"],
      handlers: {
        warehouseReceipt: () => detail({ ...frozenReceipt("7") }),
        unfreezeReceipt: (v) => ((lifted = v.id), []),
      },
    });
    fireEvent.click(await screen.findByRole("button", { name: "Lift freeze" }));
    await waitFor(() => expect(lifted).toBe("7"));
    expect(screen.queryByRole("button", { name: "Post attestation" })).toBeNull();
  });
});
