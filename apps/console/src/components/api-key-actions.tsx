import { Button, Flex } from "@radix-ui/themes";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState, type ReactNode } from "react";
import type { ApiKeyRow } from "../lib/api-key-status.ts";
import { errorMessage } from "../lib/error-message.ts";
import { useTRPC } from "../lib/trpc.ts";
import { ConfirmDialog } from "./confirm-dialog.tsx";
import { SecretDialog } from "./secret-dialog.tsx";

/** Rotate and revoke one key, each confirmed first; a rotation's new key is shown once. */
export function ApiKeyActions({ apiKey, tenantId }: { apiKey: ApiKeyRow; tenantId: string }): ReactNode {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [confirm, setConfirm] = useState<"revoke" | "rotate" | null>(null);
  const [secret, setSecret] = useState<string | null>(null);
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.apiKeys.list.queryKey() });
  const revoke = useMutation(
    trpc.apiKeys.revoke.mutationOptions({
      onSuccess: async () => {
        setConfirm(null);
        await refresh();
      },
    }),
  );
  const rotate = useMutation(
    trpc.apiKeys.rotate.mutationOptions({
      onSuccess: async (rotated) => {
        setConfirm(null);
        setSecret(rotated.secret);
        await refresh();
      },
    }),
  );
  const openChange = (which: "revoke" | "rotate") => (open: boolean) => {
    setConfirm(open ? which : null);
    revoke.reset();
    rotate.reset();
  };
  return (
    <Flex gap="2" justify="end" direction={{ initial: "column", sm: "row" }}>
      <ConfirmDialog
        open={confirm === "rotate"}
        onOpenChange={openChange("rotate")}
        trigger={
          <Button size="1" variant="soft" aria-label={`Rotate ${apiKey.name}`} data-testid="rotate-key">
            Rotate
          </Button>
        }
        title={`Rotate “${apiKey.name}”?`}
        description="A new key with the same name, scopes and expiry replaces this one, which stops working now. Update every service that uses it."
        action="Rotate key"
        pending={rotate.isPending}
        error={rotate.isError ? errorMessage(rotate.error) : null}
        onConfirm={() => {
          rotate.mutate({ tenantId, keyId: apiKey.id });
        }}
        testId="rotate-key"
      />
      <ConfirmDialog
        open={confirm === "revoke"}
        onOpenChange={openChange("revoke")}
        trigger={
          <Button size="1" variant="soft" color="red" aria-label={`Revoke ${apiKey.name}`} data-testid="revoke-key">
            Revoke
          </Button>
        }
        title={`Revoke “${apiKey.name}”?`}
        description="Requests with this key are refused from now on, everywhere. This cannot be undone."
        action="Revoke key"
        pending={revoke.isPending}
        error={revoke.isError ? errorMessage(revoke.error) : null}
        onConfirm={() => {
          revoke.mutate({ tenantId, keyId: apiKey.id });
        }}
        testId="revoke-key"
      />
      <SecretDialog
        title="Your rotated API key"
        secret={secret}
        onClose={() => {
          setSecret(null);
        }}
      >
        It replaces “{apiKey.name}”, which no longer works.
      </SecretDialog>
    </Flex>
  );
}
