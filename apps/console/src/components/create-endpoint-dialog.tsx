import { zodResolver } from "@hookform/resolvers/zod";
import { Button } from "@radix-ui/themes";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { newWebhookEndpointSchema } from "@tollgate/domain";
import { Plus } from "lucide-react";
import { useState, type ReactNode } from "react";
import { useForm } from "react-hook-form";
import { serverFieldError } from "../lib/server-field-error.ts";
import { useTRPC } from "../lib/trpc.ts";
import { FormDialog } from "./form-dialog.tsx";
import { ENDPOINT_FIELDS, EndpointFormFields, type EndpointForm } from "./endpoint-form-fields.tsx";
import { SecretDialog } from "./secret-dialog.tsx";

/** "Add endpoint": the form (same schema as the api; the api's URL checks shown at the URL), then the secret once. */
export function CreateEndpointDialog({ tenantId }: { tenantId: string }): ReactNode {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [open, setOpen] = useState(false);
  const [secret, setSecret] = useState<string | null>(null);
  const form = useForm<EndpointForm>({
    resolver: zodResolver(newWebhookEndpointSchema),
    defaultValues: { url: "", events: [], description: "" },
  });
  const create = useMutation(
    trpc.webhooks.createEndpoint.mutationOptions({
      onSuccess: async (endpoint) => {
        setOpen(false);
        form.reset();
        setSecret(endpoint.secret);
        await queryClient.invalidateQueries({ queryKey: trpc.webhookReads.endpoints.queryKey() });
      },
      onError: (error) => {
        const field = serverFieldError(error, ENDPOINT_FIELDS);
        if (field) form.setError(field.field, { message: field.message });
      },
    }),
  );
  const fieldError = create.isError ? serverFieldError(create.error, ENDPOINT_FIELDS) : null;
  const submit = form.handleSubmit((values) => {
    create.mutate({ tenantId, url: values.url, events: values.events, description: values.description });
  });

  return (
    <>
      <FormDialog
        open={open}
        onOpenChange={(next) => {
          setOpen(next);
          if (!next) {
            form.reset();
            create.reset();
          }
        }}
        trigger={
          <Button data-testid="create-endpoint">
            <Plus size={16} aria-hidden="true" /> Add endpoint
          </Button>
        }
        title="Add a webhook endpoint"
        description="Tollgate POSTs the events you pick to this URL, signed (Standard Webhooks) with a secret shown once."
        contentTestId="create-endpoint-dialog"
        onSubmit={submit}
        error={create.isError && fieldError === null ? create.error : null}
        pending={create.isPending}
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
