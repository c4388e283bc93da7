import { fireEvent } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { ADDRESSES, ApiFailure, renderSignedIn, screen } from "../../test-utils";
import { frozenReceipt, receipt } from "./fixtures";
import WarehouseHomePage from "./WarehouseHomePage";

const asWarehouse = { address: ADDRESSES.warehouse, roles: ["WAREHOUSE"] };
const edges = (...rows: object[]) => ({ edges: rows.map((node) => ({ node })) });

describe("WarehouseHomePage", () => {
  it("lists the receipts the viewer issued, with the figures", async () => {
    const calls = await renderSignedIn(<WarehouseHomePage params={{}} />, {
      ...asWarehouse,
      handlers: {
        warehouseReceipts: () =>
          edges(
            receipt("1", { status: "ReleaseRequested" }),
            frozenReceipt("2"),
            receipt("3", { status: "Released", lot: "OLD-LOT" }),
          ),
      },
    });
    expect(await screen.findByTestId("receipt-row-1")).toBeTruthy();
    expect(screen.getByTestId("receipt-row-2").textContent).toBe("LOT-2");
    expect(screen.queryByText("OLD-LOT")).toBeNull();
    expect(screen.getAllByText("bank-a").length).toBeGreaterThan(0);
    expect(screen.getByText("Release requested")).toBeTruthy();
    const stats = document.querySelector(".stats")!.textContent!;
    expect(stats).toContain("Receipts in store2");
    expect(stats).toContain("Pledged1");
    expect(stats).toContain("Frozen1");
    expect(stats).toContain("Awaiting release1");
    expect(screen.getAllByText("CN¥2,500,000.00").length).toBe(2);
    const call = calls.find((c) => c.field === "warehouseReceipts")!;
    expect(call.variables).toEqual({ w: ADDRESSES.warehouse });
    expect(call.query).toContain("warehouse: $w");

    fireEvent.click(screen.getByRole("tab", { name: "Released" }));
    expect(screen.getByText("OLD-LOT")).toBeTruthy();
    expect(screen.queryByTestId("receipt-row-1")).toBeNull();
  });

  it("says when the warehouse issued nothing yet, in Chinese too", async () => {
    await renderSignedIn(<WarehouseHomePage params={{}} />, {
      ...asWarehouse,
      locale: "zh-CN",
      handlers: { warehouseReceipts: () => edges() },
    });
    expect(await screen.findByText("您尚未签发任何仓单。")).toBeTruthy();
  });

  it("shows the API's error with its code", async () => {
    await renderSignedIn(<WarehouseHomePage params={{}} />, {
      ...asWarehouse,
      handlers: { warehouseReceipts: () => new ApiFailure("index unavailable", "INDEX_BEHIND") },
    });
    const alert = await screen.findByRole("alert");
    expect(alert.textContent).toContain("index unavailable");
    expect(alert.textContent).toContain("INDEX_BEHIND");
  });
});
