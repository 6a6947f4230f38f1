import { Flex, Text } from "@radix-ui/themes";
import { useQuery } from "@tanstack/react-query";
import { useMemo, type ReactNode } from "react";
import { queueTexts, type FailedJobQueue } from "../lib/failed-job-queues.ts";
import { formatCount, PIPELINE_REFRESH_MS, type FailedJob } from "../lib/pipeline-views.ts";
import { useTRPC } from "../lib/trpc.ts";
import { Empty, ErrorState, Loading } from "./async-state.tsx";
import { columnsFor, DataTable } from "./data-table.tsx";
import { DateTime } from "./date-time.tsx";
import { FailedJobActions, FailedJobsBulkActions } from "./failed-job-actions.tsx";

const col = columnsFor<FailedJob>();

function countOf(count: number, one: string, many: string): string {
  return `${formatCount(count)} ${count === 1 ? one : many}`;
}

/** A usage job's events and tenants; another queue's job names at most its tenant (scans name none). */
function scope(job: FailedJob, queue: FailedJobQueue): string {
  const tenants = countOf(job.tenant_ids.length, "tenant", "tenants");
  if (queue === "usage") return `${job.event_count === null ? "?" : formatCount(job.event_count)} (${tenants})`;
  return job.tenant_ids.length === 0 ? "—" : tenants;
}

// Newest failure first, as the server lists them.
const failedJobColumns = (queue: FailedJobQueue) =>
  col.columns([
    col.accessor("failed_reason", {
      header: "Job and error",
      enableSorting: false,
      cell: (info) => (
        <Flex direction="column" gap="1" className="failed-job-cell">
          <Text size="1" color="gray" className="break-anywhere" data-testid="failed-job-id">
            {info.row.original.id}
          </Text>
          <Text size="2" className="break-anywhere">
            {info.getValue() || "no reason recorded"}
          </Text>
        </Flex>
      ),
    }),
    col.accessor("attempts_made", {
      header: "Attempts",
      enableSorting: false,
      meta: { numeric: true },
      cell: (info) => formatCount(info.getValue()),
    }),
    col.accessor("event_count", {
      header: queue === "usage" ? "Events" : "Tenants",
      enableSorting: false,
      meta: { numeric: true, secondary: true },
      cell: (info) => scope(info.row.original, queue),
    }),
    col.accessor("failed_at", {
      header: "Failed",
      enableSorting: false,
      meta: { secondary: true },
      cell: (info) => <DateTime iso={info.getValue()} />,
    }),
    col.display({
      id: "actions",
      header: () => <span className="sr-only">Actions</span>,
      cell: (info) => <FailedJobActions queue={queue} jobId={info.row.original.id} />,
    }),
  ]);

/** A queue's jobs that failed all their attempts: the newest 20, with replay and discard. */
export function FailedJobsTable({ queue }: { queue: FailedJobQueue }): ReactNode {
  const trpc = useTRPC();
  const failed = useQuery({
    ...trpc.failedJobs.list.queryOptions({ queue }),
    refetchInterval: PIPELINE_REFRESH_MS,
  });
  const columns = useMemo(() => failedJobColumns(queue), [queue]);
  const { label } = queueTexts(queue);
  if (failed.isPending) return <Loading label="Loading failed jobs…" />;
  if (failed.isError) return <ErrorState error={failed.error} onRetry={() => void failed.refetch()} />;
  const { jobs, total } = failed.data;
  if (jobs.length === 0) {
    return (
      <Empty title={`No failed jobs in ${label}.`}>Jobs that fail all their attempts wait here for a replay.</Empty>
    );
  }
  return (
    <Flex direction="column" gap="2">
      <Flex justify="between" align="center" gap="2" wrap="wrap">
        <Text size="2" color="gray" data-testid="failed-total">
          {total > jobs.length
            ? `The newest ${formatCount(jobs.length)} of ${formatCount(total)} failed jobs.`
            : `${formatCount(total)} failed ${total === 1 ? "job" : "jobs"}.`}
        </Text>
        <FailedJobsBulkActions queue={queue} total={total} />
      </Flex>
      <DataTable
        data={jobs}
        columns={columns}
        label={`Failed jobs: ${label}`}
        getRowId={(job) => job.id}
        testId="failed-jobs"
      />
    </Flex>
  );
}
