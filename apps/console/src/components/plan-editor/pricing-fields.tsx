import { CheckboxGroup, Flex, Text, TextField } from "@radix-ui/themes";
import { planPricingSchema, TOKEN_TYPES } from "@tollgate/domain";
import type { ReactNode } from "react";
import { Controller, get, useFormContext, type FieldPath } from "react-hook-form";
import { z } from "zod";
import { TOKEN_LABELS } from "../../lib/token-labels.ts";
import { FormField } from "../form-field.tsx";

/**
 * The pricing form validates with the api's own pricing schema (the update call's `pricing`), so a message from
 * the server and one from the form name the same path ("pricing.tiers.0.schedule").
 */
export const planEditFormSchema = z.object({
  effective_from: z.iso.datetime({
    offset: true,
    error: "must be an RFC 3339 date-time with offset, e.g. 2026-03-01T00:00:00Z",
  }),
  pricing: planPricingSchema,
});
export type PlanEditForm = z.input<typeof planEditFormSchema>;

/**
 * A path into the form built at run time ("pricing.rules.2.amount"). Rules, allowances and tiers are
 * discriminated unions, whose per-kind paths react-hook-form's types cannot index by a variable; the schema
 * checks every value anyway.
 */
export function fieldName(path: string): FieldPath<PlanEditForm> {
  return path as FieldPath<PlanEditForm>;
}

/** The message at a path: the field's own, or a list's (react-hook-form keeps a list's under `root`). */
export function useFieldMessage(path: string): { message?: string } | undefined {
  const { formState } = useFormContext<PlanEditForm>();
  const error: unknown = get(formState.errors, path);
  if (typeof error !== "object" || error === null) return undefined;
  const own = (error as { message?: unknown }).message;
  if (typeof own === "string" && own !== "") return { message: own };
  const root = (error as { root?: { message?: unknown } }).root?.message;
  return typeof root === "string" && root !== "" ? { message: root } : undefined;
}

/** A message for a whole section (a list refused as a whole, e.g. "at most one money allowance"). */
export function SectionMessage({ path }: { path: string }): ReactNode {
  const error = useFieldMessage(path);
  if (!error?.message) return null;
  return (
    <Text size="1" color="red" role="alert" data-testid={`error-${path}`}>
      {error.message}
    </Text>
  );
}

/**
 * A text input for a decimal string or token count. `empty` is what an empty input means: a required value stays
 * "" (so the schema names it), an optional one is left out, a nullable one is null.
 */
export function TextInput({
  path,
  label,
  hint,
  empty = "required",
  placeholder,
  testId,
}: {
  path: string;
  label: string;
  hint?: string;
  empty?: "required" | "optional" | "nullable";
  placeholder?: string;
  testId?: string;
}): ReactNode {
  const { register } = useFormContext<PlanEditForm>();
  const error = useFieldMessage(path);
  const emptyValue = empty === "optional" ? undefined : empty === "nullable" ? null : "";
  return (
    <FormField label={label} hint={hint} error={error}>
      {(control) => (
        <TextField.Root
          {...control}
          {...register(fieldName(path), {
            setValueAs: (value: unknown) => (value === "" || value === null ? emptyValue : value),
          })}
          autoComplete="off"
          placeholder={placeholder}
          data-testid={testId}
        />
      )}
    </FormField>
  );
}

/** A whole number input (the long-context threshold is a JSON number). */
export function IntegerInput({ path, label, testId }: { path: string; label: string; testId?: string }): ReactNode {
  const { register } = useFormContext<PlanEditForm>();
  return (
    <FormField label={label} error={useFieldMessage(path)}>
      {(control) => (
        <TextField.Root
          {...control}
          {...register(fieldName(path), {
            setValueAs: (value: unknown) => (value === "" ? Number.NaN : Number(value)),
          })}
          inputMode="numeric"
          autoComplete="off"
          data-testid={testId}
        />
      )}
    </FormField>
  );
}

/** Model patterns as one comma-separated line; empty is "every model" where `optional`, else an empty list. */
export function PatternsInput({
  path,
  label,
  optional,
  testId,
}: {
  path: string;
  label: string;
  optional: boolean;
  testId?: string;
}): ReactNode {
  const { control } = useFormContext<PlanEditForm>();
  const error = useFieldMessage(path);
  return (
    <Controller
      control={control}
      name={fieldName(path)}
      render={({ field }) => (
        <FormField
          label={label}
          hint={
            optional
              ? "Comma-separated ids or globs (openai/*); empty = every model."
              : "Comma-separated ids or globs (openai/*)."
          }
          error={error}
        >
          {(props) => (
            <TextField.Root
              {...props}
              defaultValue={Array.isArray(field.value) ? (field.value as string[]).join(", ") : ""}
              onChange={(event) => {
                const patterns = event.target.value
                  .split(",")
                  .map((part) => part.trim())
                  .filter((part) => part !== "");
                field.onChange(patterns.length === 0 && optional ? undefined : patterns);
              }}
              onBlur={field.onBlur}
              autoComplete="off"
              data-testid={testId}
            />
          )}
        </FormField>
      )}
    />
  );
}

/** The token types a meter or allowance covers; none checked is "all types" where `optional`. */
export function TokenTypesInput({ path, optional }: { path: string; optional: boolean }): ReactNode {
  const { control } = useFormContext<PlanEditForm>();
  const error = useFieldMessage(path);
  return (
    <Controller
      control={control}
      name={fieldName(path)}
      render={({ field }) => (
        <Flex direction="column" gap="1">
          <Text size="2" weight="medium">
            Token types{optional ? " (none = all)" : ""}
          </Text>
          <CheckboxGroup.Root
            value={Array.isArray(field.value) ? (field.value as string[]) : []}
            onValueChange={(value) => {
              field.onChange(value.length === 0 && optional ? undefined : value);
            }}
            aria-label="Token types"
          >
            <Flex gap="3" wrap="wrap">
              {TOKEN_TYPES.map((type) => (
                <CheckboxGroup.Item key={type} value={type}>
                  {TOKEN_LABELS[type]}
                </CheckboxGroup.Item>
              ))}
            </Flex>
          </CheckboxGroup.Root>
          {error?.message && (
            <Text size="1" color="red" role="alert">
              {error.message}
            </Text>
          )}
        </Flex>
      )}
    />
  );
}
