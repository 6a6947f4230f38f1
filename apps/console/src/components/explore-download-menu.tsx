import { Button, DropdownMenu } from "@radix-ui/themes";
import { Download } from "lucide-react";
import type { ReactNode } from "react";
import { downloadText } from "../lib/download.ts";
import type { ExploreSort } from "../lib/explore-groups-sort.ts";
import type { UsageExploration } from "../lib/router-types.ts";
import type { UsageSearch } from "../lib/search-params.ts";
import { exploreGroupsCsv, exploreSeriesCsv } from "../lib/usage-csv.ts";

/**
 * The explorer's downloads, named by grouping and period: the groups table as displayed (its sort, its rounded
 * amounts, the total) and the chart's series (a row per bucket and group).
 */
export function ExploreDownloadMenu({
  exploration,
  groupBy,
  sorting,
}: {
  exploration: UsageExploration;
  groupBy: NonNullable<UsageSearch["group_by"]>;
  sorting: readonly ExploreSort[];
}): ReactNode {
  const stem = `tollgate-usage-by-${groupBy}-${exploration.from.slice(0, 10)}-${exploration.to.slice(0, 10)}`;
  return (
    <DropdownMenu.Root>
      <DropdownMenu.Trigger>
        <Button variant="soft" size="1" data-testid="explore-download-menu">
          <Download size={12} aria-hidden="true" /> Download
          <DropdownMenu.TriggerIcon />
        </Button>
      </DropdownMenu.Trigger>
      <DropdownMenu.Content align="end">
        <DropdownMenu.Item
          data-testid="download-explore-csv"
          onSelect={() => {
            downloadText(
              `${stem}.csv`,
              exploreGroupsCsv(groupBy, exploration.groups, exploration.total, exploration.currency, sorting),
              "text/csv",
            );
          }}
        >
          Table (CSV)
        </DropdownMenu.Item>
        <DropdownMenu.Item
          data-testid="download-explore-chart-csv"
          onSelect={() => {
            downloadText(
              `${stem}-${exploration.granularity === "hour" ? "hourly" : "daily"}-series.csv`,
              exploreSeriesCsv(groupBy, exploration),
              "text/csv",
            );
          }}
        >
          Chart data (CSV)
        </DropdownMenu.Item>
      </DropdownMenu.Content>
    </DropdownMenu.Root>
  );
}
