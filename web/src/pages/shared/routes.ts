/** Pages every member has. */
import { page, type RouteDef } from "../../app/router";

const ALL = ["SUPPLIER", "CORE_ENTERPRISE", "BANK", "WAREHOUSE", "REGULATOR", "OPERATOR"];

export const routes: RouteDef[] = [
  { path: "/alerts", title: "nav.alerts", roles: ALL, component: page(() => import("./AlertsPage")), nav: true },
];
