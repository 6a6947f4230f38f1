import { zodResolver } from "@hookform/resolvers/zod";
import { Button, Grid, TextField } from "@radix-ui/themes";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { changeReasonSchema, nonNegativeDecimalText, TOKEN_TYPES } from "@tollgate/domain";
import type { ReactNode } from "react";
import { useForm } from "react-hook-form";
import { z } from "zod";
import { TOKEN_LABELS } from "../lib/token-labels.ts";
import { useTRPC } from "../lib/trpc.ts";
import { useDialogForm } from "../lib/use-dialog-form.ts";
import { FormDialog } from "./form-dialog.tsx";
import { FormField } from "./form-field.tsx";

const price = z.union([z.literal(""), nonNegativeDecimalText]);
const schema = z.object({
  effective_from: z.union([z.literal(""), z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "must be a date")]),
  rates: z
    .object(
      Object.fromEntries(TOKEN_TYPES.map((type) => [type, price])) as Record<
        (typeof TOKEN_TYPES)[number],
        typeof price
      >,
    )
    .refine((rates) => Object.values(rates).some((value) => value !== ""), "give at least one price"),
  reason: changeReasonSchema,
});
type RatesForm = z.input<typeof schema>;
const FIELDS = ["effective_from", ...TOKEN_TYPES.map((type) => `rates.${type}` as const), "rates", "reason"] as const;

/**
 * Adds a dated provider cost-rate change to a model (history is never rewritten: the api refuses a date before the
 * type's latest rate, at the field).
 */
export function CostRatesDialog({ modelId }: { modelId: string }): ReactNode {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const defaults: RatesForm = {
    effective_from: "",
    rates: { input: "", cached_input: "", cache_write: "", output: "", reasoning: "" },
    reason: "",
  };
  const form = useForm<RatesForm>({ resolver: zodResolver(schema), defaultValues: defaults });
  const dialog = useDialogForm(form, { fields: FIELDS, defaults: () => defaults });
  const { errors } = form.formState;
  const add = useMutation(
    trpc.models.addCostRates.mutationOptions({
      onSuccess: async () => {
        dialog.close();
        await queryClient.invalidateQueries(trpc.models.pathFilter());
      },
      onError: dialog.showFieldError,
    }),
  );
  const submit = form.handleSubmit((values) => {
    const rates = Object.fromEntries(Object.entries(values.rates).filter(([, value]) => value !== ""));
    add.mutate({
      id: modelId,
      effective_from: values.effective_from === "" ? undefined : `${values.effective_from}T00:00:00Z`,
      rates,
      reason: values.reason,
    });
  });

  return (
    <FormDialog
      {...dialog.dialogProps(add)}
      trigger={
        <Button size="1" variant="soft" data-testid="cost-rates-open" aria-label={`Cost rates for ${modelId}`}>
          Rates
        </Button>
      }
      title={<>Cost rates for {modelId}</>}
      description={
        <>The provider&apos;s price per 1,000,000 tokens (USD) from a date on; leave a type empty to keep its rate.</>
      }
      contentTestId="cost-rates-dialog"
      onSubmit={submit}
      submitLabel="Add rates"
      pendingLabel="Saving…"
      submitTestId="cost-rates-submit"
    >
      <FormField
        label="Effective from (UTC)"
        hint="Empty: now. A past date only after the type's latest rate."
        error={errors.effective_from}
      >
        {(control) => (
          <TextField.Root {...control} {...form.register("effective_from")} type="date" data-testid="cost-rates-from" />
        )}
      </FormField>
      <Grid columns={{ initial: "1", xs: "2" }} gap="3">
        {TOKEN_TYPES.map((type) => (
          <FormField
            key={type}
            label={`${TOKEN_LABELS[type]} per 1M`}
            error={errors.rates?.[type] ?? (type === "input" ? (errors.rates?.root ?? errors.rates) : undefined)}
          >
            {(control) => (
              <TextField.Root
                {...control}
                {...form.register(`rates.${type}`)}
                inputMode="decimal"
                autoComplete="off"
                data-testid={`cost-rates-${type}`}
              />
            )}
          </FormField>
        ))}
      </Grid>
      <FormField label="Reason" hint="Required: recorded in the audit log." error={errors.reason}>
        {(control) => (
          <TextField.Root
            {...control}
            {...form.register("reason")}
            autoComplete="off"
            data-testid="cost-rates-reason"
          />
        )}
      </FormField>
    </FormDialog>
  );
}
