import { describe, expect, it } from "vitest";
import { ADDRESSES, ApiFailure, renderSignedIn, screen } from "../../test-utils";
import { attestation, frozenReceipt } from "./fixtures";
import FrozenPledgesPage from "./FrozenPledgesPage";

const asWarehouse = { address: ADDRESSES.warehouse, roles: ["WAREHOUSE"] };

describe("FrozenPledgesPage", () => {
  it("lists frozen pledges: bank, pledged against attested, shortfall, since when", async () => {
    const anomalous = {
      ...frozenReceipt("9"),
      lastAttestedQuantity: "500",
      attestations: [attestation(40, { anomaly: 1, freezes: true, attestedAt: "2026-11-25T06:00:00Z" })],
    };
    const calls = await renderSignedIn(<FrozenPledgesPage params={{}} />, {
      ...asWarehouse,
      handlers: { warehouseReceipts: () => ({ edges: [{ node: frozenReceipt("4") }, { node: anomalous }] }) },
    });
    const link = await screen.findByTestId("frozen-row-4");
    expect(link.getAttribute("href")).toBe("#/warehouse/receipts/4");
    const row4 = link.closest("tr")!.textContent!;
    expect(row4).toContain("bank-a");
    expect(row4).toContain("500 t");
    expect(row4).toContain("470 t");
    expect(row4).toContain("30 t");
    expect(link.closest("tr")!.querySelector("time")!.getAttribute("datetime")).toBe("2026-11-20T10:00:00Z");
    const row9 = screen.getByTestId("frozen-row-9").closest("tr")!.textContent!;
    expect(row9).toContain("Temperature");
    const call = calls.find((c) => c.field === "warehouseReceipts")!;
    expect(call.variables).toEqual({ w: ADDRESSES.warehouse, first: 100 });
    expect(call.query).toContain("frozen: true");
  });

  it("says when no pledge is frozen", async () => {
    await renderSignedIn(<FrozenPledgesPage params={{}} />, {
      ...asWarehouse,
      locale: "zh-CN",
      handlers: { warehouseReceipts: () => ({ edges: [] }) },
    });
    expect(await screen.findByText("没有被冻结的质押。")).toBeTruthy();
  });

  it("shows the API's error", async () => {
    await renderSignedIn(<FrozenPledgesPage params={{}} />, {
      ...asWarehouse,
      handlers: { warehouseReceipts: () => new ApiFailure("forbidden", "FORBIDDEN") },
    });
    expect((await screen.findByRole("alert")).textContent).toContain("FORBIDDEN");
  });
});
