import { useMutation, useQueryClient } from "@tanstack/react-query";
import { trpc } from "./trpc.ts";

const ME_KEY = ["auth", "me"] as const;

/** Creates the first operator with the setup token, then signs in as them. */
export function useSetup() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (input: { token: string; email: string; name: string; password: string }) => {
      await trpc.auth.setup.mutate(input);
      // The token is used up: drop it from the address bar (and history) before anything else renders.
      window.history.replaceState(null, "", "/");
      return trpc.auth.login.mutate({ email: input.email, password: input.password });
    },
    onSuccess: (user) => {
      queryClient.removeQueries({ predicate: (query) => query.queryKey[0] !== "auth" });
      queryClient.setQueryData(ME_KEY, user);
    },
  });
}

export function useChangePassword() {
  return useMutation({
    mutationFn: (input: { currentPassword: string; newPassword: string }) => trpc.auth.changePassword.mutate(input),
  });
}
