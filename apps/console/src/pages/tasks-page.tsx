import { Badge, Button, Code, Flex, Select, Text } from "@radix-ui/themes";
import { keepPreviousData, useInfiniteQuery } from "@tanstack/react-query";
import { Link, useNavigate, useSearch } from "@tanstack/react-router";
import { useCallback, useMemo, type ReactNode } from "react";
import { Empty, ErrorState, Loading } from "../components/async-state.tsx";
import { columnsFor, DataTable } from "../components/data-table.tsx";
import { DateTime } from "../components/date-time.tsx";
import { PageHeader } from "../components/page-header.tsx";
import { PickTenantFirst } from "../components/pick-tenant-first.tsx";
import { TaskIdSearch } from "../components/task-id-search.tsx";
import { TokenMixBar } from "../components/token-mix-bar.tsx";
import { formatMoney, formatTokens } from "../lib/format.ts";
import { TASK_SORTS, type TasksSearch } from "../lib/search-params.ts";
import { formatDuration, formatMonth, monthChoices, utcMonth, type TaskSummaryView } from "../lib/task-views.ts";
import { useTenantScope } from "../lib/tenant-scope.ts";
import { useTRPC, useTRPCClient } from "../lib/trpc.ts";

const SORT_LABELS: Record<(typeof TASK_SORTS)[number], string> = {
  amount: "Amount",
  tokens: "Tokens",
  events: "Events",
  last_seen: "Last seen",
};
const ALL_AGENTS = "__all";
const MONTHS_BACK = 13;
/** Models shown as chips in a row; more are counted. */
const MODEL_CHIPS = 2;

const col = columnsFor<TaskSummaryView>();

/** The server orders the rows (sort in the URL); the table does not re-sort a partial list. */
function taskColumns(search: TasksSearch, currency: string) {
  return col.columns([
    col.accessor("task_id", {
      header: "Task",
      enableSorting: false,
      cell: (info) => (
        <>
          <Link
            to="/tasks/$taskId"
            params={{ taskId: info.getValue() }}
            search={search}
            className="task-id task-id-cell"
            data-testid="task-link"
          >
            {info.getValue()}
          </Link>
          {/* Stands in for the agent and token columns, hidden on phones. */}
          <Text as="div" size="1" color="gray" className="phone-only">
            {info.row.original.agent ?? "No agent"} · {formatTokens(info.row.original.total_tokens)} tokens
          </Text>
        </>
      ),
    }),
    col.accessor("agent", {
      header: "Agent",
      enableSorting: false,
      meta: { secondary: true },
      cell: (info) => info.getValue() ?? <Text color="gray">—</Text>,
    }),
    col.accessor("models", {
      header: "Models",
      enableSorting: false,
      meta: { secondary: true },
      cell: (info) => <ModelChips models={info.getValue()} />,
    }),
    col.accessor("event_count", {
      header: "Events",
      enableSorting: false,
      meta: { numeric: true, secondary: true },
      cell: (info) => formatTokens(info.getValue()),
    }),
    col.accessor("tokens", {
      header: "Token mix",
      enableSorting: false,
      meta: { secondary: true },
      cell: (info) => (
        <Flex direction="column" gap="1">
          <Text size="2">{formatTokens(info.row.original.total_tokens)}</Text>
          <TokenMixBar tokens={info.getValue()} />
        </Flex>
      ),
    }),
    col.accessor("rounded_amount", {
      header: "Amount",
      enableSorting: false,
      meta: { numeric: true },
      cell: (info) => formatMoney(info.getValue(), currency),
    }),
    // How long it ran instead of a second date and time: the table keeps room for the task ids and models on
    // laptops, and the task's page has both instants.
    col.accessor("first_seen_at", {
      header: "Ran for",
      enableSorting: false,
      meta: { secondary: true },
      cell: (info) => <span className="nowrap">{formatDuration(info.getValue(), info.row.original.last_seen_at)}</span>,
    }),
    col.accessor("last_seen_at", {
      header: "Last seen",
      enableSorting: false,
      meta: { secondary: true },
      cell: (info) => <DateTime iso={info.getValue()} />,
    }),
  ]);
}

function ModelChips({ models }: { models: string[] }): ReactNode {
  const more = models.length - MODEL_CHIPS;
  return (
    <Flex gap="1" wrap="wrap" align="center">
      {models.slice(0, MODEL_CHIPS).map((model) => (
        <Code key={model} variant="soft" size="1" className="task-id">
          {model}
        </Code>
      ))}
      {more > 0 && (
        <Badge color="gray" title={models.slice(MODEL_CHIPS).join(", ")}>
          +{more.toString()}
        </Badge>
      )}
    </Flex>
  );
}

