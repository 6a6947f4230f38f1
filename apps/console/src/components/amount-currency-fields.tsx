import { Flex, TextField } from "@radix-ui/themes";
import type { ReactNode } from "react";
import type { FieldError, UseFormRegisterReturn } from "react-hook-form";
import { FormField } from "./form-field.tsx";

/**
 * An exact decimal amount (typed as text: money is never a float) beside its 3-letter currency code, side by side
 * from the small breakpoint on. Test ids are `<testId>-amount` and `<testId>-currency`.
 */
export function AmountCurrencyFields({
  amountLabel,
  amountHint,
  placeholder,
  amount,
  currency,
  errors,
  testId,
}: {
  amountLabel: string;
  amountHint?: string;
  placeholder?: string;
  amount: UseFormRegisterReturn;
  currency: UseFormRegisterReturn;
  errors: { amount?: FieldError; currency?: FieldError };
  testId: string;
}): ReactNode {
  return (
    <Flex gap="3" direction={{ initial: "column", xs: "row" }}>
      <FormField label={amountLabel} hint={amountHint} error={errors.amount}>
        {(control) => (
          <TextField.Root
            {...control}
            {...amount}
            inputMode="decimal"
            placeholder={placeholder}
            autoComplete="off"
            data-testid={`${testId}-amount`}
          />
        )}
      </FormField>
      <FormField label="Currency" error={errors.currency}>
        {(control) => (
          <TextField.Root
            {...control}
            {...currency}
            maxLength={3}
            autoComplete="off"
            data-testid={`${testId}-currency`}
          />
        )}
      </FormField>
    </Flex>
  );
}
