import { AppError } from "@tollgate/domain";
import type { DbOrTx, DbTx } from "@tollgate/db";
import { writeAuditLog } from "../audit/write-audit-log.ts";
import { recountBudgetSpend } from "./budget-spend.ts";
import {
  inTransaction,
  lockTenant,
  parseField,
  reasonOf,
  requireCurrency,
  requireOperator,
  type ChangeContext,
} from "../shared/change-context.ts";
import {
  BUDGET_SCOPES,
  type BudgetScope,
  BUDGET_PERIODS,
  type BudgetPeriod,
  DEFAULT_BUDGET_THRESHOLDS,
  type BudgetView,
  toView,
  budgetAuditRecord,
  positiveAmount,
  validateThresholds,
} from "./budget-row.ts";

export interface CreateBudgetInput {
  scope: BudgetScope;
  scopeRef?: string | undefined;
  period?: BudgetPeriod | undefined;
  amount: string;
  currency: string;
  thresholds?: readonly number[] | undefined;
  hardLimit?: boolean | undefined;
}

/** The scope reference as stored; `bad_request` unless it names something of this tenant (a live key). */
export async function validScopeRef(tx: DbTx, tenantId: string, scope: BudgetScope, scopeRef: string): Promise<string> {
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
