import { configure, fireEvent } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";
import { ADDRESSES, ApiFailure, renderSignedIn, screen, waitFor } from "../../test-utils";
import OrdersPage, { orderProblems, PAGE_SIZE } from "./OrdersPage";

// The machine is shared: give slow renders time before a query gives up.
configure({ asyncUtilTimeout: 5000 });

const order = (id: string, status: string, over: Record<string, unknown> = {}) => ({
  node: {
    id,
    documentHash: `0x${id}abc`,
    orderNumber: `PO-${id}`,
    buyer: ADDRESSES.core,
    buyerMember: { orgId: "jinghai-motors" },
    amount: "1000000",
    currency: "CNY",
    deliveryDate: "2026-12-20T00:00:00.000Z",
    paymentTermDays: 45,
    status,
    rejectionReason: null,
    submittedAt: "2026-12-01T08:00:00.000Z",
    receivableId: null,
    lienHolder: null,
    ...over,
  },
});
/** A page of orders: its rows, the total over all pages and the next page's cursor when there is one. */
const orders = (edges: unknown[], totalCount = edges.length, endCursor: string | null = null) => ({
  totalCount,
  pageInfo: { hasNextPage: endCursor !== null, endCursor },
  edges,
});
const buyers = () => ({
  edges: [
    { node: { address: ADDRESSES.core, orgId: "jinghai-motors" } },
    { node: { address: ADDRESSES.supplier, orgId: "self-listed" } },
  ],
});
const supplier = { address: ADDRESSES.supplier, roles: ["SUPPLIER"] };
const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

