import { Badge, Button, Flex, SegmentedControl, Select, Text } from "@radix-ui/themes";
import { useInfiniteQuery, useMutation, useQueryClient } from "@tanstack/react-query";
import { useNavigate, useSearch } from "@tanstack/react-router";
import { useMemo, type ReactNode } from "react";
import { Empty, ErrorState, Loading } from "../components/async-state.tsx";
import { columnsFor, DataTable, type DataColumn } from "../components/data-table.tsx";
import { DateTime } from "../components/date-time.tsx";
import { PageHeader } from "../components/page-header.tsx";
import { PickTenantFirst } from "../components/pick-tenant-first.tsx";
import { alertKindLabel, ALERT_KIND_LABELS } from "../lib/alert-labels.ts";
import type { RouterOutputs } from "../lib/router-types.ts";
import { ALERT_KINDS } from "../lib/search-params.ts";
import { useTenantScope } from "../lib/tenant-scope.ts";
import { useTRPC, useTRPCClient } from "../lib/trpc.ts";
import { useUnreadAlertCount } from "../lib/unread-alerts.ts";

type AlertRow = RouterOutputs["alerts"]["list"]["alerts"][number];

const col = columnsFor<AlertRow>();

function alertColumns(tenantId: string, canWrite: boolean): DataColumn<AlertRow>[] {
  return col.columns([
    col.accessor("title", {
      header: "Alert",
      cell: (info) => {
        const alert = info.row.original;
        return (
          <Flex direction="column" gap="1">
            <Text weight={alert.read_at === null ? "bold" : "regular"} data-testid="alert-title">
              {info.getValue()}
            </Text>
            <Text size="1" color="gray">
              {alertKindLabel(alert.kind)}
            </Text>
          </Flex>
        );
      },
    }),
    col.accessor("created_at", {
      header: "Time",
      sortFn: "datetime",
      cell: (info) => <DateTime iso={info.row.original.created_at} />,
    }),
    col.accessor("read_at", {
      header: "Status",
      meta: { secondary: true },
      cell: (info) =>
        info.getValue() === null ? (
          <Badge highContrast color="red">
            Unread
          </Badge>
        ) : (
          <Badge color="gray">Read</Badge>
        ),
    }),
    ...(canWrite
      ? [
          col.display({
            id: "actions",
            header: () => <span className="sr-only">Actions</span>,
            cell: (info) =>
              info.row.original.read_at === null ? (
                <MarkReadButton tenantId={tenantId} alertId={info.row.original.id} />
              ) : null,
          }),
        ]
      : []),
  ]);
}

/** Marking read changes the list and the nav's count: every alerts query is refetched. */
function useMarkRead() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  return useMutation(
    trpc.alerts.markRead.mutationOptions({
      onSettled: () => queryClient.invalidateQueries(trpc.alerts.pathFilter()),
    }),
  );
}

function MarkReadButton({ tenantId, alertId }: { tenantId: string; alertId: string }): ReactNode {
  const mark = useMarkRead();
  return (
    <Button
      size="1"
      variant="soft"
      loading={mark.isPending}
      onClick={() => {
        mark.mutate({ tenantId, ids: [alertId] });
      }}
      className="nowrap"
      data-testid="mark-alert-read"
    >
      Mark read
    </Button>
  );
}

function MarkAllReadButton({ tenantId }: { tenantId: string }): ReactNode {
  const mark = useMarkRead();
  const unread = useUnreadAlertCount();
  return (
    <Button
      variant="soft"
      loading={mark.isPending}
      disabled={unread === 0}
      onClick={() => {
        mark.mutate({ tenantId, all: true });
      }}
      data-testid="mark-all-read"
    >
      Mark all read
    </Button>
  );
}

const ALL_KINDS = "all";

