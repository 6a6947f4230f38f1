import { AppError } from "@tollgate/domain";
import type { DbOrTx } from "@tollgate/db";
import { writeAuditLog } from "../audit/write-audit-log.ts";
import { inTransaction, reasonOf, requireOperator, type ChangeContext } from "../shared/change-context.ts";
import { planVersionAuditSnapshot, planVersionView, type PlanVersionView } from "./plan-version-views.ts";
import { lockPlanVersion } from "./plan-version-locks.ts";
import { type LifecycleOptions } from "./lifecycle-options.ts";

/**
 * Archives a published version: it takes no new subscriptions, while its current subscribers stay on it
 * (grandfathered) until migrated. `conflict` for a draft or an archived version. Audited.
 */
export async function archivePlanVersion(
  db: DbOrTx,
  planId: string,
  versionId: string,
  context: ChangeContext,
  options: LifecycleOptions = {},
): Promise<PlanVersionView> {
  const actor = requireOperator(context.actor);
  const reason = reasonOf(context, false);
  return inTransaction(db, async (tx) => {
    const version = await lockPlanVersion(tx, planId, versionId);
    if (version.status === "draft") {
      throw new AppError(
        "conflict",
        `plan version ${version.version} is a draft; only a published version is archived`,
      );
    }
    if (version.status === "archived") {
      throw new AppError("conflict", `plan version ${version.version} is already archived`);
    }
    const before = await planVersionAuditSnapshot(tx, await planVersionView(tx, version));
    const archived = await tx.planVersion.update({
      where: { id: versionId },
      data: { status: "archived", archivedAt: options.now ?? new Date() },
    });
    const after = await planVersionView(tx, archived);
    await writeAuditLog(tx, {
      actor,
      action: "plan_version.archive",
      targetType: "plan_version",
      targetId: versionId,
      reason,
      before,
      after: await planVersionAuditSnapshot(tx, after),
    });
    return after;
  });
}
