import { Card, Flex, Text } from "@radix-ui/themes";
import type { ReactNode } from "react";
import { formatMoney, formatTokens } from "../lib/format.ts";
import type { UsageExploration } from "../lib/router-types.ts";

/** The period's totals over everything the filters match (the table's rows add up to them). */
export function ExploreTotals({ exploration }: { exploration: UsageExploration }): ReactNode {
  const { total, currency } = exploration;
  return (
    <Flex gap="3" wrap="wrap">
      <Card className="explore-total">
        <Text as="div" size="2" color="gray">
          Tokens
        </Text>
        <Text as="div" size="6" weight="bold" data-testid="explore-total-tokens">
          {formatTokens(total.total_tokens)}
        </Text>
      </Card>
      <Card className="explore-total">
        <Text as="div" size="2" color="gray">
          Amount
        </Text>
        <Text as="div" size="6" weight="bold" data-testid="explore-total-amount">
          {total.rounded_amount === null ? "—" : formatMoney(total.rounded_amount, currency)}
        </Text>
      </Card>
    </Flex>
  );
}
