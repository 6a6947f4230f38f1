// Entry point @tollgate/use-cases/overrides.
export * from "./tenant-overrides.ts";
