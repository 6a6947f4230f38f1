import { Card, Flex, Heading, Text } from "@radix-ui/themes";
import { useQuery } from "@tanstack/react-query";
import { Link } from "@tanstack/react-router";
import type { ReactNode } from "react";
import { alertKindLabel } from "../lib/alert-labels.ts";
import { useTRPC } from "../lib/trpc.ts";
import { ErrorState, Loading } from "./async-state.tsx";
import { DateTime } from "./date-time.tsx";

const RECENT = 3;

/** The tenant's newest alerts on the overview, with the way to all of them. */
export function RecentAlerts({ tenantId }: { tenantId: string }): ReactNode {
  const trpc = useTRPC();
  const alerts = useQuery(
    trpc.alerts.list.queryOptions({ tenant_id: tenantId, limit: RECENT.toString() }, { refetchInterval: 30_000 }),
  );

  return (
    <Card data-testid="recent-alerts">
      <Flex align="center" justify="between" gap="2" mb="2">
        <Heading as="h3" size="3">
          Recent alerts
        </Heading>
        <Link to="/alerts" data-testid="all-alerts-link">
          <Text size="2">All alerts</Text>
        </Link>
      </Flex>
      {alerts.isPending ? (
        <Loading label="Loading alerts…" />
      ) : alerts.isError ? (
        <ErrorState error={alerts.error} onRetry={() => void alerts.refetch()} />
      ) : alerts.data.alerts.length === 0 ? (
        <Text size="2" color="gray">
          No alerts.
        </Text>
      ) : (
        <Flex asChild direction="column" gap="3">
          <ul className="plain-list">
            {alerts.data.alerts.map((alert) => (
              <Flex asChild key={alert.id} direction="column" gap="1">
                <li>
                  <Text size="2" weight={alert.read_at === null ? "bold" : "regular"}>
                    {alert.title}
                  </Text>
                  <Text size="1" color="gray">
                    {alertKindLabel(alert.kind)} · <DateTime iso={alert.created_at} />
                  </Text>
                </li>
              </Flex>
            ))}
          </ul>
        </Flex>
      )}
    </Card>
  );
}
