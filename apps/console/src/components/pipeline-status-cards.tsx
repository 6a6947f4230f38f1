import { Card, Flex, Grid, Text } from "@radix-ui/themes";
import type { ReactNode } from "react";
import { formatCount, formatDuration, type PipelineHealth } from "../lib/pipeline-views.ts";
import { DateTime } from "./date-time.tsx";

function StatusCard({ title, children, testId }: { title: string; children: ReactNode; testId: string }): ReactNode {
  return (
    <Card data-testid={testId}>
      <Flex direction="column" gap="1">
        <Text size="2" color="gray">
          {title}
        </Text>
        {children}
      </Flex>
    </Card>
  );
}

/** A section's value, or why it is missing (its store is unreachable). */
function Unavailable({ error }: { error: string | null }): ReactNode {
  return (
    <Text color="red" size="2" className="break-anywhere">
      {error ?? "unavailable"}
    </Text>
  );
}

/** Ingest→ledger lag, unrated events and the rating sweep, each read on its own. */
export function PipelineStatusCards({ health }: { health: PipelineHealth }): ReactNode {
  const { lag, unrated, rating_sweep: sweep } = health;
  return (
    <Grid columns={{ initial: "1", sm: "3" }} gap="3">
      <StatusCard title="Ingest → ledger lag (last 5 min)" testId="lag-card">
        {lag.value === null ? (
          <Unavailable error={lag.error} />
        ) : (
          <>
            {lag.value.p50_ms === null || lag.value.p99_ms === null ? (
              <Text size="5" weight="bold" color="gray">
                No recent events
              </Text>
            ) : (
              <Text size="5" weight="bold">
                {formatDuration(lag.value.p50_ms)}
                <Text size="2" color="gray" weight="regular">
                  {" "}
                  p50 · p99 {formatDuration(lag.value.p99_ms)}
                </Text>
              </Text>
            )}
            <Text size="1" color="gray">
              {lag.value.events === 0
                ? "No events recorded in the last 5 minutes."
                : `Over ${formatCount(lag.value.events)} recent events.`}{" "}
              Oldest waiting usage job:{" "}
              {lag.value.oldest_waiting_usage_job_age_ms === null
                ? "none"
                : formatDuration(lag.value.oldest_waiting_usage_job_age_ms)}
              .
            </Text>
          </>
        )}
      </StatusCard>
      <StatusCard title="Unrated events" testId="unrated-card">
        {unrated.value === null ? (
          <Unavailable error={unrated.error} />
        ) : (
          <>
            <Text size="5" weight="bold" color={unrated.value.count > 0 ? "amber" : undefined}>
              {unrated.value.capped ? "more than " : ""}
              {formatCount(unrated.value.count)}
            </Text>
            <Text size="1" color="gray">
              Stored without a price; the rating sweep rates them once their model has one.
            </Text>
          </>
        )}
      </StatusCard>
      <StatusCard title="Rating sweep" testId="rating-sweep-card">
        {sweep.value === null ? (
          <Unavailable error={sweep.error} />
        ) : (
          <>
            <Text size="5" weight="bold" color={sweep.value.last_run?.outcome === "failed" ? "red" : undefined}>
              {sweep.value.running > 0
                ? "Running"
                : sweep.value.last_run === null
                  ? "Not run yet"
                  : sweep.value.last_run.outcome === "failed"
                    ? "Last run failed"
                    : "Idle"}
            </Text>
            <Text size="1" color="gray">
              Last run: <DateTime iso={sweep.value.last_run?.finished_at ?? null} />
              {sweep.value.last_run && ` (${sweep.value.last_run.reason})`}. Next scheduled:{" "}
              <DateTime iso={sweep.value.next_run_at} />. {formatCount(sweep.value.waiting)} waiting to run.
            </Text>
            {sweep.value.last_run?.failed_reason && (
              <Text size="1" color="red" className="break-anywhere">
                {sweep.value.last_run.failed_reason}
              </Text>
            )}
          </>
        )}
      </StatusCard>
    </Grid>
  );
}
