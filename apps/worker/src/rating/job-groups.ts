import type { QueuedUsageEvent } from "@tollgate/domain";
import type { UsageJobPayload, UsageGroup } from "@tollgate/queues";

/** One (tenant, API key) group of one job, with when ingest accepted that job. */
export interface ReceivedGroup extends UsageGroup {
  receivedAt: string;
}

export interface JobGroups {
  /** The jobs' groups sorted by tenant, then key, then job order; a tenant's groups are therefore adjacent. */
  groups: ReceivedGroup[];
  /** Events dropped because the same tenant's id came earlier in these jobs: duplicates, never inserted twice. */
  repeated: number;
}

const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * The groups of one or more jobs recorded together, in one fixed order (tenant, then API key), so concurrent
 * transactions holding the same tenants take their row locks in the same order and do not deadlock each other.
 * Each tenant's id is kept once over all the jobs: ingest writes it once per job, but two jobs may repeat it (a
 * client's resend), and an id inserted twice in one statement would be counted twice.
 */
export function orderJobGroups(payloads: readonly UsageJobPayload[]): JobGroups {
  const groups: (ReceivedGroup & { order: number })[] = [];
  const seen = new Map<string, Set<string>>();
  let repeated = 0;
  // `batches` is the wire name of a job's groups (see usageJobPayloadSchema).
  for (const { receivedAt, batches } of payloads) {
    for (const group of batches) {
      let ids = seen.get(group.tenantId);
      if (!ids) {
        ids = new Set();
        seen.set(group.tenantId, ids);
      }
      const events: QueuedUsageEvent[] = [];
      for (const event of group.events) {
        if (ids.has(event.id)) {
          repeated += 1;
          continue;
        }
        ids.add(event.id);
        events.push(event);
      }
      if (events.length === 0) continue;
      groups.push({ tenantId: group.tenantId, apiKeyId: group.apiKeyId, receivedAt, events, order: groups.length });
    }
  }
  groups.sort(
    (a, b) => compare(a.tenantId, b.tenantId) || compare(a.apiKeyId ?? "", b.apiKeyId ?? "") || a.order - b.order,
  );
  return { groups, repeated };
}
