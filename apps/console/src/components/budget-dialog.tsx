import { zodResolver } from "@hookform/resolvers/zod";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { newTenantBudgetSchema } from "@tollgate/domain";
import type { ReactNode } from "react";
import { useForm } from "react-hook-form";
import { BUDGET_FIELDS, initialBudgetForm, type BudgetForm, type BudgetKeyOption } from "../lib/budget-form.ts";
import type { BudgetList, BudgetWithSpend } from "../lib/budget-views.ts";
import { formatMoney } from "../lib/format.ts";
import { useTRPC } from "../lib/trpc.ts";
import { useDialogForm } from "../lib/use-dialog-form.ts";
import { AmountCurrencyFields } from "./amount-currency-fields.tsx";
import { BudgetKindField } from "./budget-kind-field.tsx";
import { BudgetScopeFields } from "./budget-scope-fields.tsx";
import { BudgetThresholdsField } from "./budget-thresholds-field.tsx";
import { FormDialog } from "./form-dialog.tsx";

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
  const initial = () => initialBudgetForm(budget, defaultCurrency);
  const form = useForm<BudgetForm>({ resolver: zodResolver(newTenantBudgetSchema), defaultValues: initial() });
  const dialog = useDialogForm(form, { fields: BUDGET_FIELDS, defaults: initial });
  const callbacks = {
    onSuccess: async () => {
      dialog.close();
      await queryClient.invalidateQueries(trpc.tenantBudgets.pathFilter());
    },
    onError: dialog.showFieldError,
  };
  const create = useMutation(trpc.tenantBudgets.create.mutationOptions(callbacks));
  const update = useMutation(trpc.tenantBudgets.update.mutationOptions(callbacks));

  const submit = form.handleSubmit((values) => {
    const { amount, currency, thresholds, hardLimit } = values;
    if (budget) update.mutate({ tenantId, budgetId: budget.id, amount, currency, thresholds, hardLimit });
    else create.mutate({ tenantId, ...values });
  });
  const maxHint =
    allowance.max_amount === null
      ? "Exact amount per billing period."
      : `At most ${formatMoney(allowance.max_amount, form.watch("currency") || defaultCurrency)}, the maximum your operator allows.`;

  return (
    <FormDialog
      {...dialog.dialogProps(budget ? update : create, create, update)}
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
      submitLabel={budget ? "Save" : "Create budget"}
      pendingLabel={"Saving…"}
      submitTestId="budget-submit"
    >
      <BudgetScopeFields form={form} keys={keys} locked={budget !== undefined} />
      <AmountCurrencyFields
        amountLabel="Limit per month"
        amountHint={maxHint}
        placeholder="100.00"
        amount={form.register("amount")}
        currency={form.register("currency")}
        errors={form.formState.errors}
        testId="budget"
      />
      <BudgetThresholdsField form={form} />
      <BudgetKindField form={form} hardLimitsAllowed={allowance.hard_limits_allowed} />
    </FormDialog>
  );
}
