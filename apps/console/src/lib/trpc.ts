import type { AppRouter } from "@tollgate/trpc";
import { createTRPCClient, httpBatchLink } from "@trpc/client";
import { createTRPCContext } from "@trpc/tanstack-react-query";

/**
 * `useTRPC()` gives the options proxy: `trpc.usage.summary.queryOptions(input)`, `trpc.auth.me.queryKey()`,
 * `trpc.usage.pathKey()`… so every query key comes from the router's paths, never written by hand.
 */
export const { TRPCProvider, useTRPC, useTRPCClient } = createTRPCContext<AppRouter>();
export type TrpcOptions = ReturnType<typeof useTRPC>;

/** Same-origin tRPC client: the session is an httpOnly cookie the browser sends by itself. */
export function createApiClient() {
  return createTRPCClient<AppRouter>({ links: [httpBatchLink({ url: "/trpc" })] });
}
