import { AppError } from "@tollgate/domain";
import type { DbOrTx, DbTx } from "../../client.ts";
import type { PlanVersionStatus } from "../../generated/prisma/enums.ts";
import { writeAuditLog } from "../audit-log.ts";
import {
  inTransaction,
  isoOrNull,
  lockTenant,
  reasonOf,
  requireOperator,
  requireTenant,
  type ChangeContext,
} from "./change-context.ts";
import type { PricingPorts } from "./rating-sweeps.ts";

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

export interface AssignSubscriptionInput {
  planVersionId: string;
  startsAt: Date;
  /** Exclusive end; default none (open-ended). */
  endsAt?: Date | null | undefined;
}

const subscriptionInclude = { planVersion: { include: { plan: true } } } as const;

type SubscriptionRow = Awaited<ReturnType<typeof findSubscriptions>>[number];

function findSubscriptions(db: DbOrTx, where: { tenantId: string } | { id: { in: string[] } }) {
  return db.subscription.findMany({ where, include: subscriptionInclude, orderBy: { startsAt: "asc" } });
}

function toView(row: SubscriptionRow): SubscriptionView {
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

export function subscriptionJson(view: SubscriptionView) {
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

/** A tenant's subscription history, oldest first; `not_found` for an unknown tenant. */
export async function listTenantSubscriptions(db: DbOrTx, tenantId: string): Promise<SubscriptionView[]> {
  await requireTenant(db, tenantId);
  return (await findSubscriptions(db, { tenantId })).map(toView);
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

/**
 * Puts a tenant on a published version from `startsAt`: the subscription in force then is closed at that instant
 * and the new one starts there, so subscriptions never overlap. Refused: a draft or archived version (`conflict`),
 * a start before the version's effective_from (`bad_request`), a tenant that already has a subscription starting at
 * or after `startsAt` or usage rated under another version since then, or is on that version already
 * (`conflict`). Audited with the closed subscription before and after.
 */
export async function assignSubscription(
  db: DbOrTx,
  tenantId: string,
  input: AssignSubscriptionInput,
  context: ChangeContext,
  ports: PricingPorts = {},
): Promise<SubscriptionView> {
  const actor = requireOperator(context.actor);
  const reason = reasonOf(context, false);
  const endsAt = input.endsAt ?? null;
  if (endsAt && endsAt <= input.startsAt) throw new AppError("bad_request", "ends_at: must be after starts_at");
  const assigned = await inTransaction(db, async (tx) => {
    await lockTenant(tx, tenantId);
    await requireSubscribableVersion(tx, input.planVersionId, input.startsAt, "starts_at");
    const later = await tx.subscription.findFirst({
      where: { tenantId, startsAt: { gte: input.startsAt } },
      orderBy: { startsAt: "asc" },
    });
    if (later) {
      throw new AppError(
        "conflict",
        `the tenant already has a subscription starting at ${later.startsAt.toISOString()} (${later.id}); a new ` +
          "subscription must start after every existing one",
      );
    }
    const current = await tx.subscription.findFirst({
      where: { tenantId, startsAt: { lt: input.startsAt }, OR: [{ endsAt: null }, { endsAt: { gt: input.startsAt } }] },
      include: subscriptionInclude,
    });
    if (current?.planVersionId === input.planVersionId) {
      throw new AppError("conflict", `the tenant is already on this plan version (subscription ${current.id})`);
    }
    const rated = await tenantsWithRatedUsageSince(tx, [tenantId], input.startsAt, input.planVersionId);
    if (rated.length > 0) {
      throw new AppError(
        "conflict",
        `the tenant has usage at or after ${input.startsAt.toISOString()} already rated under another plan version; ` +
          "choose a later starts_at",
      );
    }
    const before = current ? { subscription: subscriptionJson(toView(current)) } : null;
    if (current) await tx.subscription.update({ where: { id: current.id }, data: { endsAt: input.startsAt } });
    const created = await tx.subscription.create({
      data: { tenantId, planVersionId: input.planVersionId, startsAt: input.startsAt, endsAt },
    });
    const views = await subscriptionViews(tx, [created.id, ...(current ? [current.id] : [])]);
    const createdView = views.find((view) => view.id === created.id);
    if (!createdView) throw new Error("unreachable: the subscription was just created");
    const closed = views.find((view) => view.id === current?.id);
    await writeAuditLog(tx, {
      actor,
      action: "subscription.assign",
      tenantId,
      targetType: "subscription",
      targetId: created.id,
      reason,
      before,
      after: {
        subscription: subscriptionJson(createdView),
        ...(closed ? { previous: subscriptionJson(closed) } : {}),
      },
    });
    return createdView;
  });
  // The tenant's events from starts_at on may now have a price.
  await ports.ratingSweeps?.request(tenantId);
  return assigned;
}
