import { Card, Flex, Grid, Text } from "@radix-ui/themes";
import { TOKEN_TYPES } from "@tollgate/domain";
import type { ReactNode } from "react";
import { formatExactAmount, formatMoney, formatTokens } from "../lib/format.ts";
import type { UsageSummary } from "../lib/router-types.ts";
import { TOKEN_COLORS, TOKEN_LABELS } from "../lib/token-labels.ts";

function Stat({ label, children, footer }: { label: string; children: ReactNode; footer: ReactNode }): ReactNode {
  return (
    <Card>
      <Flex direction="column" gap="1">
        <Text size="2" color="gray">
          {label}
        </Text>
        {children}
        <Text size="1" color="gray">
          {footer}
        </Text>
      </Flex>
    </Card>
  );
}

export function UsageCards({ summary }: { summary: UsageSummary }): ReactNode {
  const { totals, currency, plan } = summary;
  const unrated = totals.unratedCount !== "0";
  return (
    <Grid columns={{ initial: "1", xs: "2", lg: "4" }} gap="3">
      <Stat
        label="Total tokens"
        footer={`${formatTokens(totals.eventCount)} ${totals.eventCount === "1" ? "event" : "events"}`}
      >
        <Text size="6" weight="bold" data-testid="total-tokens">
          {formatTokens(totals.totalTokens)}
        </Text>
      </Stat>
      <Stat
        label={`Amount (${currency})`}
        footer={plan ? `${plan.name} plan, version ${plan.version.toString()}` : "No plan assigned"}
      >
        <Text size="6" weight="bold" data-testid="total-amount" title={`exact: ${formatExactAmount(totals.amount)}`}>
          {formatMoney(totals.amount, currency)}
        </Text>
      </Stat>
      <Stat
        label="Unrated events"
        footer={unrated ? "No price for their model yet: not in the amount until priced." : "Every event has a price."}
      >
        <Text size="6" weight="bold" color={unrated ? "amber" : undefined} data-testid="unrated-events">
          {formatTokens(totals.unratedCount)}
        </Text>
      </Stat>
      <Card>
        <Text size="2" color="gray">
          By token type
        </Text>
        <dl className="token-breakdown">
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
      </Card>
    </Grid>
  );
}
