import { fireEvent } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { ADDRESSES, ApiFailure, renderSignedIn, screen, waitFor } from "../../test-utils";
import AssetPage from "./AssetPage";

const REGULATOR = { address: ADDRESSES.regulator, roles: ["REGULATOR"] };
const connection = <N,>(nodes: N[], hasNextPage = false, totalCount = nodes.length) => ({
  totalCount,
  pageInfo: { hasNextPage, endCursor: null },
  edges: nodes.map((node) => ({ node })),
});
const members = () =>
  connection([
    { address: ADDRESSES.supplier, orgId: "ruifeng-components" },
    { address: ADDRESSES.core, orgId: "jinghai-motors" },
    { address: ADDRESSES.tier2, orgId: "minghui-stamping" },
    { address: ADDRESSES.bankA, orgId: "bank-a" },
  ]);
const part = (id: string, parentId: string | null, depth: number, holder: string, amount: string, face = amount) => ({
  id,
  parentId,
  depth,
  holder,
  face,
  amount,
  status: "Active",
});
const event = (blockNumber: number, name: string, args: Record<string, unknown>) => ({
  blockNumber,
  logIndex: 0,
  blockTime: "2026-11-01T08:00:00Z",
  contract: "receivables",
  name,
  args,
  txHash: `0x${String(blockNumber).padStart(64, "0")}`,
});

describe("AssetPage", () => {
  it("shows a part's fields, its history and its lineage tree", async () => {
    const calls = await renderSignedIn(<AssetPage params={{ kind: "part", id: "2" }} />, {
      ...REGULATOR,
      handlers: {
        members,
        receivablePart: () => ({
          ...part("2", "1", 1, ADDRESSES.tier2, "30000000"),
          receivableId: "1",
          createdAt: "2026-11-02T08:00:00Z",
          createdBlock: 40,
          receivable: { currency: "CNY" },
          financings: [],
        }),
        receivableLineage: () => ({
          activeAmount: "30000000",
          ancestors: [part("1", null, 0, ADDRESSES.supplier, "70000000", "100000000")],
          part: part("2", "1", 1, ADDRESSES.tier2, "20000000", "30000000"),
          descendants: [part("3", "2", 2, ADDRESSES.bankA, "10000000"), part("4", "3", 3, ADDRESSES.bankA, "0")],
        }),
        assetHistory: () =>
          connection([
            event(40, "ReceivableSplit", {
              partId: "1",
              newPartId: "2",
              holder: ADDRESSES.supplier,
              to: ADDRESSES.tier2,
            }),
            event(41, "PartTransferred", { partId: "2", from: ADDRESSES.tier2, to: ADDRESSES.bankA }),
          ]),
      },
    });
    const tree = await screen.findByTestId("lineage-tree");
    expect(tree.className).toBe("tree");
    const root = screen.getByTestId("lineage-part-1");
    const self = screen.getByTestId("lineage-part-2");
    const child = screen.getByTestId("lineage-part-3");
    const grandchild = screen.getByTestId("lineage-part-4");
    expect(self.parentElement?.closest("li")).toBe(root);
    expect(child.parentElement?.closest("li")).toBe(self);
    expect(grandchild.parentElement?.closest("li")).toBe(child);
    expect(self.getAttribute("aria-current")).toBe("true");
    expect(root.querySelector("a")?.getAttribute("href")).toBe("#/regulator/asset/part/1");
    expect(self.textContent).toContain("minghui-stamping");
    expect(self.textContent).toContain("CN¥200,000.00");
    // fields, with the link to its receivable
    const fields = screen.getByTestId("asset-fields");
    expect(fields.querySelector('a[href="#/regulator/asset/receivable/1"]')).toBeTruthy();
    // history in chain order, with the actor's name
    const history = await screen.findByTestId("asset-history");
    const rows = history.querySelectorAll("tbody tr");
    expect(rows.length).toBe(2);
    expect(rows[0].textContent).toContain("#40");
    expect(rows[0].textContent).toContain("ReceivableSplit");
    expect(rows[0].textContent).toContain("ruifeng-components");
    expect(calls.find((c) => c.field === "assetHistory")?.variables).toMatchObject({ k: "PART", id: "2" });
    expect(calls.find((c) => c.field === "receivableLineage")?.variables).toEqual({ p: "2" });
  });

  it("shows an order without lineage, and more history on demand", async () => {
    const calls = await renderSignedIn(<AssetPage params={{ kind: "order", id: "5" }} />, {
      ...REGULATOR,
      handlers: {
        members,
        purchaseOrder: () => ({
          id: "5",
          orderNumber: "PO-2026-005",
          status: "Converted",
          supplier: ADDRESSES.supplier,
          buyer: ADDRESSES.core,
          amount: "12000000",
          currency: "CNY",
          deliveryDate: "2026-12-01T00:00:00Z",
          paymentTermDays: 90,
          submittedAt: "2026-11-01T00:00:00Z",
          submittedBlock: 12,
          lienHolder: null,
          receivableId: "1",
          rejectionReason: null,
          documentUri: "ipfs://demo/po",
          financings: [
            {
              product: "ORDER",
              id: "1",
              status: "Repaid",
              bank: ADDRESSES.bankA,
              principal: "8000000",
              outstanding: "0",
            },
          ],
        }),
        assetHistory: (v) =>
          connection([event(12, "OrderSubmitted", { orderId: "5", supplier: ADDRESSES.supplier })], v.first < 200, 150),
      },
    });
    expect(await screen.findByText("PO-2026-005")).toBeTruthy();
    expect(screen.getByText("CN¥120,000.00")).toBeTruthy();
    expect(screen.getByText("Order financing #1")).toBeTruthy();
    expect(screen.queryByTestId("lineage-tree")).toBeNull();
    fireEvent.click(await screen.findByRole("button", { name: "Show more (1 of 150)" }));
    await waitFor(() => expect(calls.filter((c) => c.field === "assetHistory").at(-1)?.variables.first).toBe(200));
    expect(calls.some((c) => c.field === "receivableLineage")).toBe(false);
  });

  it("says when the asset does not exist", async () => {
    await renderSignedIn(<AssetPage params={{ kind: "receivable", id: "77" }} />, {
      ...REGULATOR,
      handlers: {
        members,
        receivable: () => null,
        assetHistory: () => connection([]),
        receivableLineage: () => null,
      },
    });
    expect(await screen.findByText("No such asset on the network.")).toBeTruthy();
  });

  it("refuses a bad path without asking for the asset", async () => {
    const calls = await renderSignedIn(<AssetPage params={{ kind: "invoice", id: "x1" }} />, {
      ...REGULATOR,
      handlers: { members },
    });
    expect((await screen.findByRole("alert")).textContent).toContain('"invoice/x1" is not an asset');
    expect(calls.every((c) => c.field === "viewer" || c.field === "members")).toBe(true);
  });

  it("shows the API's error", async () => {
    await renderSignedIn(<AssetPage params={{ kind: "receipt", id: "1" }} />, {
      ...REGULATOR,
      handlers: { members, warehouseReceipt: () => new ApiFailure("database down", "INTERNAL_SERVER_ERROR") },
    });
    expect((await screen.findByRole("alert")).textContent).toContain("database down");
  });
});