/** `/tasks`: the month's agent tasks (events' task_id) by cost or volume, filtered by agent and id, all in the URL. */
export function TasksPage(): ReactNode {
  const scope = useTenantScope();
  const search = useSearch({ from: "/signed-in/tasks" });
  const navigate = useNavigate({ from: "/tasks" });
  const month = search.month ?? utcMonth(new Date());
  const setSearch = useCallback(
    (patch: Partial<TasksSearch>) => {
      void navigate({ search: (prev) => ({ ...prev, ...patch }) });
    },
    [navigate],
  );
  const onSearchText = useCallback(
    (text: string) => {
      // Replaces the entry: the pause-typed steps of one search are not pages to go Back through.
      void navigate({ search: (prev) => ({ ...prev, q: text === "" ? undefined : text }), replace: true });
    },
    [navigate],
  );

  return (
    <Flex direction="column" gap="4">
      <PageHeader
        title="Agent tasks"
        description="What each agent task cost, from the task_id of its usage events, per UTC month."
      />
      <Flex gap="3" wrap="wrap" align="center">
        <Select.Root
          size="2"
          value={month}
          onValueChange={(value) => {
            setSearch({ month: value === utcMonth(new Date()) ? undefined : value });
          }}
        >
          <Select.Trigger aria-label="Month" data-testid="task-month" />
          <Select.Content>
            {monthChoices(new Date(), MONTHS_BACK, month).map((choice) => (
              <Select.Item key={choice} value={choice}>
                {formatMonth(choice)}
              </Select.Item>
            ))}
          </Select.Content>
        </Select.Root>
        <Select.Root
          size="2"
          value={search.sort ?? "amount"}
          onValueChange={(value) => {
            const next = TASK_SORTS.find((sort) => sort === value);
            setSearch({ sort: next === "amount" ? undefined : next });
          }}
        >
          <Select.Trigger aria-label="Sort by" data-testid="task-sort" />
          <Select.Content>
            {TASK_SORTS.map((sort) => (
              <Select.Item key={sort} value={sort}>
                By {SORT_LABELS[sort].toLowerCase()}
              </Select.Item>
            ))}
          </Select.Content>
        </Select.Root>
        {scope.tenantId !== undefined && (
          <AgentFilter tenantId={scope.tenantId} month={month} agent={search.agent} onChange={setSearch} />
        )}
        <TaskIdSearch value={search.q ?? ""} onChange={onSearchText} />
      </Flex>
      {scope.tenantId === undefined ? (
        <PickTenantFirst />
      ) : (
        <TaskList tenantId={scope.tenantId} month={month} search={search} />
      )}
    </Flex>
  );
}

/** The month's agents come with the first page (whatever the filters), so this reads the same cached query. */
function AgentFilter({
  tenantId,
  month,
  agent,
  onChange,
}: {
  tenantId: string;
  month: string;
  agent: string | undefined;
  onChange: (patch: Partial<TasksSearch>) => void;
}): ReactNode {
  const pages = useTaskPages(tenantId, month, {});
  const agents = pages.data?.pages[0]?.agents ?? [];
  // An agent from a shared URL stays selectable even when this month has none of its tasks.
  const choices = agent !== undefined && !agents.includes(agent) ? [agent, ...agents] : agents;
  return (
    <Select.Root
      size="2"
      value={agent ?? ALL_AGENTS}
      onValueChange={(value) => {
        onChange({ agent: value === ALL_AGENTS ? undefined : value });
      }}
    >
      <Select.Trigger aria-label="Agent" data-testid="task-agent" />
      <Select.Content>
        <Select.Item value={ALL_AGENTS}>All agents</Select.Item>
        {choices.map((choice) => (
          <Select.Item key={choice} value={choice}>
            {choice}
          </Select.Item>
        ))}
      </Select.Content>
    </Select.Root>
  );
}

function useTaskPages(tenantId: string, month: string, search: TasksSearch) {
  const trpc = useTRPC();
  const client = useTRPCClient();
  const input = { tenant_id: tenantId, month, sort: search.sort, agent: search.agent, task_id_prefix: search.q };
  // Pages by the operation's own cursor (its strict input, shared with REST, refuses tRPC's `direction`).
  return useInfiniteQuery({
    queryKey: trpc.tasks.list.infiniteQueryKey(input),
    queryFn: ({ pageParam }) => client.tasks.list.query({ ...input, cursor: pageParam ?? undefined }),
    initialPageParam: null as string | null,
    getNextPageParam: (page) => page.next_cursor,
    // The previous filter's rows stay while the next ones load (typing a search does not flash the loader).
    placeholderData: keepPreviousData,
  });
}

function TaskList({ tenantId, month, search }: { tenantId: string; month: string; search: TasksSearch }): ReactNode {
  const pages = useTaskPages(tenantId, month, search);
  const tasks = useMemo(() => pages.data?.pages.flatMap((page) => page.tasks) ?? [], [pages.data]);
  const currency = pages.data?.pages[0]?.currency ?? "USD";
  const columns = useMemo(() => taskColumns(search, currency), [search, currency]);

  if (pages.isPending) return <Loading label="Loading agent tasks…" />;
  if (pages.isError) return <ErrorState error={pages.error} onRetry={() => void pages.refetch()} />;
  if (tasks.length === 0) {
    const filtered = search.agent !== undefined || search.q !== undefined;
    return (
      <Empty title={filtered ? "No tasks match the filters." : `No agent tasks in ${formatMonth(month)}.`}>
        Tasks come from the <code>task_id</code> field of usage events (with <code>agent</code> naming the agent): send{" "}
        <code>{'"task_id": "t-9", "agent": "coder"'}</code> with each event of a task to <code>POST /v1/events</code>,
        as the README&apos;s &ldquo;Sending usage&rdquo; shows. Events without a <code>task_id</code> still count in
        usage, but not here.
      </Empty>
    );
  }
  return (
    <Flex direction="column" gap="2">
      <DataTable
        data={tasks}
        columns={columns}
        label="Agent tasks"
        getRowId={(task) => task.task_id}
        pageSize={Number.MAX_SAFE_INTEGER}
        testId="task-table"
      />
      {pages.hasNextPage && (
        <Flex justify="center">
          <Button variant="soft" onClick={() => void pages.fetchNextPage()} disabled={pages.isFetchingNextPage}>
            {pages.isFetchingNextPage ? "Loading…" : "Load more tasks"}
          </Button>
        </Flex>
      )}
    </Flex>
  );
}
