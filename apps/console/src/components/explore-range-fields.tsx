import { Flex, Text, TextField } from "@radix-ui/themes";
import { useState, type ReactNode } from "react";
import type { ExploreDays } from "../lib/explore-range.ts";
import { isIsoDay } from "../lib/iso-day.ts";
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

/**
 * A day typed as YYYY-MM-DD, the format of the page's heading and URL: a native date box shows the browser's locale
 * ("11/08/2026") beside headings saying "2026-11-08". The range changes once the text is a whole, real day; leaving
 * the box with anything else puts the day in force back.
 */
function DateField({
  label,
  value,
  onChange,
}: {
  label: string;
  value: string;
  onChange: (day: string) => void;
}): ReactNode {
  const [text, setText] = useState(value);
  const [shown, setShown] = useState(value);
  // A new day from outside (a preset, the other box, the URL) replaces the text (React's "adjust state on prop
  // change" pattern, without an effect's extra render).
  if (shown !== value) {
    setShown(value);
    setText(value);
  }
  const invalid = text !== "" && !isIsoDay(text);
  return (
    <Flex direction="column" gap="1">
      <Text as="label" size="1" color="gray">
        {label}
        <TextField.Root
          size="2"
          inputMode="numeric"
          placeholder="YYYY-MM-DD"
          maxLength={10}
          className="day-field"
          value={text}
          aria-invalid={invalid}
          onChange={(event) => {
            const next = event.target.value.trim();
            setText(next);
            if (isIsoDay(next) && next !== value) onChange(next);
          }}
          onBlur={() => {
            if (!isIsoDay(text)) setText(value);
          }}
          data-testid={`explore-${label.toLowerCase()}`}
        />
      </Text>
    </Flex>
  );
}
