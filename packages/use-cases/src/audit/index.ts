// Entry point @tollgate/use-cases/audit.
export * from "./write-audit-log.ts";
export * from "./list-audit-log.ts";
