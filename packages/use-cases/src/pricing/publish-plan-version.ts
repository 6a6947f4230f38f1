import { AppError, planPricingSchema } from "@tollgate/domain";
import type { DbOrTx } from "@tollgate/db";
import { writeAuditLog } from "../audit/write-audit-log.ts";
import { inTransaction, reasonOf, requireOperator, type ChangeContext } from "../shared/change-context.ts";
import { allowedConditions, rateConditions } from "./plan-rates.ts";
import { planVersionAuditSnapshot, planVersionView, type PlanVersionView } from "./plan-version-views.ts";
import { lockPlan, lockPlanVersion } from "./plan-version-locks.ts";
import { type LifecycleOptions } from "./lifecycle-options.ts";
import type { PricingPorts } from "./rating-sweeps.ts";

/**
 * Publishes a draft. Checks, each a `conflict` naming the problem: the version is a draft; its pricing document
 * parses; every rate's model is in the catalog and its condition is named by a rule; it prices something; no
 * later-numbered version of the plan is published already (version numbers ascend in publication order). Sets
 * published_at. From then on the version is immutable. Audited.
 */
export async function publishPlanVersion(
  db: DbOrTx,
  planId: string,
  versionId: string,
  context: ChangeContext,
  options: LifecycleOptions & PricingPorts = {},
): Promise<PlanVersionView> {
  const actor = requireOperator(context.actor);
  const reason = reasonOf(context, false);
  const publishedView = await inTransaction(db, async (tx) => {
    await lockPlan(tx, planId);
    const version = await lockPlanVersion(tx, planId, versionId);
    if (version.status !== "draft") {
      throw new AppError("conflict", `plan version ${version.version} is already ${version.status}`);
    }
    const cannot = (why: string) => new AppError("conflict", `cannot publish version ${version.version}: ${why}`);
    const pricing = planPricingSchema.safeParse(version.pricing);
    if (!pricing.success) {
      const issue = pricing.error.issues[0];
      throw cannot(`its pricing is invalid (pricing.${issue?.path.join(".") ?? ""}: ${issue?.message ?? "invalid"})`);
    }
    const allowed = allowedConditions(pricing.data);
    const orphans = (await rateConditions(tx, versionId)).filter((condition) => !allowed.has(condition));
    if (orphans.length > 0) throw cannot(`it has rates for condition "${orphans.join('", "')}" that no rule names`);
    const unknownModels = await tx.$queryRaw<{ model_id: string }[]>`
      SELECT DISTINCT r.model_id FROM plan_rates r
       WHERE r.plan_version_id = ${versionId}::uuid AND NOT EXISTS (SELECT 1 FROM models m WHERE m.id = r.model_id)
       LIMIT 10`;
    if (unknownModels.length > 0) {
      throw cannot(`its rates name unknown models: ${unknownModels.map((row) => row.model_id).join(", ")}`);
    }
    const view = await planVersionView(tx, version);
    if (
      view.rateCount === 0 &&
      pricing.data.model_markups.length === 0 &&
      pricing.data.unlisted_models.kind === "unpriced"
    ) {
      throw cannot("it prices nothing (no rates, no model_markups, and unlisted models unpriced)");
    }
    const later = await tx.planVersion.findFirst({
      where: { planId, version: { gt: version.version }, publishedAt: { not: null } },
      orderBy: { version: "desc" },
      select: { version: true },
    });
    if (later) {
      throw cannot(
        `version ${later.version} of this plan is already published and version numbers ascend in publication ` +
          `order; copy version ${version.version} into a new draft and publish that`,
      );
    }
    const before = await planVersionAuditSnapshot(tx, view);
    const published = await tx.planVersion.update({
      where: { id: versionId },
      data: { status: "published", publishedAt: options.now ?? new Date() },
    });
    const after = await planVersionView(tx, published);
    await writeAuditLog(tx, {
      actor,
      action: "plan_version.publish",
      targetType: "plan_version",
      targetId: versionId,
      reason,
      before,
      after: await planVersionAuditSnapshot(tx, after),
    });
    return after;
  });
  // Any tenant subscribed to the plan may have events this version prices now.
  await options.ratingSweeps?.request();
  return publishedView;
}