describe("supplier OrdersPage", () => {
  it("lists the viewer's orders with status and next step", async () => {
    const calls = await renderSignedIn(<OrdersPage params={{}} />, {
      ...supplier,
      handlers: {
        purchaseOrders: () =>
          orders([
            order("3", "Rejected", { rejectionReason: "wrong price" }),
            order("2", "Converted", { receivableId: "5" }),
            order("1", "Pending"),
          ]),
      },
    });
    const row = await screen.findByTestId("order-row-1");
    expect(row.textContent).toContain("PO-1");
    expect(row.textContent).toContain("jinghai-motors");
    expect(row.textContent).toContain("CN¥10,000.00");
    expect(row.textContent).toContain("45 days");
    expect(row.textContent).toContain("Pending");
    expect(row.textContent).toContain("Waiting for the buyer's confirmation");
    expect(screen.getByTestId("order-row-3").textContent).toContain("Rejected: wrong price");
    expect(screen.getByTestId("order-row-2").textContent).toContain("Receivable #5");
    expect(calls.find((c) => c.field === "purchaseOrders")!.variables).toEqual({
      a: ADDRESSES.supplier,
      first: PAGE_SIZE,
      after: null,
    });
    // One page: no pager.
    expect(screen.queryByTestId("pager")).toBeNull();
  });

  it("pages through many orders, newest first, forward and back", async () => {
    // 260 orders: page 1 holds 260 and 259 (as far as this test cares), page 2 holds 210.
    const calls = await renderSignedIn(<OrdersPage params={{}} />, {
      ...supplier,
      handlers: {
        purchaseOrders: (v) =>
          v.after === "cursor-1"
            ? orders([order("210", "Confirmed")], 260, "cursor-2")
            : orders([order("260", "Pending"), order("259", "Pending")], 260, "cursor-1"),
      },
    });
    await screen.findByTestId("order-row-260");
    expect(screen.getByText("Page 1 of 6")).toBeTruthy();
    expect((screen.getByRole("button", { name: "Previous page" }) as HTMLButtonElement).disabled).toBe(true);
    const orderCalls = () => calls.filter((c) => c.field === "purchaseOrders");
    expect(orderCalls()[0].query).toMatch(/orderBy: \{ field: SUBMITTED_AT, direction: DESC \}/);

    fireEvent.click(screen.getByRole("button", { name: "Next page" }));
    expect(await screen.findByTestId("order-row-210")).toBeTruthy();
    expect(screen.queryByTestId("order-row-260")).toBeNull();
    expect(screen.getByText("Page 2 of 6")).toBeTruthy();
    expect(orderCalls().at(-1)!.variables).toEqual({ a: ADDRESSES.supplier, first: PAGE_SIZE, after: "cursor-1" });

    fireEvent.click(screen.getByRole("button", { name: "Previous page" }));
    expect(await screen.findByTestId("order-row-260")).toBeTruthy();
    expect(orderCalls().at(-1)!.variables.after).toBe(null);
    expect(screen.getByText("Page 1 of 6")).toBeTruthy();
  });

  it("looks the order's document up by its commitment, and says when it is not shared", async () => {
    const calls = await renderSignedIn(<OrdersPage params={{}} />, {
      ...supplier,
      handlers: {
        purchaseOrders: () => orders([order("1", "Pending")]),
        documents: () => ({ edges: [{ node: { id: "doc-2", commitment: "0x2ABC" } }] }),
      },
    });
    fireEvent.click(await screen.findByRole("button", { name: "Open the document of order PO-1" }));
    expect((await screen.findByRole("alert")).textContent).toContain("not among those shared with you");
    expect(calls.some((c) => c.field === "documents")).toBe(true);
  });

  it("says when there are no orders", async () => {
    await renderSignedIn(<OrdersPage params={{}} />, {
      ...supplier,
      handlers: { purchaseOrders: () => orders([]) },
    });
    expect(await screen.findByText(/No orders yet/)).toBeTruthy();
  });

  it("shows the API's error", async () => {
    await renderSignedIn(<OrdersPage params={{}} />, {
      ...supplier,
      handlers: { purchaseOrders: () => new ApiFailure("index unavailable", "SERVICE_UNAVAILABLE") },
    });
    expect((await screen.findByRole("alert")).textContent).toContain("index unavailable");
  });

  it("refuses an incomplete order without calling the API", async () => {
    const calls = await renderSignedIn(<OrdersPage params={{}} />, {
      ...supplier,
      handlers: { purchaseOrders: () => orders([]), members: buyers },
    });
    fireEvent.click(await screen.findByRole("button", { name: "New order" }));
    fireEvent.change(screen.getByLabelText("Payment term (days after accepted delivery)"), {
      target: { value: "400" },
    });
    fireEvent.change(screen.getByLabelText("Delivery date"), { target: { value: "2020-01-01" } });
    fireEvent.click(screen.getByRole("button", { name: "Submit order" }));
    expect(await screen.findByText("Choose the buyer.")).toBeTruthy();
    expect(screen.getByText(/Enter the order number/)).toBeTruthy();
    expect(screen.getByText("Enter an amount greater than zero.")).toBeTruthy();
    expect(screen.getByText("Enter a whole number of days from 1 to 365.")).toBeTruthy();
    expect(screen.getByText(/Enter a delivery date from today/)).toBeTruthy();
    expect(screen.getByText("Attach the order document.")).toBeTruthy();
    expect(calls.some((c) => c.field === "submitOrder")).toBe(false);
  });

  it("uploads the document for the buyer, then submits the order with the right variables", async () => {
    const calls = await renderSignedIn(<OrdersPage params={{}} />, {
      ...supplier,
      handlers: {
        purchaseOrders: () => orders([]),
        members: buyers,
        submitOrder: () => [],
      },
    });
    const api = globalThis.fetch;
    const uploads: FormData[] = [];
    vi.stubGlobal("fetch", async (input: RequestInfo | URL, init?: RequestInit) => {
      if (String(input).endsWith("/documents")) {
        uploads.push(init!.body as FormData);
        return Response.json(
          { id: "doc-9", cid: "bafy", commitment: "0xabc", fileName: "po.pdf", size: 8 },
          { status: 201 },
        );
      }
      return api(input, init);
    });
    fireEvent.click(await screen.findByRole("button", { name: "New order" }));
    await screen.findByRole("option", { name: "jinghai-motors" });
    // The viewer itself is never offered as its own buyer.
    expect(screen.queryByRole("option", { name: "self-listed" })).toBeNull();
    fireEvent.change(screen.getByLabelText("Buyer (core enterprise)"), { target: { value: ADDRESSES.core } });
    fireEvent.change(screen.getByLabelText("Buyer's order number"), { target: { value: " PO-2026-0117 " } });
    fireEvent.change(screen.getByLabelText("Order amount (CNY)"), { target: { value: "12,500.5" } });
    fireEvent.change(screen.getByLabelText("Payment term (days after accepted delivery)"), {
      target: { value: "60" },
    });
    const delivery = inDays(10);
    fireEvent.change(screen.getByLabelText("Delivery date"), { target: { value: delivery } });
    const file = new File(["%PDF-1.4 order"], "po.pdf", { type: "application/pdf" });
    fireEvent.change(screen.getByLabelText("Order document (PDF)"), { target: { files: [file] } });
    fireEvent.click(screen.getByRole("button", { name: "Submit order" }));
    await waitFor(() => expect(calls.some((c) => c.field === "submitOrder")).toBe(true));
    expect(uploads[0].get("kind")).toBe("ORDER");
    expect(uploads[0].get("parties")).toBe(ADDRESSES.core);
    expect(calls.find((c) => c.field === "submitOrder")!.variables).toEqual({
      i: {
        buyer: ADDRESSES.core,
        orderNumber: "PO-2026-0117",
        amount: "1250050",
        deliveryDate: `${delivery}T00:00:00.000Z`,
        paymentTermDays: 60,
        documentId: "doc-9",
      },
    });
  });

  it("shows the API's refusal of the order in the progress", async () => {
    await renderSignedIn(<OrdersPage params={{}} />, {
      ...supplier,
      handlers: { purchaseOrders: () => orders([]), members: buyers },
    });
    const api = globalThis.fetch;
    vi.stubGlobal("fetch", async (input: RequestInfo | URL, init?: RequestInit) =>
      String(input).endsWith("/documents")
        ? Response.json(
            { error: { message: "the buyer has no document key", code: "BAD_USER_INPUT" } },
            { status: 400 },
          )
        : api(input, init),
    );
    fireEvent.click(await screen.findByRole("button", { name: "New order" }));
    await screen.findByRole("option", { name: "jinghai-motors" });
    fireEvent.change(screen.getByLabelText("Buyer (core enterprise)"), { target: { value: ADDRESSES.core } });
    fireEvent.change(screen.getByLabelText("Buyer's order number"), { target: { value: "PO-1" } });
    fireEvent.change(screen.getByLabelText("Order amount (CNY)"), { target: { value: "100" } });
    fireEvent.change(screen.getByLabelText("Delivery date"), { target: { value: inDays(1) } });
    fireEvent.change(screen.getByLabelText("Order document (PDF)"), {
      target: { files: [new File(["%PDF"], "po.pdf", { type: "application/pdf" })] },
    });
    fireEvent.click(screen.getByRole("button", { name: "Submit order" }));
    await waitFor(() =>
      expect(screen.getByTestId("tx-progress").textContent).toContain("the buyer has no document key"),
    );
  });

  it("does not offer a new order to a member without the supplier role", async () => {
    await renderSignedIn(<OrdersPage params={{}} />, {
      address: ADDRESSES.regulator,
      roles: ["REGULATOR"],
      handlers: { purchaseOrders: () => orders([order("1", "Pending")]) },
    });
    await screen.findByTestId("order-row-1");
    expect(screen.queryByRole("button", { name: "New order" })).toBeNull();
  });
});

describe("orderProblems", () => {
  const now = Date.parse("2026-12-03T10:00:00Z");
  const ok = {
    buyer: ADDRESSES.core,
    orderNumber: "PO-1",
    amount: 1n,
    paymentTermDays: "365",
    deliveryDate: "2026-12-03",
    file: new File(["x"], "a.pdf"),
  };
  it("accepts today's delivery and a term of 365 days", () => {
    expect(orderProblems(ok, now)).toEqual({});
  });
  it("refuses more than three years ahead, a zero amount, a fractional term and non-ASCII numbers", () => {
    expect(Object.keys(orderProblems({ ...ok, deliveryDate: "2029-12-04" }, now))).toEqual(["deliveryDate"]);
    expect(Object.keys(orderProblems({ ...ok, amount: 0n }, now))).toEqual(["amount"]);
    expect(Object.keys(orderProblems({ ...ok, paymentTermDays: "1.5" }, now))).toEqual(["paymentTermDays"]);
    expect(Object.keys(orderProblems({ ...ok, orderNumber: "订单1" }, now))).toEqual(["orderNumber"]);
  });
});
