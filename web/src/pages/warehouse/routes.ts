/** The warehouse pages of the portal: its receipts (home), issuing one, one receipt, frozen pledges. */
import { page, type RouteDef } from "../../app/router";

const WAREHOUSE = ["WAREHOUSE"];

export const routes: RouteDef[] = [
  {
    path: "/warehouse",
    title: "warehouse.nav.home",
    roles: WAREHOUSE,
    component: page(() => import("./WarehouseHomePage")),
    nav: true,
  },
  {
    path: "/warehouse/issue",
    title: "warehouse.nav.issue",
    roles: WAREHOUSE,
    component: page(() => import("./IssueReceiptPage")),
    nav: true,
  },
  {
    path: "/warehouse/frozen",
    title: "warehouse.nav.frozen",
    roles: WAREHOUSE,
    component: page(() => import("./FrozenPledgesPage")),
    nav: true,
  },
  {
    path: "/warehouse/receipts/:id",
    title: "warehouse.receipt.nav",
    roles: WAREHOUSE,
    component: page(() => import("./ReceiptPage")),
  },
];
