import type { ReactNode } from "react";
import type { ExploreView } from "../lib/explore-groups.ts";
import { Empty } from "./async-state.tsx";
import { ExploreChartCard } from "./explore-chart-card.tsx";
import { ExploreGroupsTable } from "./explore-groups-table.tsx";
import { ExploreTotals } from "./explore-totals.tsx";

/** What the usage page found: the totals, then (unless nothing matched) the chart and the groups. */
export function ExploreResults({ exploration, metric, groupBy }: ExploreView): ReactNode {
  return (
    <>
      <ExploreTotals exploration={exploration} />
      {exploration.total.total_tokens === "0" ? (
        <Empty title="No usage matches.">Pick a longer period or fewer filters.</Empty>
      ) : (
        <>
          <ExploreChartCard exploration={exploration} metric={metric} groupBy={groupBy} />
          <ExploreGroupsTable exploration={exploration} groupBy={groupBy} />
        </>
      )}
    </>
  );
}
