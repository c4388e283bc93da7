/** The supplier pages of the portal: its overview (home), its orders and its receivables tree. */
import { page, type RouteDef } from "../../app/router";

const SUPPLIER = ["SUPPLIER"];

export const routes: RouteDef[] = [
  {
    path: "/supplier",
    title: "supplier.nav.dashboard",
    roles: SUPPLIER,
    component: page(() => import("./DashboardPage")),
    nav: true,
  },
  {
    path: "/supplier/orders",
    title: "supplier.nav.orders",
    roles: SUPPLIER,
    component: page(() => import("./OrdersPage")),
    nav: true,
  },
  {
    path: "/supplier/receivables",
    title: "supplier.nav.receivables",
    roles: SUPPLIER,
    component: page(() => import("./ReceivablesPage")),
    nav: true,
  },
];
