import { AppError, planPricingSchema, type PlanPricing } from "@tollgate/domain";
import type { DbOrTx, DbTx, PlanVersionStatus } from "@tollgate/db";
import { writeAuditLog } from "../audit/write-audit-log.ts";
import {
  inTransaction,
  parseField,
  reasonOf,
  requireCurrency,
  requireOperator,
  type ChangeContext,
} from "../shared/change-context.ts";
import {
  assertConditionsAllowed,
  assertModelsExist,
  rateConditions,
  readPlanRates,
  replacePlanRates,
  validatePlanRates,
  type PlanRateInput,
} from "./plan-rates.ts";
import {
  planVersionAuditSnapshot,
  planVersionView,
  type PlanVersionDetail,
  type PlanVersionView,
} from "./plan-version-views.ts";

export interface CreatePlanVersionInput {
  currency: string;
  effectiveFrom: Date;
  /** The pricing document (planPricingSchema); default: only the explicit rates, unlisted models unpriced. */
  pricing?: unknown;
  rates?: readonly PlanRateInput[] | undefined;
}

export interface UpdatePlanVersionInput {
  currency?: string | undefined;
  effectiveFrom?: Date | undefined;
  pricing?: unknown;
  /** Replaces every explicit rate of the draft. */
  rates?: readonly PlanRateInput[] | undefined;
}

export function parsePlanPricing(pricing: unknown): PlanPricing {
  return parseField(planPricingSchema, pricing ?? {}, "pricing");
}

/** Locks the plan's row (serializing version numbering and publication per plan); `not_found` without one. */
export async function lockPlan(tx: DbTx, planId: string): Promise<void> {
  const rows = await tx.$queryRaw<{ id: string }[]>`
    SELECT id::text AS id FROM plans WHERE id = ${planId}::uuid FOR NO KEY UPDATE`;
  if (rows.length === 0) throw new AppError("not_found", `no plan ${planId}`);
}

/** Locks one version of the plan for the rest of the transaction; `not_found` when the plan has no such version. */
export async function lockPlanVersion(tx: DbTx, planId: string, versionId: string) {
  const locked = await tx.$queryRaw<{ id: string }[]>`
    SELECT id::text AS id FROM plan_versions
     WHERE id = ${versionId}::uuid AND plan_id = ${planId}::uuid FOR NO KEY UPDATE`;
  if (locked.length === 0) throw new AppError("not_found", `plan ${planId} has no version ${versionId}`);
  return tx.planVersion.findUniqueOrThrow({ where: { id: versionId } });
}

/** The 409 for any edit of a version that is no longer a draft. */
export function immutableVersionError(version: { version: number; status: PlanVersionStatus }): AppError {
  return new AppError(
    "conflict",
    `plan version ${version.version} is ${version.status} and cannot be changed: a published version is ` +
      "immutable; copy it into a new draft (POST …/versions/{versionId}/copy) and publish that",
  );
}

export async function nextVersionNumber(tx: DbTx, planId: string): Promise<number> {
  const latest = await tx.planVersion.aggregate({ where: { planId }, _max: { version: true } });
  return (latest._max.version ?? 0) + 1;
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

/** One version of a plan with all its explicit rates; `not_found` when the plan has no such version. */
export async function getPlanVersion(db: DbOrTx, planId: string, versionId: string): Promise<PlanVersionDetail> {
  const version = await db.planVersion.findFirst({ where: { id: versionId, planId } });
  if (!version) throw new AppError("not_found", `plan ${planId} has no version ${versionId}`);
  const [view, rates] = await Promise.all([planVersionView(db, version), readPlanRates(db, versionId)]);
  return { ...view, rates };
}