/** `/alerts`: the tenant's alerts, newest first, filtered by read state and kind (in the URL). */
export function AlertsPage(): ReactNode {
  const scope = useTenantScope();
  const { show, kind } = useSearch({ from: "/signed-in/alerts" });
  const navigate = useNavigate({ from: "/alerts" });
  return (
    <Flex direction="column" gap="4">
      <PageHeader
        title="Alerts"
        description="Budget thresholds, low credit, unpriced usage and other events that need a look."
      >
        {scope.canWrite && scope.tenantId !== undefined && <MarkAllReadButton tenantId={scope.tenantId} />}
      </PageHeader>
      <Flex gap="3" wrap="wrap" align="center">
        <SegmentedControl.Root
          value={show ?? "all"}
          onValueChange={(value) => {
            void navigate({ search: (prev) => ({ ...prev, show: value === "unread" ? "unread" : undefined }) });
          }}
          aria-label="Read state"
          size="1"
        >
          <SegmentedControl.Item value="all">All</SegmentedControl.Item>
          <SegmentedControl.Item value="unread">Unread</SegmentedControl.Item>
        </SegmentedControl.Root>
        <Select.Root
          size="1"
          value={kind ?? ALL_KINDS}
          onValueChange={(value) => {
            const next = ALERT_KINDS.find((known) => known === value);
            void navigate({ search: (prev) => ({ ...prev, kind: next }) });
          }}
        >
          <Select.Trigger aria-label="Kind" data-testid="alert-kind" />
          <Select.Content>
            <Select.Item value={ALL_KINDS}>All kinds</Select.Item>
            {ALERT_KINDS.map((known) => (
              <Select.Item key={known} value={known}>
                {ALERT_KIND_LABELS[known]}
              </Select.Item>
            ))}
          </Select.Content>
        </Select.Root>
      </Flex>
      {scope.tenantId === undefined ? (
        <PickTenantFirst />
      ) : (
        <AlertList tenantId={scope.tenantId} canWrite={scope.canWrite} unreadOnly={show === "unread"} kind={kind} />
      )}
    </Flex>
  );
}

function AlertList({
  tenantId,
  canWrite,
  unreadOnly,
  kind,
}: {
  tenantId: string;
  canWrite: boolean;
  unreadOnly: boolean;
  kind: string | undefined;
}): ReactNode {
  const trpc = useTRPC();
  const client = useTRPCClient();
  const input = { tenant_id: tenantId, unread: unreadOnly ? ("true" as const) : undefined, kind };
  // Pages by the operation's own cursor (its strict input, shared with REST, refuses tRPC's `direction`).
  const pages = useInfiniteQuery({
    queryKey: trpc.alerts.list.infiniteQueryKey(input),
    queryFn: ({ pageParam }) => client.alerts.list.query({ ...input, cursor: pageParam ?? undefined }),
    initialPageParam: null as string | null,
    getNextPageParam: (page) => page.next_cursor,
  });
  const alerts = useMemo(() => pages.data?.pages.flatMap((page) => page.alerts) ?? [], [pages.data]);
  const columns = useMemo(() => alertColumns(tenantId, canWrite), [tenantId, canWrite]);

  if (pages.isPending) return <Loading label="Loading alerts…" />;
  if (pages.isError) return <ErrorState error={pages.error} onRetry={() => void pages.refetch()} />;
  if (alerts.length === 0) {
    return (
      <Empty title={unreadOnly || kind !== undefined ? "No alerts match the filter." : "No alerts yet."}>
        Alerts appear when a budget threshold is crossed, credit runs low or an endpoint is disabled.
      </Empty>
    );
  }
  return (
    <Flex direction="column" gap="2">
      <DataTable data={alerts} columns={columns} label="Alerts" getRowId={(alert) => alert.id} testId="alert-table" />
      {pages.hasNextPage && (
        <Flex justify="center">
          <Button variant="soft" onClick={() => void pages.fetchNextPage()} disabled={pages.isFetchingNextPage}>
            {pages.isFetchingNextPage ? "Loading…" : "Load more"}
          </Button>
        </Flex>
      )}
    </Flex>
  );
}
