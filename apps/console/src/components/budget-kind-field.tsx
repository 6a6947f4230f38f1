import { Select } from "@radix-ui/themes";
import type { ReactNode } from "react";
import { Controller, type UseFormReturn } from "react-hook-form";
import type { BudgetForm } from "../lib/budget-form.ts";
import { FormField } from "./form-field.tsx";

/** Soft (alerts only) or hard (refuse requests once spent); hard only where the operator allows it. */
export function BudgetKindField({
  form,
  hardLimitsAllowed,
}: {
  form: UseFormReturn<BudgetForm>;
  hardLimitsAllowed: boolean;
}): ReactNode {
  return (
    <Controller
      control={form.control}
      name="hardLimit"
      render={({ field }) => (
        <FormField
          label="When the limit is reached"
          hint={hardLimitsAllowed ? undefined : "Your operator has not enabled hard limits."}
          error={form.formState.errors.hardLimit}
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
                <Select.Item value="hard" disabled={!hardLimitsAllowed}>
                  Refuse further requests (hard)
                </Select.Item>
              </Select.Content>
            </Select.Root>
          )}
        </FormField>
      )}
    />
  );
}
