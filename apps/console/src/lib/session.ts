import { matchQuery, useMutation, useQuery, useQueryClient, type QueryClient } from "@tanstack/react-query";
import { useTRPC, type TrpcOptions } from "./trpc.ts";

/** Drops every cached answer but the session's own (`auth.*`), so the next user never sees the previous one's data. */
export function forgetUserData(queryClient: QueryClient, trpc: TrpcOptions): void {
  const sessionKey = trpc.auth.pathKey();
  queryClient.removeQueries({ predicate: (query) => !matchQuery({ queryKey: sessionKey }, query) });
}

/** The signed-in user (null when signed out). Every other query is keyed under this user. */
export function useSessionUser() {
  const trpc = useTRPC();
  return useQuery(trpc.auth.me.queryOptions(undefined, { staleTime: 60_000 }));
}

export function useLogin() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  return useMutation(
    trpc.auth.login.mutationOptions({
      onSuccess: (user) => {
        forgetUserData(queryClient, trpc);
        queryClient.setQueryData(trpc.auth.me.queryKey(), user);
      },
    }),
  );
}

export function useLogout() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  return useMutation(
    trpc.auth.logout.mutationOptions({
      onSuccess: () => {
        // Signed out first, in the query the app is watching: it renders the login page at once, unmounting every
        // view of the user's data. (Clearing the whole cache first orphaned that query: the app kept showing the
        // previous user's numbers until a reload.)
        queryClient.setQueryData(trpc.auth.me.queryKey(), null);
        // Then drop every other cached answer so the next user never sees the previous one's data.
        forgetUserData(queryClient, trpc);
      },
    }),
  );
}
