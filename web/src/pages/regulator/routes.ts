/** The regulator pages of the portal. */
import type { RouteDef } from "../../app/router";

export const routes: RouteDef[] = [];
