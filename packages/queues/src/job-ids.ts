import { createHash, type Hash } from "node:crypto";

/** The part of a usage job its id derives from: which tenant sent which event ids. */
export interface UsageJobIdGroup {
  tenantId: string;
  events: readonly { id: string }[];
}

/**
 * Deterministic id of a usage job over its (tenant, event id) pairs, in order: the same requests coalesced the same
 * way yield the same job id, so BullMQ stores a re-sent job once (first idempotency layer; Postgres' unique keys are
 * the authority). Every string is length-prefixed and tagged, so no other grouping of tenants and ids (nor an id
 * that happens to contain a separator) hashes the same.
 */
export function usageJobId(groups: readonly UsageJobIdGroup[]): string {
  const hash = createHash("sha256");
  for (const group of groups) {
    field(hash, "t", group.tenantId);
    for (const event of group.events) field(hash, "e", event.id);
  }
  return `usage-${hash.digest("hex").slice(0, 40)}`;
}

function field(hash: Hash, tag: string, value: string): void {
  hash.update(`${tag}${Buffer.byteLength(value).toString()}:`).update(value);
}

/**
 * The job id of a webhook delivery: one per (event, endpoint), and one per manual redelivery (`redelivery` ≥ 1), so
 * a relay that queues the same event twice (after a crash) adds one job. BullMQ refuses ':' in custom ids.
 */
export function webhookDeliveryJobId(eventId: string, endpointId: string, redelivery = 0): string {
  const base = `webhook-${eventId}-${endpointId}`;
  return redelivery === 0 ? base : `${base}-r${redelivery.toString()}`;
}

/** The job of a plan simulation: one per simulation, so a repeated start request queues it once. */
export function planSimulationJobId(simulationId: string): string {
  return `plan-simulation-${simulationId}`;
}
