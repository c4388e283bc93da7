/** The portal's shared components. */
export * from "./charts";
export * from "./data";
export * from "./forms";
export * from "./layout";
export * from "./states";
export * from "./tx";
