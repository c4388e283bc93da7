/** The core pages of the portal. */
import { lazy } from "react";
import type { RouteDef } from "../../app/router";

const CORE = ["CORE_ENTERPRISE"];

export const routes: RouteDef[] = [
  {
    path: "/core",
    title: "core.nav.dashboard",
    roles: CORE,
    component: lazy(() => import("./DashboardPage")),
    nav: true,
  },
  {
    path: "/core/orders",
    title: "core.nav.orders",
    roles: CORE,
    component: lazy(() => import("./OrdersPage")),
    nav: true,
  },
  {
    path: "/core/maturities",
    title: "core.nav.maturities",
    roles: CORE,
    component: lazy(() => import("./MaturitiesPage")),
    nav: true,
  },
];
