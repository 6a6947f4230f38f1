import { createHash } from "node:crypto";

/**
 * Deterministic id of a usage batch: the same tenant sending the same event ids yields the same job id, so BullMQ
 * stores a re-sent batch once (first idempotency layer; Postgres' unique key is the authority).
 */
export function usageBatchJobId(tenantId: string, eventIds: readonly string[]): string {
  const hash = createHash("sha256");
  hash.update(tenantId);
  for (const id of eventIds) hash.update("\u0000").update(id);
  return `usage-${hash.digest("hex").slice(0, 40)}`;
}
