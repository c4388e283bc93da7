/**
 * The financing application pages of applicants: holders of receivable parts, confirmed orders (as
 * supplier) or warehouse receipts. Suppliers apply for every product; core enterprises for factoring
 * and receipt loans (the backend's rule), so both roles have these pages.
 */
import { page, type RouteDef } from "../../app/router";

const APPLICANTS = ["SUPPLIER", "CORE_ENTERPRISE"];

export const routes: RouteDef[] = [
  {
    path: "/applications",
    title: "apps.nav.list",
    roles: APPLICANTS,
    component: page(() => import("./ApplicationsPage")),
    nav: true,
  },
  {
    path: "/applications/new",
    title: "apps.nav.new",
    roles: APPLICANTS,
    component: page(() => import("./NewApplicationPage")),
    nav: true,
  },
  {
    path: "/applications/:id",
    title: "apps.detail.title",
    roles: APPLICANTS,
    component: page(() => import("./ApplicationDetailPage")),
  },
];
