import type { newTenantBudgetSchema } from "@tollgate/domain";
import type { FieldErrors } from "react-hook-form";
import type { z } from "zod";
import type { BudgetWithSpend } from "./budget-views.ts";

/** A tenant's budget as its form holds it: the api's own input schema. */
export type BudgetForm = z.input<typeof newTenantBudgetSchema>;

/** The fields the api's refusals may name (shown at the field). */
export const BUDGET_FIELDS = ["scope", "scopeRef", "amount", "currency", "thresholds", "hardLimit"] as const;

export const DEFAULT_THRESHOLDS = [50, 80, 100];

export interface BudgetKeyOption {
  id: string;
  name: string;
}

/** The form's values: the budget being changed, or a new key budget in the tenant's currency. */
export function initialBudgetForm(budget: BudgetWithSpend | undefined, defaultCurrency: string): BudgetForm {
  return budget
    ? {
        scope: budget.scope === "customer" ? "customer" : "api_key",
        scopeRef: budget.scope_ref,
        amount: budget.amount,
        currency: budget.currency,
        thresholds: budget.thresholds,
        hardLimit: budget.hard_limit,
      }
    : { scope: "api_key", scopeRef: "", amount: "", currency: defaultCurrency, thresholds: DEFAULT_THRESHOLDS };
}

/** "50, 80, 100" ⇄ [50, 80, 100]; an entry that is not a number stays NaN, so the schema names it. */
export function parseThresholds(text: string): number[] {
  return text
    .split(",")
    .map((part) => part.trim())
    .filter((part) => part !== "")
    .map(Number);
}

/** The list's own message, or its first entry's (the schema names the entry: "thresholds.1"). */
export function thresholdsError(error: FieldErrors<BudgetForm>["thresholds"]): { message?: string } | undefined {
  if (error === undefined) return undefined;
  if (error.message) return { message: error.message };
  const entries: unknown = error;
  if (!Array.isArray(entries)) return undefined;
  const entry = entries.find(
    (item: unknown): item is { message: string } =>
      typeof item === "object" && item !== null && typeof (item as { message?: unknown }).message === "string",
  );
  return entry && { message: entry.message };
}
