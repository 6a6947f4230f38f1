import { TOKEN_TYPES } from "@tollgate/domain";
import type { ReactNode } from "react";
import { formatExactAmount, formatMoney, formatTokens } from "../lib/format.ts";
import { TOKEN_COLORS, TOKEN_LABELS } from "../lib/token-labels.ts";
import type { UsageSummary } from "../lib/router-types.ts";

export function UsageCards({ summary }: { summary: UsageSummary }): ReactNode {
  const { totals, currency, plan } = summary;
  const unrated = totals.unratedCount !== "0";
  return (
    <div className="cards">
      <div className="card stat">
        <div className="stat-label">Total tokens</div>
        <div className="stat-value" data-testid="total-tokens">
          {formatTokens(totals.totalTokens)}
        </div>
        <div className="muted">
          {formatTokens(totals.eventCount)} {totals.eventCount === "1" ? "event" : "events"}
        </div>
      </div>
      <div className="card stat">
        <div className="stat-label">Amount ({currency})</div>
        <div className="stat-value" data-testid="total-amount" title={`exact: ${formatExactAmount(totals.amount)}`}>
          {formatMoney(totals.amount, currency)}
        </div>
        <div className="muted">
          {plan ? `${plan.name} plan, version ${plan.version.toString()}` : "No plan assigned"}
        </div>
      </div>
      <div className={`card stat ${unrated ? "stat-warning" : ""}`}>
        <div className="stat-label">Unrated events</div>
        <div className="stat-value" data-testid="unrated-events">
          {formatTokens(totals.unratedCount)}
        </div>
        <div className="muted">
          {unrated ? "No price for their model yet: not in the amount until priced." : "Every event has a price."}
        </div>
      </div>
      <div className="card stat token-breakdown">
        <div className="stat-label">By token type</div>
        <dl>
          {TOKEN_TYPES.map((type) => (
            <div key={type} className="breakdown-row">
              <dt>
                <span className="swatch" style={{ background: TOKEN_COLORS[type] }} />
                {TOKEN_LABELS[type]}
              </dt>
              <dd data-testid={`tokens-${type}`}>{formatTokens(totals.tokens[type])}</dd>
            </div>
          ))}
        </dl>
      </div>
    </div>
  );
}
