import type { AppRouter } from "@tollgate/trpc";
import { createTRPCClient, httpBatchLink, TRPCClientError } from "@trpc/client";
import type { inferRouterOutputs } from "@trpc/server";

/** Same-origin tRPC client: the session is an httpOnly cookie the browser sends by itself. */
export const trpc = createTRPCClient<AppRouter>({ links: [httpBatchLink({ url: "/trpc" })] });

export type RouterOutputs = inferRouterOutputs<AppRouter>;
export type SessionUser = NonNullable<RouterOutputs["auth"]["me"]>;
export type UsageSummary = RouterOutputs["usage"]["summary"];
export type UsageTotals = UsageSummary["totals"];
export type DailyUsage = UsageSummary["daily"][number];
export type ModelUsage = RouterOutputs["usage"]["byModel"][number];
export type TenantListItem = RouterOutputs["tenants"]["list"][number];

/** A message fit for the screen: the server's own message for known errors, a plain one for network failures. */
export function errorMessage(error: unknown): string {
  if (error instanceof TRPCClientError) {
    const code = (error.data as { code?: string } | undefined)?.code;
    if (code === undefined) return "Cannot reach the Tollgate API. Check your connection and try again.";
    return error.message;
  }
  return error instanceof Error ? error.message : String(error);
}
