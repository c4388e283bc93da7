import { fireEvent, within } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";
import { ADDRESSES, ApiFailure, renderSignedIn, screen, waitFor, type ApiCall, type Handler } from "../../test-utils";
import { DAY_MS } from "./api";
import { order } from "./fixtures";
import OrdersPage, { PAGE_SIZE } from "./OrdersPage";

const CORE = { address: ADDRESSES.core, roles: ["CORE_ENTERPRISE"] };
const ORDERS = [
  order("1", "Pending"),
  order("2", "Confirmed", { paymentTermDays: 45 }),
  order("3", "Rejected", { rejectionReason: "price mismatch" }),
  order("4", "Converted", { receivableId: "9" }),
];
const TX = [{ chainId: 31337, from: ADDRESSES.core, to: "0x1", data: "0x", value: "0", method: "m", description: "d" }];

/** Answers POST /documents (the upload) besides the API; the uploads' form data are collected. */
function stubUploads(): FormData[] {
  const uploads: FormData[] = [];
  const inner = globalThis.fetch;
  vi.stubGlobal("fetch", async (input: RequestInfo | URL, init?: RequestInit) => {
    if (String(input).endsWith("/documents")) {
      uploads.push(init!.body as FormData);
      return Response.json(
        { id: `doc-${uploads.length}`, cid: "bafy", commitment: "0xab", fileName: "invoice.pdf", size: 4 },
        { status: 201 },
      );
    }
    return inner(input, init);
  });
  return uploads;
}

const COUNT_STATUS: Record<string, string | undefined> = { pending: "Pending", confirmed: "Confirmed", all: undefined };

/**
 * The API over `orders`, as the backend filters them: the tab counts by alias, a list by the filter's
 * status and ids, paged `first` at a time with cursors "c<offset>".
 */
function server(orders: { node: { id: string; status: string } }[]) {
  return (v: Record<string, any>, _query: string, key: string) => {
    if (key in COUNT_STATUS) {
      const status = COUNT_STATUS[key];
      return { totalCount: orders.filter((o) => !status || o.node.status === status).length };
    }
    const matching = orders.filter(
      (o) => (!v.f.status || v.f.status.includes(o.node.status)) && (!v.f.ids || v.f.ids.includes(o.node.id)),
    );
    const from = v.after ? Number(v.after.slice(1)) : 0;
    const first = v.first ?? 50;
    const end = from + first;
    return {
      totalCount: matching.length,
      pageInfo: { hasNextPage: end < matching.length, endCursor: end < matching.length ? `c${end}` : null },
      edges: matching.slice(from, end),
    };
  };
}

const pdf = () => new File(["%PDF"], "invoice.pdf", { type: "application/pdf" });
const called = (calls: ApiCall[], field: string) => calls.filter((c) => c.field === field);

async function renderOrders(handlers: Record<string, Handler> = {}, roles = CORE.roles) {
  const calls = await renderSignedIn(<OrdersPage params={{}} />, {
    address: CORE.address,
    roles,
    handlers: { purchaseOrders: server(ORDERS), ...handlers },
  });
  await screen.findByTestId("order-row-1");
  return calls;
}

