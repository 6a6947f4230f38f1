import { Button, Card, Flex, Heading, Text } from "@radix-ui/themes";
import { useQuery } from "@tanstack/react-query";
import { Link } from "@tanstack/react-router";
import { useMemo, type ReactNode } from "react";
import { formatMoney } from "../lib/format.ts";
import { formatMonth, utcMonth, type TaskSummaryView } from "../lib/task-views.ts";
import { useTRPC } from "../lib/trpc.ts";
import { ErrorState } from "./async-state.tsx";
import { columnsFor, DataTable } from "./data-table.tsx";

const TOP = 5;
const col = columnsFor<TaskSummaryView>();

function columns(currency: string) {
  return col.columns([
    col.accessor("task_id", {
      header: "Task",
      enableSorting: false,
      cell: (info) => (
        <Link to="/tasks/$taskId" params={{ taskId: info.getValue() }} className="task-id" data-testid="top-task-link">
          {info.getValue()}
        </Link>
      ),
    }),
    col.accessor("agent", {
      header: "Agent",
      enableSorting: false,
      meta: { secondary: true },
      cell: (info) => info.getValue() ?? <Text color="gray">—</Text>,
    }),
    col.accessor("rounded_amount", {
      header: "Amount",
      enableSorting: false,
      meta: { numeric: true },
      cell: (info) => formatMoney(info.getValue(), currency),
    }),
  ]);
}

/** The overview's five costliest agent tasks of this UTC month; nothing at all for a tenant without tasks. */
export function TopTasksCard({ tenantId }: { tenantId: string }): ReactNode {
  const trpc = useTRPC();
  const month = utcMonth(new Date());
  const top = useQuery(trpc.tasks.list.queryOptions({ tenant_id: tenantId, month, limit: TOP }));
  const currency = top.data?.currency ?? "USD";
  const tableColumns = useMemo(() => columns(currency), [currency]);
  if (top.isError)
    return (
      <ErrorState message="Could not load the top agent tasks." error={top.error} onRetry={() => void top.refetch()} />
    );
  if (!top.data || top.data.tasks.length === 0) return null;
  return (
    <Card data-testid="top-tasks">
      <Flex align="center" justify="between" wrap="wrap" gap="2" mb="2">
        <Flex direction="column">
          <Heading as="h3" size="3">
            Top agent tasks
          </Heading>
          <Text size="1" color="gray">
            {formatMonth(month)} (UTC), by amount
          </Text>
        </Flex>
        <Button asChild variant="soft" size="1">
          <Link to="/tasks">All agent tasks</Link>
        </Button>
      </Flex>
      <DataTable
        data={top.data.tasks}
        columns={tableColumns}
        label="Top agent tasks"
        getRowId={(task) => task.task_id}
        testId="top-tasks-table"
      />
    </Card>
  );
}
