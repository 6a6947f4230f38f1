import { zodResolver } from "@hookform/resolvers/zod";
import { Button, Checkbox, Flex, Select, Text, TextField } from "@radix-ui/themes";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { nonNegativeDecimalText } from "@tollgate/domain";
import type { ReactNode } from "react";
import { Controller, useForm } from "react-hook-form";
import { z } from "zod";
import { useTRPC } from "../lib/trpc.ts";
import { useDialogForm } from "../lib/use-dialog-form.ts";
import { AmountCurrencyFields } from "./amount-currency-fields.tsx";
import { FormDialog } from "./form-dialog.tsx";
import { FormField } from "./form-field.tsx";

const schema = z
  .object({
    scope: z.enum(["tenant", "api_key", "customer"]),
    scope_ref: z.string().max(200),
    amount: nonNegativeDecimalText,
    currency: z.string().regex(/^[A-Z]{3}$/, "must be a 3-letter code, e.g. USD"),
    hard_limit: z.boolean(),
  })
  .refine((form) => form.scope === "tenant" || form.scope_ref.trim() !== "", {
    path: ["scope_ref"],
    message: "required for a key or customer budget",
  });
type OperatorBudgetForm = z.input<typeof schema>;
const FIELDS = ["scope", "scope_ref", "amount", "currency", "hard_limit"] as const;

/** An operator's monthly budget on the tenant, one of its keys or a customer (tenants cannot change it). */
export function OperatorBudgetDialog({ tenantId, currency }: { tenantId: string; currency: string }): ReactNode {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const defaults: OperatorBudgetForm = { scope: "tenant", scope_ref: "", amount: "", currency, hard_limit: false };
  const form = useForm<OperatorBudgetForm>({ resolver: zodResolver(schema), defaultValues: defaults });
  const dialog = useDialogForm(form, { fields: FIELDS, defaults: () => defaults });
  const { errors } = form.formState;
  const scope = form.watch("scope");
  const create = useMutation(
    trpc.budgets.create.mutationOptions({
      onSuccess: async () => {
        dialog.close();
        await queryClient.invalidateQueries(trpc.budgets.pathFilter());
      },
      onError: dialog.showFieldError,
    }),
  );
  const submit = form.handleSubmit((values) => {
    create.mutate({
      tenantId,
      scope: values.scope,
      scope_ref: values.scope === "tenant" ? undefined : values.scope_ref.trim(),
      amount: values.amount,
      currency: values.currency,
      hard_limit: values.hard_limit,
    });
  });

  return (
    <FormDialog
      {...dialog.dialogProps(create)}
      trigger={
        <Button size="2" variant="soft" data-testid="operator-budget-open">
          New budget
        </Button>
      }
      title="New operator budget"
      description="A monthly limit with alerts at 50, 80 and 100 %; a hard limit refuses requests once spent."
      contentTestId="operator-budget-dialog"
      onSubmit={submit}
      submitLabel="Create budget"
      pendingLabel="Saving…"
      submitTestId="operator-budget-submit"
    >
      <Controller
        control={form.control}
        name="scope"
        render={({ field }) => (
          <FormField label="Applies to" error={errors.scope}>
            {(control) => (
              <Select.Root value={field.value} onValueChange={field.onChange}>
                <Select.Trigger {...control} data-testid="operator-budget-scope" />
                <Select.Content>
                  <Select.Item value="tenant">The whole tenant</Select.Item>
                  <Select.Item value="api_key">An API key (its id)</Select.Item>
                  <Select.Item value="customer">A customer</Select.Item>
                </Select.Content>
              </Select.Root>
            )}
          </FormField>
        )}
      />
      {scope !== "tenant" && (
        <FormField label={scope === "api_key" ? "API key id" : "Customer id"} error={errors.scope_ref}>
          {(control) => (
            <TextField.Root
              {...control}
              {...form.register("scope_ref")}
              autoComplete="off"
              data-testid="operator-budget-ref"
            />
          )}
        </FormField>
      )}
      <AmountCurrencyFields
        amountLabel="Limit per month"
        amount={form.register("amount")}
        currency={form.register("currency")}
        errors={errors}
        testId="operator-budget"
      />
      <Controller
        control={form.control}
        name="hard_limit"
        render={({ field }) => (
          <Text as="label" size="2">
            <Flex gap="2" align="center">
              <Checkbox
                checked={field.value}
                onCheckedChange={(checked) => {
                  field.onChange(checked === true);
                }}
              />
              Hard limit: refuse requests once the limit is spent
            </Flex>
          </Text>
        )}
      />
    </FormDialog>
  );
}
