import { Box, SegmentedControl, Select } from "@radix-ui/themes";
import type { ReactNode } from "react";
import { RANGE_PRESET_IDS, RANGE_PRESETS, type RangePreset } from "../lib/date-range.ts";

function isPreset(value: string): value is RangePreset {
  return (RANGE_PRESET_IDS as readonly string[]).includes(value);
}

/**
 * The period presets: side by side where there is room, a select on phones (four buttons do not fit 390 px).
 * No value: a range of the user's own (none selected, the select says "Custom").
 */
export function RangePicker({
  value,
  onChange,
}: {
  value: RangePreset | undefined;
  onChange: (preset: RangePreset) => void;
}): ReactNode {
  const change = (next: string) => {
    if (isPreset(next)) onChange(next);
  };
  return (
    <>
      <Box display={{ initial: "none", sm: "block" }}>
        <SegmentedControl.Root value={value ?? ""} onValueChange={change} aria-label="Period" size="1">
          {RANGE_PRESETS.map((preset) => (
            <SegmentedControl.Item key={preset.id} value={preset.id} data-testid={`range-${preset.id}`}>
              {preset.label}
            </SegmentedControl.Item>
          ))}
        </SegmentedControl.Root>
      </Box>
      <Box display={{ initial: "block", sm: "none" }}>
        <Select.Root value={value ?? ""} onValueChange={change} size="2">
          <Select.Trigger aria-label="Period" placeholder="Custom" />
          <Select.Content>
            {RANGE_PRESETS.map((preset) => (
              <Select.Item key={preset.id} value={preset.id}>
                {preset.label}
              </Select.Item>
            ))}
          </Select.Content>
        </Select.Root>
      </Box>
    </>
  );
}
