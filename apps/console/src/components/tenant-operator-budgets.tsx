import { Badge, Text } from "@radix-ui/themes";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { ReactNode } from "react";
import { formatMoney } from "../lib/format.ts";
import type { RouterOutputs } from "../lib/router-types.ts";
import { useTRPC } from "../lib/trpc.ts";
import { useDialog } from "../lib/use-dialog.ts";
import { Empty, ErrorState, Loading } from "./async-state.tsx";
import { columnsFor, DataTable } from "./data-table.tsx";
import { OperatorBudgetDialog } from "./operator-budget-dialog.tsx";
import { ReasonDialog } from "./reason-dialog.tsx";
import { SectionCard } from "./section-card.tsx";

type Budget = RouterOutputs["budgets"]["list"]["budgets"][number];
const SCOPE_LABELS = { tenant: "Whole tenant", api_key: "API key", customer: "Customer" } as const;

function DeleteBudget({ budget }: { budget: Budget }): ReactNode {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const dialog = useDialog();
  const remove = useMutation(
    trpc.budgets.delete.mutationOptions({
      onSuccess: async () => {
        dialog.close();
        await queryClient.invalidateQueries(trpc.budgets.pathFilter());
      },
    }),
  );
  return (
    <ReasonDialog
      triggerLabel="Delete"
      title="Delete this budget?"
      description="Its alerts and any hard limit stop at once."
      action="Delete budget"
      reasonRequired={false}
      pending={remove.isPending}
      error={remove.isError ? remove.error : null}
      onConfirm={(reason) => {
        remove.mutate({ tenantId: budget.tenant_id, budgetId: budget.id, reason });
      }}
      {...dialog.bind(remove)}
      testId="budget-delete"
    />
  );
}

const col = columnsFor<Budget>();
const columns = col.columns([
  col.accessor("scope", {
    header: "Applies to",
    cell: (info) => (
      <Text className="break-anywhere">
        {SCOPE_LABELS[info.getValue()]}
        {info.row.original.scope_ref === "" ? "" : `: ${info.row.original.scope_ref}`}
      </Text>
    ),
  }),
  col.accessor("amount", {
    header: "Limit / month",
    sortFn: "decimal",
    meta: { numeric: true },
    cell: (info) => formatMoney(info.getValue(), info.row.original.currency),
  }),
  col.accessor("hard_limit", {
    header: "Kind",
    meta: { secondary: true },
    cell: (info) => (info.getValue() ? <Badge color="red">hard</Badge> : <Badge color="gray">soft</Badge>),
  }),
  col.accessor("thresholds", {
    header: "Alerts at",
    meta: { secondary: true },
    cell: (info) =>
      info
        .getValue()
        .map((value) => `${value.toString()} %`)
        .join(", "),
  }),
  col.accessor("managed_by", { header: "Set by", meta: { secondary: true } }),
  col.display({
    id: "actions",
    header: "Actions",
    cell: (info) => (info.row.original.managed_by === "operator" ? <DeleteBudget budget={info.row.original} /> : null),
  }),
]);

/** The tenant's budgets (the operator's and its admins'); operators create and delete their own here. */
export function TenantOperatorBudgets({ tenantId, currency }: { tenantId: string; currency: string }): ReactNode {
  const trpc = useTRPC();
  const list = useQuery(trpc.budgets.list.queryOptions({ tenantId }));
  return (
    <SectionCard
      title="Budgets"
      description="Budgets set by the tenant's admins are theirs to change."
      actions={<OperatorBudgetDialog tenantId={tenantId} currency={currency} />}
      testId="tenant-budgets"
    >
      {list.isPending ? (
        <Loading label="Loading budgets…" />
      ) : list.isError ? (
        <ErrorState error={list.error} onRetry={() => void list.refetch()} />
      ) : list.data.budgets.length === 0 ? (
        <Empty title="No budgets." />
      ) : (
        <DataTable
          data={list.data.budgets}
          columns={columns}
          label="Budgets"
          getRowId={(row) => row.id}
          testId="operator-budget-table"
        />
      )}
    </SectionCard>
  );
}
