import { Badge, Card, Flex, Grid, Text } from "@radix-ui/themes";
import { Link } from "@tanstack/react-router";
import type { ReactNode } from "react";
import { isFailedJobQueue } from "../lib/failed-job-queues.ts";
import { formatCount, queueLabel, type QueueView } from "../lib/pipeline-views.ts";

/** A queue's failed count; a link to its failed jobs (the table below, `?queue=`) when the console knows the queue. */
function FailedBadge({ queue }: { queue: QueueView }): ReactNode {
  const badge = (
    <Badge color="red" highContrast>
      {formatCount(queue.counts.failed)} failed
    </Badge>
  );
  const { key } = queue;
  if (!isFailedJobQueue(key)) return badge;
  return (
    <Link
      to="/admin/pipeline"
      search={(prev) => ({ ...prev, queue: key === "usage" ? undefined : key })}
      hash="failed-jobs"
      aria-label={`${formatCount(queue.counts.failed)} failed: list them`}
      data-testid={`queue-failed-link-${key}`}
    >
      {badge}
    </Link>
  );
}

function Count({ label, value, alert = false }: { label: string; value: number; alert?: boolean }): ReactNode {
  return (
    <Flex direction="column">
      <Text size="1" color="gray">
        {label}
      </Text>
      <Text weight="bold" color={alert && value > 0 ? "red" : undefined}>
        {formatCount(value)}
      </Text>
    </Flex>
  );
}

/** One card per catalog queue: its depth by state and the jobs it completed in the last minute and five. */
export function PipelineQueueCards({ queues }: { queues: QueueView[] }): ReactNode {
  return (
    <Grid columns={{ initial: "1", xs: "2", lg: "3" }} gap="3" data-testid="queue-cards">
      {queues.map((queue) => {
        const atLeast = queue.throughput.lower_bound ? "≥ " : "";
        return (
          <Card key={queue.key} data-testid={`queue-card-${queue.key}`}>
            <Flex direction="column" gap="2">
              <Flex justify="between" align="center" gap="2" wrap="wrap">
                <Text weight="medium">{queueLabel(queue)}</Text>
                {queue.counts.failed > 0 && <FailedBadge queue={queue} />}
              </Flex>
              <Grid columns="4" gap="2">
                <Count label="Waiting" value={queue.counts.waiting} />
                <Count label="Active" value={queue.counts.active} />
                <Count label="Delayed" value={queue.counts.delayed} />
                <Count label="Failed" value={queue.counts.failed} alert />
              </Grid>
              <Text size="1" color="gray" data-testid={`queue-throughput-${queue.key}`}>
                Completed: {atLeast}
                {formatCount(queue.throughput.last_minute)} in the last minute, {atLeast}
                {formatCount(queue.throughput.last_5_minutes)} in 5 min
              </Text>
            </Flex>
          </Card>
        );
      })}
    </Grid>
  );
}
