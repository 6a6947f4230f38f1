import { Card, Heading } from "@radix-ui/themes";
import type { ReactNode } from "react";
import { GROUP_BY_PHRASES, type ExploreView } from "../lib/explore-groups.ts";
import { ExploreChart } from "./explore-chart.tsx";

/** The buckets as a stacked chart of the chosen metric, titled by what it stacks ("Amount (USD) by model"). */
export function ExploreChartCard({ exploration, metric, groupBy }: ExploreView): ReactNode {
  return (
    <Card>
      <Heading as="h2" size="3" mb="2">
        {metric === "tokens" ? "Tokens" : `Amount (${exploration.currency})`} by {GROUP_BY_PHRASES[groupBy]}
      </Heading>
      <ExploreChart exploration={exploration} metric={metric} groupBy={groupBy} />
    </Card>
  );
}
