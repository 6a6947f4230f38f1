import { Flex } from "@radix-ui/themes";
import type { ReactNode } from "react";
import { Legend, Pie, PieChart, ResponsiveContainer, Tooltip } from "recharts";
import { formatRatioPercent, type ProviderShare } from "../lib/analytics-views.ts";
import { groupColor } from "../lib/explore-series.ts";
import { formatMoney, formatTokens } from "../lib/format.ts";
import { columnsFor, DataTable } from "./data-table.tsx";

type Provider = ProviderShare["providers"][number];
const col = columnsFor<Provider>();

/** Each provider's share of every tenant's tokens (a pie), with its tokens and revenue in the chosen currency. */
export function AnalyticsProviderShare({ report }: { report: ProviderShare }): ReactNode {
  const columns = col.columns([
    col.accessor("provider", { header: "Provider", sortFn: "text" }),
    col.accessor("share", {
      header: "Share of tokens",
      sortFn: "decimal",
      meta: { numeric: true },
      cell: (info) => formatRatioPercent(info.getValue()),
    }),
    col.accessor("tokens", {
      header: "Tokens",
      sortFn: "decimal",
      meta: { numeric: true, secondary: true },
      cell: (info) => formatTokens(info.getValue()),
    }),
    col.accessor("revenue", {
      header: `Revenue (${report.currency})`,
      sortFn: "decimal",
      // Phones show the share (this card's point); the revenue is in the margin card too.
      meta: { numeric: true, secondary: true },
      cell: (info) => formatMoney(info.getValue(), report.currency),
    }),
  ]);
  // Numbers for plotting only; the table and the tooltip show the exact figures. Each slice carries its colour.
  const slices = report.providers.map((provider, index) => ({
    name: provider.provider,
    value: Number(provider.tokens),
    fill: groupColor(index, "provider"),
  }));
  return (
    <Flex direction="column" gap="3">
      <div className="chart" data-testid="analytics-provider-chart">
        <ResponsiveContainer width="100%" height={240}>
          <PieChart>
            <Pie data={slices} dataKey="value" nameKey="name" outerRadius="80%" isAnimationActive={false} />
            <Tooltip
              formatter={(_value, name) => {
                const provider = report.providers.find((row) => row.provider === name);
                return provider ? `${formatRatioPercent(provider.share)} · ${formatTokens(provider.tokens)}` : "";
              }}
            />
            <Legend />
          </PieChart>
        </ResponsiveContainer>
      </div>
      <DataTable
        data={report.providers}
        columns={columns}
        label="Providers"
        getRowId={(row) => row.provider}
        testId="analytics-provider-table"
      />
    </Flex>
  );
}
