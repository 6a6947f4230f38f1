import type { ReactNode } from "react";
import { formatMoney, formatTokens } from "../lib/format.ts";
import type { ModelUsage } from "../lib/router-types.ts";

export function ModelTable({ rows, currency }: { rows: ModelUsage[]; currency: string }): ReactNode {
  return (
    <div className="table-wrap">
      <table data-testid="model-table">
        <thead>
          <tr>
            <th>Model</th>
            <th className="num">Events</th>
            <th className="num">Input</th>
            <th className="num">Cached input</th>
            <th className="num">Cache write</th>
            <th className="num">Output</th>
            <th className="num">Reasoning</th>
            <th className="num">Amount</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.modelId}>
              <td>
                <code>{row.modelId}</code>
                {row.unratedCount !== "0" && (
                  <span className="badge badge-warning" title="No price for this model yet">
                    {formatTokens(row.unratedCount)} unrated
                  </span>
                )}
              </td>
              <td className="num">{formatTokens(row.eventCount)}</td>
              <td className="num">{formatTokens(row.tokens.input)}</td>
              <td className="num">{formatTokens(row.tokens.cached_input)}</td>
              <td className="num">{formatTokens(row.tokens.cache_write)}</td>
              <td className="num">{formatTokens(row.tokens.output)}</td>
              <td className="num">{formatTokens(row.tokens.reasoning)}</td>
              <td className="num" title={allUnrated(row) ? "No price for this model yet" : undefined}>
                {allUnrated(row) ? "unpriced" : formatMoney(row.amount, currency)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** Every event of the model is unrated: its amount is unknown, not zero. */
function allUnrated(row: { eventCount: string; unratedCount: string }): boolean {
  return row.eventCount === row.unratedCount;
}
