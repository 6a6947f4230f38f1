import { TextField } from "@radix-ui/themes";
import { WEBHOOK_EVENT_TYPES, type newWebhookEndpointSchema } from "@tollgate/domain";
import type { ReactNode } from "react";
import { Controller, type UseFormReturn } from "react-hook-form";
import type { z } from "zod";
import { CheckboxField } from "./checkbox-field.tsx";
import { FormField } from "./form-field.tsx";

export type EndpointForm = z.input<typeof newWebhookEndpointSchema>;
/** The fields the api may name in a refusal (shown at that field). */
export const ENDPOINT_FIELDS = ["url", "events", "description"] as const;

/** An endpoint's URL, event types and description: the same fields when adding and when editing one. */
export function EndpointFormFields({ form }: { form: UseFormReturn<EndpointForm> }): ReactNode {
  const { errors } = form.formState;
  return (
    <>
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
    </>
  );
}
