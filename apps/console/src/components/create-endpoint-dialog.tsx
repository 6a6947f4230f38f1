import { zodResolver } from "@hookform/resolvers/zod";
import { Button } from "@radix-ui/themes";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { newWebhookEndpointSchema } from "@tollgate/domain";
import { Plus } from "lucide-react";
import { useState, type ReactNode } from "react";
import { useForm } from "react-hook-form";
import { useTRPC } from "../lib/trpc.ts";
import { useDialogForm } from "../lib/use-dialog-form.ts";
import { FormDialog } from "./form-dialog.tsx";
import { ENDPOINT_FIELDS, EndpointFormFields, type EndpointForm } from "./endpoint-form-fields.tsx";
import { SecretDialog } from "./secret-dialog.tsx";

/** "Add endpoint": the form (same schema as the api; the api's URL checks shown at the URL), then the secret once. */
export function CreateEndpointDialog({ tenantId }: { tenantId: string }): ReactNode {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [secret, setSecret] = useState<string | null>(null);
  const form = useForm<EndpointForm>({
    resolver: zodResolver(newWebhookEndpointSchema),
    defaultValues: { url: "", events: [], description: "" },
  });
  const dialog = useDialogForm(form, { fields: ENDPOINT_FIELDS });
  const create = useMutation(
    trpc.webhooks.createEndpoint.mutationOptions({
      onSuccess: async (endpoint) => {
        dialog.close();
        setSecret(endpoint.secret);
        await queryClient.invalidateQueries({ queryKey: trpc.webhookReads.endpoints.queryKey() });
      },
      onError: dialog.showFieldError,
    }),
  );
  const submit = form.handleSubmit((values) => {
    create.mutate({ tenantId, url: values.url, events: values.events, description: values.description });
  });

  return (
    <>
      <FormDialog
        {...dialog.dialogProps(create)}
        trigger={
          <Button data-testid="create-endpoint">
            <Plus size={16} aria-hidden="true" /> Add endpoint
          </Button>
        }
        title="Add a webhook endpoint"
        description="Tollgate POSTs the events you pick to this URL, signed (Standard Webhooks) with a secret shown once."
        contentTestId="create-endpoint-dialog"
        onSubmit={submit}
        submitLabel={"Add endpoint"}
        pendingLabel={"Adding…"}
        submitTestId="endpoint-submit"
      >
        <EndpointFormFields form={form} />
      </FormDialog>
      <SecretDialog
        title="The endpoint's signing secret"
        secret={secret}
        onClose={() => {
          setSecret(null);
        }}
      >
        Verify each request&apos;s signature with it.
      </SecretDialog>
    </>
  );
}
