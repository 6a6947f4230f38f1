import { Flex, Text, TextField } from "@radix-ui/themes";
import type { ReactNode } from "react";
import type { ExploreDays } from "../lib/explore-range.ts";
import type { UsageSearch } from "../lib/search-params.ts";
import { RangePicker } from "./range-picker.tsx";

/**
 * The usage page's period: a preset, or (`custom`) the From and To days in the URL, both days of the page's zone. A
 * preset's days are shown in the date boxes; editing either makes the range custom, keeping the other end.
 */
export function ExploreRangeFields({
  search,
  days,
  custom,
  update,
}: {
  search: UsageSearch;
  days: ExploreDays;
  custom: boolean;
  update: (patch: Partial<UsageSearch>) => void;
}): ReactNode {
  const fromDay = days.first;
  const lastDay = days.last;
  return (
    <Flex align="end" gap="3" wrap="wrap">
      <RangePicker
        value={custom ? undefined : (search.range ?? "30d")}
        onChange={(next) => {
          update({ range: next, from: undefined, to: undefined });
        }}
      />
      <Flex gap="2" wrap="wrap">
        <DateField
          label="From"
          value={custom ? (search.from ?? "") : fromDay}
          onChange={(day) => {
            update({ from: day, to: search.to ?? lastDay });
          }}
        />
        <DateField
          label="To"
          value={custom ? (search.to ?? "") : lastDay}
          onChange={(day) => {
            update({ to: day, from: search.from ?? fromDay });
          }}
        />
      </Flex>
    </Flex>
  );
}

function DateField({
  label,
  value,
  onChange,
}: {
  label: string;
  value: string;
  onChange: (day: string) => void;
}): ReactNode {
  return (
    <Flex direction="column" gap="1">
      <Text as="label" size="1" color="gray">
        {label}
        <TextField.Root
          type="date"
          size="2"
          value={value}
          onChange={(event) => {
            if (event.target.value !== "") onChange(event.target.value);
          }}
          data-testid={`explore-${label.toLowerCase()}`}
        />
      </Text>
    </Flex>
  );
}
