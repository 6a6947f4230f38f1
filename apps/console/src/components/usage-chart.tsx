import { TOKEN_TYPES } from "@tollgate/domain";
import type { ReactNode } from "react";
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { dayLabel } from "../lib/chart-ticks.ts";
import { dailySeries, type DailyPoint } from "../lib/daily-series.ts";
import type { DateRange } from "../lib/date-range.ts";
import { formatMoney, formatTokens, formatTokensShort } from "../lib/format.ts";
import { TOKEN_COLORS, TOKEN_LABELS } from "../lib/token-labels.ts";
import type { DailyUsage } from "../lib/router-types.ts";

interface TooltipProps {
  active?: boolean;
  label?: string | number;
  payload?: readonly { payload?: DailyPoint }[];
}

function DayTooltip({ active, label, payload, currency }: TooltipProps & { currency: string }): ReactNode {
  const point = payload?.[0]?.payload;
  if (!active || !point) return null;
  return (
    <div className="chart-tooltip">
      <strong>{String(label)}</strong>
      {TOKEN_TYPES.map((type) => (
        <div key={type}>
          <span className="swatch" style={{ background: TOKEN_COLORS[type] }} />
          {TOKEN_LABELS[type]}: {formatTokens(BigInt(point[type]).toString())}
        </div>
      ))}
      <div>Amount: {formatMoney(point.amount, currency)}</div>
    </div>
  );
}

/** Stacked daily tokens by type; the tooltip shows the exact counts and the day's amount. */
export function UsageChart({
  daily,
  range,
  currency,
}: {
  daily: DailyUsage[];
  range: DateRange;
  currency: string;
}): ReactNode {
  const data = dailySeries(daily, range);
  return (
    <div className="chart" data-testid="usage-chart">
      <ResponsiveContainer width="100%" height={300}>
        <BarChart data={data} margin={{ top: 8, right: 16, bottom: 0, left: 8 }}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} />
          <XAxis dataKey="day" tickFormatter={dayLabel} minTickGap={16} />
          {/* Five evenly spaced round ticks, all shown (hiding crowded ones left uneven gaps). */}
          <YAxis
            tickFormatter={formatTokensShort}
            width={56}
            domain={[0, "auto"]}
            tickCount={5}
            interval={0}
            allowDecimals={false}
          />
          <Tooltip content={<DayTooltip currency={currency} />} />
          <Legend formatter={(value: string) => TOKEN_LABELS[value as keyof typeof TOKEN_LABELS]} />
          {TOKEN_TYPES.map((type) => (
            <Bar key={type} dataKey={type} stackId="tokens" fill={TOKEN_COLORS[type]} isAnimationActive={false} />
          ))}
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}
