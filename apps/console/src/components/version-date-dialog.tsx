import { zodResolver } from "@hookform/resolvers/zod";
import { TextField } from "@radix-ui/themes";
import type { ReactNode } from "react";
import { useForm } from "react-hook-form";
import { z } from "zod";
import { FormDialog } from "./form-dialog.tsx";
import { FormField } from "./form-field.tsx";

const isoDay = /^\d{4}-\d{2}-\d{2}$/;
const draftSchema = z.object({
  currency: z.string().regex(/^[A-Z]{3}$/, "a 3-letter upper-case ISO 4217 code, e.g. USD"),
  effectiveFrom: z.union([z.literal(""), z.string().regex(isoDay, "a date")]),
});
export type DraftFields = z.infer<typeof draftSchema>;

/** A UTC day ("2026-12-07") as the instant its prices start: 00:00 UTC, like billing periods. */
export function utcDayStart(day: string): string {
  return `${day}T00:00:00Z`;
}

/**
 * The form of "New draft" (currency and effective-from date, both required) and "Copy to draft" (the date only,
 * blank keeping the source's). The caller runs the request and passes its state, so the api's refusal shows here.
 */
export function VersionDateDialog({
  open,
  onOpenChange,
  title,
  description,
  withCurrency,
  defaultCurrency,
  submitLabel,
  pending,
  error,
  onSubmit,
  testId,
}: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  title: string;
  description: ReactNode;
  withCurrency: boolean;
  defaultCurrency: string;
  submitLabel: string;
  pending: boolean;
  error: unknown;
  onSubmit: (fields: DraftFields) => void;
  testId: string;
}): ReactNode {
  const form = useForm<DraftFields>({
    resolver: zodResolver(
      withCurrency
        ? draftSchema.refine((f) => f.effectiveFrom !== "", { path: ["effectiveFrom"], message: "required" })
        : draftSchema,
    ),
    defaultValues: { currency: defaultCurrency, effectiveFrom: "" },
  });
  const { errors } = form.formState;
  const submit = form.handleSubmit(onSubmit);
  return (
    <FormDialog
      open={open}
      onOpenChange={(next) => {
        onOpenChange(next);
        if (!next) form.reset();
      }}
      title={title}
      description={description}
      contentTestId={`${testId}-dialog`}
      maxWidth="460px"
      onSubmit={submit}
      error={error}
      pending={pending}
      submitLabel={submitLabel}
      pendingLabel="Working…"
      submitTestId={`${testId}-submit`}
    >
      {withCurrency && (
        <FormField label="Currency" error={errors.currency}>
          {(control) => (
            <TextField.Root
              {...control}
              {...form.register("currency")}
              autoComplete="off"
              data-testid={`${testId}-currency`}
            />
          )}
        </FormField>
      )}
      <FormField
        label="Effective from (UTC day)"
        hint={withCurrency ? "Prices apply from 00:00 UTC that day." : "Blank keeps the copied version's date."}
        error={errors.effectiveFrom}
      >
        {(control) => (
          <TextField.Root {...control} type="date" {...form.register("effectiveFrom")} data-testid={`${testId}-date`} />
        )}
      </FormField>
    </FormDialog>
  );
}
