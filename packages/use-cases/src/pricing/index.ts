// Entry point @tollgate/use-cases/pricing.
export * from "./create-plan.ts";
export * from "./get-plan.ts";
export * from "./list-plans.ts";
export * from "./plan-rates.ts";
export * from "./plan-version-lifecycle.ts";
export * from "./plan-version-views.ts";
export * from "./plan-versions.ts";
export type { PlanView, PlanWithVersions } from "./plan-view.ts";
export type { ChangeContext } from "../shared/change-context.ts";
