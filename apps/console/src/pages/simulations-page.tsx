import { Badge, Button, Flex, Text } from "@radix-ui/themes";
import { useQuery } from "@tanstack/react-query";
import { Link } from "@tanstack/react-router";
import type { ReactNode } from "react";
import { Empty, ErrorState, Loading } from "../components/async-state.tsx";
import { columnsFor, DataTable } from "../components/data-table.tsx";
import { DateTime } from "../components/date-time.tsx";
import { OperatorsOnly } from "../components/operators-only.tsx";
import { PageHeader } from "../components/page-header.tsx";
import { formatMoney } from "../lib/format.ts";
import { scopeLabel, type Simulation } from "../lib/simulation-views.ts";
import { useSignedInUser } from "../lib/signed-in-user.ts";
import { useTRPC } from "../lib/trpc.ts";

const STATUS_COLORS = { queued: "gray", running: "blue", succeeded: "green", failed: "red" } as const;

const col = columnsFor<Simulation>();
const columns = col.columns([
  col.accessor("plan_name", {
    header: "Draft",
    enableSorting: false,
    cell: (info) => (
      <Link
        to="/admin/simulations/$simulationId"
        params={{ simulationId: info.row.original.id }}
        data-testid="simulation-link"
      >
        {info.getValue()} v{info.row.original.version.toString()}
      </Link>
    ),
  }),
  col.accessor("status", {
    header: "Status",
    enableSorting: false,
    cell: (info) => (
      <Badge color={STATUS_COLORS[info.getValue()]} highContrast>
        {info.getValue()}
      </Badge>
    ),
  }),
  col.accessor("scope", {
    header: "Tenants",
    enableSorting: false,
    meta: { secondary: true },
    cell: (info) => `${scopeLabel(info.row.original)} (${(info.row.original.tenants_total ?? 0).toString()})`,
  }),
  col.accessor("window_from", {
    header: "Usage from",
    enableSorting: false,
    meta: { secondary: true },
    cell: (info) => <DateTime iso={info.getValue()} billingDay />,
  }),
  col.accessor((row) => row.totals.difference, {
    id: "difference",
    header: "Difference",
    enableSorting: false,
    meta: { numeric: true },
    cell: (info) => formatMoney(info.getValue(), info.row.original.currency),
  }),
  col.accessor("created_at", {
    header: "Started",
    enableSorting: false,
    meta: { secondary: true },
    cell: (info) => <DateTime iso={info.getValue()} />,
  }),
]);

/** `/admin/simulations`: the latest simulations of draft plan versions, newest first. */
export function SimulationsPage(): ReactNode {
  const user = useSignedInUser();
  const trpc = useTRPC();
  const list = useQuery({ ...trpc.planSimulations.list.queryOptions({}), enabled: user.role === "operator" });
  if (user.role !== "operator") return <OperatorsOnly />;
  return (
    <Flex direction="column" gap="4">
      <PageHeader
        title="Simulations"
        description="Draft plan versions rated on real usage before they are published: what each tenant paid, and would pay."
      >
        <Button asChild>
          <Link to="/admin/simulations/new" data-testid="simulation-new">
            New simulation
          </Link>
        </Button>
      </PageHeader>
      {list.isPending ? (
        <Loading label="Loading simulations…" />
      ) : list.isError ? (
        <ErrorState error={list.error} onRetry={() => void list.refetch()} />
      ) : list.data.simulations.length === 0 ? (
        <Empty title="No simulations yet.">
          <Text>Start one from a draft plan version (Simulate), or at /admin/simulations/new?version=…</Text>
        </Empty>
      ) : (
        <DataTable
          data={list.data.simulations}
          columns={columns}
          label="Simulations"
          getRowId={(row) => row.id}
          testId="simulations-table"
        />
      )}
    </Flex>
  );
}
