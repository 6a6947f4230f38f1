import { zodResolver } from "@hookform/resolvers/zod";
import { Button } from "@radix-ui/themes";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { newWebhookEndpointSchema, WEBHOOK_EVENT_TYPES, type WebhookEventType } from "@tollgate/domain";
import { useState, type ReactNode } from "react";
import { useForm } from "react-hook-form";
import { serverFieldError } from "../lib/server-field-error.ts";
import { useTRPC } from "../lib/trpc.ts";
import type { WebhookEndpointRow } from "../lib/webhook-views.ts";
import { FormDialog } from "./form-dialog.tsx";
import { ENDPOINT_FIELDS, EndpointFormFields, type EndpointForm } from "./endpoint-form-fields.tsx";

/** Event types the endpoint subscribes to that the form knows (a type retired since is dropped on save). */
function knownEvents(events: readonly string[]): WebhookEventType[] {
  return WEBHOOK_EVENT_TYPES.filter((type) => events.includes(type));
}

/** "Edit": change an endpoint's URL, events and description (the same schema and URL checks as adding one). */
export function EditEndpointDialog({
  endpoint,
  tenantId,
}: {
  endpoint: WebhookEndpointRow;
  tenantId: string;
}): ReactNode {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [open, setOpen] = useState(false);
  const current = { url: endpoint.url, events: knownEvents(endpoint.events), description: endpoint.description };
  const form = useForm<EndpointForm>({ resolver: zodResolver(newWebhookEndpointSchema), values: current });
  const update = useMutation(
    trpc.webhooks.updateEndpoint.mutationOptions({
      onSuccess: async () => {
        setOpen(false);
        await queryClient.invalidateQueries({ queryKey: trpc.webhookReads.endpoints.queryKey() });
      },
      onError: (error) => {
        const field = serverFieldError(error, ENDPOINT_FIELDS);
        if (field) form.setError(field.field, { message: field.message });
      },
    }),
  );
  const fieldError = update.isError ? serverFieldError(update.error, ENDPOINT_FIELDS) : null;
  const submit = form.handleSubmit((values) => {
    update.mutate({
      tenantId,
      endpointId: endpoint.id,
      url: values.url,
      events: values.events,
      description: values.description ?? "",
    });
  });

  return (
    <FormDialog
      open={open}
      onOpenChange={(next) => {
        setOpen(next);
        if (!next) {
          form.reset(current);
          update.reset();
        }
      }}
      trigger={
        <Button size="1" variant="soft" color="gray" data-testid="edit-endpoint">
          Edit
        </Button>
      }
      title="Edit the endpoint"
      description="Changes apply from the next delivery attempt, retries of earlier events included."
      contentTestId="edit-endpoint-dialog"
      onSubmit={submit}
      error={update.isError && fieldError === null ? update.error : null}
      pending={update.isPending}
      submitLabel="Save changes"
      pendingLabel="Saving…"
      submitTestId="edit-endpoint-submit"
    >
      <EndpointFormFields form={form} />
    </FormDialog>
  );
}
