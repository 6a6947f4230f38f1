import { CheckboxGroup, Flex, Text } from "@radix-ui/themes";
import { useId, type ReactNode } from "react";

/** A labelled group of checkboxes (scopes, event types) with its validation message under it. */
export function CheckboxField<TValue extends string>({
  label,
  options,
  value,
  onChange,
  error,
  testId,
}: {
  label: string;
  options: readonly { value: TValue; label: string; hint?: string }[];
  value: readonly TValue[];
  onChange: (value: TValue[]) => void;
  error?: string | undefined;
  testId: string;
}): ReactNode {
  const id = useId();
  return (
    <Flex direction="column" gap="1">
      <Text as="div" id={`${id}-label`} size="2" weight="medium">
        {label}
      </Text>
      <CheckboxGroup.Root
        value={[...value]}
        onValueChange={(next) => {
          onChange(options.filter((option) => next.includes(option.value)).map((option) => option.value));
        }}
        aria-labelledby={`${id}-label`}
        aria-describedby={error ? `${id}-message` : undefined}
        aria-invalid={error !== undefined}
        data-testid={testId}
      >
        {options.map((option) => (
          <CheckboxGroup.Item key={option.value} value={option.value} data-testid={`${testId}-${option.value}`}>
            {option.label}
            {option.hint && (
              <Text size="1" color="gray">
                {" "}
                — {option.hint}
              </Text>
            )}
          </CheckboxGroup.Item>
        ))}
      </CheckboxGroup.Root>
      {error && (
        <Text id={`${id}-message`} size="1" color="red" role="alert">
          {error}
        </Text>
      )}
    </Flex>
  );
}
