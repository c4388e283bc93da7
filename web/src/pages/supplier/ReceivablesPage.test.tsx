import { configure, fireEvent, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { ADDRESSES, ApiFailure, renderSignedIn, screen, waitFor } from "../../test-utils";
import ReceivablesPage, { treeOrder } from "./ReceivablesPage";

// The machine is shared: give slow renders time before a query gives up.
configure({ asyncUtilTimeout: 5000 });

const part = (
  id: string,
  parentId: string | null,
  depth: number,
  holder: string,
  amount: string,
  status = "Active",
) => ({
  id,
  parentId,
  depth,
  face: amount,
  amount,
  holder,
  holderMember: { orgId: holder === ADDRESSES.supplier ? "ruifeng-components" : "minghui-stamping" },
  status,
});

/** Receivable 1 (face 10,000.00): root part 1 held by the viewer, part 4 split off to tier 2, part 6 off part 4. */
const receivable = (status = "Outstanding") => ({
  id: "1",
  obligor: ADDRESSES.core,
  obligorMember: { orgId: "jinghai-motors" },
  creditor: ADDRESSES.supplier,
  creditorMember: { orgId: "ruifeng-components" },
  face: "1000000",
  currency: "CNY",
  maturity: "2027-03-01T00:00:00.000Z",
  status,
  parts: [
    part("1", null, 0, ADDRESSES.supplier, "700000"),
    part("6", "4", 2, ADDRESSES.supplier, "100000"),
    part("4", "1", 1, ADDRESSES.tier2, "200000"),
  ],
});
/** The viewer's parts 1 and 6 (ids only), then their receivable with its tree. */
const held = () => ({
  edges: [{ node: { id: "6", receivableId: "1" } }, { node: { id: "1", receivableId: "1" } }],
});
const answers = (status?: string) => ({
  receivableParts: held,
  receivables: () => ({ edges: [{ node: receivable(status) }] }),
});
const suppliers = () => ({
  edges: [
    { node: { address: ADDRESSES.supplier, orgId: "ruifeng-components" } },
    { node: { address: ADDRESSES.tier2, orgId: "minghui-stamping" } },
  ],
});
const supplier = { address: ADDRESSES.supplier, roles: ["SUPPLIER"] };

describe("supplier ReceivablesPage", () => {
  it("shows each receivable once, with its parts as a tree and actions on the viewer's active parts", async () => {
    const calls = await renderSignedIn(<ReceivablesPage params={{}} />, {
      ...supplier,
      handlers: answers(),
    });
    const card = await screen.findByTestId("receivable-1");
    expect(screen.getAllByTestId(/^receivable-\d+$/)).toHaveLength(1);
    expect(card.textContent).toContain("jinghai-motors");
    expect(card.textContent).toContain("CN¥10,000.00");
    expect(card.textContent).toContain("Outstanding");
    // Held by the viewer: 7,000 + 1,000.
    expect(card.textContent).toContain("Held by you: CN¥8,000.00");
    const rows = within(screen.getByTestId("parts-tree-1")).getAllByTestId(/^part-row-/);
    expect(rows.map((r) => r.dataset.testid)).toEqual(["part-row-1", "part-row-4", "part-row-6"]);
    expect(rows[1].textContent).toContain("minghui-stamping");
    expect(rows[2].textContent).toContain("#4");
    expect(screen.getByRole("button", { name: "Split part #1" })).toBeTruthy();
    expect(screen.getByRole("button", { name: "Transfer part #6" })).toBeTruthy();
    expect(screen.queryByRole("button", { name: "Split part #4" })).toBeNull();
    expect(calls.find((c) => c.field === "receivableParts")!.variables).toEqual({ a: ADDRESSES.supplier });
    // The receivables are read once each, by id, after the held parts.
    expect(calls.find((c) => c.field === "receivables")!.variables).toEqual({ ids: ["1"], first: 100 });
  });

  it("offers no action on the parts of a paid receivable", async () => {
    await renderSignedIn(<ReceivablesPage params={{}} />, {
      ...supplier,
      handlers: answers("Paid"),
    });
    await screen.findByTestId("receivable-1");
    expect(screen.queryByRole("button", { name: /part #/ })).toBeNull();
  });

  it("does not let a member without the supplier role split or transfer", async () => {
    await renderSignedIn(<ReceivablesPage params={{}} />, {
      address: ADDRESSES.supplier,
      roles: ["REGULATOR"],
      handlers: answers(),
    });
    await screen.findByTestId("receivable-1");
    expect(screen.queryByRole("button", { name: /part #/ })).toBeNull();
  });

  it("says when the viewer holds nothing", async () => {
    const calls = await renderSignedIn(<ReceivablesPage params={{}} />, {
      ...supplier,
      handlers: { receivableParts: () => ({ edges: [] }) },
    });
    expect(await screen.findByText("You hold no receivable parts yet.")).toBeTruthy();
    expect(calls.some((c) => c.field === "receivables")).toBe(false);
  });

  it("shows the API's error", async () => {
    await renderSignedIn(<ReceivablesPage params={{}} />, {
      ...supplier,
      handlers: { receivableParts: () => new ApiFailure("index is behind", "SERVICE_UNAVAILABLE") },
    });
    expect((await screen.findByRole("alert")).textContent).toContain("index is behind");
  });

  it("refuses a split without a recipient or larger than the part, without calling the API", async () => {
    const calls = await renderSignedIn(<ReceivablesPage params={{}} />, {
      ...supplier,
      handlers: { ...answers(), members: suppliers },
    });
    fireEvent.click(await screen.findByRole("button", { name: "Split part #1" }));
    const form = await screen.findByTestId("split-form");
    fireEvent.change(within(form).getByLabelText("Amount to split off"), { target: { value: "7000" } });
    fireEvent.click(within(form).getByRole("button", { name: "Confirm split" }));
    expect(await within(form).findByText("Choose the member who receives it.")).toBeTruthy();
    expect(within(form).getByText(/less than the part's CN¥7,000.00/)).toBeTruthy();
    fireEvent.change(within(form).getByLabelText("Amount to split off"), { target: { value: "0" } });
    fireEvent.click(within(form).getByRole("button", { name: "Confirm split" }));
    expect(await within(form).findByText(/greater than zero/)).toBeTruthy();
    expect(calls.some((c) => c.field === "splitPart")).toBe(false);
  });

  it("splits an amount off to another supplier with the right variables", async () => {
    const calls = await renderSignedIn(<ReceivablesPage params={{}} />, {
      ...supplier,
      handlers: { ...answers(), members: suppliers, splitPart: () => [] },
    });
    fireEvent.click(await screen.findByRole("button", { name: "Split part #1" }));
    const form = await screen.findByTestId("split-form");
    await within(form).findByRole("option", { name: "minghui-stamping" });
    // The viewer is not offered as its own recipient.
    expect(within(form).queryByRole("option", { name: "ruifeng-components" })).toBeNull();
    fireEvent.change(within(form).getByLabelText("Recipient (supplier)"), { target: { value: ADDRESSES.tier2 } });
    fireEvent.change(within(form).getByLabelText("Amount to split off"), { target: { value: "2,500.25" } });
    fireEvent.click(within(form).getByRole("button", { name: "Confirm split" }));
    await waitFor(() => expect(calls.some((c) => c.field === "splitPart")).toBe(true));
    expect(calls.find((c) => c.field === "splitPart")!.variables).toEqual({
      i: { partId: "1", to: ADDRESSES.tier2, amount: "250025" },
    });
  });

  it("transfers a whole part, and shows the API's refusal", async () => {
    const calls = await renderSignedIn(<ReceivablesPage params={{}} />, {
      ...supplier,
      handlers: {
        ...answers(),
        members: suppliers,
        transferPart: () => new ApiFailure("to: not an active member", "BAD_USER_INPUT"),
      },
    });
    fireEvent.click(await screen.findByRole("button", { name: "Transfer part #6" }));
    const form = await screen.findByTestId("transfer-form");
    expect(within(form).queryByLabelText("Amount to split off")).toBeNull();
    fireEvent.click(within(form).getByRole("button", { name: "Confirm transfer" }));
    expect(await within(form).findByText("Choose the member who receives it.")).toBeTruthy();
    expect(calls.some((c) => c.field === "transferPart")).toBe(false);
    await within(form).findByRole("option", { name: "minghui-stamping" });
    fireEvent.change(within(form).getByLabelText("Recipient (supplier)"), { target: { value: ADDRESSES.tier2 } });
    fireEvent.click(within(form).getByRole("button", { name: "Confirm transfer" }));
    await waitFor(() => expect(calls.some((c) => c.field === "transferPart")).toBe(true));
    expect(calls.find((c) => c.field === "transferPart")!.variables).toEqual({ p: "6", to: ADDRESSES.tier2 });
    expect((await screen.findByTestId("tx-progress")).textContent).toContain("not an active member");
  });
});

describe("treeOrder", () => {
  it("puts each part after its parent, depth first, and keeps orphans as roots", () => {
    const p = (id: string, parentId: string | null) => ({ ...part(id, parentId, 0, ADDRESSES.supplier, "1") });
    expect(treeOrder([p("9", "2"), p("2", "1"), p("3", "1"), p("1", null), p("12", "99")]).map((x) => x.id)).toEqual([
      "1",
      "2",
      "9",
      "3",
      "12",
    ]);
  });
});
