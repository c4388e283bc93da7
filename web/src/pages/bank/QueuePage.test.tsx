import { fireEvent } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { ApiFailure, renderSignedIn, screen, waitFor } from "../../test-utils";
import { application, BANK, decision, MEMBERS } from "./fixtures";
import QueuePage, { PAGE_SIZE } from "./QueuePage";

/** A queue page answer: the rows, the total and the next page's cursor when there is one. */
const queue = (nodes: unknown[], totalCount = nodes.length, endCursor: string | null = null) => ({
  totalCount,
  pageInfo: { hasNextPage: endCursor !== null, endCursor },
  edges: nodes.map((node) => ({ node })),
});

describe("QueuePage", () => {
  it("lists the applications with applicant, product, quote, decision and risk factors", async () => {
    await renderSignedIn(<QueuePage />, {
      ...BANK,
      handlers: {
        members: () => MEMBERS,
        applicationQueue: () =>
          queue([application(), application({ id: "8", decisions: [decision({ status: "APPROVED" })] })]),
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
      handlers: { members: () => MEMBERS, applicationQueue: () => queue([]) },
    });
    expect(await screen.findByText("No applications are addressed to you.")).toBeTruthy();
    expect(calls.find((c) => c.field === "applicationQueue")!.variables.status).toBeUndefined();
    fireEvent.click(screen.getByRole("tab", { name: "All applications" }));
    await waitFor(() =>
      expect(calls.filter((c) => c.field === "applicationQueue").at(-1)!.variables.status).toContain("EXECUTED"),
    );
  });

  it("pages through a long queue, and starts again from the first page when the tab changes", async () => {
    // 120 applications: page 1 holds 7 and 8 (as far as this test cares), page 2 holds 9.
    const calls = await renderSignedIn(<QueuePage />, {
      ...BANK,
      handlers: {
        members: () => MEMBERS,
        applicationQueue: (v) =>
          v.after === "cursor-1"
            ? queue([application({ id: "9" })], 120, "cursor-2")
            : queue([application(), application({ id: "8" })], 120, "cursor-1"),
      },
    });
    await screen.findByTestId("application-row-7");
    expect(screen.queryByTestId("pager")).toBeTruthy();
    expect(screen.getByText("Page 1 of 3")).toBeTruthy();
    expect((screen.getByRole("button", { name: "Previous page" }) as HTMLButtonElement).disabled).toBe(true);
    const queueCalls = () => calls.filter((c) => c.field === "applicationQueue");
    expect(queueCalls()[0].variables).toMatchObject({ first: PAGE_SIZE, after: null });

    fireEvent.click(screen.getByRole("button", { name: "Next page" }));
    expect(await screen.findByTestId("application-row-9")).toBeTruthy();
    expect(screen.queryByTestId("application-row-7")).toBeNull();
    expect(screen.getByText("Page 2 of 3")).toBeTruthy();
    expect(queueCalls().at(-1)!.variables.after).toBe("cursor-1");

    fireEvent.click(screen.getByRole("button", { name: "Previous page" }));
    expect(await screen.findByTestId("application-row-7")).toBeTruthy();
    expect(queueCalls().at(-1)!.variables.after).toBe(null);

    fireEvent.click(screen.getByRole("button", { name: "Next page" }));
    await screen.findByTestId("application-row-9");
    fireEvent.click(screen.getByRole("tab", { name: "All applications" }));
    await waitFor(() => expect(queueCalls().at(-1)!.variables).toMatchObject({ after: null }));
    expect(queueCalls().at(-1)!.variables.status).toContain("EXECUTED");
    expect(await screen.findByText("Page 1 of 3")).toBeTruthy();
  });

  it("shows no pager when the queue fits on one page", async () => {
    await renderSignedIn(<QueuePage />, {
      ...BANK,
      handlers: { members: () => MEMBERS, applicationQueue: () => queue([application()]) },
    });
    await screen.findByTestId("application-row-7");
    expect(screen.queryByTestId("pager")).toBeNull();
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
