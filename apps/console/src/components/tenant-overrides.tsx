import { Text } from "@radix-ui/themes";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type ReactNode } from "react";
import type { RouterOutputs } from "../lib/router-types.ts";
import { useTRPC } from "../lib/trpc.ts";
import { Empty, ErrorState, Loading } from "./async-state.tsx";
import { columnsFor, DataTable } from "./data-table.tsx";
import { DateTime } from "./date-time.tsx";
import { OverrideDialog } from "./override-dialog.tsx";
import { ReasonDialog } from "./reason-dialog.tsx";
import { SectionCard } from "./section-card.tsx";

type Override = RouterOutputs["overrides"]["list"]["overrides"][number];

function EndOverride({ override }: { override: Override }): ReactNode {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [open, setOpen] = useState(false);
  const end = useMutation(
    trpc.overrides.end.mutationOptions({
      onSuccess: async () => {
        setOpen(false);
        await queryClient.invalidateQueries(trpc.overrides.pathFilter());
      },
    }),
  );
  return (
    <ReasonDialog
      triggerLabel="End now"
      title="End this override now?"
      description="Usage from now on is priced by the plan alone."
      action="End override"
      reasonRequired
      pending={end.isPending}
      error={end.isError ? end.error : null}
      onConfirm={(reason) => {
        end.mutate({ tenantId: override.tenant_id, overrideId: override.id, reason: reason ?? "" });
      }}
      open={open}
      onOpenChange={(next) => {
        setOpen(next);
        if (next) end.reset();
      }}
      testId="override-end"
    />
  );
}

const col = columnsFor<Override>();
const columns = col.columns([
  col.accessor("starts_at", { header: "Starts", cell: (info) => <DateTime iso={info.getValue()} billingDay /> }),
  col.accessor("ends_at", {
    header: "Ends",
    cell: (info) =>
      info.getValue() === null ? <Text color="gray">open-ended</Text> : <DateTime iso={info.getValue()} billingDay />,
  }),
  col.accessor("discount_percent", {
    header: "Discount",
    meta: { numeric: true },
    cell: (info) => (info.getValue() === null ? <Text color="gray">—</Text> : `${info.getValue() ?? ""} %`),
  }),
  col.accessor((row) => Object.keys(row.model_rates).join(", "), {
    id: "models",
    header: "Own rates for",
    meta: { secondary: true },
    cell: (info) => (
      <Text size="1" className="break-anywhere">
        {info.getValue<string>() || "—"}
      </Text>
    ),
  }),
  col.accessor("reason", {
    header: "Reason",
    meta: { secondary: true },
    cell: (info) => (
      <Text size="1" className="break-anywhere">
        {info.getValue()}
      </Text>
    ),
  }),
  col.display({
    id: "actions",
    header: "Actions",
    cell: (info) => {
      const override = info.row.original;
      const ended = override.ends_at !== null && Date.parse(override.ends_at) <= Date.now();
      return ended || Date.parse(override.starts_at) > Date.now() ? null : <EndOverride override={override} />;
    },
  }),
]);

/** The tenant's price overrides (discounts, own model rates), with create and end. */
export function TenantOverrides({ tenantId }: { tenantId: string }): ReactNode {
  const trpc = useTRPC();
  const list = useQuery(trpc.overrides.list.queryOptions({ tenantId }));
  return (
    <SectionCard
      title="Overrides"
      description="Dated discounts and custom rates on top of the plan."
      actions={<OverrideDialog tenantId={tenantId} />}
      testId="tenant-overrides"
    >
      {list.isPending ? (
        <Loading label="Loading overrides…" />
      ) : list.isError ? (
        <ErrorState error={list.error} onRetry={() => void list.refetch()} />
      ) : list.data.overrides.length === 0 ? (
        <Empty title="No overrides: the plan's prices apply." />
      ) : (
        <DataTable
          data={list.data.overrides}
          columns={columns}
          label="Overrides"
          getRowId={(row) => row.id}
          testId="override-table"
        />
      )}
    </SectionCard>
  );
}
