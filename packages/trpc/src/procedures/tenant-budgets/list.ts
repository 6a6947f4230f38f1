import { listBudgetsWithSpend } from "@tollgate/use-cases/budgets";
import { z } from "zod";
import { budgetJson } from "../../wire/index.ts";
import { tenantReadProcedure } from "../../trpc.ts";
import { budgetWithSpendOutput } from "./tenant-budget-schemas.ts";

/**
 * The tenant's budgets, the operator's (`managed_by: operator`, read-only to the tenant) and its own, each with its
 * spend this billing period, and what the operator allows the tenant to set. Any role of the tenant may read it.
 */
export const listTenantBudgets = tenantReadProcedure
  .output(
    z.object({
      tenant_id: z.uuid(),
      period_start: z.string(),
      allowance: z.object({
        allowed: z.boolean().describe("tenant admins may create per-key and per-customer budgets"),
        max_amount: z.string().nullable().describe("the largest amount they may set; null: no maximum"),
        hard_limits_allowed: z.boolean().describe("their budgets may be hard limits"),
      }),
      budgets: z.array(budgetWithSpendOutput),
    }),
  )
  .query(async ({ ctx }) => {
    const listed = await listBudgetsWithSpend(ctx.db, ctx.tenantId);
    return {
      tenant_id: ctx.tenantId,
      period_start: listed.periodStart.toISOString(),
      allowance: {
        allowed: listed.allowance.allowed,
        max_amount: listed.allowance.maxAmount,
        hard_limits_allowed: listed.allowance.hardLimitsAllowed,
      },
      budgets: listed.budgets.map((budget) => ({ ...budgetJson(budget), spent: budget.spent })),
    };
  });
