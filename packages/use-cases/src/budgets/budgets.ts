import { AppError, money, nonNegativeDecimalText } from "@tollgate/domain";
import type { DbOrTx, DbTx } from "@tollgate/db";
import { writeAuditLog } from "../audit/write-audit-log.ts";
import { recountBudgetSpend } from "./budget-spend.ts";
import {
  decimalText,
  inTransaction,
  lockTenant,
  parseField,
  reasonOf,
  requireCurrency,
  requireOperator,
  requireTenant,
  type ChangeContext,
} from "../shared/change-context.ts";

export const BUDGET_SCOPES = ["tenant", "api_key", "customer"] as const;
export type BudgetScope = (typeof BUDGET_SCOPES)[number];
export const BUDGET_PERIODS = ["month"] as const;
export type BudgetPeriod = (typeof BUDGET_PERIODS)[number];
export const DEFAULT_BUDGET_THRESHOLDS = [50, 80, 100];

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
}

export interface CreateBudgetInput {
  scope: BudgetScope;
  scopeRef?: string | undefined;
  period?: BudgetPeriod | undefined;
  amount: string;
  currency: string;
  thresholds?: readonly number[] | undefined;
  hardLimit?: boolean | undefined;
}

export interface UpdateBudgetInput {
  amount?: string | undefined;
  currency?: string | undefined;
  thresholds?: readonly number[] | undefined;
  hardLimit?: boolean | undefined;
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
}

function toView(row: BudgetRow): BudgetView {
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
  };
}

/**
 * What the audit log records of a budget. Same fields as the REST shape today, but kept apart from it
 * (`@tollgate/trpc/wire`): audit entries are stored, so an API change must not change what they hold.
 */
function budgetAuditRecord(view: BudgetView) {
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
  };
}

const positiveAmount = nonNegativeDecimalText.refine((value) => money(value).gt(0), "must be greater than 0");

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

async function validScopeRef(tx: DbTx, tenantId: string, scope: BudgetScope, scopeRef: string): Promise<string> {
  if (scope === "tenant") {
    if (scopeRef !== "") throw new AppError("bad_request", "scope_ref: must be empty for the tenant scope");
    return "";
  }
  if (scope === "customer") {
    if (scopeRef.length === 0 || scopeRef.length > 200) {
      throw new AppError("bad_request", "scope_ref: the customer id (1-200 characters) for the customer scope");
    }
    return scopeRef;
  }
  const id = scopeRef.toLowerCase();
  const isUuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(id);
  const key = isUuid ? await tx.apiKey.findFirst({ where: { id, tenantId } }) : null;
  if (!key) throw new AppError("bad_request", `scope_ref: no API key ${scopeRef} belongs to this tenant`);
  if (key.revokedAt) throw new AppError("bad_request", `scope_ref: API key ${key.prefix} is revoked`);
  return id;
}

/**
 * Sets a budget for a tenant, one of its API keys, or one of its customers, per month: amount, currency, alert
 * thresholds (default 50/80/100 %), soft or hard. `conflict` when that scope already has one (update it instead).
 * Audited.
 */
export async function createBudget(
  db: DbOrTx,
  tenantId: string,
  input: CreateBudgetInput,
  context: ChangeContext,
): Promise<BudgetView> {
  const actor = requireOperator(context.actor);
  const reason = reasonOf(context, false);
  if (!(BUDGET_SCOPES as readonly string[]).includes(input.scope)) {
    throw new AppError("bad_request", `scope: must be one of ${BUDGET_SCOPES.join(", ")}`);
  }
  const period = input.period ?? "month";
  if (!(BUDGET_PERIODS as readonly string[]).includes(period)) {
    throw new AppError("bad_request", `period: must be one of ${BUDGET_PERIODS.join(", ")}`);
  }
  const amount = parseField(positiveAmount, input.amount, "amount");
  const currency = requireCurrency(input.currency);
  const thresholds = validateThresholds(input.thresholds ?? DEFAULT_BUDGET_THRESHOLDS);
  return inTransaction(db, async (tx) => {
    await lockTenant(tx, tenantId);
    const scopeRef = await validScopeRef(tx, tenantId, input.scope, input.scopeRef ?? "");
    const existing = await tx.budget.findUnique({
      where: { tenantId_scope_scopeRef_period: { tenantId, scope: input.scope, scopeRef, period } },
    });
    if (existing) {
      throw new AppError(
        "conflict",
        `the tenant already has a ${period} budget for this ${input.scope} (${existing.id}); update that one`,
      );
    }
    const row = await tx.budget.create({
      data: {
        tenantId,
        scope: input.scope,
        scopeRef,
        period,
        amount,
        currency,
        thresholds,
        hardLimit: input.hardLimit ?? false,
      },
    });
    const view = toView(row);
    await recountBudgetSpend(tx, view, new Date());
    await writeAuditLog(tx, {
      actor,
      action: "budget.create",
      tenantId,
      targetType: "budget",
      targetId: row.id,
      reason,
      before: null,
      after: budgetAuditRecord(view),
    });
    return view;
  });
}

