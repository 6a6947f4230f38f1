import { Badge, Card, Code, DataList, Flex, Heading, Link as RadixLink, Text } from "@radix-ui/themes";
import { useQuery } from "@tanstack/react-query";
import { Link, useParams, useSearch } from "@tanstack/react-router";
import { useMemo, type ReactNode } from "react";
import { Empty, ErrorState, Loading } from "../components/async-state.tsx";
import { columnsFor, DataTable } from "../components/data-table.tsx";
import { DateTime } from "../components/date-time.tsx";
import { PageHeader } from "../components/page-header.tsx";
import { PickTenantFirst } from "../components/pick-tenant-first.tsx";
import { TaskModelChart } from "../components/task-model-chart.tsx";
import { formatMoney, formatTokens } from "../lib/format.ts";
import type { TasksSearch } from "../lib/search-params.ts";
import {
  amountsByModel,
  formatDuration,
  formatMonth,
  utcMonth,
  type TaskDetailView,
  type TaskLineView,
} from "../lib/task-views.ts";
import { useTenantScope } from "../lib/tenant-scope.ts";
import { TOKEN_LABELS } from "../lib/token-labels.ts";
import { isApiNotFound } from "../lib/api-not-found.ts";
import { useTRPC } from "../lib/trpc.ts";

const col = columnsFor<TaskLineView>();

function lineColumns(currency: string) {
  return col.columns([
    col.accessor("model", {
      header: "Model",
      sortFn: "alphanumeric",
      cell: (info) => (
        <Code variant="ghost" className="task-id">
          {info.getValue()}
        </Code>
      ),
    }),
    col.accessor("token_type", {
      header: "Type",
      sortFn: "text",
      cell: (info) => {
        const type = info.getValue();
        return type === null ? "Request fees and adjustments" : TOKEN_LABELS[type];
      },
    }),
    col.accessor("tokens", {
      header: "Tokens",
      sortFn: "decimal",
      meta: { numeric: true, secondary: true },
      cell: (info) => (info.row.original.token_type === null ? "—" : formatTokens(info.getValue())),
    }),
    // Rounded by the server so the lines add up to the task's total exactly.
    col.accessor("rounded_amount", {
      header: "Amount",
      sortFn: "decimal",
      meta: { numeric: true },
      cell: (info) => formatMoney(info.getValue(), currency),
    }),
  ]);
}

/** `/tasks/$taskId?month=`: one agent task's month by model and token type. */
export function TaskPage(): ReactNode {
  const scope = useTenantScope();
  const { taskId } = useParams({ from: "/signed-in/tasks/$taskId" });
  const search = useSearch({ from: "/signed-in/tasks/$taskId" });
  const month = search.month ?? utcMonth(new Date());
  return (
    <Flex direction="column" gap="4">
      <RadixLink asChild size="2">
        <Link to="/tasks" search={search} data-testid="tasks-back">
          ← All agent tasks
        </Link>
      </RadixLink>
      {/* The heading shows while loading and for an unknown task too: the page always says what it is. */}
      <PageHeader title={`Task ${taskId}`} description={`${formatMonth(month)} (UTC)`} />
      {scope.tenantId === undefined ? (
        <PickTenantFirst />
      ) : (
        <TaskBreakdown tenantId={scope.tenantId} taskId={taskId} search={search} />
      )}
    </Flex>
  );
}

function TaskBreakdown({
  tenantId,
  taskId,
  search,
}: {
  tenantId: string;
  taskId: string;
  search: TasksSearch;
}): ReactNode {
  const trpc = useTRPC();
  const month = search.month ?? utcMonth(new Date());
  const task = useQuery(
    trpc.tasks.get.queryOptions(
      { tenant_id: tenantId, task_id: taskId, month },
      // An unknown task stays unknown: no retries.
      { retry: (count, error) => !isApiNotFound(error) && count < 3 },
    ),
  );
  if (task.isPending) return <Loading label="Loading the task…" />;
  if (task.isError) {
    if (isApiNotFound(task.error)) {
      return (
        <Empty title="No such task this month.">
          No usage event with task_id <code className="task-id">{taskId}</code> was recorded in {formatMonth(month)}{" "}
          (UTC). A task that ran in another month is listed under that month.
        </Empty>
      );
    }
    return <ErrorState error={task.error} onRetry={() => void task.refetch()} />;
  }
  return <TaskDetail task={task.data} />;
}

function TaskDetail({ task }: { task: TaskDetailView }): ReactNode {
  const columns = useMemo(() => lineColumns(task.currency), [task.currency]);
  const models = useMemo(() => amountsByModel(task.lines), [task.lines]);
  return (
    <Flex direction="column" gap="4">
      <Card>
        <DataList.Root orientation={{ initial: "vertical", sm: "horizontal" }} data-testid="task-summary">
          <DataList.Item>
            <DataList.Label>Amount</DataList.Label>
            <DataList.Value>
              <Text weight="bold" data-testid="task-total">
                {formatMoney(task.rounded_amount, task.currency)}
              </Text>
            </DataList.Value>
          </DataList.Item>
          <DataList.Item>
            <DataList.Label>Agent</DataList.Label>
            <DataList.Value>{task.agent ?? "—"}</DataList.Value>
          </DataList.Item>
          <DataList.Item>
            <DataList.Label>Events</DataList.Label>
            <DataList.Value>{formatTokens(task.event_count)}</DataList.Value>
          </DataList.Item>
          {task.unrated_event_count !== "0" && (
            <DataList.Item>
              <DataList.Label>Unrated</DataList.Label>
              <DataList.Value>
                <Badge highContrast color="amber">
                  {formatTokens(task.unrated_event_count)} unrated events
                </Badge>
              </DataList.Value>
            </DataList.Item>
          )}
          <DataList.Item>
            <DataList.Label>Tokens</DataList.Label>
            <DataList.Value>{formatTokens(task.total_tokens)}</DataList.Value>
          </DataList.Item>
          <DataList.Item>
            <DataList.Label>First seen</DataList.Label>
            <DataList.Value>
              <DateTime iso={task.first_seen_at} />
            </DataList.Value>
          </DataList.Item>
          <DataList.Item>
            <DataList.Label>Last seen</DataList.Label>
            <DataList.Value>
              <DateTime iso={task.last_seen_at} />
            </DataList.Value>
          </DataList.Item>
          <DataList.Item>
            <DataList.Label>Duration</DataList.Label>
            <DataList.Value>{formatDuration(task.first_seen_at, task.last_seen_at)}</DataList.Value>
          </DataList.Item>
        </DataList.Root>
      </Card>
      <Card>
        <Heading as="h2" size="3" mb="2">
          Amount by model
        </Heading>
        <TaskModelChart models={models} currency={task.currency} />
      </Card>
      <Heading as="h2" size="4">
        By model and token type
      </Heading>
      <DataTable
        data={task.lines}
        columns={columns}
        label="Task cost by model and token type"
        getRowId={(line) => `${line.model}:${line.token_type ?? "fees"}`}
        testId="task-lines"
      />
    </Flex>
  );
}
