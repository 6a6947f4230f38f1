import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { trpc } from "./trpc.ts";

const ME_KEY = ["auth", "me"] as const;

/** The signed-in user (null when signed out). Every other query is keyed under this user. */
export function useSessionUser() {
  return useQuery({ queryKey: ME_KEY, queryFn: () => trpc.auth.me.query(), staleTime: 60_000 });
}

export function useLogin() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: { email: string; password: string }) => trpc.auth.login.mutate(input),
    onSuccess: (user) => {
      queryClient.removeQueries({ predicate: (query) => query.queryKey[0] !== "auth" });
      queryClient.setQueryData(ME_KEY, user);
    },
  });
}

export function useLogout() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => trpc.auth.logout.mutate(),
    onSuccess: () => {
      // Signed out first, in the query the app is watching: it renders the login page at once, unmounting every view
      // of the user's data. (Clearing the whole cache first orphaned that query: the app kept showing the previous
      // user's numbers until a reload.)
      queryClient.setQueryData(ME_KEY, null);
      // Then drop every other cached answer so the next user never sees the previous one's data.
      queryClient.removeQueries({ predicate: (query) => query.queryKey[0] !== "auth" });
    },
  });
}
