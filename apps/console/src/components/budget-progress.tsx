import { Badge, Flex, Progress, Text } from "@radix-ui/themes";
import type { ReactNode } from "react";
import { BUDGET_STATE_COLORS, BUDGET_STATE_LABELS, budgetStatus, type BudgetWithSpend } from "../lib/budget-views.ts";
import { formatMoney, formatPercent } from "../lib/format.ts";

/** Spend against one budget: a bar (named for screen readers), "spent of limit" and the share used. */
export function BudgetProgress({ budget, label }: { budget: BudgetWithSpend; label: string }): ReactNode {
  const status = budgetStatus(budget);
  return (
    <Flex direction="column" gap="1" minWidth="140px">
      <Progress
        value={status.bar}
        color={BUDGET_STATE_COLORS[status.state]}
        aria-label={`${label}: ${formatPercent(status.percent)} of the budget used`}
        data-testid="budget-progress"
      />
      <Text size="1" color="gray">
        <span data-testid="budget-spent">{formatMoney(budget.spent, budget.currency)}</span> of{" "}
        {formatMoney(budget.amount, budget.currency)} · {/* "31 %" never breaks between the number and its sign. */}
        <span className="nowrap">{formatPercent(status.percent)}</span>
      </Text>
    </Flex>
  );
}

export function BudgetStateBadge({ budget }: { budget: BudgetWithSpend }): ReactNode {
  const { state } = budgetStatus(budget);
  return (
    <Badge color={BUDGET_STATE_COLORS[state]} highContrast data-testid="budget-state">
      {BUDGET_STATE_LABELS[state]}
    </Badge>
  );
}
