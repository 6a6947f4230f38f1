// Entry point @tollgate/use-cases/pricing.
export * from "./archive-plan-version.ts";
export * from "./copy-plan-version.ts";
export * from "./create-plan.ts";
export * from "./create-plan-version-draft.ts";
export * from "./diff-plan-versions.ts";
export * from "./get-plan.ts";
export * from "./get-plan-version.ts";
export * from "./lifecycle-options.ts";
export * from "./list-plans.ts";
export * from "./plan-rates.ts";
export * from "./plan-version-locks.ts";
export * from "./plan-version-views.ts";
export type { PlanView, PlanWithVersions } from "./plan-view.ts";
export * from "./publish-plan-version.ts";
export * from "./rating-sweeps.ts";
export * from "./update-plan-version-draft.ts";
export type { ChangeContext } from "../shared/change-context.ts";
