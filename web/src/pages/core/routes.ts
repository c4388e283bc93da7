/** The core pages of the portal. */
import { page, type RouteDef } from "../../app/router";

const CORE = ["CORE_ENTERPRISE"];

export const routes: RouteDef[] = [
  {
    path: "/core",
    title: "core.nav.dashboard",
    roles: CORE,
    component: page(() => import("./DashboardPage")),
    nav: true,
  },
  {
    path: "/core/orders",
    title: "core.nav.orders",
    roles: CORE,
    component: page(() => import("./OrdersPage")),
    nav: true,
  },
  {
    path: "/core/maturities",
    title: "core.nav.maturities",
    roles: CORE,
    component: page(() => import("./MaturitiesPage")),
    nav: true,
  },
];
