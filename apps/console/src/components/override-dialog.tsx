import { zodResolver } from "@hookform/resolvers/zod";
import { Button, Flex, TextArea, TextField } from "@radix-ui/themes";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState, type ReactNode } from "react";
import { useForm } from "react-hook-form";
import { z } from "zod";
import { serverFieldError } from "../lib/server-field-error.ts";
import { useTRPC } from "../lib/trpc.ts";
import { FormDialog } from "./form-dialog.tsx";
import { FormField } from "./form-field.tsx";

const isoDay = z.union([z.literal(""), z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "must be a date")]);
const schema = z.object({
  starts_at: isoDay,
  ends_at: isoDay,
  discount_percent: z.union([z.literal(""), z.string().regex(/^\d{1,3}(\.\d+)?$/, "must be a percentage, e.g. 15")]),
  model_rates: z.string().refine((text) => {
    if (text.trim() === "") return true;
    try {
      const parsed: unknown = JSON.parse(text);
      return typeof parsed === "object" && parsed !== null && !Array.isArray(parsed);
    } catch {
      return false;
    }
  }, 'must be JSON: {"<model or glob>": {"input": "2.5"}}'),
  reason: z.string().trim().min(1, "required: say why (recorded in the audit log)").max(2000),
});
type OverrideForm = z.input<typeof schema>;
const FIELDS = ["starts_at", "ends_at", "discount_percent", "model_rates", "reason"] as const;
const day = (value: string) => (value === "" ? undefined : `${value}T00:00:00Z`);

/** A dated override for the tenant: a discount on every charge and/or its own rates for chosen models. */
export function OverrideDialog({ tenantId }: { tenantId: string }): ReactNode {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [open, setOpen] = useState(false);
  const defaults: OverrideForm = { starts_at: "", ends_at: "", discount_percent: "", model_rates: "", reason: "" };
  const form = useForm<OverrideForm>({ resolver: zodResolver(schema), defaultValues: defaults });
  const { errors } = form.formState;
  const create = useMutation(
    trpc.overrides.create.mutationOptions({
      onSuccess: async () => {
        setOpen(false);
        await queryClient.invalidateQueries(trpc.overrides.pathFilter());
      },
      onError: (error) => {
        const field = serverFieldError(error, FIELDS);
        if (field) form.setError(field.field, { message: field.message });
      },
    }),
  );
  const fieldError = create.isError ? serverFieldError(create.error, FIELDS) : null;
  const submit = form.handleSubmit((values) => {
    create.mutate({
      tenantId,
      starts_at: day(values.starts_at) ?? new Date().toISOString(),
      ends_at: day(values.ends_at),
      discount_percent: values.discount_percent === "" ? null : values.discount_percent,
      // Checked as JSON by the form; the api checks its shape (model patterns, token types, prices).
      model_rates:
        values.model_rates.trim() === ""
          ? {}
          : (JSON.parse(values.model_rates) as Record<string, Record<string, string>>),
      reason: values.reason,
    });
  });

  return (
    <FormDialog
      open={open}
      onOpenChange={(next) => {
        setOpen(next);
        if (next) {
          form.reset(defaults);
          create.reset();
        }
      }}
      trigger={
        <Button size="2" variant="soft" data-testid="override-open">
          Add override
        </Button>
      }
      title="Add an override"
      description={<>Overrides may not overlap; the tenant&apos;s usage in the period is re-rated.</>}
      contentTestId="override-dialog"
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
      <FormField
        label="Model rates (JSON)"
        hint='Per 1M tokens, e.g. {"openai/gpt-4.1": {"input": "1.5", "output": "6"}}'
        error={errors.model_rates}
      >
        {(control) => <TextArea {...control} {...form.register("model_rates")} rows={3} data-testid="override-rates" />}
      </FormField>
      <FormField label="Reason" hint="Required: recorded in the audit log." error={errors.reason}>
        {(control) => (
          <TextField.Root {...control} {...form.register("reason")} autoComplete="off" data-testid="override-reason" />
        )}
      </FormField>
    </FormDialog>
  );
}
