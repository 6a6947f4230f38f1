import { Select } from "@radix-ui/themes";
import type { ReactNode } from "react";
import { FAILED_JOB_QUEUES, queueTexts, type FailedJobQueue } from "../lib/failed-job-queues.ts";
import { formatCount, type QueueView } from "../lib/pipeline-views.ts";

/**
 * Whose failed jobs the table lists: every catalog queue, each with its failed count when the pipeline read answered
 * (so an operator sees at once which queue has any). A select: eight queues do not fit a phone's width side by side.
 */
export function FailedJobQueueSelect(props: {
  queue: FailedJobQueue;
  onChange: (queue: FailedJobQueue) => void;
  queues: QueueView[] | null;
}): ReactNode {
  const failed = new Map(props.queues?.map((queue) => [queue.key, queue.counts.failed]));
  return (
    <Select.Root
      value={props.queue}
      onValueChange={(value) => {
        const next = FAILED_JOB_QUEUES.find((queue) => queue === value);
        if (next) props.onChange(next);
      }}
      size="2"
    >
      <Select.Trigger aria-label="Queue" data-testid="failed-jobs-queue" />
      <Select.Content>
        {FAILED_JOB_QUEUES.map((queue) => {
          const count = failed.get(queue) ?? 0;
          return (
            <Select.Item key={queue} value={queue}>
              {queueTexts(queue).label}
              {count > 0 && ` (${formatCount(count)} failed)`}
            </Select.Item>
          );
        })}
      </Select.Content>
    </Select.Root>
  );
}
