import { describe, expect, it } from "vitest";
import { match } from "../../app/router";
import { routes } from "./routes";

describe("regulator routes", () => {
  it("are the regulator's only, its home first", () => {
    expect(routes.every((r) => r.roles.length === 1 && r.roles[0] === "REGULATOR")).toBe(true);
    expect(routes.find((r) => r.nav)?.path).toBe("/regulator");
    expect(routes.filter((r) => r.nav).map((r) => r.path)).toEqual([
      "/regulator",
      "/regulator/search",
      "/regulator/audit",
    ]);
  });
  it("open an asset's page from its path", () => {
    const asset = routes.find((r) => r.path.includes(":kind"))!;
    expect(match(asset.path, "/regulator/asset/part/12")).toEqual({ kind: "part", id: "12" });
    expect(asset.nav).toBeFalsy();
  });
});
