import { zodResolver } from "@hookform/resolvers/zod";
import { Flex, Select, TextField } from "@radix-ui/themes";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { newTenantBudgetSchema } from "@tollgate/domain";
import { useState, type ReactNode } from "react";
import { Controller, useForm, type FieldErrors } from "react-hook-form";
import type { z } from "zod";
import type { BudgetList, BudgetWithSpend } from "../lib/budget-views.ts";
import { formatMoney } from "../lib/format.ts";
import { serverFieldError } from "../lib/server-field-error.ts";
import { useTRPC } from "../lib/trpc.ts";
import { FormField } from "./form-field.tsx";
import { FormDialog } from "./form-dialog.tsx";

type BudgetForm = z.input<typeof newTenantBudgetSchema>;
const FIELDS = ["scope", "scopeRef", "amount", "currency", "thresholds", "hardLimit"] as const;
const DEFAULT_THRESHOLDS = [50, 80, 100];

/** "50, 80, 100" ⇄ [50, 80, 100]; an entry that is not a number stays NaN, so the schema names it. */
function parseThresholds(text: string): number[] {
  return text
    .split(",")
    .map((part) => part.trim())
    .filter((part) => part !== "")
    .map(Number);
}

/** The list's own message, or its first entry's (the schema names the entry: "thresholds.1"). */
function thresholdsError(error: FieldErrors<BudgetForm>["thresholds"]): { message?: string } | undefined {
  if (error === undefined) return undefined;
  if (error.message) return { message: error.message };
  const entries: unknown = error;
  if (!Array.isArray(entries)) return undefined;
  const entry = entries.find(
    (item: unknown): item is { message: string } =>
      typeof item === "object" && item !== null && typeof (item as { message?: unknown }).message === "string",
  );
  return entry && { message: entry.message };
}

export interface BudgetKeyOption {
  id: string;
  name: string;
}

/**
 * Creates a budget on one of the tenant's keys or customers, or (with `budget`) changes one the tenant set. The form
 * validates with the api's own schema; the api's answers that name a field (the operator's maximum, hard limits not
 * allowed, an unknown key) are shown at that field.
 */
