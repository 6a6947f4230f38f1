import { Button, Flex } from "@radix-ui/themes";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState, type ReactNode } from "react";
import { errorMessage } from "../lib/error-message.ts";
import { useTRPC } from "../lib/trpc.ts";
import type { WebhookEndpointRow } from "../lib/webhook-views.ts";
import { ConfirmDialog } from "./confirm-dialog.tsx";
import { EditEndpointDialog } from "./edit-endpoint-dialog.tsx";
import { SecretDialog } from "./secret-dialog.tsx";

/**
 * Edit (URL, events, description), disable / enable, rotate the secret (confirmed; the new one shown once) and delete
 * (confirmed) one endpoint.
 */
export function EndpointActions({ endpoint, tenantId }: { endpoint: WebhookEndpointRow; tenantId: string }): ReactNode {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [confirm, setConfirm] = useState<"rotate" | "delete" | null>(null);
  const [secret, setSecret] = useState<string | null>(null);
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.webhookReads.endpoints.queryKey() });
  const toggle = useMutation(trpc.webhooks.updateEndpoint.mutationOptions({ onSuccess: refresh }));
  const rotate = useMutation(
    trpc.webhooks.rotateSecret.mutationOptions({
      onSuccess: async (rotated) => {
        setConfirm(null);
        setSecret(rotated.secret);
        await refresh();
      },
    }),
  );
  const remove = useMutation(
    trpc.webhooks.deleteEndpoint.mutationOptions({
      onSuccess: async () => {
        setConfirm(null);
        await refresh();
      },
    }),
  );
  const openChange = (which: "rotate" | "delete") => (open: boolean) => {
    setConfirm(open ? which : null);
    rotate.reset();
    remove.reset();
  };
  return (
    <Flex gap="2" justify="end" direction={{ initial: "column", sm: "row" }} className="row-actions">
      <EditEndpointDialog endpoint={endpoint} tenantId={tenantId} />
      <Button
        size="1"
        variant="soft"
        color="gray"
        disabled={toggle.isPending}
        title={toggle.isError ? errorMessage(toggle.error) : undefined}
        onClick={() => {
          toggle.mutate({ tenantId, endpointId: endpoint.id, enabled: !endpoint.enabled });
        }}
        data-testid="toggle-endpoint"
      >
        {endpoint.enabled ? "Disable" : "Enable"}
      </Button>
      <ConfirmDialog
        open={confirm === "rotate"}
        onOpenChange={openChange("rotate")}
        trigger={
          <Button size="1" variant="soft" data-testid="rotate-endpoint-secret">
            Rotate secret
          </Button>
        }
        title="Rotate the signing secret?"
        description={`Every request to ${endpoint.url} is signed with the new secret from now on, retries included. Update your receiver.`}
        action="Rotate secret"
        pending={rotate.isPending}
        error={rotate.isError ? errorMessage(rotate.error) : null}
        onConfirm={() => {
          rotate.mutate({ tenantId, endpointId: endpoint.id });
        }}
        testId="rotate-endpoint-secret"
      />
      <ConfirmDialog
        open={confirm === "delete"}
        onOpenChange={openChange("delete")}
        trigger={
          <Button size="1" variant="soft" color="red" data-testid="delete-endpoint">
            Delete
          </Button>
        }
        title="Delete this endpoint?"
        description={`${endpoint.url} receives no more events, and its delivery log is deleted. This cannot be undone.`}
        action="Delete endpoint"
        pending={remove.isPending}
        error={remove.isError ? errorMessage(remove.error) : null}
        onConfirm={() => {
          remove.mutate({ tenantId, endpointId: endpoint.id });
        }}
        testId="delete-endpoint"
      />
      <SecretDialog
        title="The endpoint's new signing secret"
        secret={secret}
        onClose={() => {
          setSecret(null);
        }}
      >
        The previous secret no longer signs anything.
      </SecretDialog>
    </Flex>
  );
}
