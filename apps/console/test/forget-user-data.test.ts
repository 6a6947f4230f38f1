import { QueryClient } from "@tanstack/react-query";
import { createTRPCOptionsProxy } from "@trpc/tanstack-react-query";
import type { AppRouter } from "@tollgate/trpc";
import { describe, expect, it } from "vitest";
import { forgetUserData } from "../src/lib/session.ts";
import { createApiClient } from "../src/lib/trpc.ts";

// Sign-in, sign-out and setup clear the cache through the keys the options proxy generates: a user's answers go,
// the session's own (`auth.*`) stays. No request is made: the cache is filled by hand.
describe("forgetUserData", () => {
  it("drops every cached answer outside auth.*, keeping the session user", () => {
    const queryClient = new QueryClient();
    const trpc = createTRPCOptionsProxy<AppRouter>({ client: createApiClient(), queryClient });
    const input = { tenantId: "t1", from: "2026-11-01T00:00:00.000Z", to: "2026-12-01T00:00:00.000Z" };
    queryClient.setQueryData(trpc.auth.me.queryKey(), null);
    // Only the key matters here; a summary's shape is the server's business.
    queryClient.setQueryData(trpc.usage.summary.queryKey(input), {} as never);
    queryClient.setQueryData(trpc.usage.byModel.queryKey(input), []);
    queryClient.setQueryData(trpc.tenants.list.queryKey(), []);

    expect(queryClient.getQueryCache().getAll()).toHaveLength(4);

    forgetUserData(queryClient, trpc);

    const left = queryClient
      .getQueryCache()
      .getAll()
      .map((query) => query.queryKey);
    expect(left).toEqual([trpc.auth.me.queryKey()]);
  });
});
