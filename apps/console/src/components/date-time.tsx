import { Tooltip } from "@radix-ui/themes";
import type { ReactNode } from "react";
import { formatLocalDate, formatLocalDateTime, formatUtc, formatUtcDay, isUtcMidnight } from "../lib/dates.ts";

/**
 * An instant in the viewer's time zone; hovering or focusing it shows the UTC instant. A `billingDay` (a plan
 * version's or a subscription's date) at UTC midnight is a day: it shows "Jan 1, 2025 (UTC)", and hovering shows the
 * viewer's local time of that instant instead.
 */
export function DateTime({
  iso,
  dateOnly = false,
  billingDay = false,
}: {
  iso: string | null;
  dateOnly?: boolean;
  billingDay?: boolean;
}): ReactNode {
  if (iso === null) return <span className="muted">—</span>;
  const asDay = billingDay && isUtcMidnight(iso);
  return (
    <Tooltip content={asDay ? formatLocalDateTime(iso) : formatUtc(iso)}>
      <time dateTime={iso} tabIndex={0} className="date-time">
        {asDay ? formatUtcDay(iso) : dateOnly ? formatLocalDate(iso) : formatLocalDateTime(iso)}
      </time>
    </Tooltip>
  );
}
