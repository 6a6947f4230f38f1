import { useMutation, useQueryClient } from "@tanstack/react-query";
import { forgetUserData } from "./session.ts";
import { useTRPC, useTRPCClient } from "./trpc.ts";

/** Creates the first operator with the setup token, then signs in as them. */
export function useSetup() {
  const trpc = useTRPC();
  const client = useTRPCClient();
  const queryClient = useQueryClient();
  return useMutation({
    mutationKey: trpc.auth.setup.mutationKey(),
    mutationFn: async (input: { token: string; email: string; name: string; password: string }) => {
      await client.auth.setup.mutate(input);
      // The token is used up: drop it from the address bar (and history) before anything else renders.
      window.history.replaceState(null, "", "/");
      return client.auth.login.mutate({ email: input.email, password: input.password });
    },
    onSuccess: (user) => {
      forgetUserData(queryClient, trpc);
      queryClient.setQueryData(trpc.auth.me.queryKey(), user);
    },
  });
}

export function useChangePassword() {
  const trpc = useTRPC();
  return useMutation(trpc.auth.changePassword.mutationOptions());
}

/**
 * Accepts a team invitation: the api creates the user and signs them in (it sets the session cookie and answers with
 * the user), so the answer becomes the signed-in user at once.
 */
export function useAcceptInvitation() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  return useMutation(
    trpc.auth.acceptInvitation.mutationOptions({
      onSuccess: (user) => {
        forgetUserData(queryClient, trpc);
        queryClient.setQueryData(trpc.auth.me.queryKey(), user);
      },
    }),
  );
}
