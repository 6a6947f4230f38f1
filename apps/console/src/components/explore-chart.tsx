import type { ReactNode } from "react";
import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { chartRows, groupColor, type ExploreMetric } from "../lib/explore-series.ts";
import { formatMoney, formatMoneyTick, formatTokens, formatTokensShort } from "../lib/format.ts";
import type { UsageExploration } from "../lib/router-types.ts";

/** Axis ticks without the year ("2026-11-07" → "11-07", "2026-11-07T13:00" → "11-07 13:00"); tooltips keep it. */
function shortBucket(label: string): string {
  return /^\d{4}-/.test(label) ? label.slice(5).replace("T", " ") : label;
}

/** The explorer's series stacked by group, one colour per group; the legend names them. */
export function ExploreChart({
  exploration,
  metric,
}: {
  exploration: UsageExploration;
  metric: ExploreMetric;
}): ReactNode {
  const rows = chartRows(exploration, metric);
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
          <XAxis dataKey="bucket" tickFormatter={shortBucket} minTickGap={16} />
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
              fill={groupColor(index, group.kind)}
              isAnimationActive={false}
            />
          ))}
        </BarChart>
      </ResponsiveContainer>
      <ul className="chart-legend" data-testid="explore-legend">
        {exploration.groups.map((group, index) => (
          <li key={`${group.kind}:${group.key ?? ""}`}>
            <span className="swatch" style={{ background: groupColor(index, group.kind) }} />
            {group.label}
          </li>
        ))}
      </ul>
    </div>
  );
}
