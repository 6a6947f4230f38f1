// Entry point @tollgate/use-cases/api-keys.
export * from "./api-key-authenticator.ts";
export * from "./api-key-store.ts";
export * from "./api-key-usage-recorder.ts";
export * from "./api-key-view.ts";
export * from "./create-tenant-api-key.ts";
export * from "./list-tenant-api-keys.ts";
export * from "./revoke-tenant-api-key.ts";
export * from "./rotate-tenant-api-key.ts";
export { generateApiKey, isApiKeyShaped, parseApiKey } from "./api-key-format.ts";
