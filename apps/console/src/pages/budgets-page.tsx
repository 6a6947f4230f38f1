import { Badge, Button, Callout, Flex, SegmentedControl, Text } from "@radix-ui/themes";
import { useQuery } from "@tanstack/react-query";
import { useNavigate, useSearch } from "@tanstack/react-router";
import { Info, Plus } from "lucide-react";
import { useMemo, type ReactNode } from "react";
import { Empty, ErrorState, Loading } from "../components/async-state.tsx";
import { BudgetActions } from "../components/budget-actions.tsx";
import { BudgetDialog } from "../components/budget-dialog.tsx";
import { BudgetProgress, BudgetStateBadge } from "../components/budget-progress.tsx";
import { columnsFor, DataTable, type DataColumn } from "../components/data-table.tsx";
import { DateTime } from "../components/date-time.tsx";
import { PageHeader } from "../components/page-header.tsx";
import { PickTenantFirst } from "../components/pick-tenant-first.tsx";
import type { BudgetKeyOption } from "../lib/budget-form.ts";
import {
  BUDGET_SCOPE_LABELS,
  budgetScopeName,
  budgetStatus,
  type BudgetList,
  type BudgetWithSpend,
} from "../lib/budget-views.ts";
import { formatMoney } from "../lib/format.ts";
import { BUDGET_SCOPE_FILTERS } from "../lib/search-params.ts";
import { useTenantScope } from "../lib/tenant-scope.ts";
import { useTRPC } from "../lib/trpc.ts";

interface BudgetRow extends BudgetWithSpend {
  /** What it covers, for people (a key's name, a customer id). */
  name: string;
  remaining: string;
}

const col = columnsFor<BudgetRow>();

function budgetColumns(
  tenantId: string,
  canWrite: boolean,
  allowance: BudgetList["allowance"],
  keys: readonly BudgetKeyOption[],
): DataColumn<BudgetRow>[] {
  return col.columns([
    col.accessor("name", {
      header: "Budget",
      cell: (info) => {
        const budget = info.row.original;
        return (
          <Flex direction="column" gap="1">
            <Text weight="medium" data-testid="budget-name">
              {budget.name}
            </Text>
            <Flex gap="1" wrap="wrap" align="center">
              <Text size="1" color="gray">
                {BUDGET_SCOPE_LABELS[budget.scope]} · monthly
              </Text>
              <Badge
                size="1"
                highContrast
                color={budget.managed_by === "operator" ? "gray" : "blue"}
                data-testid="budget-owner"
              >
                {budget.managed_by === "operator" ? "Set by operator" : "Set by your team"}
              </Badge>
            </Flex>
          </Flex>
        );
      },
    }),
    col.accessor("spent", {
      // "this period" is said above the table; the short header leaves room for the state column on phones.
      header: "Spend",
      sortFn: "decimal",
      cell: (info) => <BudgetProgress budget={info.row.original} label={info.row.original.name} />,
    }),
    col.accessor("remaining", {
      header: "Remaining",
      sortFn: "decimal",
      meta: { numeric: true, secondary: true },
      cell: (info) => (
        <span data-testid="budget-remaining">
          {formatMoney(info.row.original.remaining, info.row.original.currency)}
        </span>
      ),
    }),
    col.accessor("hard_limit", {
      header: "Kind",
      meta: { secondary: true },
      cell: (info) => (info.row.original.hard_limit ? "Hard" : "Soft"),
    }),
    col.accessor("thresholds", {
      header: "Alerts at",
      meta: { secondary: true },
      cell: (info) => info.row.original.thresholds.map((percent) => `${percent.toString()} %`).join(", "),
    }),
    col.display({
      id: "state",
      header: "State",
      cell: (info) => <BudgetStateBadge budget={info.row.original} />,
    }),
    ...(canWrite
      ? [
          col.display({
            id: "actions",
            header: () => <span className="sr-only">Actions</span>,
            cell: (info) =>
              info.row.original.managed_by === "tenant" ? (
                <BudgetActions
                  tenantId={tenantId}
                  budget={info.row.original}
                  name={info.row.original.name}
                  allowance={allowance}
                  keys={keys}
                />
              ) : null,
          }),
        ]
      : []),
  ]);
}

const ALL_SCOPES = "all";

