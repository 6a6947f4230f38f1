import { Badge, Card, Flex, Grid, Text } from "@radix-ui/themes";
import type { ReactNode } from "react";
import { formatCount, queueLabel, type QueueView } from "../lib/pipeline-views.ts";

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
                {queue.counts.failed > 0 && (
                  <Badge color="red" highContrast>
                    {formatCount(queue.counts.failed)} failed
                  </Badge>
                )}
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
