import { USAGE_UNRATED, usageUnratedDedupeKey, type AlertRecord } from "@tollgate/domain";
import type { TenantRated } from "./charges.ts";

/** Only a missing price is news to the tenant; an event unrated for want of a subscription is the operator's. */
const PRICE_REASONS: ReadonlySet<string> = new Set(["no_price_for_model", "no_price_for_token_type"]);

/**
 * The usage.unrated alerts a job's newly stored events call for: at most one per (tenant, model, day), the day the
 * event was received (UTC). The database key (tenant, dedupe key) keeps it at one per day across jobs, and the
 * alerts trigger turns each one inserted into the usage.unrated webhook event (its payload is the event's data).
 */
export function unratedAlerts(rated: readonly TenantRated[]): AlertRecord[] {
  const alerts = new Map<string, AlertRecord>();
  for (const tenant of rated) {
    for (const event of tenant.rated) {
      if (event.rating.status !== "unrated" || !PRICE_REASONS.has(event.rating.reason)) continue;
      const day = new Date(event.receivedAt);
      const dedupeKey = usageUnratedDedupeKey(event.modelId, day);
      const key = `${tenant.tenantId}|${dedupeKey}`;
      if (alerts.has(key)) continue;
      alerts.set(key, {
        tenantId: tenant.tenantId,
        kind: USAGE_UNRATED,
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
  return [...alerts.values()];
}
