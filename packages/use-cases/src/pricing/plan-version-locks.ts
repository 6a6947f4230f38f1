import { AppError, planPricingSchema, type PlanPricing } from "@tollgate/domain";
import type { DbTx, PlanVersionStatus } from "@tollgate/db";
import { parseField } from "../shared/change-context.ts";

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
