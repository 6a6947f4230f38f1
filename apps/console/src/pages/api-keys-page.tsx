import { Badge, Code, Flex, Text } from "@radix-ui/themes";
import { useQuery } from "@tanstack/react-query";
import { useMemo, type ReactNode } from "react";
import { ApiKeyActions } from "../components/api-key-actions.tsx";
import { Empty, ErrorState, Loading } from "../components/async-state.tsx";
import { CreateApiKeyDialog } from "../components/create-api-key-dialog.tsx";
import { columnsFor, type DataColumn } from "../components/data-table.tsx";
import { DataTable } from "../components/data-table.tsx";
import { DateTime } from "../components/date-time.tsx";
import { PageHeader } from "../components/page-header.tsx";
import { PickTenantFirst } from "../components/pick-tenant-first.tsx";
import { API_KEY_STATUS_COLORS, API_KEY_STATUS_LABELS, apiKeyStatus, type ApiKeyRow } from "../lib/api-key-status.ts";
import { useTenantScope } from "../lib/tenant-scope.ts";
import { useTRPC } from "../lib/trpc.ts";

const col = columnsFor<ApiKeyRow>();

function OrNever({ iso }: { iso: string | null }): ReactNode {
  return iso === null ? <Text color="gray">Never</Text> : <DateTime iso={iso} />;
}

function keyColumns(tenantId: string, canWrite: boolean): DataColumn<ApiKeyRow>[] {
  return col.columns([
    col.accessor("name", {
      header: "Name",
      cell: (info) => (
        <Flex direction="column">
          <Text weight="medium">{info.getValue()}</Text>
          {/* On phones the prefix column is hidden: the prefix goes under the name. */}
          <Text size="1" color="gray" className="phone-only">
            {info.row.original.prefix}…
          </Text>
        </Flex>
      ),
    }),
    col.accessor("prefix", {
      header: "Prefix",
      meta: { secondary: true },
      cell: (info) => <Code variant="ghost">{info.getValue()}…</Code>,
    }),
    col.accessor((key) => key.scopes.join(", "), {
      id: "scopes",
      header: "Scopes",
      meta: { secondary: true },
      cell: (info) => (
        <Flex gap="1" wrap="wrap">
          {info.row.original.scopes.map((scope) => (
            <Badge key={scope} color="gray">
              {scope}
            </Badge>
          ))}
        </Flex>
      ),
    }),
    col.accessor("createdAt", {
      header: "Created",
      sortFn: "datetime",
      meta: { secondary: true },
      cell: (info) => <DateTime iso={info.row.original.createdAt} dateOnly />,
    }),
    col.accessor("expiresAt", {
      header: "Expires",
      sortFn: "datetime",
      meta: { secondary: true },
      cell: (info) => <OrNever iso={info.row.original.expiresAt} />,
    }),
    col.accessor("lastUsedAt", {
      header: "Last used",
      sortFn: "datetime",
      meta: { secondary: true },
      cell: (info) => <OrNever iso={info.row.original.lastUsedAt} />,
    }),
    col.accessor((key) => apiKeyStatus(key), {
      id: "status",
      header: "Status",
      cell: (info) => {
        const status = apiKeyStatus(info.row.original);
        return (
          <Badge highContrast color={API_KEY_STATUS_COLORS[status]} data-testid="key-status">
            {API_KEY_STATUS_LABELS[status]}
          </Badge>
        );
      },
    }),
    ...(canWrite
      ? [
          col.display({
            id: "actions",
            header: () => <span className="sr-only">Actions</span>,
            cell: (info) => {
              const status = apiKeyStatus(info.row.original);
              return status === "revoked" || status === "expired" ? null : (
                <ApiKeyActions apiKey={info.row.original} tenantId={tenantId} />
              );
            },
          }),
        ]
      : []),
  ]);
}

/** `/keys`: the tenant's API keys; tenant admins create, rotate and revoke them (a secret is shown once). */
export function ApiKeysPage(): ReactNode {
  const scope = useTenantScope();
  return (
    <Flex direction="column" gap="4">
      <PageHeader
        title="API keys"
        description="Keys your services use to send events and read usage. Last use is recorded within seconds."
      >
        {scope.canWrite && scope.tenantId !== undefined && <CreateApiKeyDialog tenantId={scope.tenantId} />}
      </PageHeader>
      {scope.tenantId === undefined ? (
        <PickTenantFirst />
      ) : (
        <KeyList tenantId={scope.tenantId} canWrite={scope.canWrite} />
      )}
    </Flex>
  );
}

function KeyList({ tenantId, canWrite }: { tenantId: string; canWrite: boolean }): ReactNode {
  const trpc = useTRPC();
  const keys = useQuery(trpc.apiKeys.list.queryOptions({ tenantId }));
  const columns = useMemo(() => keyColumns(tenantId, canWrite), [tenantId, canWrite]);
  if (keys.isPending) return <Loading label="Loading API keys…" />;
  if (keys.isError) return <ErrorState error={keys.error} onRetry={() => void keys.refetch()} />;
  if (keys.data.length === 0) {
    return (
      <Empty title="No API keys yet.">
        {canWrite ? "Create one to send usage events." : "A tenant admin can create one."}
      </Empty>
    );
  }
  return (
    <DataTable data={keys.data} columns={columns} label="API keys" getRowId={(key) => key.id} testId="key-table" />
  );
}
