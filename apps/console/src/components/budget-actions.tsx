import { Button, Flex } from "@radix-ui/themes";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import type { ReactNode } from "react";
import type { BudgetKeyOption } from "../lib/budget-form.ts";
import type { BudgetList, BudgetWithSpend } from "../lib/budget-views.ts";
import { errorMessage } from "../lib/error-message.ts";
import { useTRPC } from "../lib/trpc.ts";
import { useDialog } from "../lib/use-dialog.ts";
import { BudgetDialog } from "./budget-dialog.tsx";
import { ConfirmDialog } from "./confirm-dialog.tsx";

/** Change or delete a budget the tenant set (the operator's have no actions for the tenant). */
export function BudgetActions({
  tenantId,
  budget,
  name,
  allowance,
  keys,
}: {
  tenantId: string;
  budget: BudgetWithSpend;
  name: string;
  allowance: BudgetList["allowance"];
  keys: readonly BudgetKeyOption[];
}): ReactNode {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const dialog = useDialog();
  const remove = useMutation(
    trpc.tenantBudgets.delete.mutationOptions({
      onSuccess: async () => {
        dialog.close();
        await queryClient.invalidateQueries(trpc.tenantBudgets.pathFilter());
      },
    }),
  );
  return (
    <Flex gap="2" justify="end" direction={{ initial: "column", sm: "row" }}>
      {allowance.allowed && (
        <BudgetDialog
          tenantId={tenantId}
          allowance={allowance}
          keys={keys}
          budget={budget}
          defaultCurrency={budget.currency}
          trigger={
            <Button size="1" variant="soft" aria-label={`Change the budget of ${name}`} data-testid="edit-budget">
              Change
            </Button>
          }
        />
      )}
      <ConfirmDialog
        {...dialog.bind(remove)}
        trigger={
          <Button
            size="1"
            variant="soft"
            color="red"
            aria-label={`Delete the budget of ${name}`}
            data-testid="delete-budget"
          >
            Delete
          </Button>
        }
        title={`Delete the budget of “${name}”?`}
        description="Its alerts stop, and with a hard limit, requests are no longer held against it."
        action="Delete budget"
        pending={remove.isPending}
        error={remove.isError ? errorMessage(remove.error) : null}
        onConfirm={() => {
          remove.mutate({ tenantId, budgetId: budget.id });
        }}
        testId="delete-budget"
      />
    </Flex>
  );
}
