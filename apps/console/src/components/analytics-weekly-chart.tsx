import { Flex, Text } from "@radix-ui/themes";
import type { ReactNode } from "react";
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { weeklyChartRows, weekLabel, type TokensByModel } from "../lib/analytics-views.ts";
import { groupColor } from "../lib/explore-series.ts";
import { formatGrowth, formatTokens, formatTokensShort } from "../lib/format.ts";
import { columnsFor, DataTable } from "./data-table.tsx";

type Week = TokensByModel["weeks"][number];
const col = columnsFor<Week>();
// Oldest first, as the chart; the week is the key.
const columns = col.columns([
  col.accessor("week_start", {
    header: "Week of",
    enableSorting: false,
    cell: (info) => `${weekLabel(info.getValue())}${info.row.original.partial ? " (so far)" : ""}`,
  }),
  col.accessor("tokens", {
    header: "Tokens",
    enableSorting: false,
    meta: { numeric: true },
    cell: (info) => <span data-testid="analytics-week-tokens">{formatTokens(info.getValue())}</span>,
  }),
  col.accessor("growth", {
    header: "vs week before",
    enableSorting: false,
    meta: { numeric: true },
    cell: (info) => {
      const growth = info.getValue();
      // A week still running against a whole one read as a collapse ("−99.3 %" on a Monday): not shown until it ends.
      return growth === null || info.row.original.partial ? <Text color="gray">—</Text> : formatGrowth(growth);
    },
  }),
]);

/** Every tenant's tokens per UTC week, the top models stacked (the rest as "other"), and the weeks' totals. */
export function AnalyticsWeeklyChart({ report }: { report: TokensByModel }): ReactNode {
  const rows = weeklyChartRows(report);
  const models = report.weeks[0]?.models.map((model) => model.model) ?? [];
  return (
    <Flex direction="column" gap="3">
      <div className="chart" data-testid="analytics-weekly-chart">
        <ResponsiveContainer width="100%" height={300}>
          <BarChart data={rows} margin={{ top: 8, right: 20, bottom: 0, left: 8 }}>
            <CartesianGrid strokeDasharray="3 3" vertical={false} />
            <XAxis dataKey="week" tickFormatter={(label: string) => label.slice(5)} minTickGap={16} />
            <YAxis tickFormatter={formatTokensShort} width={56} />
            <Tooltip
              formatter={(value, _name, item: { dataKey?: unknown; payload?: Record<string, unknown> }) => {
                const exact = item.payload?.[String(item.dataKey).replace(/^m/, "x")];
                return typeof exact === "string" ? formatTokens(exact) : String(value);
              }}
            />
            <Legend />
            {models.map((model, index) => (
              <Bar
                key={model}
                dataKey={`m${index.toString()}`}
                name={model}
                stackId="tokens"
                fill={groupColor(index, index === models.length - 1 ? "other" : "model")}
                isAnimationActive={false}
              />
            ))}
          </BarChart>
        </ResponsiveContainer>
      </div>
      <DataTable
        data={report.weeks}
        columns={columns}
        label="Tokens per week"
        getRowId={(week) => week.week_start}
        pageSize={Number.MAX_SAFE_INTEGER}
        testId="analytics-weeks-table"
      />
    </Flex>
  );
}
