export * from "./budget-thresholds.ts";
export * from "./micro-units.ts";
export * from "./worst-case-charge.ts";
export * from "./budget-alert.ts";
export * from "./budget-scope.ts";
export * from "./alert-title.ts";
