import { zodResolver } from "@hookform/resolvers/zod";
import { Button } from "@radix-ui/themes";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { newWebhookEndpointSchema, WEBHOOK_EVENT_TYPES, type WebhookEventType } from "@tollgate/domain";
import type { ReactNode } from "react";
import { useForm } from "react-hook-form";
import { useTRPC } from "../lib/trpc.ts";
import { useDialogForm } from "../lib/use-dialog-form.ts";
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
  const current = { url: endpoint.url, events: knownEvents(endpoint.events), description: endpoint.description };
  const form = useForm<EndpointForm>({ resolver: zodResolver(newWebhookEndpointSchema), values: current });
  const dialog = useDialogForm(form, { fields: ENDPOINT_FIELDS, defaults: () => current });
  const update = useMutation(
    trpc.webhooks.updateEndpoint.mutationOptions({
      onSuccess: async () => {
        dialog.close();
        await queryClient.invalidateQueries({ queryKey: trpc.webhookReads.endpoints.queryKey() });
      },
      onError: dialog.showFieldError,
    }),
  );
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
      {...dialog.dialogProps(update)}
      trigger={
        <Button size="1" variant="soft" color="gray" data-testid="edit-endpoint">
          Edit
        </Button>
      }
      title="Edit the endpoint"
      description="Changes apply from the next delivery attempt, retries of earlier events included."
      contentTestId="edit-endpoint-dialog"
      onSubmit={submit}
      submitLabel="Save changes"
      pendingLabel="Saving…"
      submitTestId="edit-endpoint-submit"
    >
      <EndpointFormFields form={form} />
    </FormDialog>
  );
}
