import { Badge, Text } from "@radix-ui/themes";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { ReactNode } from "react";
import { formatMoney } from "../lib/format.ts";
import type { RouterOutputs } from "../lib/router-types.ts";
import { useTRPC } from "../lib/trpc.ts";
import { useDialog } from "../lib/use-dialog.ts";
import { Empty, ErrorState, Loading } from "./async-state.tsx";
import { columnsFor, DataTable } from "./data-table.tsx";
import { DateTime } from "./date-time.tsx";
import { GrantCreditDialog } from "./grant-credit-dialog.tsx";
import { ReasonDialog } from "./reason-dialog.tsx";
import { SectionCard } from "./section-card.tsx";

type Grant = RouterOutputs["creditGrants"]["list"]["credit_grants"][number];
const STATUS_COLOR = { active: "green", used_up: "gray", expired: "gray", voided: "red" } as const;

function VoidGrant({ grant }: { grant: Grant }): ReactNode {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const dialog = useDialog();
  const voiding = useMutation(
    trpc.creditGrants.void.mutationOptions({
      onSuccess: async () => {
        dialog.close();
        await queryClient.invalidateQueries(trpc.creditGrants.pathFilter());
      },
    }),
  );
  return (
    <ReasonDialog
      triggerLabel="Void"
      title="Void this grant?"
      description={`Its unused balance (${formatMoney(grant.balance, grant.currency)}) is taken back. This cannot be undone.`}
      action="Void grant"
      reasonRequired
      pending={voiding.isPending}
      error={voiding.isError ? voiding.error : null}
      onConfirm={(reason) => {
        voiding.mutate({ tenantId: grant.tenant_id, grantId: grant.id, reason: reason ?? "" });
      }}
      {...dialog.bind(voiding)}
      testId="grant-void"
    />
  );
}

const col = columnsFor<Grant>();
const columns = col.columns([
  col.accessor("amount", {
    header: "Amount",
    sortFn: "decimal",
    meta: { numeric: true },
    cell: (info) => formatMoney(info.getValue(), info.row.original.currency),
  }),
  col.accessor("balance", {
    header: "Balance",
    sortFn: "decimal",
    meta: { numeric: true },
    cell: (info) => formatMoney(info.getValue(), info.row.original.currency),
  }),
  col.accessor("status", {
    header: "Status",
    cell: (info) => <Badge color={STATUS_COLOR[info.getValue()]}>{info.getValue().replace("_", " ")}</Badge>,
  }),
  col.accessor("kind", { header: "Kind", meta: { secondary: true } }),
  col.accessor("reason", {
    header: "Reason",
    meta: { secondary: true },
    cell: (info) => (
      <Text size="1" className="break-anywhere" data-testid="grant-reason-cell">
        {info.getValue()}
      </Text>
    ),
  }),
  col.accessor("granted_at", {
    header: "Granted",
    meta: { secondary: true },
    cell: (info) => <DateTime iso={info.getValue()} />,
  }),
  col.accessor("expires_at", {
    header: "Expires",
    meta: { secondary: true },
    cell: (info) => (info.getValue() === null ? <Text color="gray">never</Text> : <DateTime iso={info.getValue()} />),
  }),
  col.display({
    id: "actions",
    header: "Actions",
    cell: (info) => (info.row.original.status === "voided" ? null : <VoidGrant grant={info.row.original} />),
  }),
]);

/** The tenant's credit grants with their ledger balances; grant (reason required) and void. */
export function TenantCreditGrants({ tenantId, currency }: { tenantId: string; currency: string }): ReactNode {
  const trpc = useTRPC();
  const list = useQuery(trpc.creditGrants.list.queryOptions({ tenantId }));
  return (
    <SectionCard
      title="Credit grants"
      description="Newest first; balances come from the ledger (amount − used − expired)."
      actions={<GrantCreditDialog tenantId={tenantId} currency={currency} />}
      testId="tenant-credit-grants"
    >
      {list.isPending ? (
        <Loading label="Loading credit grants…" />
      ) : list.isError ? (
        <ErrorState error={list.error} onRetry={() => void list.refetch()} />
      ) : list.data.credit_grants.length === 0 ? (
        <Empty title="No credit granted yet." />
      ) : (
        <DataTable
          data={[...list.data.credit_grants].reverse()}
          columns={columns}
          label="Credit grants"
          getRowId={(grant) => grant.id}
          testId="grant-table"
        />
      )}
    </SectionCard>
  );
}
