import { fireEvent } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { ADDRESSES, ApiFailure, renderSignedIn, screen, waitFor } from "../../test-utils";
import AlertsPage from "./AlertsPage";

const alert = (id: string, readAt: string | null) => ({
  node: {
    id,
    kind: "ORDER_CONFIRMED",
    message: `alert ${id}`,
    subject: "order:1",
    createdAt: "2026-11-01T08:00:00Z",
    readAt,
  },
});

describe("AlertsPage", () => {
  it("lists alerts and marks them read", async () => {
    let read: unknown;
    const calls = await renderSignedIn(<AlertsPage />, {
      address: ADDRESSES.supplier,
      roles: ["SUPPLIER"],
      handlers: {
        alerts: () => ({ edges: [alert("2", null), alert("1", "2026-11-01T09:00:00Z")] }),
        markAlertsRead: (v) => ((read = v.u), 1),
      },
    });
    expect(await screen.findByText("alert 2")).toBeTruthy();
    fireEvent.click(screen.getByRole("button", { name: "Mark all read" }));
    await waitFor(() => expect(read).toBe("2"));
    expect(calls.filter((c) => c.field === "alerts").length).toBeGreaterThanOrEqual(2);
  });
  it("says when there are none, in Chinese too", async () => {
    await renderSignedIn(<AlertsPage />, {
      address: ADDRESSES.bankA,
      roles: ["BANK"],
      locale: "zh-CN",
      handlers: { alerts: () => ({ edges: [] }) },
    });
    expect(await screen.findByText("暂无通知。")).toBeTruthy();
    expect((screen.getByRole("button", { name: "全部标为已读" }) as HTMLButtonElement).disabled).toBe(true);
  });
  it("shows the API's error with its code and a retry", async () => {
    await renderSignedIn(<AlertsPage />, {
      address: ADDRESSES.bankA,
      roles: ["BANK"],
      handlers: { alerts: () => new ApiFailure("not signed in", "UNAUTHENTICATED") },
    });
    expect((await screen.findByRole("alert")).textContent).toContain("not signed in");
    expect(screen.getByRole("alert").textContent).toContain("UNAUTHENTICATED");
  });
});
