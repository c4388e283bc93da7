import { fireEvent } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { ADDRESSES, ApiFailure, renderSignedIn, screen, waitFor } from "../../test-utils";
import AuditPage, { auditExportUrl, auditFilterOf } from "./AuditPage";

const REGULATOR = { address: ADDRESSES.regulator, roles: ["REGULATOR"] };
const entry = (id: string, action: string, result = "OK") => ({
  id,
  at: "2026-11-01T08:00:00Z",
  actor: ADDRESSES.supplier,
  actorRoles: ["SUPPLIER"],
  action,
  result,
  error: result === "OK" ? null : "limit exceeded",
  detail: { orderNumber: "PO-1" },
  ip: "127.0.0.1",
});
const log = (rows: ReturnType<typeof entry>[], hasNextPage = false) => ({
  totalCount: rows.length,
  pageInfo: { hasNextPage, endCursor: hasNextPage ? "c1" : null },
  edges: rows.map((node) => ({ node })),
});
const members = () => ({
  totalCount: 1,
  pageInfo: { hasNextPage: false, endCursor: null },
  edges: [{ node: { address: ADDRESSES.supplier, orgId: "ruifeng-components" } }],
});

function fill(label: string, value: string) {
  fireEvent.change(screen.getByLabelText(label), { target: { value } });
}

afterEach(() => vi.unstubAllGlobals());

describe("AuditPage", () => {
  it("lists the entries and pages through them", async () => {
    const calls = await renderSignedIn(<AuditPage params={{}} />, {
      ...REGULATOR,
      handlers: {
        members,
        auditLog: (v) =>
          v.after
            ? log([entry("3", "signIn")])
            : log([entry("1", "submitOrder"), entry("2", "applyFactoring", "FORBIDDEN")], true),
      },
    });
    expect(await screen.findByTestId("audit-row-1")).toBeTruthy();
    expect(screen.getByText("applyFactoring")).toBeTruthy();
    expect(screen.getByText("limit exceeded")).toBeTruthy();
    expect(screen.getAllByText("ruifeng-components").length).toBe(2);
    fireEvent.click(screen.getByRole("button", { name: "Next page" }));
    expect(await screen.findByTestId("audit-row-3")).toBeTruthy();
    expect(calls.filter((c) => c.field === "auditLog").at(-1)?.variables).toEqual({ f: {}, first: 50, after: "c1" });
    fireEvent.click(screen.getByRole("button", { name: "Previous page" }));
    expect(await screen.findByTestId("audit-row-1")).toBeTruthy();
  });

  it("says when no entry matches, in Chinese", async () => {
    await renderSignedIn(<AuditPage params={{}} />, {
      ...REGULATOR,
      locale: "zh-CN",
      handlers: { members, auditLog: () => log([]) },
    });
    expect(await screen.findByText("没有符合筛选条件的审计记录。")).toBeTruthy();
  });

  it("shows the API's error", async () => {
    await renderSignedIn(<AuditPage params={{}} />, {
      ...REGULATOR,
      handlers: { members, auditLog: () => new ApiFailure("regulator only", "FORBIDDEN") },
    });
    expect((await screen.findByRole("alert")).textContent).toContain("FORBIDDEN");
  });

  it("refuses bad filters without calling the API, and sends good ones", async () => {
    const calls = await renderSignedIn(<AuditPage params={{}} />, {
      ...REGULATOR,
      handlers: { members, auditLog: () => log([]) },
    });
    await screen.findByText("No audit entries match these filters.");
    const before = calls.filter((c) => c.field === "auditLog").length;
    fill("Actor (address)", "0x1234");
    fill("From (day)", "2026-11-05");
    fill("To (day, included)", "2026-11-01");
    fireEvent.click(screen.getByRole("button", { name: "Apply filters" }));
    expect(await screen.findByText("Enter an address: 0x and 40 hex digits.")).toBeTruthy();
    expect(screen.getByText("The end must not be before the start.")).toBeTruthy();
    expect(calls.filter((c) => c.field === "auditLog").length).toBe(before);

    fill("Actor (address)", ADDRESSES.supplier);
    fill("To (day, included)", "2026-11-30");
    fill("Action", " submitOrder ");
    fireEvent.click(screen.getByRole("button", { name: "Apply filters" }));
    await waitFor(() =>
      expect(calls.filter((c) => c.field === "auditLog").at(-1)?.variables.f).toEqual({
        actor: ADDRESSES.supplier,
        action: "submitOrder",
        from: "2026-11-05T00:00:00.000Z",
        to: "2026-12-01T00:00:00.000Z",
      }),
    );
  });

  it("exports the CSV of the applied filter with the session token", async () => {
    await renderSignedIn(<AuditPage params={{}} />, {
      ...REGULATOR,
      handlers: { members, auditLog: () => log([]) },
    });
    await screen.findByText("No audit entries match these filters.");
    fill("Result", "FORBIDDEN");
    fill("From (day)", "2026-11-01");
    fireEvent.click(screen.getByRole("button", { name: "Apply filters" }));
    const api = globalThis.fetch;
    const exports: { url: string; headers: Record<string, string> }[] = [];
    vi.stubGlobal("fetch", async (input: RequestInfo | URL, init?: RequestInit) => {
      const url = String(input);
      if (!url.startsWith("/audit/")) return api(input, init);
      exports.push({ url, headers: init?.headers as Record<string, string> });
      return exports.length === 1
        ? new Response("id,at\n1,2026\n", {
            headers: {
              "content-type": "text/csv",
              "content-disposition": 'attachment; filename="audit-2026-11-30.csv"',
            },
          })
        : Response.json(
            { error: { code: "FORBIDDEN", message: "The audit log is for the regulator." } },
            { status: 403 },
          );
    });
    const created = vi.fn(() => "blob:audit");
    // jsdom has no object URLs: the page's own calls are recorded instead.
    Object.assign(URL, { createObjectURL: created, revokeObjectURL: vi.fn() });
    const click = vi.spyOn(HTMLAnchorElement.prototype, "click").mockImplementation(() => {});
    fireEvent.click(screen.getByRole("button", { name: "Export CSV" }));
    await waitFor(() => expect(click).toHaveBeenCalled());
    expect(exports[0].url).toBe("/audit/export.csv?result=FORBIDDEN&from=2026-11-01T00%3A00%3A00.000Z");
    expect(exports[0].headers.authorization).toBe("Bearer test-token");
    expect((click.mock.instances[0] as unknown as HTMLAnchorElement).download).toBe("audit-2026-11-30.csv");
    fireEvent.click(screen.getByRole("button", { name: "Export CSV" }));
    expect((await screen.findByRole("alert")).textContent).toContain("The audit log is for the regulator.");
    click.mockRestore();
  });

  it("builds the export address from the filter", () => {
    expect(auditExportUrl({})).toBe("/audit/export.csv");
    const checked = auditFilterOf({ actor: "", action: "signIn", result: "", from: "", to: "2026-01-31" });
    expect("filter" in checked && auditExportUrl(checked.filter)).toBe(
      "/audit/export.csv?action=signIn&to=2026-02-01T00%3A00%3A00.000Z",
    );
  });
});
