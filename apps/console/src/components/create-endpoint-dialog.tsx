import { zodResolver } from "@hookform/resolvers/zod";
import { Button, Dialog, Flex, TextField } from "@radix-ui/themes";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { newWebhookEndpointSchema, WEBHOOK_EVENT_TYPES } from "@tollgate/domain";
import { Plus } from "lucide-react";
import { useState, type ReactNode } from "react";
import { Controller, useForm } from "react-hook-form";
import type { z } from "zod";
import { serverFieldError } from "../lib/server-field-error.ts";
import { useTRPC } from "../lib/trpc.ts";
import { CheckboxField } from "./checkbox-field.tsx";
import { FormField } from "./form-field.tsx";
import { DialogFormFooter } from "./dialog-form-footer.tsx";
import { SecretDialog } from "./secret-dialog.tsx";

type EndpointForm = z.input<typeof newWebhookEndpointSchema>;
const FIELDS = ["url", "events", "description"] as const;

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
  const { errors } = form.formState;
  const create = useMutation(
    trpc.webhooks.createEndpoint.mutationOptions({
      onSuccess: async (endpoint) => {
        setOpen(false);
        form.reset();
        setSecret(endpoint.secret);
        await queryClient.invalidateQueries({ queryKey: trpc.webhookReads.endpoints.queryKey() });
      },
      onError: (error) => {
        const field = serverFieldError(error, FIELDS);
        if (field) form.setError(field.field, { message: field.message });
      },
    }),
  );
  const fieldError = create.isError ? serverFieldError(create.error, FIELDS) : null;
  const submit = form.handleSubmit((values) => {
    create.mutate({ tenantId, url: values.url, events: values.events, description: values.description });
  });

  return (
    <>
      <Dialog.Root
        open={open}
        onOpenChange={(next) => {
          setOpen(next);
          if (!next) {
            form.reset();
            create.reset();
          }
        }}
      >
        <Dialog.Trigger>
          <Button data-testid="create-endpoint">
            <Plus size={16} aria-hidden="true" /> Add endpoint
          </Button>
        </Dialog.Trigger>
        <Dialog.Content maxWidth="520px" data-testid="create-endpoint-dialog">
          <Dialog.Title>Add a webhook endpoint</Dialog.Title>
          <Dialog.Description size="2" mb="3">
            Tollgate POSTs the events you pick to this URL, signed (Standard Webhooks) with a secret shown once.
          </Dialog.Description>
          <form onSubmit={(event) => void submit(event)} noValidate>
            <Flex direction="column" gap="3">
              <FormField label="URL" hint="https, on a public address." error={errors.url}>
                {(control) => (
                  <TextField.Root
                    {...control}
                    {...form.register("url")}
                    type="url"
                    inputMode="url"
                    placeholder="https://example.com/tollgate-hooks"
                    autoComplete="off"
                    data-testid="endpoint-url"
                  />
                )}
              </FormField>
              <Controller
                control={form.control}
                name="events"
                render={({ field }) => (
                  <CheckboxField
                    label="Events"
                    options={WEBHOOK_EVENT_TYPES.map((type) => ({ value: type, label: type }))}
                    value={field.value}
                    onChange={field.onChange}
                    error={errors.events?.message}
                    testId="endpoint-events"
                  />
                )}
              />
              <FormField label="Description (optional)" error={errors.description}>
                {(control) => (
                  <TextField.Root {...control} {...form.register("description")} data-testid="endpoint-description" />
                )}
              </FormField>
              <DialogFormFooter
                error={create.isError && fieldError === null ? create.error : null}
                pending={create.isPending}
                submitLabel={"Add endpoint"}
                pendingLabel={"Adding…"}
                submitTestId="endpoint-submit"
              />
            </Flex>
          </form>
        </Dialog.Content>
      </Dialog.Root>
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
