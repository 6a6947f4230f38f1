import type { DbOrTx } from "@tollgate/db";
import { writeAuditLog } from "../audit/write-audit-log.ts";
import {
  inTransaction,
  reasonOf,
  requireCurrency,
  requireOperator,
  type ChangeContext,
} from "../shared/change-context.ts";
import { assertModelsExist, replacePlanRates, validatePlanRates, type PlanRateInput } from "./plan-rates.ts";
import { planVersionAuditSnapshot, planVersionView, type PlanVersionView } from "./plan-version-views.ts";
import { parsePlanPricing, lockPlan, nextVersionNumber } from "./plan-version-locks.ts";

export interface CreatePlanVersionInput {
  currency: string;
  effectiveFrom: Date;
  /** The pricing document (planPricingSchema); default: only the explicit rates, unlisted models unpriced. */
  pricing?: unknown;
  rates?: readonly PlanRateInput[] | undefined;
}

/**
 * Creates a draft version of a plan with the next version number: currency, effective_from, pricing document and
 * explicit rates (written with one set-based insert). `bad_request` for an invalid pricing document or rate (named
 * by field), `not_found` for an unknown plan. Audited.
 */
export async function createPlanVersionDraft(
  db: DbOrTx,
  planId: string,
  input: CreatePlanVersionInput,
  context: ChangeContext,
): Promise<PlanVersionView> {
  const actor = requireOperator(context.actor);
  const reason = reasonOf(context, false);
  const currency = requireCurrency(input.currency);
  const pricing = parsePlanPricing(input.pricing);
  const rates = validatePlanRates(input.rates ?? [], pricing);
  return inTransaction(db, async (tx) => {
    await lockPlan(tx, planId);
    await assertModelsExist(tx, rates);
    const version = await tx.planVersion.create({
      data: {
        planId,
        version: await nextVersionNumber(tx, planId),
        status: "draft",
        currency,
        effectiveFrom: input.effectiveFrom,
        pricing: pricing,
      },
    });
    await replacePlanRates(tx, version.id, rates);
    const view = await planVersionView(tx, version);
    await writeAuditLog(tx, {
      actor,
      action: "plan_version.create",
      targetType: "plan_version",
      targetId: version.id,
      reason,
      before: null,
      after: await planVersionAuditSnapshot(tx, view),
    });
    return view;
  });
}
