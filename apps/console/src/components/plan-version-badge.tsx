import { Badge } from "@radix-ui/themes";
import type { ReactNode } from "react";
import { VERSION_STATUS_COLORS, VERSION_STATUS_LABELS, type PlanVersionStatus } from "../lib/plan-views.ts";

export function PlanVersionBadge({ status }: { status: PlanVersionStatus }): ReactNode {
  return (
    <Badge highContrast color={VERSION_STATUS_COLORS[status]} data-testid={`version-status-${status}`}>
      {VERSION_STATUS_LABELS[status]}
    </Badge>
  );
}
