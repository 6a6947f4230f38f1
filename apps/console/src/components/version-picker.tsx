import { Flex, Select, Text } from "@radix-ui/themes";
import type { ReactNode } from "react";
import { VERSION_STATUS_LABELS, type PlanVersion } from "../lib/plan-views.ts";

/** A labelled select of a plan's versions ("v3 · Draft"). */
export function VersionPicker({
  label,
  value,
  versions,
  onChange,
  testId,
}: {
  label: string;
  value: string;
  versions: readonly PlanVersion[];
  onChange: (id: string) => void;
  testId: string;
}): ReactNode {
  return (
    <Flex direction="column" gap="1">
      <Text size="1" color="gray" id={`${testId}-label`}>
        {label}
      </Text>
      <Select.Root value={value} onValueChange={onChange}>
        <Select.Trigger aria-labelledby={`${testId}-label`} data-testid={testId} />
        <Select.Content>
          {versions.map((version) => (
            <Select.Item key={version.id} value={version.id}>
              v{version.version.toString()} · {VERSION_STATUS_LABELS[version.status]}
            </Select.Item>
          ))}
        </Select.Content>
      </Select.Root>
    </Flex>
  );
}