describe("core OrdersPage", () => {
  it("lists the viewer's orders; only pending ones offer Confirm and Reject, confirmed ones Accept delivery", async () => {
    const calls = await renderOrders();
    const lists = () => called(calls, "purchaseOrders").filter((c) => !c.fields.length || c.query.includes("$f"));
    expect(lists()[0].variables).toEqual({
      f: { buyer: ADDRESSES.core, status: ["Pending"] },
      first: PAGE_SIZE,
      after: null,
    });
    // The tabs' counts come from the server's totals.
    expect(await screen.findByRole("tab", { name: "Awaiting confirmation (1)" })).toBeTruthy();
    expect(screen.getByRole("tab", { name: "All orders (4)" })).toBeTruthy();
    const pending = within(screen.getByTestId("order-row-1"));
    expect(pending.getByText("PO-1")).toBeTruthy();
    expect(pending.getByText("ruifeng-components")).toBeTruthy();
    expect(pending.getByRole("button", { name: "Confirm order PO-1" })).toBeTruthy();
    expect(pending.getByRole("button", { name: "Reject order PO-1" })).toBeTruthy();
    expect(screen.queryByTestId("order-row-2")).toBeNull();

    fireEvent.click(screen.getByRole("tab", { name: /All orders/ }));
    await waitFor(() => expect(lists().at(-1)!.variables.f).toEqual({ buyer: ADDRESSES.core }));
    const confirmed = within(await screen.findByTestId("order-row-2"));
    expect(confirmed.queryByRole("button", { name: /^Confirm/ })).toBeNull();
    expect(confirmed.getByRole("button", { name: "Accept delivery of order PO-2" })).toBeTruthy();
    for (const id of ["3", "4"]) expect(within(screen.getByTestId(`order-row-${id}`)).queryByRole("button")).toBeNull();
    expect(screen.getByTestId("order-row-3").textContent).toContain("price mismatch");
    expect(screen.getByTestId("order-row-4").textContent).toContain("receivable #9");
  });

  it("pages through the orders of a tab, and starts again from the first page on another tab", async () => {
    const many = Array.from({ length: 120 }, (_, i) => order(String(i + 1), "Pending"));
    const calls = await renderOrders({ purchaseOrders: server(many) });
    expect(screen.getByText("Page 1 of 3")).toBeTruthy();
    fireEvent.click(screen.getByRole("button", { name: "Next page" }));
    expect(await screen.findByTestId(`order-row-${many[50].node.id}`)).toBeTruthy();
    expect(screen.queryByTestId("order-row-1")).toBeNull();
    expect(screen.getByText("Page 2 of 3")).toBeTruthy();
    expect(called(calls, "purchaseOrders").at(-1)!.variables.after).toBe("c50");
    fireEvent.click(screen.getByRole("tab", { name: /All orders/ }));
    await waitFor(() =>
      expect(called(calls, "purchaseOrders").at(-1)!.variables).toEqual({
        f: { buyer: ADDRESSES.core },
        first: PAGE_SIZE,
        after: null,
      }),
    );
  });

  it("keeps an order it acted on listed, read again by id, once its status has left the tab", async () => {
    const orders = ORDERS.map((o) => ({ node: { ...o.node } }));
    const calls = await renderOrders({ purchaseOrders: server(orders), confirmOrder: () => TX });
    fireEvent.click(screen.getByRole("button", { name: "Confirm order PO-1" }));
    await waitFor(() => expect(called(calls, "confirmOrder")).toHaveLength(1));
    // The order is confirmed on chain; the pending tab no longer lists it, the page reads it by id.
    orders[0].node.status = "Confirmed";
    await waitFor(() =>
      expect(called(calls, "purchaseOrders").some((c) => c.variables.f?.ids?.includes("1"))).toBe(true),
    );
    const byId = called(calls, "purchaseOrders").find((c) => c.variables.f?.ids)!;
    expect(byId.variables.f).toEqual({ buyer: ADDRESSES.core, ids: ["1"] });
  });

  it("confirms a pending order", async () => {
    const calls = await renderOrders({ confirmOrder: () => TX });
    fireEvent.click(screen.getByRole("button", { name: "Confirm order PO-1" }));
    await waitFor(() => expect(called(calls, "confirmOrder")).toHaveLength(1));
    expect(called(calls, "confirmOrder")[0].variables).toEqual({ id: "1" });
  });

  it("refuses a rejection without a reason or with one too long for the chain, then sends it", async () => {
    const calls = await renderOrders({ rejectOrder: () => TX });
    fireEvent.click(screen.getByRole("button", { name: "Reject order PO-1" }));
    const send = screen.getByRole("button", { name: "Send rejection of order PO-1" });
    fireEvent.click(send);
    expect(await screen.findByText("Give the supplier a reason.")).toBeTruthy();
    const reason = screen.getByLabelText("Reason for rejecting");
    fireEvent.change(reason, { target: { value: "价格与合同约定的单价不一致" } });
    fireEvent.click(send);
    expect(await screen.findByText(/takes 39 bytes; at most 31/)).toBeTruthy();
    expect(called(calls, "rejectOrder")).toHaveLength(0);
    fireEvent.change(reason, { target: { value: " 价格不符 " } });
    fireEvent.click(send);
    await waitFor(() => expect(called(calls, "rejectOrder")).toHaveLength(1));
    expect(called(calls, "rejectOrder")[0].variables).toEqual({ id: "1", r: "价格不符" });
  });

  it("accepts a delivery only with an invoice, uploaded for the supplier", async () => {
    const calls = await renderOrders({ acceptDelivery: () => TX });
    fireEvent.click(screen.getByRole("tab", { name: /Awaiting delivery/ }));
    fireEvent.click(await screen.findByRole("button", { name: "Accept delivery of order PO-2" }));
    expect(screen.getByText(/due 45 days from today/)).toBeTruthy();
    const uploads = stubUploads();
    const send = screen.getByRole("button", { name: "Accept and confirm the payable of order PO-2" });
    fireEvent.click(send);
    expect(await screen.findByText("Attach the supplier's invoice.")).toBeTruthy();
    expect(uploads).toHaveLength(0);
    fireEvent.change(screen.getByLabelText("Invoice (PDF, PNG or JPEG)"), { target: { files: [pdf()] } });
    fireEvent.click(send);
    await waitFor(() => expect(called(calls, "acceptDelivery")).toHaveLength(1));
    expect(called(calls, "acceptDelivery")[0].variables).toEqual({ id: "2", d: "doc-1" });
    expect(uploads[0].get("kind")).toBe("INVOICE");
    expect(uploads[0].get("parties")).toBe(ADDRESSES.supplier);
  });

  it("confirms a payable without an order: validates each field, then sends the input", async () => {
    const calls = await renderOrders({
      members: () => ({
        edges: [
          { node: { address: ADDRESSES.supplier, orgId: "ruifeng-components" } },
          { node: { address: ADDRESSES.tier2, orgId: "minghui-stamping" } },
        ],
      }),
      issueReceivable: () => TX,
    });
    fireEvent.click(screen.getByRole("button", { name: "Confirm a payable…" }));
    const submit = await screen.findByRole("button", { name: "Confirm payable" });
    fireEvent.click(submit);
    expect(await screen.findByText("Choose the supplier you owe.")).toBeTruthy();
    expect(screen.getByText("Enter an amount above zero.")).toBeTruthy();
    expect(screen.getByText("Choose the maturity date.")).toBeTruthy();
    expect(screen.getByText("Attach the supplier's invoice.")).toBeTruthy();

    const uploads = stubUploads();
    fireEvent.change(screen.getByLabelText("Supplier (creditor)"), { target: { value: ADDRESSES.tier2 } });
    fireEvent.change(screen.getByLabelText("Face amount"), { target: { value: "12,345.67" } });
    const maturity = screen.getByLabelText("Maturity date");
    fireEvent.change(maturity, { target: { value: new Date(Date.now() + 400 * DAY_MS).toISOString().slice(0, 10) } });
    fireEvent.change(screen.getByLabelText("Invoice (PDF, PNG or JPEG)"), { target: { files: [pdf()] } });
    fireEvent.click(submit);
    expect(await screen.findByText("The maturity must be after today and at most one year ahead.")).toBeTruthy();
    expect(called(calls, "issueReceivable")).toHaveLength(0);
    expect(uploads).toHaveLength(0);

    const day = new Date(Date.now() + 60 * DAY_MS).toISOString().slice(0, 10);
    fireEvent.change(maturity, { target: { value: day } });
    fireEvent.click(submit);
    await waitFor(() => expect(called(calls, "issueReceivable")).toHaveLength(1));
    expect(called(calls, "issueReceivable")[0].variables).toEqual({
      i: { creditor: ADDRESSES.tier2, face: "1234567", maturity: `${day}T00:00:00.000Z`, invoiceDocumentId: "doc-1" },
    });
    expect(uploads[0].get("parties")).toBe(ADDRESSES.tier2);
  });

  it("offers no action to a member without the core enterprise role", async () => {
    await renderOrders({}, ["REGULATOR"]);
    expect(within(screen.getByTestId("order-row-1")).queryByRole("button")).toBeNull();
    expect(screen.queryByRole("button", { name: "Confirm a payable…" })).toBeNull();
  });

  it("says when no order awaits confirmation", async () => {
    await renderSignedIn(<OrdersPage params={{}} />, {
      ...CORE,
      handlers: { purchaseOrders: server([]) },
    });
    expect(await screen.findByText("No order awaits your confirmation.")).toBeTruthy();
  });

  it("shows the API's error with its code", async () => {
    await renderSignedIn(<OrdersPage params={{}} />, {
      ...CORE,
      handlers: { purchaseOrders: () => new ApiFailure("not a member", "FORBIDDEN") },
    });
    expect((await screen.findByRole("alert")).textContent).toContain("not a member");
    expect(screen.getByRole("alert").textContent).toContain("FORBIDDEN");
  });
});
