import { Flex, SegmentedControl, Select } from "@radix-ui/themes";
import type { ReactNode } from "react";
import { EXPLORE_GROUP_BYS, type UsageSearch } from "../lib/search-params.ts";
import { GROUP_BY_PHRASES } from "../lib/explore-groups.ts";
import type { UsageTimeZone } from "../lib/usage-time-zone.ts";
import { ExploreTimeZoneSelect } from "./explore-time-zone-select.tsx";

/**
 * How the usage page shows what it found: grouped by what, in daily or hourly buckets of which zone, as tokens or
 * amounts.
 */
export function ExploreViewControls({
  groupBy,
  granularity,
  metric,
  zone,
  update,
}: {
  groupBy: NonNullable<UsageSearch["group_by"]>;
  granularity: NonNullable<UsageSearch["granularity"]>;
  metric: NonNullable<UsageSearch["metric"]>;
  zone: UsageTimeZone;
  update: (patch: Partial<UsageSearch>) => void;
}): ReactNode {
  return (
    <Flex align="center" gap="2" wrap="wrap">
      <Select.Root
        value={groupBy}
        onValueChange={(value) => {
          update({ group_by: value as UsageSearch["group_by"] });
        }}
      >
        <Select.Trigger aria-label="Group by" data-testid="explore-group-by" />
        <Select.Content>
          {EXPLORE_GROUP_BYS.map((id) => (
            <Select.Item key={id} value={id}>
              By {GROUP_BY_PHRASES[id]}
            </Select.Item>
          ))}
        </Select.Content>
      </Select.Root>
      <Select.Root
        value={granularity}
        onValueChange={(value) => {
          update({ granularity: value === "hour" ? "hour" : "day" });
        }}
      >
        <Select.Trigger aria-label="Bucket size" data-testid="explore-granularity" />
        <Select.Content>
          <Select.Item value="day">Daily</Select.Item>
          <Select.Item value="hour">Hourly</Select.Item>
        </Select.Content>
      </Select.Root>
      <ExploreTimeZoneSelect
        zone={zone}
        onChange={(timeZone) => {
          update({ time_zone: timeZone });
        }}
      />
      <SegmentedControl.Root
        value={metric}
        onValueChange={(value) => {
          update({ metric: value === "amount" ? "amount" : "tokens" });
        }}
        aria-label="Metric"
        size="1"
      >
        <SegmentedControl.Item value="tokens">Tokens</SegmentedControl.Item>
        <SegmentedControl.Item value="amount">Amount</SegmentedControl.Item>
      </SegmentedControl.Root>
    </Flex>
  );
}
