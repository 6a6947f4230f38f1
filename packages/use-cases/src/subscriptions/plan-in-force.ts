import type { DbOrTx } from "@tollgate/db";

export interface PlanInForce {
  planCode: string;
  planName: string;
  version: number;
  planVersionId: string;
  currency: string;
  since: Date;
}

/** The plan version a tenant is subscribed to at `at` (null when it has no subscription then). */
export async function getPlanInForce(db: DbOrTx, tenantId: string, at: Date): Promise<PlanInForce | null> {
  const subscription = await db.subscription.findFirst({
    where: { tenantId, startsAt: { lte: at }, OR: [{ endsAt: null }, { endsAt: { gt: at } }] },
    orderBy: { startsAt: "desc" },
    include: { planVersion: { include: { plan: true } } },
  });
  if (!subscription) return null;
  const { planVersion } = subscription;
  return {
    planCode: planVersion.plan.code,
    planName: planVersion.plan.name,
    version: planVersion.version,
    planVersionId: planVersion.id,
    currency: planVersion.currency.trim(),
    since: subscription.startsAt,
  };
}
