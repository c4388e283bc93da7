/** The bank pages of the portal: the portfolio (home), the application queue, credit limits, financings. */
import { page, type RouteDef } from "../../app/router";

const BANK = ["BANK"];

export const routes: RouteDef[] = [
  {
    path: "/bank",
    title: "bank.nav.portfolio",
    roles: BANK,
    component: page(() => import("./PortfolioPage")),
    nav: true,
  },
  {
    path: "/bank/queue",
    title: "bank.nav.queue",
    roles: BANK,
    component: page(() => import("./QueuePage")),
    nav: true,
  },
  {
    path: "/bank/queue/:id",
    title: "bank.nav.application",
    roles: BANK,
    component: page(() => import("./ApplicationPage")),
  },
  {
    path: "/bank/limits",
    title: "bank.nav.limits",
    roles: BANK,
    component: page(() => import("./LimitsPage")),
    nav: true,
  },
  {
    path: "/bank/financings",
    title: "bank.nav.financings",
    roles: BANK,
    component: page(() => import("./FinancingsPage")),
    nav: true,
  },
];
