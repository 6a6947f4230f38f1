import { Button, Callout, Flex } from "@radix-ui/themes";
import { Info } from "lucide-react";
import type { ReactNode } from "react";
import { formatDays, MAX_HOURLY_DAYS, type ExploreDays } from "../lib/explore-range.ts";
import type { UsageSearch } from "../lib/search-params.ts";

/**
 * In place of the results when Hourly is picked over more days than the api reads hourly: why, and the two ways out
 * (daily buckets for the whole range, or hourly for its last days). Never the api's 400 as an error page.
 */
export function ExploreHourlyGuard({
  days,
  clamped,
  update,
}: {
  days: ExploreDays;
  clamped: ExploreDays;
  update: (patch: Partial<UsageSearch>) => void;
}): ReactNode {
  return (
    <Callout.Root color="amber" data-testid="explore-hourly-guard">
      <Callout.Icon>
        <Info size={16} aria-hidden="true" />
      </Callout.Icon>
      <Callout.Text>
        Hourly buckets cover at most {MAX_HOURLY_DAYS.toString()} days; {formatDays(days)} is longer. Show it by day, or
        show its last {MAX_HOURLY_DAYS.toString()} days by hour.
      </Callout.Text>
      <Flex gap="2" wrap="wrap">
        <Button
          size="1"
          onClick={() => {
            update({ granularity: "day" });
          }}
          data-testid="explore-switch-daily"
        >
          Switch to daily
        </Button>
        <Button
          size="1"
          variant="soft"
          onClick={() => {
            update({ range: undefined, from: clamped.first, to: clamped.last });
          }}
          data-testid="explore-clamp-hourly"
        >
          Hourly for {formatDays(clamped)}
        </Button>
      </Flex>
    </Callout.Root>
  );
}
