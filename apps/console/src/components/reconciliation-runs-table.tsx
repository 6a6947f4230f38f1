import { Badge, Text } from "@radix-ui/themes";
import type { ReactNode } from "react";
import { formatCount, type ReconciliationRunRow } from "../lib/pipeline-views.ts";
import { columnsFor, DataTable } from "./data-table.tsx";
import { DateTime } from "./date-time.tsx";
import { Empty } from "./async-state.tsx";

const STATUS_COLORS = { running: "blue", clean: "green", drift: "red", failed: "red" } as const;

const col = columnsFor<ReconciliationRunRow>();
const columns = col.columns([
  col.accessor("started_at", {
    header: "Started",
    enableSorting: false,
    cell: (info) => <DateTime iso={info.getValue()} />,
  }),
  col.accessor("status", {
    header: "Result",
    enableSorting: false,
    cell: (info) => (
      <Badge color={STATUS_COLORS[info.getValue()]} highContrast>
        {info.getValue()}
      </Badge>
    ),
  }),
  col.accessor("findings_count", {
    header: "Findings",
    enableSorting: false,
    meta: { numeric: true },
    cell: (info) => formatCount(info.getValue()),
  }),
  col.accessor("tenants_checked", {
    header: "Tenants",
    enableSorting: false,
    meta: { numeric: true, secondary: true },
    cell: (info) => formatCount(info.getValue()),
  }),
  col.accessor("finished_at", {
    header: "Finished",
    enableSorting: false,
    meta: { secondary: true },
    cell: (info) => {
      const run = info.row.original;
      return run.error === null ? (
        <DateTime iso={info.getValue()} />
      ) : (
        <Text size="1" color="red" className="break-anywhere">
          {run.error}
        </Text>
      );
    },
  }),
]);

/** The latest reconciliation runs (their findings: GET /v1/admin/reconciliation/runs). */
export function ReconciliationRunsTable({ runs }: { runs: ReconciliationRunRow[] }): ReactNode {
  if (runs.length === 0) {
    return <Empty title="No reconciliation run yet.">The worker runs one every 6 hours.</Empty>;
  }
  return (
    <DataTable
      data={runs}
      columns={columns}
      label="Reconciliation runs"
      getRowId={(run) => run.id}
      testId="reconciliation-runs"
    />
  );
}
