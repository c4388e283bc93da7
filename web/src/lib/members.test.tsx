import { describe, expect, it } from "vitest";
import { ADDRESSES, ApiFailure, renderSignedIn, screen } from "../test-utils";
import { useDirectory, type DirectoryFilter } from "./members";

/** Shows the directory it reads: one line per member, or the error. */
function Probe({ filter }: { filter?: DirectoryFilter }) {
  const { state, list, orgIdOf } = useDirectory(filter);
  if (state.error) return <p role="alert">{state.error.message}</p>;
  if (!state.data) return <p>loading</p>;
  return (
    <ul data-testid="directory">
      {list.map((m) => (
        <li key={m.address}>{orgIdOf(m.address)}</li>
      ))}
    </ul>
  );
}

const member = (n: number) => ({
  address: `0x${n.toString(16).padStart(40, "0")}`,
  orgId: `org-${String(n).padStart(4, "0")}`,
  roleNames: ["SUPPLIER"],
  status: "Active",
  blacklisted: false,
});

describe("useDirectory", () => {
  it("reads every page of the directory, 500 at a time, with the filter", async () => {
    const all = Array.from({ length: 1203 }, (_, i) => member(i + 1));
    const calls = await renderSignedIn(<Probe filter={{ role: "SUPPLIER", status: ["Active"] }} />, {
      address: ADDRESSES.supplier,
      roles: ["SUPPLIER"],
      handlers: {
        members: (v) => {
          const from = v.after ? Number(v.after) : 0;
          const end = from + v.first;
          return {
            totalCount: all.length,
            pageInfo: { hasNextPage: end < all.length, endCursor: end < all.length ? String(end) : null },
            edges: all.slice(from, end).map((node) => ({ node })),
          };
        },
      },
    });
    const list = await screen.findByTestId("directory");
    expect(list.children.length).toBe(1203);
    expect(list.lastElementChild!.textContent).toBe("org-1203");
    const pages = calls.filter((c) => c.field === "members");
    expect(pages.map((c) => c.variables.after)).toEqual([null, "500", "1000"]);
    expect(pages.every((c) => c.variables.first === 500)).toBe(true);
    expect(pages[0].variables.f).toEqual({ role: "SUPPLIER", status: ["Active"] });
  });

  it("says why when the directory cannot be read", async () => {
    await renderSignedIn(<Probe />, {
      address: ADDRESSES.supplier,
      roles: ["SUPPLIER"],
      handlers: { members: () => new ApiFailure("index unavailable", "SERVICE_UNAVAILABLE") },
    });
    expect((await screen.findByRole("alert")).textContent).toBe("index unavailable");
  });
});
