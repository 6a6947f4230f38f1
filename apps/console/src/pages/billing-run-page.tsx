import { Badge, Button, Flex, SegmentedControl, Text } from "@radix-ui/themes";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Link, useNavigate, useParams, useSearch } from "@tanstack/react-router";
import { RotateCcw } from "lucide-react";
import type { ReactNode } from "react";
import { Empty, Loading } from "../components/async-state.tsx";
import { MainEntityError } from "../components/main-entity-error.tsx";
import { BillingRunProgress } from "../components/billing-run-progress.tsx";
import { BillingTabs } from "../components/billing-tabs.tsx";
import { ConfirmDialog } from "../components/confirm-dialog.tsx";
import { columnsFor, DataTable } from "../components/data-table.tsx";
import { DateTime } from "../components/date-time.tsx";
import { OperatorsOnly } from "../components/operators-only.tsx";
import { PageHeader } from "../components/page-header.tsx";
import { Pager } from "../components/pager.tsx";
import {
  OUTCOME_COLORS,
  OUTCOME_LABELS,
  pageOffset,
  startedByLabel,
  type BillingRun,
  type BillingRunTenant,
} from "../lib/billing-run-views.ts";
import { formatPeriodStart } from "../lib/dates.ts";
import { errorMessage } from "../lib/error-message.ts";
import { BILLING_RUN_TENANT_FILTERS } from "../lib/search-params.ts";
import { useSignedInUser } from "../lib/signed-in-user.ts";
import { useTRPC } from "../lib/trpc.ts";
import { useDialog } from "../lib/use-dialog.ts";

const PAGE_SIZE = 50;
const FILTER_LABELS = { all: "All", failed: "Failed", pending: "Pending", closed: "Closed" } as const;

const col = columnsFor<BillingRunTenant>();
// Failed first, then pending, then closed (the server's order, paged): the columns do not re-sort a page.
const columns = col.columns([
  col.accessor("tenant_name", {
    header: "Tenant",
    enableSorting: false,
    cell: (info) => (
      <Link to="/admin/invoices" search={{ for_tenant: info.row.original.tenant_id }} data-testid="run-tenant-invoices">
        {info.getValue()}
      </Link>
    ),
  }),
  col.accessor("status", {
    header: "Outcome",
    enableSorting: false,
    cell: (info) => (
      <Badge highContrast color={OUTCOME_COLORS[info.getValue()]} data-testid="run-tenant-status">
        {OUTCOME_LABELS[info.getValue()]}
      </Badge>
    ),
  }),
  col.accessor("period_start", {
    header: "Period from (UTC)",
    enableSorting: false,
    meta: { secondary: true },
    cell: (info) => formatPeriodStart(info.getValue()),
  }),
  col.accessor("invoices", { header: "Invoices", enableSorting: false, meta: { numeric: true, secondary: true } }),
  col.accessor("error", {
    header: "Error",
    enableSorting: false,
    cell: (info) => {
      const row = info.row.original;
      if (row.error === null) return <Text color="gray">—</Text>;
      return (
        <Flex direction="column" gap="1">
          <Text size="1" className="break-anywhere" data-testid="run-tenant-error">
            {row.error}
          </Text>
          <Text size="1" color="gray">
            after {row.attempts} {row.attempts === 1 ? "attempt" : "attempts"}
            {row.status === "pending" ? ", retrying" : ""}
          </Text>
        </Flex>
      );
    },
  }),
]);

/** `/admin/billing-runs/$runId`: a run's progress (polled while it runs) and its tenants, failures first. */
export function BillingRunPage(): ReactNode {
  const user = useSignedInUser();
  if (user.role !== "operator") return <OperatorsOnly />;
  return (
    <Flex direction="column" gap="4">
      <BillingTabs />
      <Link to="/admin/billing-runs" className="back-link">
        ← Billing runs
      </Link>
      <RunDetail />
    </Flex>
  );
}

function RunDetail(): ReactNode {
  const trpc = useTRPC();
  const { runId } = useParams({ from: "/signed-in/admin/billing-runs/$runId" });
  const { status, page = 1 } = useSearch({ from: "/signed-in/admin/billing-runs/$runId" });
  const navigate = useNavigate({ from: "/admin/billing-runs/$runId" });
  const detail = useQuery(
    trpc.billingRuns.get.queryOptions(
      { runId, status, limit: PAGE_SIZE, offset: pageOffset(page, PAGE_SIZE) },
      { refetchInterval: (query) => (query.state.data?.run.status === "running" ? 1000 : false) },
    ),
  );
  if (detail.isPending) return <Loading label="Loading the billing run…" />;
  if (detail.isError) return <MainEntityError error={detail.error} onRetry={() => void detail.refetch()} />;
  const { run, tenants, total } = detail.data;
  return (
    <>
      <PageHeader
        title="Billing run"
        description={
          <>
            Started <DateTime iso={run.created_at} /> by {startedByLabel(run)}
          </>
        }
      >
        {run.failed > 0 && <RetryFailedButton run={run} />}
      </PageHeader>
      <BillingRunProgress run={run} />
      <SegmentedControl.Root
        value={status ?? "all"}
        onValueChange={(value) => {
          const next = BILLING_RUN_TENANT_FILTERS.find((filter) => filter === value);
          void navigate({ search: (prev) => ({ ...prev, status: next, page: undefined }) });
        }}
        aria-label="Outcome"
        size="1"
      >
        {(["all", ...BILLING_RUN_TENANT_FILTERS] as const).map((filter) => (
          <SegmentedControl.Item key={filter} value={filter}>
            {FILTER_LABELS[filter]}
          </SegmentedControl.Item>
        ))}
      </SegmentedControl.Root>
      {tenants.length === 0 ? (
        <Empty title={status ? "No tenant with this outcome." : "This run has no tenants."}>
          {status === "failed" ? "Nothing failed in this run." : "Tenants appear here as the run claims them."}
        </Empty>
      ) : (
        <DataTable
          data={tenants}
          columns={columns}
          label="Tenants of the run"
          getRowId={(row) => row.tenant_id}
          pageSize={PAGE_SIZE}
          testId="billing-run-tenants"
        />
      )}
      <Pager
        page={page}
        pageSize={PAGE_SIZE}
        total={total}
        onPage={(next) => void navigate({ search: (prev) => ({ ...prev, page: next }) })}
      />
    </>
  );
}

function RetryFailedButton({ run }: { run: BillingRun }): ReactNode {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const dialog = useDialog();
  const retry = useMutation(
    trpc.billingRuns.retryFailed.mutationOptions({
      onSuccess: async () => {
        dialog.close();
        await queryClient.invalidateQueries({ queryKey: trpc.billingRuns.get.queryKey() });
      },
    }),
  );
  return (
    <ConfirmDialog
      trigger={
        <Button data-testid="retry-failed">
          <RotateCcw size={16} aria-hidden="true" /> Retry {run.failed} failed
        </Button>
      }
      title="Retry the failed tenants?"
      description="Their closes run again with fresh attempts. A close never bills a period twice, so this is safe."
      action="Retry"
      color="accent"
      pending={retry.isPending}
      error={retry.isError ? errorMessage(retry.error) : null}
      onConfirm={() => {
        retry.mutate({ runId: run.id });
      }}
      {...dialog.bind(retry)}
      testId="retry-failed"
    />
  );
}
