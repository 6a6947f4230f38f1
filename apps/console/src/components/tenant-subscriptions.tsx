import { Badge, Text } from "@radix-ui/themes";
import { useQuery } from "@tanstack/react-query";
import type { ReactNode } from "react";
import type { RouterOutputs } from "../lib/router-types.ts";
import { useTRPC } from "../lib/trpc.ts";
import { Empty, ErrorState, Loading } from "./async-state.tsx";
import { columnsFor, DataTable } from "./data-table.tsx";
import { DateTime } from "./date-time.tsx";
import { SectionCard } from "./section-card.tsx";
import { SubscribeDialog } from "./subscribe-dialog.tsx";

type Subscription = RouterOutputs["subscriptions"]["list"]["subscriptions"][number];

function state(subscription: Subscription, now: number): "current" | "ended" | "scheduled" {
  if (Date.parse(subscription.starts_at) > now) return "scheduled";
  if (subscription.ends_at !== null && Date.parse(subscription.ends_at) <= now) return "ended";
  return "current";
}
const STATE_COLOR = { current: "green", ended: "gray", scheduled: "blue" } as const;

const col = columnsFor<Subscription>();
const columns = col.columns([
  col.accessor("plan_name", {
    header: "Plan",
    cell: (info) => `${info.getValue()} v${info.row.original.version.toString()}`,
  }),
  col.display({
    id: "state",
    header: "State",
    cell: (info) => {
      const current = state(info.row.original, Date.now());
      return (
        <Badge color={STATE_COLOR[current]} data-testid={`subscription-${current}`}>
          {current}
        </Badge>
      );
    },
  }),
  col.accessor("starts_at", { header: "Starts", cell: (info) => <DateTime iso={info.getValue()} billingDay /> }),
  col.accessor("ends_at", {
    header: "Ends",
    meta: { secondary: true },
    cell: (info) =>
      info.getValue() === null ? <Text color="gray">open-ended</Text> : <DateTime iso={info.getValue()} billingDay />,
  }),
  col.accessor("currency", { header: "Currency", meta: { secondary: true } }),
]);

/** The tenant's subscriptions, history and current, newest first, with "Subscribe to plan version". */
export function TenantSubscriptions({ tenantId }: { tenantId: string }): ReactNode {
  const trpc = useTRPC();
  const list = useQuery(trpc.subscriptions.list.queryOptions({ tenantId }));
  return (
    <SectionCard
      title="Subscriptions"
      description="Which plan version prices the tenant's usage, when."
      actions={<SubscribeDialog tenantId={tenantId} />}
      testId="tenant-subscriptions"
    >
      {list.isPending ? (
        <Loading label="Loading subscriptions…" />
      ) : list.isError ? (
        <ErrorState error={list.error} onRetry={() => void list.refetch()} />
      ) : list.data.subscriptions.length === 0 ? (
        <Empty title="No subscription: the tenant's usage is stored unrated." />
      ) : (
        <DataTable
          data={[...list.data.subscriptions].reverse()}
          columns={columns}
          label="Subscriptions"
          getRowId={(subscription) => subscription.id}
          testId="subscription-table"
        />
      )}
    </SectionCard>
  );
}
