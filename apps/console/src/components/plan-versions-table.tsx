import { Code, Flex, Link as RadixLink, Text } from "@radix-ui/themes";
import { Link } from "@tanstack/react-router";
import { useMemo, type ReactNode } from "react";
import { formatTokens } from "../lib/format.ts";
import type { PlanVersion } from "../lib/plan-views.ts";
import { columnsFor, DataTable } from "./data-table.tsx";
import { DateTime } from "./date-time.tsx";
import { PlanVersionBadge } from "./plan-version-badge.tsx";

const col = columnsFor<PlanVersion>();

function versionColumns(planId: string, actions: ((version: PlanVersion) => ReactNode) | undefined) {
  return col.columns([
    col.accessor("version", {
      header: "Version",
      cell: (info) => (
        <Flex direction="column" gap="1">
          <RadixLink asChild>
            <Link
              to="/admin/plans/$planId/versions/$versionId"
              params={{ planId, versionId: info.row.original.id }}
              data-testid="version-link"
            >
              v{info.getValue().toString()}
            </Link>
          </RadixLink>
          {/* Phones show the start date here instead of in its own column. */}
          <Text size="1" color="gray" className="phone-only">
            from <DateTime iso={info.row.original.effective_from} dateOnly billingDay />
          </Text>
        </Flex>
      ),
    }),
    col.accessor("status", { header: "Status", cell: (info) => <PlanVersionBadge status={info.getValue()} /> }),
    col.accessor("currency", {
      header: "Currency",
      meta: { secondary: true },
      cell: (info) => <Code variant="ghost">{info.getValue()}</Code>,
    }),
    col.accessor("effective_from", {
      header: "Effective from",
      sortFn: "datetime",
      meta: { secondary: true },
      cell: (info) => <DateTime iso={info.getValue()} billingDay />,
    }),
    col.accessor("effective_to", {
      header: "Effective to",
      meta: { secondary: true },
      cell: (info) =>
        info.getValue() === null ? <Text color="gray">open</Text> : <DateTime iso={info.getValue()} billingDay />,
    }),
    col.accessor("rate_count", {
      header: "Rates",
      meta: { numeric: true, secondary: true },
      cell: (info) => formatTokens(info.getValue().toString()),
    }),
    col.accessor("active_subscriptions", {
      header: "Subscribed now",
      meta: { numeric: true, secondary: true },
      cell: (info) => formatTokens(info.getValue().toString()),
    }),
    ...(actions
      ? [
          col.display({
            id: "actions",
            header: () => <span className="sr-only">Actions</span>,
            cell: (info) => actions(info.row.original),
          }),
        ]
      : []),
  ]);
}

/** A plan's versions, newest first: status, currency, dates, rate count and subscribers; `actions` per row. */
export function PlanVersionsTable({
  planId,
  versions,
  actions,
  label,
}: {
  planId: string;
  versions: PlanVersion[];
  actions?: (version: PlanVersion) => ReactNode;
  label: string;
}): ReactNode {
  const columns = useMemo(() => versionColumns(planId, actions), [planId, actions]);
  return (
    <DataTable
      data={versions}
      columns={columns}
      label={label}
      getRowId={(version) => version.id}
      pageSize={Number.MAX_SAFE_INTEGER}
      testId="plan-versions"
    />
  );
}
