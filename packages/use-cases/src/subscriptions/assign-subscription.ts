import { AppError } from "@tollgate/domain";
import type { DbOrTx } from "@tollgate/db";
import { writeAuditLog } from "../audit/write-audit-log.ts";
import type { PricingPorts } from "../pricing/rating-sweeps.ts";
import { inTransaction, lockTenant, reasonOf, requireOperator, type ChangeContext } from "../shared/change-context.ts";
import {
  type SubscriptionView,
  subscriptionInclude,
  toView,
  subscriptionAuditRecord,
  subscriptionViews,
  requireSubscribableVersion,
  tenantsWithRatedUsageSince,
} from "./subscription-row.ts";
import { noteCurrencySwitchedDays, usageDayCurrencies } from "./currency-switched-days.ts";

export interface AssignSubscriptionInput {
  planVersionId: string;
  startsAt: Date;
  /** Exclusive end; default none (open-ended). */
  endsAt?: Date | null | undefined;
}

/**
 * Puts a tenant on a published version from `startsAt`: the subscription in force then is closed at that instant
 * and the new one starts there, so subscriptions never overlap. Refused: a draft or archived version (`conflict`),
 * a start before the version's effective_from (`bad_request`), a tenant that already has a subscription starting at
 * or after `startsAt` or usage rated under another version since then, or is on that version already
 * (`conflict`). Audited with the closed subscription before and after. Days with usage whose currency the change
 * switches are noted for the analytics refresh in the same transaction.
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
    const before = current ? { subscription: subscriptionAuditRecord(toView(current)) } : null;
    const dayCurrencies = await usageDayCurrencies(tx, [tenantId], input.startsAt);
    if (current) await tx.subscription.update({ where: { id: current.id }, data: { endsAt: input.startsAt } });
    const created = await tx.subscription.create({
      data: { tenantId, planVersionId: input.planVersionId, startsAt: input.startsAt, endsAt },
    });
    await noteCurrencySwitchedDays(tx, dayCurrencies);
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
        subscription: subscriptionAuditRecord(createdView),
        ...(closed ? { previous: subscriptionAuditRecord(closed) } : {}),
      },
    });
    return createdView;
  });
  // The tenant's events from starts_at on may now have a price.
  await ports.ratingSweeps?.request(tenantId);
  return assigned;
}
