import { Badge, Button, Flex, Heading, Select, Text } from "@radix-ui/themes";
import { useInfiniteQuery } from "@tanstack/react-query";
import { useNavigate, useSearch } from "@tanstack/react-router";
import { useMemo, type ReactNode } from "react";
import { DELIVERY_STATUS_FILTERS } from "../lib/search-params.ts";
import { useTRPC, useTRPCClient } from "../lib/trpc.ts";
import { DELIVERY_STATUS_COLORS, DELIVERY_STATUS_LABELS, type WebhookDeliveryRow } from "../lib/webhook-views.ts";
import { Empty, ErrorState, Loading } from "./async-state.tsx";
import { columnsFor, DataTable, type DataColumn } from "./data-table.tsx";
import { DateTime } from "./date-time.tsx";
import { RedeliverButton } from "./redeliver-button.tsx";

const col = columnsFor<WebhookDeliveryRow>();

function responseText(delivery: WebhookDeliveryRow): string {
  if (delivery.last_status_code !== null) return `HTTP ${delivery.last_status_code.toString()}`;
  return delivery.last_error ? "No response" : "—";
}

function deliveryColumns(tenantId: string, canWrite: boolean): DataColumn<WebhookDeliveryRow>[] {
  return col.columns([
    col.accessor("event_type", {
      header: "Event",
      cell: (info) => (
        <Flex direction="column">
          <Text>{info.row.original.event_type}</Text>
          {/* On phones the time column is hidden: the time goes under the event. */}
          <Text size="1" color="gray" className="phone-only">
            <DateTime iso={info.row.original.last_attempt_at ?? info.row.original.created_at} />
          </Text>
        </Flex>
      ),
    }),
    col.accessor("status", {
      header: "Status",
      cell: (info) => (
        <Flex direction="column" gap="1" align="start">
          <Badge highContrast color={DELIVERY_STATUS_COLORS[info.row.original.status]}>
            {DELIVERY_STATUS_LABELS[info.row.original.status]}
          </Badge>
          {/* On phones the response column is hidden: the response goes under the status. */}
          <Text size="1" color="gray" className="phone-only">
            {responseText(info.row.original)}
          </Text>
        </Flex>
      ),
    }),
    col.accessor("last_status_code", {
      header: "Response",
      meta: { numeric: true, secondary: true },
      // No HTTP response: the error says why (timeout, refused address, …).
      cell: (info) => <Text title={info.row.original.last_error ?? undefined}>{responseText(info.row.original)}</Text>,
    }),
    col.accessor("last_latency_ms", {
      header: "Latency",
      meta: { numeric: true, secondary: true },
      cell: (info) => {
        const latency = info.row.original.last_latency_ms;
        return latency === null ? <Text color="gray">—</Text> : `${latency.toLocaleString()} ms`;
      },
    }),
    col.accessor("attempts", { header: "Attempts", meta: { numeric: true, secondary: true } }),
    col.accessor("created_at", {
      header: "Time",
      sortFn: "datetime",
      meta: { secondary: true },
      cell: (info) => <DateTime iso={info.row.original.last_attempt_at ?? info.row.original.created_at} />,
    }),
    ...(canWrite
      ? [
          col.display({
            id: "redeliver",
            header: () => <span className="sr-only">Actions</span>,
            cell: (info) => <RedeliverButton deliveryId={info.row.original.id} tenantId={tenantId} />,
          }),
        ]
      : []),
  ]);
}

const FILTER_LABELS = { all: "All", ...DELIVERY_STATUS_LABELS } as const;

/** The delivery log, newest first, filtered by status (in the URL), pages loaded on demand. */
export function WebhookDeliveries({ tenantId, canWrite }: { tenantId: string; canWrite: boolean }): ReactNode {
  const trpc = useTRPC();
  const client = useTRPCClient();
  const { status } = useSearch({ from: "/signed-in/webhooks" });
  const navigate = useNavigate({ from: "/webhooks" });
  const input = { tenant_id: tenantId, status };
  // Pages by the operation's own cursor (its strict input, shared with REST, refuses tRPC's `direction`).
  const pages = useInfiniteQuery({
    queryKey: trpc.webhookReads.deliveries.infiniteQueryKey(input),
    queryFn: ({ pageParam }) => client.webhookReads.deliveries.query({ ...input, cursor: pageParam ?? undefined }),
    initialPageParam: null as string | null,
    getNextPageParam: (page) => page.next_cursor,
    refetchInterval: 15_000,
  });
  const deliveries = useMemo(() => pages.data?.pages.flatMap((page) => page.deliveries) ?? [], [pages.data]);
  const columns = useMemo(() => deliveryColumns(tenantId, canWrite), [tenantId, canWrite]);

  return (
    <Flex direction="column" gap="3">
      <Flex align="center" justify="between" wrap="wrap" gap="3">
        <Heading as="h2" size="4">
          Delivery log
        </Heading>
        {/* A select rather than segments: five statuses do not fit a phone's width side by side. */}
        <Select.Root
          value={status ?? "all"}
          onValueChange={(value) => {
            const next = DELIVERY_STATUS_FILTERS.find((filter) => filter === value);
            void navigate({ search: (prev) => ({ ...prev, status: next }) });
          }}
          size="2"
        >
          <Select.Trigger aria-label="Delivery status" data-testid="delivery-status-filter" />
          <Select.Content>
            {(["all", ...DELIVERY_STATUS_FILTERS] as const).map((filter) => (
              <Select.Item key={filter} value={filter}>
                {filter === "all" ? "All statuses" : FILTER_LABELS[filter]}
              </Select.Item>
            ))}
          </Select.Content>
        </Select.Root>
      </Flex>
      {pages.isPending ? (
        <Loading label="Loading deliveries…" />
      ) : pages.isError ? (
        <ErrorState error={pages.error} onRetry={() => void pages.refetch()} />
      ) : deliveries.length === 0 ? (
        <Empty title={status ? `No ${DELIVERY_STATUS_LABELS[status].toLowerCase()} deliveries.` : "No deliveries yet."}>
          Each event sent to an endpoint appears here with its attempts.
        </Empty>
      ) : (
        <Flex direction="column" gap="2">
          <DataTable
            data={deliveries}
            columns={columns}
            label="Webhook deliveries"
            getRowId={(row) => row.id}
            testId="delivery-table"
          />
          {pages.hasNextPage && (
            <Flex justify="center">
              <Button variant="soft" onClick={() => void pages.fetchNextPage()} disabled={pages.isFetchingNextPage}>
                {pages.isFetchingNextPage ? "Loading…" : "Load older deliveries"}
              </Button>
            </Flex>
          )}
        </Flex>
      )}
    </Flex>
  );
}
