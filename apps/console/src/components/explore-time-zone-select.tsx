import { Select } from "@radix-ui/themes";
import type { ReactNode } from "react";
import type { UsageTimeZone } from "../lib/usage-time-zone.ts";

/** Which zone's days the usage page counts in; choosing the tenant's own zone clears it from the URL. */
export function ExploreTimeZoneSelect({
  zone,
  onChange,
}: {
  zone: UsageTimeZone;
  onChange: (timeZone: string | undefined) => void;
}): ReactNode {
  return (
    <Select.Root
      value={zone.timeZone ?? ""}
      onValueChange={(value) => {
        onChange(value === zone.tenantZone ? undefined : value);
      }}
    >
      <Select.Trigger aria-label="Days in time zone" data-testid="explore-time-zone" />
      <Select.Content>
        {zone.zones.map((name) => (
          <Select.Item key={name} value={name}>
            {name === zone.tenantZone ? `${name} (tenant)` : name}
          </Select.Item>
        ))}
      </Select.Content>
    </Select.Root>
  );
}
