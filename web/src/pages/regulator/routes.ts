/** The regulator pages of the portal: network statistics, asset search and history, the audit log. */
import { page, type RouteDef } from "../../app/router";

const REGULATOR = ["REGULATOR"];

export const routes: RouteDef[] = [
  {
    path: "/regulator",
    title: "regulator.nav.dashboard",
    roles: REGULATOR,
    component: page(() => import("./DashboardPage")),
    nav: true,
  },
  {
    path: "/regulator/search",
    title: "regulator.nav.search",
    roles: REGULATOR,
    component: page(() => import("./SearchPage")),
    nav: true,
  },
  {
    path: "/regulator/asset/:kind/:id",
    title: "regulator.asset.title",
    roles: REGULATOR,
    component: page(() => import("./AssetPage")),
  },
  {
    path: "/regulator/audit",
    title: "regulator.nav.audit",
    roles: REGULATOR,
    component: page(() => import("./AuditPage")),
    nav: true,
  },
];
