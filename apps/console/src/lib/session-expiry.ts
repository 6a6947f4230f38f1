import { useQueryClient } from "@tanstack/react-query";
import { TRPCClientError } from "@trpc/client";
import { useEffect } from "react";
import { forgetUserData } from "./session.ts";
import { useTRPC } from "./trpc.ts";

/** The api answered 401: the session cookie expired or was revoked (signed out elsewhere, password changed). */
export function isUnauthenticated(error: unknown): boolean {
  if (!(error instanceof TRPCClientError)) return false;
  return (error.data as { code?: string } | undefined)?.code === "UNAUTHORIZED";
}

/**
 * When any query or mutation meets a 401, the session is over: mark the user signed out (the layout then shows the
 * sign-in form on the same URL, so signing in again returns to the page) and drop every cached answer. A Retry
 * button could never succeed.
 */
export function useSessionExpiry(onExpired: () => void): void {
  const queryClient = useQueryClient();
  const trpc = useTRPC();
  useEffect(() => {
    const expire = (error: unknown) => {
      if (!isUnauthenticated(error)) return;
      queryClient.setQueryData(trpc.auth.me.queryKey(), null);
      forgetUserData(queryClient, trpc);
      onExpired();
    };
    const stopQueries = queryClient.getQueryCache().subscribe((event) => {
      if (event.type === "updated" && event.action.type === "error") expire(event.action.error);
    });
    const stopMutations = queryClient.getMutationCache().subscribe((event) => {
      if (event.type === "updated" && event.action.type === "error") expire(event.action.error);
    });
    return () => {
      stopQueries();
      stopMutations();
    };
  }, [queryClient, trpc, onExpired]);
}
