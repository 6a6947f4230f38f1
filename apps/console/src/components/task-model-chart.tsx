import type { ReactNode } from "react";
import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { formatMoney, formatMoneyTick } from "../lib/format.ts";
import type { ModelAmount } from "../lib/task-views.ts";

interface TooltipProps {
  active?: boolean;
  payload?: readonly { payload?: ModelAmount }[];
}

function ModelTooltip({ active, payload, currency }: TooltipProps & { currency: string }): ReactNode {
  const point = payload?.[0]?.payload;
  if (!active || !point) return null;
  return (
    <div className="chart-tooltip">
      <strong>{point.model}</strong>
      <div>Amount: {formatMoney(point.amount, currency)}</div>
    </div>
  );
}

/** "anthropic/claude-sonnet-4-5" → "claude-sonnet-4-5" on the axis; the tooltip and table keep the full id. */
const shortModel = (model: string) => model.slice(model.lastIndexOf("/") + 1);

/**
 * A task's amount by model, one bar each. The bars are a picture only (plotted as floats); the tooltip and the
 * table beside it show the exact amounts.
 */
export function TaskModelChart({ models, currency }: { models: ModelAmount[]; currency: string }): ReactNode {
  const points = models.map((model) => ({ ...model, value: Number(model.amount) }));
  return (
    <div className="chart" data-testid="task-model-chart" role="img" aria-label="Amount by model">
      <ResponsiveContainer width="100%" height={220}>
        <BarChart data={points} margin={{ top: 8, right: 16, bottom: 0, left: 8 }}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} />
          <XAxis dataKey="model" tickFormatter={shortModel} interval={0} />
          <YAxis width={56} tickFormatter={(value: number) => formatMoneyTick(value, currency)} />
          <Tooltip content={<ModelTooltip currency={currency} />} />
          <Bar dataKey="value" fill="var(--accent-9)" maxBarSize={64} isAnimationActive={false} />
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}