export function BudgetDialog({
  tenantId,
  allowance,
  keys,
  budget,
  defaultCurrency,
  trigger,
}: {
  tenantId: string;
  allowance: BudgetList["allowance"];
  keys: readonly BudgetKeyOption[];
  budget?: BudgetWithSpend;
  defaultCurrency: string;
  trigger: ReactNode;
}): ReactNode {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [open, setOpen] = useState(false);
  const initial = (): BudgetForm =>
    budget
      ? {
          scope: budget.scope === "customer" ? "customer" : "api_key",
          scopeRef: budget.scope_ref,
          amount: budget.amount,
          currency: budget.currency,
          thresholds: budget.thresholds,
          hardLimit: budget.hard_limit,
        }
      : { scope: "api_key", scopeRef: "", amount: "", currency: defaultCurrency, thresholds: DEFAULT_THRESHOLDS };
  const form = useForm<BudgetForm>({ resolver: zodResolver(newTenantBudgetSchema), defaultValues: initial() });
  const [thresholdText, setThresholdText] = useState((initial().thresholds ?? DEFAULT_THRESHOLDS).join(", "));
  const { errors } = form.formState;
  const scope = form.watch("scope");

  const callbacks = {
    onSuccess: async () => {
      setOpen(false);
      await queryClient.invalidateQueries(trpc.tenantBudgets.pathFilter());
    },
    onError: (error: unknown) => {
      const field = serverFieldError(error, FIELDS);
      if (field) form.setError(field.field, { message: field.message });
    },
  };
  const create = useMutation(trpc.tenantBudgets.create.mutationOptions(callbacks));
  const update = useMutation(trpc.tenantBudgets.update.mutationOptions(callbacks));
  const mutation = budget ? update : create;
  const fieldError = mutation.isError ? serverFieldError(mutation.error, FIELDS) : null;

  const submit = form.handleSubmit((values) => {
    const { amount, currency, thresholds, hardLimit } = values;
    if (budget) update.mutate({ tenantId, budgetId: budget.id, amount, currency, thresholds, hardLimit });
    else create.mutate({ tenantId, ...values });
  });
  const reset = () => {
    form.reset(initial());
    setThresholdText((initial().thresholds ?? DEFAULT_THRESHOLDS).join(", "));
    create.reset();
    update.reset();
  };
  const maxHint =
    allowance.max_amount === null
      ? "Exact amount per billing period."
      : `At most ${formatMoney(allowance.max_amount, form.watch("currency") || defaultCurrency)}, the maximum your operator allows.`;

  return (
    <FormDialog
      open={open}
      onOpenChange={(next) => {
        setOpen(next);
        if (next) reset();
      }}
      trigger={trigger}
      title={budget ? "Change budget" : "New budget"}
      description={
        <>
          A monthly budget on one API key or customer: alerts at its thresholds, and with a hard limit, requests are
          refused once it is spent.
        </>
      }
      contentTestId="budget-dialog"
      onSubmit={submit}
      error={mutation.isError && fieldError === null ? mutation.error : null}
      pending={mutation.isPending}
      submitLabel={budget ? "Save" : "Create budget"}
      pendingLabel={"Saving…"}
      submitTestId="budget-submit"
    >
      <Controller
        control={form.control}
        name="scope"
        render={({ field }) => (
          <FormField label="Applies to" error={errors.scope}>
            {(control) => (
              <Select.Root
                value={field.value}
                disabled={budget !== undefined}
                onValueChange={(value) => {
                  field.onChange(value);
                  form.setValue("scopeRef", "");
                }}
              >
                <Select.Trigger {...control} data-testid="budget-scope" />
                <Select.Content>
                  <Select.Item value="api_key">An API key</Select.Item>
                  <Select.Item value="customer">A customer</Select.Item>
                </Select.Content>
              </Select.Root>
            )}
          </FormField>
        )}
      />
      {scope === "api_key" ? (
        <Controller
          control={form.control}
          name="scopeRef"
          render={({ field }) => (
            <FormField
              label="API key"
              hint={keys.length === 0 ? "No active API keys yet: create one first." : undefined}
              error={errors.scopeRef}
            >
              {(control) => (
                <Select.Root value={field.value} onValueChange={field.onChange} disabled={budget !== undefined}>
                  <Select.Trigger {...control} placeholder="Pick a key" data-testid="budget-key" />
                  <Select.Content>
                    {keys.map((key) => (
                      <Select.Item key={key.id} value={key.id}>
                        {key.name}
                      </Select.Item>
                    ))}
                  </Select.Content>
                </Select.Root>
              )}
            </FormField>
          )}
        />
      ) : (
        <FormField label="Customer id" hint="As your events send it in their customer field." error={errors.scopeRef}>
          {(control) => (
            <TextField.Root
              {...control}
              {...form.register("scopeRef")}
              disabled={budget !== undefined}
              autoComplete="off"
              data-testid="budget-customer"
            />
          )}
        </FormField>
      )}
      <Flex gap="3" direction={{ initial: "column", xs: "row" }}>
        <FormField label="Limit per month" hint={maxHint} error={errors.amount}>
          {(control) => (
            <TextField.Root
              {...control}
              {...form.register("amount")}
              inputMode="decimal"
              placeholder="100.00"
              autoComplete="off"
              data-testid="budget-amount"
            />
          )}
        </FormField>
        <FormField label="Currency" error={errors.currency}>
          {(control) => (
            <TextField.Root
              {...control}
              {...form.register("currency")}
              maxLength={3}
              autoComplete="off"
              data-testid="budget-currency"
            />
          )}
        </FormField>
      </Flex>
      <Controller
        control={form.control}
        name="thresholds"
        render={({ field }) => (
          <FormField
            label="Alert at (% of the limit)"
            hint="Whole percentages, ascending, e.g. 50, 80, 100."
            error={thresholdsError(errors.thresholds)}
          >
            {(control) => (
              <TextField.Root
                {...control}
                value={thresholdText}
                onChange={(event) => {
                  setThresholdText(event.target.value);
                  field.onChange(parseThresholds(event.target.value));
                }}
                onBlur={field.onBlur}
                inputMode="numeric"
                autoComplete="off"
                data-testid="budget-thresholds"
              />
            )}
          </FormField>
        )}
      />
      <Controller
        control={form.control}
        name="hardLimit"
        render={({ field }) => (
          <FormField
            label="When the limit is reached"
            hint={allowance.hard_limits_allowed ? undefined : "Your operator has not enabled hard limits."}
            error={errors.hardLimit}
          >
            {(control) => (
              <Select.Root
                value={field.value === true ? "hard" : "soft"}
                onValueChange={(value) => {
                  field.onChange(value === "hard");
                }}
              >
                <Select.Trigger {...control} data-testid="budget-kind" />
                <Select.Content>
                  <Select.Item value="soft">Alert only (soft)</Select.Item>
                  <Select.Item value="hard" disabled={!allowance.hard_limits_allowed}>
                    Refuse further requests (hard)
                  </Select.Item>
                </Select.Content>
              </Select.Root>
            )}
          </FormField>
        )}
      />
    </FormDialog>
  );
}
