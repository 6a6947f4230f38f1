import { Badge, Button, Flex, Progress, Text } from "@radix-ui/themes";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Link, useNavigate, useSearch } from "@tanstack/react-router";
import { Play } from "lucide-react";
import type { ReactNode } from "react";
import { Empty, ErrorState, Loading } from "../components/async-state.tsx";
import { BillingTabs } from "../components/billing-tabs.tsx";
import { ConfirmDialog } from "../components/confirm-dialog.tsx";
import { columnsFor, DataTable } from "../components/data-table.tsx";
import { DateTime } from "../components/date-time.tsx";
import { OperatorsOnly } from "../components/operators-only.tsx";
import { PageHeader } from "../components/page-header.tsx";
import { Pager } from "../components/pager.tsx";
import {
  pageOffset,
  RUN_STATUS_COLORS,
  RUN_STATUS_LABELS,
  runProgress,
  startedByLabel,
  type BillingRun,
} from "../lib/billing-run-views.ts";
import { errorMessage } from "../lib/error-message.ts";
import { useSignedInUser } from "../lib/signed-in-user.ts";
import { useTRPC } from "../lib/trpc.ts";
import { useDialog } from "../lib/use-dialog.ts";

const PAGE_SIZE = 20;

const col = columnsFor<BillingRun>();
// Newest first, paged by the server: the columns do not re-sort a page.
const columns = col.columns([
  col.accessor("created_at", {
    header: "Started",
    enableSorting: false,
    cell: (info) => (
      <Link to="/admin/billing-runs/$runId" params={{ runId: info.row.original.id }} data-testid="billing-run-link">
        <DateTime iso={info.getValue()} />
      </Link>
    ),
  }),
  col.accessor("status", {
    header: "Status",
    enableSorting: false,
    cell: (info) => (
      <Badge highContrast color={RUN_STATUS_COLORS[info.getValue()]}>
        {RUN_STATUS_LABELS[info.getValue()]}
      </Badge>
    ),
  }),
  col.accessor("closed", {
    header: "Progress",
    enableSorting: false,
    cell: (info) => {
      const run = info.row.original;
      return (
        <Flex direction="column" gap="1" className="run-progress-cell">
          <Progress value={runProgress(run)} aria-label="Tenants done" size="1" />
          <Text size="1" color="gray">
            {run.closed} closed · {run.failed} failed · {run.tenants_total} tenants
          </Text>
        </Flex>
      );
    },
  }),
  col.accessor("started_by", {
    header: "Started by",
    enableSorting: false,
    meta: { secondary: true },
    cell: (info) => <Text className="break-anywhere">{startedByLabel(info.row.original)}</Text>,
  }),
]);

/** `/admin/billing-runs`: every billing run, newest first, and "Close due tenants now". */
export function BillingRunsPage(): ReactNode {
  const user = useSignedInUser();
  if (user.role !== "operator") return <OperatorsOnly />;
  return (
    <Flex direction="column" gap="4">
      <BillingTabs />
      <PageHeader
        title="Billing runs"
        description="Each run closes every tenant whose billing period has ended and is past its grace period."
      >
        <StartRunButton />
      </PageHeader>
      <RunList />
    </Flex>
  );
}

function StartRunButton(): ReactNode {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const dialog = useDialog();
  const due = useQuery(trpc.billingRuns.due.queryOptions({}, { enabled: dialog.open }));
  const start = useMutation(
    trpc.billingRuns.start.mutationOptions({
      onSuccess: async (result) => {
        dialog.close();
        await queryClient.invalidateQueries({ queryKey: trpc.billingRuns.list.queryKey() });
        void navigate({ to: "/admin/billing-runs/$runId", params: { runId: result.run.id } });
      },
    }),
  );
  const count = due.data?.tenants_due;
  return (
    <ConfirmDialog
      trigger={
        <Button data-testid="start-billing-run">
          <Play size={16} aria-hidden="true" /> Close due tenants now
        </Button>
      }
      title="Close due tenants now?"
      description={
        due.isPending
          ? "Counting the tenants due…"
          : due.isError
            ? `Could not count the tenants due: ${errorMessage(due.error)}`
            : count === 0
              ? "No tenant is due: every ended period is closed or still in its grace period."
              : `${String(count)} ${count === 1 ? "tenant is" : "tenants are"} due. Each gets its period's invoice, numbered and final.`
      }
      action="Close them"
      color="accent"
      pending={start.isPending || due.isPending || count === 0}
      error={start.isError ? errorMessage(start.error) : null}
      onConfirm={() => {
        start.mutate({});
      }}
      {...dialog.bind(start)}
      testId="start-billing-run"
    />
  );
}

function RunList(): ReactNode {
  const trpc = useTRPC();
  const { page = 1 } = useSearch({ from: "/signed-in/admin/billing-runs" });
  const navigate = useNavigate({ from: "/admin/billing-runs" });
  const runs = useQuery(
    trpc.billingRuns.list.queryOptions(
      { limit: PAGE_SIZE, offset: pageOffset(page, PAGE_SIZE) },
      // Progress moves while a run is running.
      { refetchInterval: (query) => (query.state.data?.runs.some((run) => run.status === "running") ? 2000 : false) },
    ),
  );
  if (runs.isPending) return <Loading label="Loading billing runs…" />;
  if (runs.isError) return <ErrorState error={runs.error} onRetry={() => void runs.refetch()} />;
  if (runs.data.runs.length === 0) {
    return (
      <Empty title="No billing runs yet.">
        The schedule starts one when tenants are due; “Close due tenants now” starts one at once.
      </Empty>
    );
  }
  return (
    <Flex direction="column" gap="2">
      <DataTable
        data={runs.data.runs}
        columns={columns}
        label="Billing runs"
        getRowId={(run) => run.id}
        pageSize={PAGE_SIZE}
        testId="billing-runs-table"
      />
      <Pager
        page={page}
        pageSize={PAGE_SIZE}
        total={runs.data.total}
        onPage={(next) => void navigate({ search: (prev) => ({ ...prev, page: next }) })}
      />
    </Flex>
  );
}
