import { queuedUsageEventSchema } from "@tollgate/domain";
import type { DefaultJobOptions } from "bullmq";
import { z } from "zod";

/**
 * The queue catalog: every queue's name, payload schema and default job options, in one place.
 * Producers and consumers are typed from it; consumers validate payloads against it.
 * Payloads carry references (tenant and key ids), never secrets.
 */
export const usageBatchPayloadSchema = z.object({
  tenantId: z.uuid(),
  apiKeyId: z.uuid().nullable(),
  /** When ingest accepted the batch (RFC 3339); used for the ingest-to-ledger lag. */
  receivedAt: z.iso.datetime({ offset: true }),
  events: z.array(queuedUsageEventSchema).min(1).max(10_000),
});
export type UsageBatchPayload = z.infer<typeof usageBatchPayloadSchema>;

export const queueCatalog = {
  usage: {
    name: "usage-events",
    schema: usageBatchPayloadSchema,
    defaultJobOptions: {
      attempts: 12,
      // 0.5 s doubling, capped by attempts: rides out a Postgres restart of several minutes.
      backoff: { type: "exponential", delay: 500 },
      removeOnComplete: { age: 24 * 3600, count: 100_000 },
      // Failed jobs stay until an operator replays or discards them.
      removeOnFail: false,
    } satisfies DefaultJobOptions,
  },
} as const;

export type QueueKey = keyof typeof queueCatalog;
export type QueuePayload<K extends QueueKey> = z.infer<(typeof queueCatalog)[K]["schema"]>;
