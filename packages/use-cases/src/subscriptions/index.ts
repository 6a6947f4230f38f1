// Entry point @tollgate/use-cases/subscriptions.
export * from "./migrate-subscriptions.ts";
export * from "./plan-in-force.ts";
export * from "./tenant-subscriptions.ts";
