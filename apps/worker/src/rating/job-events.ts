import {
  isoInstantTime,
  tokenCountsOf,
  type ModelIdResolver,
  type QueuedUsageEvent,
  type TokenCounts,
} from "@tollgate/domain";
import type { ReceivedGroup } from "./job-groups.ts";

/** One event of a job, with what recording it needs computed once. */
export interface JobEvent {
  event: QueuedUsageEvent;
  apiKeyId: string | null;
  /** The catalog id the event's model resolved to, or the name as sent when nothing matched. */
  modelId: string;
  /** The name as sent when it differs from modelId (an alias); null otherwise. */
  requestedModel: string | null;
  occurredAt: Date;
  /** occurredAt as toISOString gives it (what ingest queued, usually). */
  occurredAtText: string;
  /** When ingest accepted the event's job (RFC 3339). */
  receivedAt: string;
  hourStart: Date;
  tokens: TokenCounts;
  serviceTier: string | undefined;
}

/** One tenant's events of a job, over all its API keys. */
export interface TenantJobEvents {
  tenantId: string;
  events: JobEvent[];
}

const HOUR_MS = 3_600_000;

/** Flattens ordered groups (orderJobGroups) into per-tenant lists (tenants in the groups' order), resolving model aliases. */
export function toTenantJobEvents(
  groups: readonly ReceivedGroup[],
  resolveModelId: ModelIdResolver,
): TenantJobEvents[] {
  const tenants: TenantJobEvents[] = [];
  // A job's events fall in a few hours: one Date per hour, shared (nothing mutates them).
  const hourStarts = new Map<number, Date>();
  for (const group of groups) {
    let tenant = tenants.at(-1);
    if (tenant?.tenantId !== group.tenantId) {
      tenant = { tenantId: group.tenantId, events: [] };
      tenants.push(tenant);
    }
    for (const event of group.events) {
      const modelId = resolveModelId(event.model) ?? event.model;
      const isoTime = isoInstantTime(event.timestamp);
      const time = isoTime ?? Date.parse(event.timestamp);
      const occurredAt = new Date(time);
      const hour = Math.floor(time / HOUR_MS);
      let hourStart = hourStarts.get(hour);
      if (!hourStart) {
        hourStart = new Date(hour * HOUR_MS);
        hourStarts.set(hour, hourStart);
      }
      tenant.events.push({
        event,
        apiKeyId: group.apiKeyId,
        modelId,
        requestedModel: modelId === event.model ? null : event.model,
        occurredAt,
        occurredAtText: isoTime === undefined ? occurredAt.toISOString() : event.timestamp,
        receivedAt: group.receivedAt,
        hourStart,
        tokens: tokenCountsOf(event),
        serviceTier: event.service_tier,
      });
    }
  }
  return tenants;
}

/** Timestamp order (then id), the order in which period-dependent prices are applied. */
export function byOccurrence(a: JobEvent, b: JobEvent): number {
  return (
    a.occurredAt.getTime() - b.occurredAt.getTime() || (a.event.id < b.event.id ? -1 : a.event.id > b.event.id ? 1 : 0)
  );
}
