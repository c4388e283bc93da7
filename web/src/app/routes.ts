/** Every page of the portal, by role. Each role's first navigation page is its home. */
import { routes as applications } from "../pages/applications/routes";
import { routes as bank } from "../pages/bank/routes";
import { routes as core } from "../pages/core/routes";
import { routes as regulator } from "../pages/regulator/routes";
import { routes as shared } from "../pages/shared/routes";
import { routes as supplier } from "../pages/supplier/routes";
import { routes as warehouse } from "../pages/warehouse/routes";
import type { RouteDef } from "./router";

export const ROUTES: RouteDef[] = [
  ...supplier,
  ...core,
  ...bank,
  ...warehouse,
  ...regulator,
  ...applications,
  ...shared,
];

/** The pages a member with `roles` may open. */
export function routesFor(roles: string[]): RouteDef[] {
  return ROUTES.filter((r) => r.roles.some((role) => roles.includes(role)));
}
