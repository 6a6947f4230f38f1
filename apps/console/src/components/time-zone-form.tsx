import { zodResolver } from "@hookform/resolvers/zod";
import { Button, Callout, Flex, Heading, Text, TextField } from "@radix-ui/themes";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import type { ReactNode } from "react";
import { useForm } from "react-hook-form";
import { z } from "zod";
import { errorMessage } from "../lib/error-message.ts";
import { serverFieldError } from "../lib/server-field-error.ts";
import { useTRPC } from "../lib/trpc.ts";
import { FormField } from "./form-field.tsx";

/** IANA names this browser knows, offered as suggestions (the api checks the name against its own list). */
const ZONES: readonly string[] = Intl.supportedValuesOf("timeZone");

const timeZoneFormSchema = z.object({
  timeZone: z
    .string()
    .trim()
    .min(1, "Enter a time zone, e.g. America/New_York")
    .refine((zone) => ZONES.includes(zone) || zone === "UTC", "Not an IANA time zone, e.g. America/New_York"),
});
type TimeZoneFormValues = z.input<typeof timeZoneFormSchema>;

/**
 * A tenant admin's time zone: the usage explorer shows the tenant's days in it by default, and the worker keeps
 * daily totals in it so those reads are fast.
 */
export function TimeZoneForm({ tenantId, timeZone }: { tenantId: string; timeZone: string }): ReactNode {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const form = useForm<TimeZoneFormValues>({ resolver: zodResolver(timeZoneFormSchema), values: { timeZone } });
  const { errors } = form.formState;
  const save = useMutation(
    trpc.billingSettings.setTimeZone.mutationOptions({
      onSuccess: () => queryClient.invalidateQueries({ queryKey: trpc.tenantBilling.get.queryKey() }),
      onError: (error) => {
        const field = serverFieldError(error, ["timeZone"] as const);
        if (field) form.setError("timeZone", { message: field.message });
      },
    }),
  );
  const submit = form.handleSubmit((values) => {
    save.mutate({ tenantId, timeZone: values.timeZone.trim() });
  });

  return (
    <form onSubmit={(event) => void submit(event)} aria-labelledby="time-zone-title" className="form-narrow" noValidate>
      <Flex direction="column" gap="3">
        <Heading as="h3" size="2" id="time-zone-title">
          Time zone
        </Heading>
        <Text size="2" color="gray">
          Usage shows your days in this zone unless you pick another.
        </Text>
        <FormField label="IANA time zone" hint="For example America/New_York or Europe/Berlin." error={errors.timeZone}>
          {(control) => (
            <TextField.Root
              {...control}
              {...form.register("timeZone")}
              list="time-zone-names"
              autoComplete="off"
              data-testid="time-zone"
            />
          )}
        </FormField>
        <datalist id="time-zone-names">
          {ZONES.map((zone) => (
            <option key={zone} value={zone} />
          ))}
        </datalist>
        {save.isError && !errors.timeZone && (
          <Callout.Root highContrast color="red" role="alert" data-testid="time-zone-error">
            <Callout.Text>{errorMessage(save.error)}</Callout.Text>
          </Callout.Root>
        )}
        {save.isSuccess && (
          <Callout.Root highContrast color="green" role="status" data-testid="time-zone-saved">
            <Callout.Text>Saved: days in {save.data.time_zone}.</Callout.Text>
          </Callout.Root>
        )}
        <Flex>
          <Button type="submit" disabled={save.isPending} data-testid="time-zone-submit">
            {save.isPending ? "Saving…" : "Save"}
          </Button>
        </Flex>
      </Flex>
    </form>
  );
}
