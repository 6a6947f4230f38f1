import { Button, DropdownMenu, Text } from "@radix-ui/themes";
import { ChevronDown } from "lucide-react";
import type { ReactNode } from "react";

/** A filter of several values: a menu of checkboxes; nothing checked means no filter. */
export function MultiSelectFilter({
  label,
  options,
  selected,
  onChange,
  testId,
}: {
  label: string;
  options: readonly { value: string; label: string }[];
  selected: readonly string[];
  onChange: (next: string[]) => void;
  testId: string;
}): ReactNode {
  const toggle = (value: string, checked: boolean) => {
    onChange(checked ? [...selected, value] : selected.filter((item) => item !== value));
  };
  return (
    <DropdownMenu.Root>
      <DropdownMenu.Trigger>
        <Button variant={selected.length > 0 ? "soft" : "outline"} size="2" data-testid={testId}>
          {label}
          {selected.length > 0 && ` (${selected.length.toString()})`}
          <ChevronDown size={14} aria-hidden="true" />
        </Button>
      </DropdownMenu.Trigger>
      <DropdownMenu.Content className="filter-menu">
        {options.length === 0 ? (
          <Text size="2" color="gray" as="p" m="2">
            Nothing in this period.
          </Text>
        ) : (
          options.map((option) => (
            <DropdownMenu.CheckboxItem
              key={option.value}
              checked={selected.includes(option.value)}
              onCheckedChange={(checked) => {
                toggle(option.value, checked);
              }}
              onSelect={(event) => {
                // Keep the menu open so several values can be picked in a row.
                event.preventDefault();
              }}
            >
              {option.label}
            </DropdownMenu.CheckboxItem>
          ))
        )}
        {selected.length > 0 && (
          <>
            <DropdownMenu.Separator />
            <DropdownMenu.Item
              onSelect={() => {
                onChange([]);
              }}
            >
              Clear
            </DropdownMenu.Item>
          </>
        )}
      </DropdownMenu.Content>
    </DropdownMenu.Root>
  );
}
