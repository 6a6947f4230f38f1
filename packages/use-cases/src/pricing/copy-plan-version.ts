import { AppError } from "@tollgate/domain";
import type { DbOrTx, Prisma } from "@tollgate/db";
import { writeAuditLog } from "../audit/write-audit-log.ts";
import { inTransaction, reasonOf, requireOperator, type ChangeContext } from "../shared/change-context.ts";
import { copyPlanRates } from "./plan-rates.ts";
import { planVersionAuditSnapshot, planVersionView, type PlanVersionView } from "./plan-version-views.ts";
import { lockPlan, nextVersionNumber } from "./plan-version-locks.ts";

export interface CopyPlanVersionInput {
  /** The new draft's effective_from; default the source's. */
  effectiveFrom?: Date | undefined;
}

/**
 * Copies any version (typically a published one) into a new draft with the next version number: same currency,
 * pricing document and rates (copied set-based in Postgres). The way to change a published price. Audited.
 */
export async function copyPlanVersion(
  db: DbOrTx,
  planId: string,
  versionId: string,
  input: CopyPlanVersionInput,
  context: ChangeContext,
): Promise<PlanVersionView> {
  const actor = requireOperator(context.actor);
  const reason = reasonOf(context, false);
  return inTransaction(db, async (tx) => {
    await lockPlan(tx, planId);
    const source = await tx.planVersion.findFirst({ where: { id: versionId, planId } });
    if (!source) throw new AppError("not_found", `plan ${planId} has no version ${versionId}`);
    const draft = await tx.planVersion.create({
      data: {
        planId,
        version: await nextVersionNumber(tx, planId),
        status: "draft",
        currency: source.currency.trim(),
        effectiveFrom: input.effectiveFrom ?? source.effectiveFrom,
        pricing: source.pricing as Prisma.InputJsonValue,
      },
    });
    await copyPlanRates(tx, versionId, draft.id);
    const view = await planVersionView(tx, draft);
    await writeAuditLog(tx, {
      actor,
      action: "plan_version.copy",
      targetType: "plan_version",
      targetId: draft.id,
      reason,
      before: null,
      after: {
        ...(await planVersionAuditSnapshot(tx, view)),
        copied_from: { id: source.id, version: source.version },
      },
    });
    return view;
  });
}
