// Entry point @tollgate/use-cases/alerts.
export { parseAlertId, type AlertView } from "./alert-row.ts";
export * from "./list-alerts.ts";
export * from "./mark-alerts-read.ts";
