import { Tooltip } from "@radix-ui/themes";
import type { ReactNode } from "react";
import { formatLocalDate, formatLocalDateTime, formatUtc } from "../lib/dates.ts";

/** An instant in the viewer's time zone; hovering or focusing it shows the UTC instant. */
export function DateTime({ iso, dateOnly = false }: { iso: string | null; dateOnly?: boolean }): ReactNode {
  if (iso === null) return <span className="muted">—</span>;
  return (
    <Tooltip content={formatUtc(iso)}>
      <time dateTime={iso} tabIndex={0} className="date-time">
        {dateOnly ? formatLocalDate(iso) : formatLocalDateTime(iso)}
      </time>
    </Tooltip>
  );
}
