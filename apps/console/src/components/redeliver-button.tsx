import { Button, Text } from "@radix-ui/themes";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import type { ReactNode } from "react";
import { errorMessage } from "../lib/error-message.ts";
import { useTRPC } from "../lib/trpc.ts";

/** Sends a delivery's event again (one more attempt, same webhook-id); its result appears in the log. */
export function RedeliverButton({ deliveryId, tenantId }: { deliveryId: string; tenantId: string }): ReactNode {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const redeliver = useMutation(
    trpc.webhooks.redeliver.mutationOptions({
      onSuccess: () => queryClient.invalidateQueries({ queryKey: trpc.webhookReads.deliveries.pathKey() }),
    }),
  );
  if (redeliver.isError) {
    return (
      <Text size="1" color="red" role="alert">
        {errorMessage(redeliver.error)}
      </Text>
    );
  }
  return (
    <Button
      size="1"
      variant="soft"
      disabled={redeliver.isPending || redeliver.isSuccess}
      onClick={() => {
        redeliver.mutate({ tenantId, deliveryId });
      }}
      data-testid="redeliver"
    >
      {redeliver.isSuccess ? "Queued" : redeliver.isPending ? "Queuing…" : "Redeliver"}
    </Button>
  );
}
