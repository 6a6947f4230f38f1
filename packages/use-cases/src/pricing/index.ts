// Entry point @tollgate/use-cases/pricing.
export * from "./plan-rates.ts";
export * from "./plan-version-lifecycle.ts";
export * from "./plan-version-views.ts";
export * from "./plan-versions.ts";
export * from "./plans.ts";
export type { ChangeContext } from "../shared/change-context.ts";
