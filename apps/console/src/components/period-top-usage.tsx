import { Card, Flex, Heading, Text } from "@radix-ui/themes";
import { useQuery } from "@tanstack/react-query";
import { useMemo, type ReactNode } from "react";
import { formatMoney } from "../lib/format.ts";
import { useTRPC } from "../lib/trpc.ts";
import { ErrorState, Loading } from "./async-state.tsx";

const HOUR_MS = 3_600_000;
/** Rows per card; the rest of the period's spend is one "Other (n)" row. */
const TOP = 5;

/** The explorer reads whole UTC hours: the period so far, up to the end of the current hour. */
function periodSoFar(periodStart: string): { from: string; to: string } {
  const from = new Date(periodStart).getTime();
  const to = Math.max(Math.ceil(Date.now() / HOUR_MS) * HOUR_MS, from + HOUR_MS);
  return { from: new Date(from).toISOString(), to: new Date(to).toISOString() };
}

/**
 * The period's costliest models, API keys (by name) or agents, from the usage explorer (rollups only); amounts are
 * rounded so the rows add up to the period's total.
 */
export function PeriodTopUsage({
  tenantId,
  periodStart,
  groupBy,
  title,
}: {
  tenantId: string;
  periodStart: string;
  groupBy: "model" | "api_key" | "agent";
  title: string;
}): ReactNode {
  const trpc = useTRPC();
  const range = useMemo(() => periodSoFar(periodStart), [periodStart]);
  const top = useQuery(
    trpc.usageReads.explore.queryOptions(
      { tenant_id: tenantId, ...range, granularity: "day", group_by: groupBy, max_groups: TOP },
      { refetchInterval: 30_000 },
    ),
  );
  const testId = `top-${groupBy.replace("_", "-")}s`;

  return (
    <Card data-testid={testId}>
      <Heading as="h3" size="3" mb="2">
        {title}
      </Heading>
      {top.isPending ? (
        <Loading label={`Loading ${title.toLowerCase()}…`} />
      ) : top.isError ? (
        <ErrorState error={top.error} onRetry={() => void top.refetch()} />
      ) : top.data.groups.length === 0 ? (
        <Text size="2" color="gray">
          No usage this period yet.
        </Text>
      ) : (
        <Flex asChild direction="column" gap="2">
          <ol className="plain-list">
            {top.data.groups.map((group) => (
              <Flex asChild key={`${group.kind}:${group.key ?? ""}`} justify="between" gap="3">
                <li>
                  <Text size="2" className="truncate" color={group.kind === "value" ? undefined : "gray"}>
                    {group.label}
                  </Text>
                  <Text size="2" weight="medium" className="nowrap">
                    {formatMoney(group.totals.rounded_amount ?? group.totals.amount ?? "0", top.data.currency)}
                  </Text>
                </li>
              </Flex>
            ))}
          </ol>
        </Flex>
      )}
    </Card>
  );
}
