export type { Context, LoginThrottle } from "./context.ts";
export { appRouter, type AppRouter } from "./router.ts";
export { createCallerFactory } from "./trpc.ts";
export type { SessionUser } from "./procedures/auth/session-user.ts";
