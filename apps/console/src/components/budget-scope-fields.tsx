import { Select, TextField } from "@radix-ui/themes";
import type { ReactNode } from "react";
import { Controller, type UseFormReturn } from "react-hook-form";
import type { BudgetForm, BudgetKeyOption } from "../lib/budget-form.ts";
import { FormField } from "./form-field.tsx";

/**
 * What a tenant's budget applies to: one of its API keys (picked by name) or a customer id. Fixed once the budget
 * exists (`locked`); changing the kind clears the reference.
 */
export function BudgetScopeFields({
  form,
  keys,
  locked,
}: {
  form: UseFormReturn<BudgetForm>;
  keys: readonly BudgetKeyOption[];
  locked: boolean;
}): ReactNode {
  const { errors } = form.formState;
  const scope = form.watch("scope");
  return (
    <>
      <Controller
        control={form.control}
        name="scope"
        render={({ field }) => (
          <FormField label="Applies to" error={errors.scope}>
            {(control) => (
              <Select.Root
                value={field.value}
                disabled={locked}
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
                <Select.Root value={field.value} onValueChange={field.onChange} disabled={locked}>
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
              disabled={locked}
              autoComplete="off"
              data-testid="budget-customer"
            />
          )}
        </FormField>
      )}
    </>
  );
}
