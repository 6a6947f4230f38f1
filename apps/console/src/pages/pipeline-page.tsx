import { Flex, Heading, Text } from "@radix-ui/themes";
import { useQuery } from "@tanstack/react-query";
import { useNavigate, useSearch } from "@tanstack/react-router";
import type { ReactNode } from "react";
import { ErrorState, Loading } from "../components/async-state.tsx";
import { DateTime } from "../components/date-time.tsx";
import { FailedJobQueueSelect } from "../components/failed-job-queue-select.tsx";
import { FailedJobsTable } from "../components/failed-jobs-table.tsx";
import { OperatorsOnly } from "../components/operators-only.tsx";
import { PageHeader } from "../components/page-header.tsx";
import { PipelineQueueCards } from "../components/pipeline-queue-cards.tsx";
import { PipelineStatusCards } from "../components/pipeline-status-cards.tsx";
import { ReachabilityBadge } from "../components/reachability-badge.tsx";
import { ReconciliationRunsTable } from "../components/reconciliation-runs-table.tsx";
import { PIPELINE_REFRESH_MS, type PipelineHealth } from "../lib/pipeline-views.ts";
import { useSignedInUser } from "../lib/signed-in-user.ts";
import { useTRPC } from "../lib/trpc.ts";

function Section(props: { title: string; id?: string; action?: ReactNode; children: ReactNode }): ReactNode {
  const { title, action, children } = props;
  return (
    <Flex direction="column" gap="2" asChild>
      <section aria-label={title} id={props.id}>
        <Flex align="center" justify="between" wrap="wrap" gap="3">
          <Heading as="h2" size="4">
            {title}
          </Heading>
          {action}
        </Flex>
        {children}
      </section>
    </Flex>
  );
}

/** A section that Redis or Postgres could not answer: why, instead of its content. */
function Unreachable({ error }: { error: string | null }): ReactNode {
  return <ErrorState message={error ?? "This part of the pipeline did not answer."} />;
}

/** `/admin/pipeline`: queues, lag, the rating sweep, failed jobs and reconciliation, refreshed every 5 seconds. */
export function PipelinePage(): ReactNode {
  const user = useSignedInUser();
  if (user.role !== "operator") return <OperatorsOnly />;
  return <PipelineHealthView />;
}

function PipelineHealthView(): ReactNode {
  const trpc = useTRPC();
  const { queue = "usage" } = useSearch({ from: "/signed-in/admin/pipeline" });
  const navigate = useNavigate({ from: "/admin/pipeline" });
  const health = useQuery({
    ...trpc.pipelineHealth.get.queryOptions({}),
    refetchInterval: PIPELINE_REFRESH_MS,
  });
  return (
    <Flex direction="column" gap="5">
      <PageHeader
        title="Pipeline"
        description={
          <>
            Queues, ingest→ledger lag, the rating sweep, failed jobs and reconciliation, refreshed every 5 seconds.{" "}
            {health.dataUpdatedAt > 0 && (
              <span data-testid="pipeline-updated">
                Updated <DateTime iso={new Date(health.dataUpdatedAt).toISOString()} />
                {health.isRefetchError && " (the last refresh failed)"}.
              </span>
            )}
          </>
        }
      >
        {health.data && (
          <>
            <ReachabilityBadge name="Redis" reach={health.data.redis} />
            <ReachabilityBadge name="Postgres" reach={health.data.postgres} />
          </>
        )}
      </PageHeader>
      {health.isPending ? (
        <Loading label="Reading the pipeline…" />
      ) : health.isError ? (
        <ErrorState error={health.error} onRetry={() => void health.refetch()} />
      ) : (
        <HealthSections health={health.data} />
      )}
      <Section
        title="Failed jobs"
        id="failed-jobs"
        action={
          <FailedJobQueueSelect
            queue={queue}
            queues={health.data?.queues.value ?? null}
            onChange={(next) => {
              // Usage, the default, keeps the plain URL.
              void navigate({ search: (prev) => ({ ...prev, queue: next === "usage" ? undefined : next }) });
            }}
          />
        }
      >
        <Text size="1" color="gray">
          Jobs that failed all their attempts, per queue: replay them once the cause is fixed, or discard them.
        </Text>
        <FailedJobsTable queue={queue} />
      </Section>
    </Flex>
  );
}

function HealthSections({ health }: { health: PipelineHealth }): ReactNode {
  return (
    <>
      <Section title="Queues">
        {health.queues.value === null ? (
          <Unreachable error={health.queues.error} />
        ) : (
          <PipelineQueueCards queues={health.queues.value} />
        )}
        <Text size="1" color="gray">
          Completed jobs are counted by finish time among the jobs BullMQ keeps; “≥” where it kept fewer than finished.
        </Text>
      </Section>
      <PipelineStatusCards health={health} />
      <Section title="Reconciliation runs">
        {health.reconciliation_runs.value === null ? (
          <Unreachable error={health.reconciliation_runs.error} />
        ) : (
          <ReconciliationRunsTable runs={health.reconciliation_runs.value} />
        )}
      </Section>
    </>
  );
}
