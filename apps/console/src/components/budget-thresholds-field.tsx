import { TextField } from "@radix-ui/themes";
import { useState, type ReactNode } from "react";
import { Controller, type UseFormReturn } from "react-hook-form";
import { DEFAULT_THRESHOLDS, parseThresholds, thresholdsError, type BudgetForm } from "../lib/budget-form.ts";
import { FormField } from "./form-field.tsx";

/**
 * The alert thresholds as the text the user types ("50, 80, 100"), the form holding the parsed list. The text starts
 * from the form's list when the field mounts, i.e. each time the dialog opens (after the form's reset).
 */
export function BudgetThresholdsField({ form }: { form: UseFormReturn<BudgetForm> }): ReactNode {
  const [text, setText] = useState(() => (form.getValues("thresholds") ?? DEFAULT_THRESHOLDS).join(", "));
  return (
    <Controller
      control={form.control}
      name="thresholds"
      render={({ field }) => (
        <FormField
          label="Alert at (% of the limit)"
          hint="Whole percentages, ascending, e.g. 50, 80, 100."
          error={thresholdsError(form.formState.errors.thresholds)}
        >
          {(control) => (
            <TextField.Root
              {...control}
              value={text}
              onChange={(event) => {
                setText(event.target.value);
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
  );
}
