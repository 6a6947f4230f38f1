import { Link } from "@tanstack/react-router";
import { Flex, Text } from "@radix-ui/themes";
import type { ReactNode } from "react";
import type { TopAgents, TopTenants, UnratedVolume } from "../lib/analytics-views.ts";
import { formatRatioPercent } from "../lib/analytics-views.ts";
import { formatMoney, formatTokens } from "../lib/format.ts";
import { columnsFor, DataTable } from "./data-table.tsx";

type TenantRow = TopTenants["tenants"][number];
type AgentRow = TopAgents["agents"][number];
type UnratedRow = UnratedVolume["models"][number];

const tenantCol = columnsFor<TenantRow>();
const agentCol = columnsFor<AgentRow>();
const unratedCol = columnsFor<UnratedRow>();

/** The tenants with the most revenue in the window (the operator can open each one's own pages). */
export function TopTenantsTable({ report }: { report: TopTenants }): ReactNode {
  const columns = tenantCol.columns([
    tenantCol.accessor("name", {
      header: "Tenant",
      sortFn: "text",
      cell: (info) => (
        <Flex direction="column" gap="1">
          <Link to="/" search={{ tenant: info.row.original.tenant_id }} className="nowrap">
            {info.getValue()}
          </Link>
          <Text size="1" color="gray">
            {info.row.original.slug}
          </Text>
        </Flex>
      ),
    }),
    tenantCol.accessor("revenue", {
      // The amounts carry their currency sign; the section's description names the currency. Short headers let the
      // four columns fit the half-width card without scrolling.
      header: "Revenue",
      sortFn: "decimal",
      meta: { numeric: true },
      cell: (info) => formatMoney(info.getValue(), report.currency),
    }),
    tenantCol.accessor("cost", {
      header: "Provider cost",
      sortFn: "decimal",
      meta: { numeric: true, secondary: true },
      cell: (info) => formatMoney(info.getValue(), "USD"),
    }),
    tenantCol.accessor("tokens", {
      header: "Tokens",
      sortFn: "decimal",
      meta: { numeric: true, secondary: true },
      cell: (info) => formatTokens(info.getValue()),
    }),
  ]);
  return (
    <DataTable
      data={report.tenants}
      columns={columns}
      label="Top tenants"
      getRowId={(row) => row.tenant_id}
      testId="analytics-top-tenants"
    />
  );
}

/** The agents (by name, across tenants) with the most tokens in the window. */
export function TopAgentsTable({ report }: { report: TopAgents }): ReactNode {
  const columns = agentCol.columns([
    agentCol.accessor("agent", { header: "Agent", sortFn: "text" }),
    agentCol.accessor("tokens", {
      header: "Tokens",
      sortFn: "decimal",
      meta: { numeric: true },
      cell: (info) => formatTokens(info.getValue()),
    }),
    agentCol.accessor("events", {
      header: "Events",
      sortFn: "decimal",
      meta: { numeric: true, secondary: true },
      cell: (info) => formatTokens(info.getValue()),
    }),
    agentCol.accessor("revenue", {
      header: `Revenue (${report.currency})`,
      sortFn: "decimal",
      meta: { numeric: true, secondary: true },
      cell: (info) => formatMoney(info.getValue(), report.currency),
    }),
  ]);
  return (
    <DataTable
      data={report.agents}
      columns={columns}
      label="Top agents"
      getRowId={(row) => row.agent}
      testId="analytics-top-agents"
    />
  );
}

/** Models whose events were stored unrated (no price): used, not billed. */
export function UnratedTable({ report }: { report: UnratedVolume }): ReactNode {
  const columns = unratedCol.columns([
    unratedCol.accessor("model", { header: "Model", sortFn: "text" }),
    unratedCol.accessor("unrated_events", {
      header: "Unrated events",
      sortFn: "decimal",
      meta: { numeric: true },
      cell: (info) => formatTokens(info.getValue()),
    }),
    unratedCol.accessor("unrated_share", {
      header: "Of its events",
      sortFn: "decimal",
      meta: { numeric: true, secondary: true },
      cell: (info) => formatRatioPercent(info.getValue()),
    }),
  ]);
  return (
    <DataTable
      data={report.models}
      columns={columns}
      label="Unrated events by model"
      getRowId={(row) => row.model}
      testId="analytics-unrated"
    />
  );
}
