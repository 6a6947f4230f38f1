import { Card, Flex, Heading, Link as ThemeLink, Text } from "@radix-ui/themes";
import { useQuery } from "@tanstack/react-query";
import { Link } from "@tanstack/react-router";
import { useMemo, type ReactNode } from "react";
import { budgetScopeName, mostUsedBudgets } from "../lib/budget-views.ts";
import { useTRPC } from "../lib/trpc.ts";
import { ErrorState, Loading } from "./async-state.tsx";
import { BudgetProgress, BudgetStateBadge } from "./budget-progress.tsx";

const SHOWN = 3;

/** The overview's budget card: the budgets closest to their limit, with a link to all of them. */
export function BudgetStatusCard({ tenantId }: { tenantId: string }): ReactNode {
  const trpc = useTRPC();
  const list = useQuery(trpc.tenantBudgets.list.queryOptions({ tenantId }, { refetchInterval: 30_000 }));
  const apiKeys = useQuery(trpc.apiKeys.list.queryOptions({ tenantId }));
  const keyNames = useMemo(() => new Map((apiKeys.data ?? []).map((key) => [key.id, key.name])), [apiKeys.data]);

  if (list.isPending) return <Loading label="Loading budgets…" />;
  if (list.isError) return <ErrorState error={list.error} onRetry={() => void list.refetch()} />;
  const shown = mostUsedBudgets(list.data.budgets, SHOWN);
  return (
    <Card data-testid="budget-status-card">
      <Flex align="center" justify="between" wrap="wrap" gap="2" mb="2">
        <Heading as="h2" size="3">
          Budgets
        </Heading>
        <ThemeLink asChild size="2">
          <Link to="/budgets" data-testid="budget-status-link">
            {list.data.budgets.length > SHOWN ? `All ${list.data.budgets.length.toString()} budgets` : "All budgets"}
          </Link>
        </ThemeLink>
      </Flex>
      {shown.length === 0 ? (
        <Text size="2" color="gray">
          No budgets yet.
        </Text>
      ) : (
        <Flex direction="column" gap="3">
          {shown.map((budget) => {
            const name = budgetScopeName(budget, keyNames);
            return (
              <Flex key={budget.id} direction="column" gap="1">
                <Flex align="center" justify="between" gap="2">
                  <Text size="2" weight="medium" truncate>
                    {name}
                  </Text>
                  <BudgetStateBadge budget={budget} />
                </Flex>
                <BudgetProgress budget={budget} label={name} />
              </Flex>
            );
          })}
        </Flex>
      )}
    </Card>
  );
}
