import { AppError, money, nonNegativeDecimalText } from "@tollgate/domain";
import type { DbTx } from "@tollgate/db";
import { decimalText } from "../shared/change-context.ts";

export const BUDGET_SCOPES = ["tenant", "api_key", "customer"] as const;
export type BudgetScope = (typeof BUDGET_SCOPES)[number];
export const BUDGET_PERIODS = ["month"] as const;
export type BudgetPeriod = (typeof BUDGET_PERIODS)[number];
export const DEFAULT_BUDGET_THRESHOLDS = [50, 80, 100];
/** Who set a budget: an operator's budgets cannot be changed by the tenant. */
export const BUDGET_MANAGERS = ["operator", "tenant"] as const;
export type BudgetManager = (typeof BUDGET_MANAGERS)[number];

export interface BudgetView {
  id: string;
  tenantId: string;
  scope: BudgetScope;
  /** '' for the tenant scope, the API key id, or the customer string. */
  scopeRef: string;
  period: BudgetPeriod;
  amount: string;
  currency: string;
  /** Percentages of amount, ascending. */
  thresholds: number[];
  /** true: spending stops at 100 %; false: alerts only. */
  hardLimit: boolean;
  createdAt: Date;
  /** operator: set by an operator (the tenant cannot change it); tenant: a tenant admin's own. */
  managedBy: BudgetManager;
}

interface BudgetRow {
  id: string;
  tenantId: string;
  scope: string;
  scopeRef: string;
  period: string;
  amount: { toFixed(): string };
  currency: string;
  thresholds: number[];
  hardLimit: boolean;
  createdAt: Date;
  managedBy: string;
}

export function toView(row: BudgetRow): BudgetView {
  return {
    id: row.id,
    tenantId: row.tenantId,
    scope: row.scope as BudgetScope,
    scopeRef: row.scopeRef,
    period: row.period as BudgetPeriod,
    amount: decimalText(row.amount),
    currency: row.currency.trim(),
    thresholds: row.thresholds,
    hardLimit: row.hardLimit,
    createdAt: row.createdAt,
    managedBy: row.managedBy as BudgetManager,
  };
}

/**
 * What the audit log records of a budget. Same fields as the REST shape today, but kept apart from it
 * (`@tollgate/trpc/wire`): audit entries are stored, so an API change must not change what they hold.
 */
export function budgetAuditRecord(view: BudgetView) {
  return {
    id: view.id,
    tenant_id: view.tenantId,
    scope: view.scope,
    scope_ref: view.scopeRef,
    period: view.period,
    amount: view.amount,
    currency: view.currency,
    thresholds: view.thresholds,
    hard_limit: view.hardLimit,
    created_at: view.createdAt.toISOString(),
    managed_by: view.managedBy,
  };
}

export const positiveAmount = nonNegativeDecimalText.refine((value) => money(value).gt(0), "must be greater than 0");

/** Threshold percentages: whole numbers 1–100, strictly ascending (so unique), at least one. */
export function validateThresholds(thresholds: readonly number[]): number[] {
  if (thresholds.length === 0) throw new AppError("bad_request", "thresholds: give at least one percentage");
  thresholds.forEach((value, index) => {
    if (!Number.isInteger(value) || value < 1 || value > 100) {
      throw new AppError("bad_request", `thresholds.${index}: must be a whole percentage from 1 to 100`);
    }
    const previous = thresholds[index - 1];
    if (previous !== undefined && value <= previous) {
      throw new AppError("bad_request", `thresholds.${index}: must be greater than the one before (ascending, unique)`);
    }
  });
  return [...thresholds];
}

export async function lockBudget(tx: DbTx, tenantId: string, budgetId: string): Promise<BudgetRow> {
  const rows = await tx.$queryRaw<{ id: string }[]>`
    SELECT id::text AS id FROM budgets WHERE id = ${budgetId}::uuid AND tenant_id = ${tenantId}::uuid FOR UPDATE`;
  if (rows.length === 0) throw new AppError("not_found", `the tenant has no budget ${budgetId}`);
  return tx.budget.findUniqueOrThrow({ where: { id: budgetId } });
}
