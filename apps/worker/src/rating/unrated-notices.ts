import { usageUnratedDedupeKey } from "@tollgate/domain";
import type { TenantRated } from "./charges.ts";

/** One usage.unrated webhook event to record: a model without a price, per (tenant, model, UTC day received). */
export interface UnratedNotice {
  tenantId: string;
  dedupeKey: string;
  payload: { model: string; day: string; reason: string; event_id: string; occurred_at: string };
}

/** Only a missing price is news to the tenant; an event unrated for want of a subscription is the operator's. */
const PRICE_REASONS: ReadonlySet<string> = new Set(["no_price_for_model", "no_price_for_token_type"]);

/**
 * The usage.unrated events a job's newly stored events call for: at most one per (tenant, model, day), the day the
 * event was received (UTC). The database key (tenant, dedupe key) keeps it at one per day across jobs.
 */
export function unratedNotices(rated: readonly TenantRated[]): UnratedNotice[] {
  const notices = new Map<string, UnratedNotice>();
  for (const tenant of rated) {
    for (const event of tenant.rated) {
      if (event.rating.status !== "unrated" || !PRICE_REASONS.has(event.rating.reason)) continue;
      const day = new Date(event.receivedAt);
      const dedupeKey = usageUnratedDedupeKey(event.modelId, day);
      const key = `${tenant.tenantId}|${dedupeKey}`;
      if (notices.has(key)) continue;
      notices.set(key, {
        tenantId: tenant.tenantId,
        dedupeKey,
        payload: {
          model: event.modelId,
          day: day.toISOString().slice(0, 10),
          reason: event.rating.reason,
          event_id: event.event.id,
          occurred_at: event.occurredAtText,
        },
      });
    }
  }
  return [...notices.values()];
}
