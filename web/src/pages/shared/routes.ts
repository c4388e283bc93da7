/** Pages every member has. */
import { lazy } from "react";
import type { RouteDef } from "../../app/router";

const ALL = ["SUPPLIER", "CORE_ENTERPRISE", "BANK", "WAREHOUSE", "REGULATOR", "OPERATOR"];

export const routes: RouteDef[] = [
  { path: "/alerts", title: "nav.alerts", roles: ALL, component: lazy(() => import("./AlertsPage")), nav: true },
];
