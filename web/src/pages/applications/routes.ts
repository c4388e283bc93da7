/** The financing application pages of applicants. */
import type { RouteDef } from "../../app/router";

export const routes: RouteDef[] = [];
