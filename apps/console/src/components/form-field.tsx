import { Flex, Text, TextField } from "@radix-ui/themes";
import { useId, type ReactNode } from "react";
import type { FieldError, UseFormRegisterReturn } from "react-hook-form";

/**
 * A labelled form control with its validation message under it (from the same zod schema the api uses, or the
 * api's own answer). The control gets the id, `aria-invalid` and `aria-describedby` through the render function.
 */
export function FormField({
  label,
  hint,
  error,
  children,
}: {
  label: string;
  hint?: string;
  error?: FieldError | { message?: string };
  children: (control: { id: string; "aria-invalid": boolean; "aria-describedby": string | undefined }) => ReactNode;
}): ReactNode {
  const id = useId();
  const messageId = `${id}-message`;
  const message = error?.message;
  return (
    <Flex direction="column" gap="1">
      <Text as="label" htmlFor={id} size="2" weight="medium">
        {label}
      </Text>
      {children({
        id,
        "aria-invalid": message !== undefined,
        "aria-describedby": message || hint ? messageId : undefined,
      })}
      {message ? (
        <Text id={messageId} size="1" color="red" role="alert">
          {message}
        </Text>
      ) : hint ? (
        <Text id={messageId} size="1" color="gray">
          {hint}
        </Text>
      ) : null}
    </Flex>
  );
}

/** The common case: a labelled text input registered with react-hook-form. */
export function TextFormField({
  label,
  hint,
  error,
  registration,
  type = "text",
  autoComplete,
  testId,
}: {
  label: string;
  hint?: string;
  error?: FieldError;
  registration: UseFormRegisterReturn;
  type?: "text" | "email" | "password";
  autoComplete?: string;
  testId?: string;
}): ReactNode {
  return (
    <FormField label={label} hint={hint} error={error}>
      {(control) => (
        <TextField.Root {...control} type={type} autoComplete={autoComplete} {...registration} data-testid={testId} />
      )}
    </FormField>
  );
}
