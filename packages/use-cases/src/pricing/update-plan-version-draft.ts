import { AppError } from "@tollgate/domain";
import type { DbOrTx } from "@tollgate/db";
import { writeAuditLog } from "../audit/write-audit-log.ts";
import {
  inTransaction,
  reasonOf,
  requireCurrency,
  requireOperator,
  type ChangeContext,
} from "../shared/change-context.ts";
import {
  assertConditionsAllowed,
  assertModelsExist,
  rateConditions,
  replacePlanRates,
  validatePlanRates,
  type PlanRateInput,
} from "./plan-rates.ts";
import { planVersionAuditSnapshot, planVersionView, type PlanVersionView } from "./plan-version-views.ts";
import { parsePlanPricing, lockPlanVersion, immutableVersionError } from "./plan-version-locks.ts";

export interface UpdatePlanVersionInput {
  currency?: string | undefined;
  effectiveFrom?: Date | undefined;
  pricing?: unknown;
  /** Replaces every explicit rate of the draft. */
  rates?: readonly PlanRateInput[] | undefined;
}

/**
 * Changes a draft: currency, effective_from, pricing document, and/or its whole rate list (replaced, set-based).
 * `conflict` for a published or archived version (they are immutable), `bad_request` for invalid fields or rates
 * that a new pricing document no longer has a rule for. Audited with the version before and after.
 */
export async function updatePlanVersionDraft(
  db: DbOrTx,
  planId: string,
  versionId: string,
  input: UpdatePlanVersionInput,
  context: ChangeContext,
): Promise<PlanVersionView> {
  const actor = requireOperator(context.actor);
  const reason = reasonOf(context, false);
  if (
    input.currency === undefined &&
    input.effectiveFrom === undefined &&
    input.pricing === undefined &&
    input.rates === undefined
  ) {
    throw new AppError("bad_request", "nothing to change: send currency, effective_from, pricing and/or rates");
  }
  const currency = input.currency === undefined ? undefined : requireCurrency(input.currency);
  const newPricing = input.pricing === undefined ? undefined : parsePlanPricing(input.pricing);
  return inTransaction(db, async (tx) => {
    const current = await lockPlanVersion(tx, planId, versionId);
    if (current.status !== "draft") throw immutableVersionError(current);
    const pricing = newPricing ?? parsePlanPricing(current.pricing);
    const rates = input.rates === undefined ? undefined : validatePlanRates(input.rates, pricing);
    if (rates) {
      await assertModelsExist(tx, rates);
    } else if (newPricing) {
      assertConditionsAllowed(await rateConditions(tx, versionId), newPricing, "pricing.rules");
    }
    const before = await planVersionAuditSnapshot(tx, await planVersionView(tx, current));
    const updated = await tx.planVersion.update({
      where: { id: versionId },
      data: {
        ...(currency === undefined ? {} : { currency }),
        ...(input.effectiveFrom === undefined ? {} : { effectiveFrom: input.effectiveFrom }),
        ...(newPricing === undefined ? {} : { pricing: newPricing }),
      },
    });
    if (rates) await replacePlanRates(tx, versionId, rates);
    const view = await planVersionView(tx, updated);
    await writeAuditLog(tx, {
      actor,
      action: "plan_version.update",
      targetType: "plan_version",
      targetId: versionId,
      reason,
      before,
      after: await planVersionAuditSnapshot(tx, view),
    });
    return view;
  });
}