/** `/budgets`: every budget of the tenant with its spend this period; tenant admins set their own (`?scope=`). */
export function BudgetsPage(): ReactNode {
  const scope = useTenantScope();
  const { scope: scopeFilter } = useSearch({ from: "/signed-in/budgets" });
  const navigate = useNavigate({ from: "/budgets" });
  return (
    <Flex direction="column" gap="4">
      <PageHeader title="Budgets" description="Monthly spending limits and how much of each this period has used." />
      <Flex gap="3" wrap="wrap" align="center">
        <SegmentedControl.Root
          value={scopeFilter ?? ALL_SCOPES}
          onValueChange={(value) => {
            const next = BUDGET_SCOPE_FILTERS.find((known) => known === value);
            void navigate({ search: (prev) => ({ ...prev, scope: next }) });
          }}
          aria-label="Scope"
          size="1"
        >
          <SegmentedControl.Item value={ALL_SCOPES}>All</SegmentedControl.Item>
          <SegmentedControl.Item value="tenant">Tenant</SegmentedControl.Item>
          <SegmentedControl.Item value="api_key">Keys</SegmentedControl.Item>
          <SegmentedControl.Item value="customer">Customers</SegmentedControl.Item>
        </SegmentedControl.Root>
      </Flex>
      {scope.tenantId === undefined ? (
        <PickTenantFirst />
      ) : (
        <BudgetsView tenantId={scope.tenantId} canWrite={scope.canWrite} scopeFilter={scopeFilter} />
      )}
    </Flex>
  );
}

function BudgetsView({
  tenantId,
  canWrite,
  scopeFilter,
}: {
  tenantId: string;
  canWrite: boolean;
  scopeFilter: BudgetWithSpend["scope"] | undefined;
}): ReactNode {
  const trpc = useTRPC();
  const list = useQuery(trpc.tenantBudgets.list.queryOptions({ tenantId }, { refetchInterval: 30_000 }));
  const apiKeys = useQuery(trpc.apiKeys.list.queryOptions({ tenantId }));
  const keyNames = useMemo(() => new Map((apiKeys.data ?? []).map((key) => [key.id, key.name])), [apiKeys.data]);
  // Budgets go on keys that still work; a revoked key's budget stays listed by its name.
  const activeKeys = useMemo(
    () => (apiKeys.data ?? []).filter((key) => key.revokedAt === null).map(({ id, name }) => ({ id, name })),
    [apiKeys.data],
  );
  const rows = useMemo(
    () =>
      (list.data?.budgets ?? [])
        .filter((budget) => scopeFilter === undefined || budget.scope === scopeFilter)
        .map((budget) => ({
          ...budget,
          name: budgetScopeName(budget, keyNames),
          remaining: budgetStatus(budget).remaining,
        })),
    [list.data, scopeFilter, keyNames],
  );
  const allowance = list.data?.allowance;
  const columns = useMemo(
    () => (allowance ? budgetColumns(tenantId, canWrite, allowance, activeKeys) : []),
    [tenantId, canWrite, allowance, activeKeys],
  );

  if (list.isPending) return <Loading label="Loading budgets…" />;
  if (list.isError) return <ErrorState error={list.error} onRetry={() => void list.refetch()} />;
  const data = list.data;
  const currency = data.budgets[0]?.currency ?? "USD";
  return (
    <Flex direction="column" gap="3">
      <Flex align="center" justify="between" wrap="wrap" gap="3">
        <Text size="2" color="gray">
          This period started <DateTime iso={data.period_start} dateOnly billingDay />.
        </Text>
        {canWrite && data.allowance.allowed && (
          <BudgetDialog
            tenantId={tenantId}
            allowance={data.allowance}
            keys={activeKeys}
            defaultCurrency={currency}
            trigger={
              <Button data-testid="create-budget">
                <Plus size={16} aria-hidden="true" /> New budget
              </Button>
            }
          />
        )}
      </Flex>
      <Callout.Root color="gray" size="1" data-testid="budget-allowance">
        <Callout.Icon>
          <Info size={16} aria-hidden="true" />
        </Callout.Icon>
        <Callout.Text>
          {data.allowance.allowed
            ? `Your team may set budgets on API keys and customers` +
              (data.allowance.max_amount === null
                ? ""
                : `, up to ${formatMoney(data.allowance.max_amount, currency)} each`) +
              (data.allowance.hard_limits_allowed
                ? "; hard limits are allowed."
                : "; as alerts only (your operator has not enabled hard limits).")
            : "Your operator has not enabled budgets set by your team; the budgets below are theirs. Ask them to allow it."}
        </Callout.Text>
      </Callout.Root>
      {rows.length === 0 ? (
        <Empty title={scopeFilter === undefined ? "No budgets yet." : "No budgets match the filter."}>
          {data.allowance.allowed && canWrite
            ? "Set a monthly budget on an API key or a customer to be alerted before spend runs away."
            : "Budgets your operator sets appear here with their spend this period."}
        </Empty>
      ) : (
        <DataTable data={rows} columns={columns} label="Budgets" getRowId={(row) => row.id} testId="budget-table" />
      )}
    </Flex>
  );
}
