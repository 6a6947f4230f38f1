import { Badge, Tooltip } from "@radix-ui/themes";
import type { ReactNode } from "react";
import type { PipelineHealth } from "../lib/pipeline-views.ts";

/** Whether a store answered, with its round trip; hovering an unreachable one shows why. */
export function ReachabilityBadge({ name, reach }: { name: string; reach: PipelineHealth["redis"] }): ReactNode {
  const testId = `reachability-${name.toLowerCase()}`;
  if (reach.reachable) {
    return (
      <Badge color="green" size="2" highContrast data-testid={testId}>
        {name}: reachable, {reach.round_trip_ms.toString()} ms
      </Badge>
    );
  }
  return (
    <Tooltip content={reach.error}>
      <Badge color="red" size="2" highContrast tabIndex={0} data-testid={testId}>
        {name}: unreachable
      </Badge>
    </Tooltip>
  );
}
