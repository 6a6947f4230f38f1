import { AppError } from "@tollgate/domain";
import type { DbOrTx, DbTx, PlanVersionStatus } from "@tollgate/db";
import { isoOrNull } from "../shared/change-context.ts";

export interface SubscriptionView {
  id: string;
  tenantId: string;
  planVersionId: string;
  planId: string;
  planCode: string;
  planName: string;
  version: number;
  versionStatus: PlanVersionStatus;
  currency: string;
  startsAt: Date;
  /** Exclusive; null = open-ended. */
  endsAt: Date | null;
  createdAt: Date;
}

export const subscriptionInclude = { planVersion: { include: { plan: true } } } as const;

type SubscriptionRow = Awaited<ReturnType<typeof findSubscriptions>>[number];

export function findSubscriptions(db: DbOrTx, where: { tenantId: string } | { id: { in: string[] } }) {
  return db.subscription.findMany({ where, include: subscriptionInclude, orderBy: { startsAt: "asc" } });
}

export function toView(row: SubscriptionRow): SubscriptionView {
  return {
    id: row.id,
    tenantId: row.tenantId,
    planVersionId: row.planVersionId,
    planId: row.planVersion.planId,
    planCode: row.planVersion.plan.code,
    planName: row.planVersion.plan.name,
    version: row.planVersion.version,
    versionStatus: row.planVersion.status,
    currency: row.planVersion.currency.trim(),
    startsAt: row.startsAt,
    endsAt: row.endsAt,
    createdAt: row.createdAt,
  };
}

/**
 * What the audit log records of a subscription. Same fields as the REST shape today, but kept apart from it
 * (`@tollgate/trpc/wire`): audit entries are stored, so an API change must not change what they hold.
 */
export function subscriptionAuditRecord(view: SubscriptionView) {
  return {
    id: view.id,
    tenant_id: view.tenantId,
    plan_version_id: view.planVersionId,
    plan_id: view.planId,
    plan_code: view.planCode,
    plan_name: view.planName,
    version: view.version,
    version_status: view.versionStatus,
    currency: view.currency,
    starts_at: view.startsAt.toISOString(),
    ends_at: isoOrNull(view.endsAt),
    created_at: view.createdAt.toISOString(),
  };
}

/** Views of the given subscriptions, in start order. */
export async function subscriptionViews(db: DbOrTx, ids: string[]): Promise<SubscriptionView[]> {
  return (await findSubscriptions(db, { id: { in: ids } })).map(toView);
}

/** A published version that may take new subscriptions from `at`: `not_found` / `conflict` / `bad_request`. */
export async function requireSubscribableVersion(tx: DbTx, versionId: string, at: Date, field: string) {
  const rows = await tx.$queryRaw<{ id: string }[]>`
    SELECT id::text AS id FROM plan_versions WHERE id = ${versionId}::uuid FOR SHARE`;
  if (rows.length === 0) throw new AppError("not_found", `no plan version ${versionId}`);
  const version = await tx.planVersion.findUniqueOrThrow({ where: { id: versionId }, include: { plan: true } });
  if (version.status === "draft") {
    throw new AppError(
      "conflict",
      `plan version ${version.version} of ${version.plan.code} is a draft; publish it first`,
    );
  }
  if (version.status === "archived") {
    throw new AppError(
      "conflict",
      `plan version ${version.version} of ${version.plan.code} is archived and takes no new subscriptions`,
    );
  }
  if (at < version.effectiveFrom) {
    throw new AppError(
      "bad_request",
      `${field}: must not be before the version's effective_from (${version.effectiveFrom.toISOString()})`,
    );
  }
  return version;
}

/**
 * Tenants (of `tenantIds`) that already have usage rated at or after `at` under a version other than
 * `newVersionId`: moving their subscription boundary there would leave rated events under the wrong version.
 */
export async function tenantsWithRatedUsageSince(
  tx: DbTx,
  tenantIds: readonly string[],
  at: Date,
  newVersionId: string,
): Promise<string[]> {
  if (tenantIds.length === 0) return [];
  const rows = await tx.$queryRaw<{ tenant_id: string }[]>`
    SELECT t.id::text AS tenant_id FROM unnest(${tenantIds}::uuid[]) AS t(id)
     WHERE EXISTS (SELECT 1 FROM usage_events e
                    WHERE e.tenant_id = t.id AND e.occurred_at >= ${at} AND e.rating_status = 'rated'
                      AND e.plan_version_id IS DISTINCT FROM ${newVersionId}::uuid)
     ORDER BY 1`;
  return rows.map((row) => row.tenant_id);
}
