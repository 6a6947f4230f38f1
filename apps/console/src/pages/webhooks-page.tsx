import { Badge, Code, Flex, Heading, Text } from "@radix-ui/themes";
import { useQuery } from "@tanstack/react-query";
import { useMemo, type ReactNode } from "react";
import { Empty, ErrorState, Loading } from "../components/async-state.tsx";
import { CreateEndpointDialog } from "../components/create-endpoint-dialog.tsx";
import { columnsFor, DataTable, type DataColumn } from "../components/data-table.tsx";
import { DateTime } from "../components/date-time.tsx";
import { EndpointActions } from "../components/endpoint-actions.tsx";
import { PageHeader } from "../components/page-header.tsx";
import { PickTenantFirst } from "../components/pick-tenant-first.tsx";
import { WebhookDeliveries } from "../components/webhook-deliveries.tsx";
import { useTenantScope } from "../lib/tenant-scope.ts";
import { useTRPC } from "../lib/trpc.ts";
import type { WebhookEndpointRow } from "../lib/webhook-views.ts";

const col = columnsFor<WebhookEndpointRow>();

function endpointColumns(tenantId: string, canWrite: boolean): DataColumn<WebhookEndpointRow>[] {
  return col.columns([
    col.accessor("url", {
      header: "URL",
      cell: (info) => (
        <Flex direction="column" gap="1">
          <Code variant="ghost" className="endpoint-url">
            {info.getValue()}
          </Code>
          {info.row.original.description && (
            <Text size="1" color="gray">
              {info.row.original.description}
            </Text>
          )}
        </Flex>
      ),
    }),
    col.accessor((endpoint) => endpoint.events.join(", "), {
      id: "events",
      header: "Events",
      meta: { secondary: true },
      cell: (info) => (
        <Flex gap="1" wrap="wrap">
          {info.row.original.events.map((event) => (
            <Badge key={event} color="gray">
              {event}
            </Badge>
          ))}
        </Flex>
      ),
    }),
    col.accessor("enabled", {
      header: "Enabled",
      cell: (info) => (
        <Badge
          highContrast
          color={info.getValue() ? "green" : "gray"}
          title={info.row.original.disabled_reason ?? undefined}
        >
          {info.getValue() ? "Enabled" : "Disabled"}
        </Badge>
      ),
    }),
    col.accessor("failing_since", {
      header: "Failing since",
      sortFn: "datetime",
      meta: { secondary: true },
      cell: (info) => <DateTime iso={info.row.original.failing_since} />,
    }),
    col.accessor("created_at", {
      header: "Created",
      sortFn: "datetime",
      meta: { secondary: true },
      cell: (info) => <DateTime iso={info.row.original.created_at} dateOnly />,
    }),
    ...(canWrite
      ? [
          col.display({
            id: "actions",
            header: () => <span className="sr-only">Actions</span>,
            cell: (info) => <EndpointActions endpoint={info.row.original} tenantId={tenantId} />,
          }),
        ]
      : []),
  ]);
}

/** `/webhooks`: the tenant's endpoints (tenant admins add, change and delete them) and the delivery log. */
export function WebhooksPage(): ReactNode {
  const scope = useTenantScope();
  return (
    <Flex direction="column" gap="5">
      <PageHeader
        title="Webhooks"
        description="Invoice, budget and credit events, sent to your endpoints as they happen."
      >
        {scope.canWrite && scope.tenantId !== undefined && <CreateEndpointDialog tenantId={scope.tenantId} />}
      </PageHeader>
      {scope.tenantId === undefined ? (
        <PickTenantFirst />
      ) : (
        <>
          <EndpointList tenantId={scope.tenantId} canWrite={scope.canWrite} />
          <WebhookDeliveries tenantId={scope.tenantId} canWrite={scope.canWrite} />
        </>
      )}
    </Flex>
  );
}

function EndpointList({ tenantId, canWrite }: { tenantId: string; canWrite: boolean }): ReactNode {
  const trpc = useTRPC();
  const endpoints = useQuery(trpc.webhookReads.endpoints.queryOptions({ tenant_id: tenantId }));
  const columns = useMemo(() => endpointColumns(tenantId, canWrite), [tenantId, canWrite]);
  return (
    <Flex direction="column" gap="3">
      <Heading as="h2" size="4">
        Endpoints
      </Heading>
      {endpoints.isPending ? (
        <Loading label="Loading endpoints…" />
      ) : endpoints.isError ? (
        <ErrorState error={endpoints.error} onRetry={() => void endpoints.refetch()} />
      ) : endpoints.data.webhook_endpoints.length === 0 ? (
        <Empty title="No webhook endpoints yet.">
          {canWrite ? "Add one to receive events." : "A tenant admin can add one."}
        </Empty>
      ) : (
        <DataTable
          data={endpoints.data.webhook_endpoints}
          columns={columns}
          label="Webhook endpoints"
          getRowId={(endpoint) => endpoint.id}
          testId="endpoint-table"
        />
      )}
    </Flex>
  );
}
