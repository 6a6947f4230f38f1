import { zodResolver } from "@hookform/resolvers/zod";
import { Button, TextField } from "@radix-ui/themes";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { newApiKeySchema, TENANT_API_KEY_SCOPES, type TenantApiKeyScope } from "@tollgate/domain";
import { Plus } from "lucide-react";
import { useState, type ReactNode } from "react";
import { Controller, useForm } from "react-hook-form";
import type { z } from "zod";
import { useTRPC } from "../lib/trpc.ts";
import { useDialogForm } from "../lib/use-dialog-form.ts";
import { CheckboxField } from "./checkbox-field.tsx";
import { FormField } from "./form-field.tsx";
import { FormDialog } from "./form-dialog.tsx";
import { SecretDialog } from "./secret-dialog.tsx";

type NewKeyForm = z.input<typeof newApiKeySchema>;

const SCOPE_OPTIONS: Record<TenantApiKeyScope, { label: string; hint: string }> = {
  ingest: { label: "Ingest", hint: "send usage events" },
  read: { label: "Read", hint: "read usage, invoices and webhooks" },
};

/** A date picked in the form (yyyy-mm-dd, the viewer's day) as the instant the key stops working: that day's end. */
function endOfLocalDay(day: string): string | null {
  const end = new Date(`${day}T23:59:59.999`);
  return Number.isNaN(end.getTime()) ? null : end.toISOString();
}

function localDay(iso: string | null | undefined): string {
  if (!iso) return "";
  const date = new Date(iso);
  const pad = (n: number) => n.toString().padStart(2, "0");
  return `${date.getFullYear().toString()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

/** "Create key": a dialog with the form (same schema as the api), then the new secret, shown once. */
export function CreateApiKeyDialog({ tenantId }: { tenantId: string }): ReactNode {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [secret, setSecret] = useState<string | null>(null);
  const form = useForm<NewKeyForm>({
    resolver: zodResolver(newApiKeySchema),
    defaultValues: { name: "", scopes: ["ingest"], expiresAt: null },
  });
  const dialog = useDialogForm(form, { fields: ["name", "scopes", "expiresAt"] });
  const { errors } = form.formState;
  const create = useMutation(
    trpc.apiKeys.create.mutationOptions({
      onSuccess: async (issued) => {
        dialog.close();
        setSecret(issued.secret);
        await queryClient.invalidateQueries({ queryKey: trpc.apiKeys.list.queryKey() });
      },
      onError: dialog.showFieldError,
    }),
  );
  const submit = form.handleSubmit((values) => {
    create.mutate({ tenantId, name: values.name, scopes: values.scopes, expiresAt: values.expiresAt ?? null });
  });

  return (
    <>
      <FormDialog
        {...dialog.dialogProps(create)}
        trigger={
          <Button data-testid="create-key">
            <Plus size={16} aria-hidden="true" /> Create key
          </Button>
        }
        title="Create an API key"
        description="Keys let your services send events and read your data. The key is shown once, right after it is created."
        contentTestId="create-key-dialog"
        maxWidth="480px"
        onSubmit={submit}
        submitLabel={"Create key"}
        pendingLabel={"Creating…"}
        submitTestId="key-submit"
      >
        <FormField label="Name" hint="Where it is used, e.g. “production agents”." error={errors.name}>
          {(control) => (
            <TextField.Root {...control} {...form.register("name")} autoComplete="off" data-testid="key-name" />
          )}
        </FormField>
        <Controller
          control={form.control}
          name="scopes"
          render={({ field }) => (
            <CheckboxField
              label="Scopes"
              options={TENANT_API_KEY_SCOPES.map((scope) => ({ value: scope, ...SCOPE_OPTIONS[scope] }))}
              value={field.value}
              onChange={field.onChange}
              error={errors.scopes?.message}
              testId="key-scopes"
            />
          )}
        />
        <Controller
          control={form.control}
          name="expiresAt"
          render={({ field }) => (
            <FormField
              label="Expires (optional)"
              hint="The key stops working at the end of this day. Empty: never."
              error={errors.expiresAt}
            >
              {(control) => (
                <TextField.Root
                  {...control}
                  type="date"
                  value={localDay(field.value)}
                  onChange={(event) => {
                    field.onChange(event.target.value === "" ? null : endOfLocalDay(event.target.value));
                  }}
                  onBlur={field.onBlur}
                  data-testid="key-expires"
                />
              )}
            </FormField>
          )}
        />
      </FormDialog>
      <SecretDialog
        title="Your new API key"
        secret={secret}
        onClose={() => {
          setSecret(null);
        }}
      >
        Send it as <code>Authorization: Bearer &lt;key&gt;</code>.
      </SecretDialog>
    </>
  );
}
