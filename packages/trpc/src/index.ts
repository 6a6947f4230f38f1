export type { Context, LoginThrottle, Session } from "./context.ts";
export { appRouter, type AppRouter } from "./router.ts";
export { operationsRouter, type OperationsRouter } from "./operations-router.ts";
export { createCallerFactory } from "./trpc.ts";
export type { SessionUser } from "./procedures/auth/session-user.ts";
export type { OperationMeta, RestMethod, RestOperation } from "./rest/rest-meta.ts";
export type { FailedJobs, FailedJobSummary } from "./ports/failed-jobs.ts";
export * from "./procedures/admin-fields.ts";
export {
  apiKeyBody,
  apiKeysResponse,
  issuedApiKeyResponse,
  rotatedApiKeyResponse,
} from "./procedures/tenant-api-keys/tenant-api-key-schemas.ts";
