import type { ReactNode } from "react";
import { CartesianGrid, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { dayLabel } from "../lib/chart-ticks.ts";
import type { CreditDay } from "../lib/credit-views.ts";
import { formatMoney, formatMoneyTick } from "../lib/format.ts";

const GRANTED = "Granted";

interface TooltipProps {
  active?: boolean;
  label?: string | number;
  payload?: readonly { payload?: { balance: string } }[];
}

function DayTooltip({ active, label, payload, currency }: TooltipProps & { currency: string }): ReactNode {
  const point = payload?.[0]?.payload;
  if (!active || !point) return null;
  return (
    <div className="chart-tooltip">
      <strong>{String(label)}</strong>
      <div>Balance: {formatMoney(point.balance, currency)}</div>
    </div>
  );
}

/**
 * A grant's balance at the end of each day with use, starting from the granted amount. The line is a picture only
 * (plotted as floats); the tooltip and the table show the exact amounts.
 */
export function BalanceChart({
  days,
  amount,
  currency,
}: {
  days: readonly CreditDay[];
  amount: string;
  currency: string;
}): ReactNode {
  // The line starts at the granted amount, so even a single day of use shows as a step down.
  const points = [
    { day: GRANTED, balance: amount },
    ...days.map((day) => ({ day: day.day, balance: day.balance })),
  ].map((point) => ({ ...point, value: Number(point.balance) }));
  return (
    <div className="chart" data-testid="balance-chart" role="img" aria-label="Balance by day">
      <ResponsiveContainer width="100%" height={220}>
        <LineChart data={points} margin={{ top: 8, right: 16, bottom: 0, left: 8 }}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} />
          <XAxis
            dataKey="day"
            tickFormatter={(day: string) => (day === GRANTED ? day : dayLabel(day))}
            minTickGap={16}
            padding={{ left: 32, right: 32 }}
          />
          <YAxis width={56} tickFormatter={(value: number) => formatMoneyTick(value, currency)} />
          <Tooltip content={<DayTooltip currency={currency} />} />
          <Line type="linear" dataKey="value" stroke="var(--accent-9)" dot isAnimationActive={false} />
        </LineChart>
      </ResponsiveContainer>
    </div>
  );
}
