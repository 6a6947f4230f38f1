import { Badge, Tooltip } from "@radix-ui/themes";
import type { ReactNode } from "react";
import { formatTokens } from "../lib/format.ts";

/** Every event of the row is unrated: its amount is unknown, not zero. */
export function allUnrated(row: { eventCount: string; unratedCount: string }): boolean {
  return row.eventCount !== "0" && row.eventCount === row.unratedCount;
}

/** "519 unrated" next to a row's name: some of its events wait for a price and are not in its amount. */
export function UnratedBadge({ count }: { count: string }): ReactNode {
  if (count === "0") return null;
  return (
    <Tooltip content="No price for their model yet">
      <Badge highContrast color="amber">
        {formatTokens(count)} unrated
      </Badge>
    </Tooltip>
  );
}

/** The amount cell of a row whose every event is unrated: "unpriced", never a $0.00 that reads as free. */
export function UnpricedAmount(): ReactNode {
  return (
    <Tooltip content="No price for their model yet">
      <span>unpriced</span>
    </Tooltip>
  );
}
