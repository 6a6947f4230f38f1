import { Code, Text } from "@radix-ui/themes";
import { useQuery } from "@tanstack/react-query";
import type { ReactNode } from "react";
import { errorMessage } from "../lib/error-message.ts";
import type { RouterOutputs } from "../lib/router-types.ts";
import { useTRPC } from "../lib/trpc.ts";
import { Empty, ErrorState, Loading } from "./async-state.tsx";
import { columnsFor, DataTable } from "./data-table.tsx";
import { DateTime } from "./date-time.tsx";
import { SectionCard } from "./section-card.tsx";

type Mapping = RouterOutputs["ingestMappings"]["list"]["mappings"][number];

const col = columnsFor<Mapping>();
const columns = col.columns([
  col.accessor("source", { header: "Source" }),
  col.accessor("key", { header: "Key", cell: (info) => <Text className="break-anywhere">{info.getValue()}</Text> }),
  col.accessor((row) => JSON.stringify(row.config), {
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
]);

/** How the tenant's events from other sources (e.g. OpenRouter) map to its keys and customers; read-only here. */
export function TenantIngestMappings({ tenantId }: { tenantId: string }): ReactNode {
  const trpc = useTRPC();
  const list = useQuery(trpc.ingestMappings.list.queryOptions({ tenantId }));
  return (
    <SectionCard
      title="Ingest mappings"
      description="Set over the admin API (PUT …/ingest-mappings)."
      testId="tenant-mappings"
    >
      {list.isPending ? (
        <Loading label="Loading ingest mappings…" />
      ) : list.isError ? (
        <ErrorState message={errorMessage(list.error)} onRetry={() => void list.refetch()} />
      ) : list.data.mappings.length === 0 ? (
        <Empty title="No ingest mappings." />
      ) : (
        <DataTable data={list.data.mappings} columns={columns} label="Ingest mappings" getRowId={(row) => row.id} />
      )}
    </SectionCard>
  );
}
