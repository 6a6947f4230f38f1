import { Button } from "@radix-ui/themes";
import { Download } from "lucide-react";
import type { ReactNode } from "react";
import { downloadText } from "../lib/download.ts";
import type { UsageExploration } from "../lib/router-types.ts";
import type { UsageSearch } from "../lib/search-params.ts";
import { exploreGroupsCsv } from "../lib/usage-csv.ts";

/** Downloads exactly the groups shown (and their total) as CSV, named by grouping and period. */
export function ExploreCsvButton({
  exploration,
  groupBy,
}: {
  exploration: UsageExploration;
  groupBy: NonNullable<UsageSearch["group_by"]>;
}): ReactNode {
  return (
    <Button
      variant="soft"
      size="1"
      data-testid="download-explore-csv"
      onClick={() => {
        downloadText(
          `tollgate-usage-by-${groupBy}-${exploration.from.slice(0, 10)}-${exploration.to.slice(0, 10)}.csv`,
          exploreGroupsCsv(groupBy, exploration.groups, exploration.total, exploration.currency),
          "text/csv",
        );
      }}
    >
      <Download size={12} aria-hidden="true" /> Download CSV
    </Button>
  );
}
