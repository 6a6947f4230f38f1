import { Code, Text } from "@radix-ui/themes";
import { useQuery } from "@tanstack/react-query";
import type { ReactNode } from "react";
import { mappingSummary } from "../lib/ingest-mapping-form.ts";
import { useTRPC } from "../lib/trpc.ts";
import { Empty, ErrorState, Loading } from "./async-state.tsx";
import { columnsFor, DataTable } from "./data-table.tsx";
import { DateTime } from "./date-time.tsx";
import { IngestMappingActions } from "./ingest-mapping-actions.tsx";
import { IngestMappingDialog, type IngestMapping } from "./ingest-mapping-dialog.tsx";
import { SectionCard } from "./section-card.tsx";

type Mapping = IngestMapping;

const col = columnsFor<Mapping>();
const columns = col.columns([
  col.accessor("source", { header: "Source" }),
  col.accessor("key", { header: "Key", cell: (info) => <Text className="break-anywhere">{info.getValue()}</Text> }),
  col.accessor((row) => mappingSummary(row), {
    id: "config",
    header: "Config",
    enableSorting: false,
    meta: { secondary: true },
    cell: (info) => (
      <Code size="1" className="break-anywhere">
        {info.getValue<string>()}
      </Code>
    ),
  }),
  col.accessor("updated_at", {
    header: "Updated",
    meta: { secondary: true },
    cell: (info) => <DateTime iso={info.getValue()} />,
  }),
  col.display({
    id: "actions",
    header: "Actions",
    cell: (info) => <IngestMappingActions mapping={info.row.original} />,
  }),
]);

/** How the tenant's Lago events and Stripe meter events become usage events: list, add, edit, delete. */
export function TenantIngestMappings({ tenantId }: { tenantId: string }): ReactNode {
  const trpc = useTRPC();
  const list = useQuery(trpc.ingestMappings.list.queryOptions({ tenantId }));
  return (
    <SectionCard
      title="Ingest mappings"
      description="How the tenant's Lago events and Stripe meter events become usage events."
      actions={<IngestMappingDialog tenantId={tenantId} />}
      testId="tenant-mappings"
    >
      {list.isPending ? (
        <Loading label="Loading ingest mappings…" />
      ) : list.isError ? (
        <ErrorState error={list.error} onRetry={() => void list.refetch()} />
      ) : list.data.mappings.length === 0 ? (
        <Empty title="No ingest mappings: Lago and Stripe events are refused as unmapped." />
      ) : (
        <DataTable
          data={list.data.mappings}
          columns={columns}
          label="Ingest mappings"
          getRowId={(row) => row.id}
          testId="mapping-table"
        />
      )}
    </SectionCard>
  );
}
