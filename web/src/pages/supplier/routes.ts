/** The supplier pages of the portal: its overview (home), its orders and its receivables tree. */
import { lazy } from "react";
import type { RouteDef } from "../../app/router";

const SUPPLIER = ["SUPPLIER"];

export const routes: RouteDef[] = [
  {
    path: "/supplier",
    title: "supplier.nav.dashboard",
    roles: SUPPLIER,
    component: lazy(() => import("./DashboardPage")),
    nav: true,
  },
  {
    path: "/supplier/orders",
    title: "supplier.nav.orders",
    roles: SUPPLIER,
    component: lazy(() => import("./OrdersPage")),
    nav: true,
  },
  {
    path: "/supplier/receivables",
    title: "supplier.nav.receivables",
    roles: SUPPLIER,
    component: lazy(() => import("./ReceivablesPage")),
    nav: true,
  },
];
