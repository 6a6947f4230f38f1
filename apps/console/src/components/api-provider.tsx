import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { useState, type ReactNode } from "react";
import { isRetryable } from "../lib/retryable-error.ts";
import { createApiClient, TRPCProvider } from "../lib/trpc.ts";

function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        staleTime: 10_000,
        // One quiet second attempt, only where it can pass: a 4xx would answer the same, one second later.
        retry: (failures, error) => failures < 1 && isRetryable(error),
        refetchOnWindowFocus: true,
      },
    },
  });
}

/** The query cache and the tRPC client, one of each for the page's lifetime. */
export function ApiProvider({ children }: { children: ReactNode }): ReactNode {
  const [queryClient] = useState(createQueryClient);
  const [trpcClient] = useState(createApiClient);
  return (
    <QueryClientProvider client={queryClient}>
      <TRPCProvider trpcClient={trpcClient} queryClient={queryClient}>
        {children}
      </TRPCProvider>
    </QueryClientProvider>
  );
}
