import { fireEvent } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { ApiFailure, renderSignedIn, screen, waitFor } from "../../test-utils";
import { application, BANK, decision, MEMBERS } from "./fixtures";
import QueuePage from "./QueuePage";

describe("QueuePage", () => {
  it("lists the applications with applicant, product, quote, decision and risk factors", async () => {
    await renderSignedIn(<QueuePage />, {
      ...BANK,
      handlers: {
        members: () => MEMBERS,
        applicationQueue: () => ({
          edges: [
            { node: application() },
            { node: application({ id: "8", decisions: [decision({ status: "APPROVED" })] }) },
          ],
        }),
      },
    });
    const row = await screen.findByTestId("application-row-7");
    expect(row.textContent).toContain("ruifeng-components");
    expect(row.textContent).toContain("Order financing");
    expect(row.textContent).toContain("Purchase order #3");
    expect(row.textContent).toContain("Borrower days past due: 0");
    expect(row.textContent).toContain("PENDING");
    expect(screen.getByTestId("application-row-8").textContent).toContain("APPROVED");
    expect(screen.getByRole("link", { name: "Open application 7" }).getAttribute("href")).toBe("#/bank/queue/7");
  });

  it("asks for every status under 'All applications'", async () => {
    const calls = await renderSignedIn(<QueuePage />, {
      ...BANK,
      handlers: { members: () => MEMBERS, applicationQueue: () => ({ edges: [] }) },
    });
    expect(await screen.findByText("No applications are addressed to you.")).toBeTruthy();
    expect(calls.find((c) => c.field === "applicationQueue")!.variables.status).toBeUndefined();
    fireEvent.click(screen.getByRole("tab", { name: "All applications" }));
    await waitFor(() =>
      expect(calls.filter((c) => c.field === "applicationQueue").at(-1)!.variables.status).toContain("EXECUTED"),
    );
  });

  it("shows the API's error", async () => {
    await renderSignedIn(<QueuePage />, {
      ...BANK,
      locale: "zh-CN",
      handlers: { members: () => MEMBERS, applicationQueue: () => new ApiFailure("only banks", "FORBIDDEN") },
    });
    expect((await screen.findByRole("alert")).textContent).toContain("FORBIDDEN");
    expect(screen.getByRole("heading", { name: "融资申请队列" })).toBeTruthy();
  });
});
