// Entry point @tollgate/use-cases/reconciliation.
export type { ReconciliationFinding } from "./finding.ts";
export * from "./list-reconciliation-runs.ts";
export * from "./run-reconciliation.ts";
