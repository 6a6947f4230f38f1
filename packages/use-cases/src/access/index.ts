// Entry point @tollgate/use-cases/access.
export * from "./authorize.ts";
export * from "./principal.ts";
