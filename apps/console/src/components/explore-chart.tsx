import type { ReactNode } from "react";
import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { bucketAxis } from "../lib/chart-ticks.ts";
import { chartRows, seriesColor, type ExploreMetric } from "../lib/explore-series.ts";
import { formatMoney, formatMoneyTick, formatTokens, formatTokensShort } from "../lib/format.ts";
import type { UsageExploration } from "../lib/router-types.ts";

/** The explorer's series stacked by group, one colour per group; the legend names them. */
export function ExploreChart({
  exploration,
  metric,
  groupBy,
}: {
  exploration: UsageExploration;
  metric: ExploreMetric;
  groupBy: string;
}): ReactNode {
  const rows = chartRows(exploration, metric);
  // Axis ticks without the year ("Nov 7", "13:00"); the tooltip keeps the bucket's full label.
  const axis = bucketAxis(exploration.buckets.map((bucket) => bucket.label));
  // Axis ticks are approximate (the heading names the unit); the tooltip shows the exact figures.
  const formatTick = (value: number) =>
    metric === "tokens" ? formatTokensShort(value) : formatMoneyTick(value, exploration.currency);
  const formatExact = (exact: string) =>
    metric === "tokens" ? formatTokens(exact) : formatMoney(exact, exploration.currency);
  return (
    <div className="chart" data-testid="explore-chart">
      {/* The plot keeps its height at any width: recharts' own legend took it from inside the chart, and ten group
          names wrapped on a phone left a ~100 px plot. The legend is plain text below instead, wrapping freely. */}
      <ResponsiveContainer width="100%" height={280}>
        <BarChart data={rows} margin={{ top: 8, right: 20, bottom: 0, left: 8 }}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} />
          <XAxis dataKey="bucket" ticks={axis.ticks} tickFormatter={axis.label} minTickGap={16} />
          {/* Five evenly spaced round ticks (0, 20M, 40M…), all shown: hiding crowded ones left uneven gaps. */}
          <YAxis
            tickFormatter={formatTick}
            width={56}
            domain={[0, "auto"]}
            tickCount={5}
            interval={0}
            allowDecimals={metric !== "tokens"}
          />
          <Tooltip
            formatter={(value, _name, item: { dataKey?: unknown; payload?: Record<string, unknown> }) => {
              const exact = item.payload?.[String(item.dataKey).replace(/^g/, "x")];
              return typeof exact === "string" ? formatExact(exact) : String(value);
            }}
          />
          {exploration.groups.map((group, index) => (
            <Bar
              key={`${group.kind}:${group.key ?? ""}`}
              dataKey={`g${index.toString()}`}
              name={group.label}
              stackId="usage"
              fill={seriesColor(group, index, groupBy)}
              isAnimationActive={false}
            />
          ))}
        </BarChart>
      </ResponsiveContainer>
      <ul className="chart-legend" data-testid="explore-legend">
        {exploration.groups.map((group, index) => (
          <li key={`${group.kind}:${group.key ?? ""}`}>
            <span className="swatch" style={{ background: seriesColor(group, index, groupBy) }} />
            {group.label}
          </li>
        ))}
      </ul>
    </div>
  );
}
