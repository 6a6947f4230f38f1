import { zodResolver } from "@hookform/resolvers/zod";
import { Button, Flex, TextField } from "@radix-ui/themes";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import type { ReactNode } from "react";
import { useForm } from "react-hook-form";
import {
  OVERRIDE_DEFAULTS,
  overrideFormSchema,
  overrideInput,
  overrideServerError,
  type OverrideForm,
} from "../lib/override-form.ts";
import { useTRPC } from "../lib/trpc.ts";
import { useDialog } from "../lib/use-dialog.ts";
import { FormDialog } from "./form-dialog.tsx";
import { FormField } from "./form-field.tsx";
import { OverrideRateRows } from "./override-rate-rows.tsx";

/** A dated override for the tenant: a discount on every charge and/or its own rates for chosen models. */
export function OverrideDialog({ tenantId }: { tenantId: string }): ReactNode {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const dialog = useDialog();
  const defaults = OVERRIDE_DEFAULTS;
  const form = useForm<OverrideForm>({ resolver: zodResolver(overrideFormSchema), defaultValues: defaults });
  const { errors } = form.formState;
  const create = useMutation(
    trpc.overrides.create.mutationOptions({
      onSuccess: async () => {
        dialog.close();
        await queryClient.invalidateQueries(trpc.overrides.pathFilter());
      },
      onError: (error) => {
        const field = overrideServerError(error, form.getValues("rates"));
        if (field) form.setError(field.field, { message: field.message });
      },
    }),
  );
  const fieldError = create.isError ? overrideServerError(create.error, form.getValues("rates")) : null;
  const submit = form.handleSubmit((values) => {
    create.mutate(overrideInput(tenantId, values));
  });

  return (
    <FormDialog
      {...dialog.bind(
        {
          reset: () => {
            form.reset(defaults);
          },
        },
        create,
      )}
      trigger={
        <Button size="2" variant="soft" data-testid="override-open">
          Add override
        </Button>
      }
      title="Add an override"
      description={<>Overrides may not overlap; the tenant&apos;s usage in the period is re-rated.</>}
      contentTestId="override-dialog"
      maxWidth="720px"
      onSubmit={submit}
      error={create.isError && fieldError === null ? create.error : null}
      pending={create.isPending}
      submitLabel="Add override"
      pendingLabel="Saving…"
      submitTestId="override-submit"
    >
      <Flex gap="3" direction={{ initial: "column", xs: "row" }}>
        <FormField label="Starts (UTC midnight)" hint="Empty: now." error={errors.starts_at}>
          {(control) => (
            <TextField.Root {...control} {...form.register("starts_at")} type="date" data-testid="override-starts" />
          )}
        </FormField>
        <FormField label="Ends (exclusive)" hint="Empty: open-ended." error={errors.ends_at}>
          {(control) => (
            <TextField.Root {...control} {...form.register("ends_at")} type="date" data-testid="override-ends" />
          )}
        </FormField>
      </Flex>
      <FormField label="Discount %" hint="Off every charge; empty: none." error={errors.discount_percent}>
        {(control) => (
          <TextField.Root
            {...control}
            {...form.register("discount_percent")}
            inputMode="decimal"
            autoComplete="off"
            data-testid="override-discount"
          />
        )}
      </FormField>
      <OverrideRateRows form={form} />
      <FormField label="Reason" hint="Required: recorded in the audit log." error={errors.reason}>
        {(control) => (
          <TextField.Root {...control} {...form.register("reason")} autoComplete="off" data-testid="override-reason" />
        )}
      </FormField>
    </FormDialog>
  );
}
