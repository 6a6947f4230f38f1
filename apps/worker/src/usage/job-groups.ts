import type { QueuedUsageEvent } from "@tollgate/domain";
import type { UsageGroup } from "@tollgate/queues";

export interface JobGroups {
  /** One group per (tenant, API key), sorted by tenant then key. */
  groups: UsageGroup[];
  /** Events dropped because the same tenant's id came earlier in the job: duplicates, never inserted twice. */
  repeated: number;
}

const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * The groups of a job in one fixed order (tenant, then API key), so concurrent jobs holding the same tenants take
 * their row locks in the same order and do not deadlock each other. Ingest already writes one group per (tenant,
 * key) and each tenant's id once per job; this also holds for any other valid payload, because a rollup row may be
 * updated only once per statement and an id inserted in the same statement would be counted twice.
 */
export function orderJobGroups(batches: readonly UsageGroup[]): JobGroups {
  const merged = new Map<string, UsageGroup>();
  const seen = new Map<string, Set<string>>();
  let repeated = 0;
  for (const batch of batches) {
    const key = `${batch.tenantId}/${batch.apiKeyId ?? ""}`;
    let group = merged.get(key);
    if (!group) {
      group = { tenantId: batch.tenantId, apiKeyId: batch.apiKeyId, events: [] };
      merged.set(key, group);
    }
    let ids = seen.get(batch.tenantId);
    if (!ids) {
      ids = new Set();
      seen.set(batch.tenantId, ids);
    }
    const events: QueuedUsageEvent[] = group.events;
    for (const event of batch.events) {
      if (ids.has(event.id)) {
        repeated += 1;
        continue;
      }
      ids.add(event.id);
      events.push(event);
    }
  }
  const groups = [...merged.values()]
    .filter((group) => group.events.length > 0)
    .sort((a, b) => compare(a.tenantId, b.tenantId) || compare(a.apiKeyId ?? "", b.apiKeyId ?? ""));
  return { groups, repeated };
}