async function lockBudget(tx: DbTx, tenantId: string, budgetId: string): Promise<BudgetRow> {
  const rows = await tx.$queryRaw<{ id: string }[]>`
    SELECT id::text AS id FROM budgets WHERE id = ${budgetId}::uuid AND tenant_id = ${tenantId}::uuid FOR UPDATE`;
  if (rows.length === 0) throw new AppError("not_found", `the tenant has no budget ${budgetId}`);
  return tx.budget.findUniqueOrThrow({ where: { id: budgetId } });
}

/** Changes a budget's amount, currency, thresholds and/or hard limit (its scope is fixed). Audited. */
export async function updateBudget(
  db: DbOrTx,
  tenantId: string,
  budgetId: string,
  input: UpdateBudgetInput,
  context: ChangeContext,
): Promise<BudgetView> {
  const actor = requireOperator(context.actor);
  const reason = reasonOf(context, false);
  if (Object.values(input).every((value) => value === undefined)) {
    throw new AppError("bad_request", "nothing to change: send amount, currency, thresholds and/or hard_limit");
  }
  const amount = input.amount === undefined ? undefined : parseField(positiveAmount, input.amount, "amount");
  const currency = input.currency === undefined ? undefined : requireCurrency(input.currency);
  const thresholds = input.thresholds === undefined ? undefined : validateThresholds(input.thresholds);
  return inTransaction(db, async (tx) => {
    await lockTenant(tx, tenantId);
    const before = toView(await lockBudget(tx, tenantId, budgetId));
    const row = await tx.budget.update({
      where: { id: budgetId },
      data: {
        ...(amount === undefined ? {} : { amount }),
        ...(currency === undefined ? {} : { currency }),
        ...(thresholds === undefined ? {} : { thresholds }),
        ...(input.hardLimit === undefined ? {} : { hardLimit: input.hardLimit }),
      },
    });
    const view = toView(row);
    // A new currency, scope amount or thresholds: count the period again and raise what is already reached.
    await recountBudgetSpend(tx, view, new Date());
    await writeAuditLog(tx, {
      actor,
      action: "budget.update",
      tenantId,
      targetType: "budget",
      targetId: budgetId,
      reason,
      before: budgetAuditRecord(before),
      after: budgetAuditRecord(view),
    });
    return view;
  });
}

/** A tenant's budgets by scope and reference; `not_found` for an unknown tenant. */
export async function listBudgets(db: DbOrTx, tenantId: string): Promise<BudgetView[]> {
  await requireTenant(db, tenantId);
  const rows = await db.budget.findMany({
    where: { tenantId },
    orderBy: [{ scope: "asc" }, { scopeRef: "asc" }, { period: "asc" }],
  });
  return rows.map(toView);
}

/** Deletes a budget. Audited with the budget as it was. */
export async function deleteBudget(
  db: DbOrTx,
  tenantId: string,
  budgetId: string,
  context: ChangeContext,
): Promise<void> {
  const actor = requireOperator(context.actor);
  const reason = reasonOf(context, false);
  await inTransaction(db, async (tx) => {
    await lockTenant(tx, tenantId);
    const before = toView(await lockBudget(tx, tenantId, budgetId));
    await tx.budget.delete({ where: { id: budgetId } });
    await writeAuditLog(tx, {
      actor,
      action: "budget.delete",
      tenantId,
      targetType: "budget",
      targetId: budgetId,
      reason,
      before: budgetAuditRecord(before),
      after: null,
    });
  });
}
