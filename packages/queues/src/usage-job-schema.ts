import { queuedUsageEventSchema } from "@tollgate/domain";
import { z } from "zod";

/** The most events one usage job may carry, over all its groups. */
export const MAX_USAGE_JOB_EVENTS = 10_000;

/** The events of one (tenant, API key) inside a usage job. */
export const usageGroupSchema = z.object({
  tenantId: z.uuid(),
  apiKeyId: z.uuid().nullable(),
  events: z.array(queuedUsageEventSchema).min(1).max(MAX_USAGE_JOB_EVENTS),
});
export type UsageGroup = z.infer<typeof usageGroupSchema>;

/**
 * What ingest writes: the events of many (tenant, API key) groups, so one job amortizes its cost over tenants.
 * Names: ingest's coalescer builds a *usage job*; a job holds *groups*, one per (tenant, API key); the worker's group
 * commit records several jobs together. The groups' wire key stays `batches` (its name before jobs spanned
 * tenants): jobs already in Redis carry it.
 */
const usageJobSchema = z
  .object({
    /** When ingest accepted the job (RFC 3339); used for the ingest-to-ledger lag. */
    receivedAt: z.iso.datetime({ offset: true }),
    batches: z.array(usageGroupSchema).min(1),
  })
  .refine((job) => job.batches.reduce((sum, group) => sum + group.events.length, 0) <= MAX_USAGE_JOB_EVENTS, {
    message: `a usage job holds at most ${MAX_USAGE_JOB_EVENTS.toString()} events`,
    path: ["batches"],
  });

/**
 * The single-(tenant, key) shape written before jobs spanned tenants. Jobs already in Redis across an upgrade (or
 * failed ones replayed later) still have it, so consumers accept it and normalize it to one group.
 */
const legacyUsageJobSchema = z
  .object({
    tenantId: z.uuid(),
    apiKeyId: z.uuid().nullable(),
    receivedAt: z.iso.datetime({ offset: true }),
    events: z.array(queuedUsageEventSchema).min(1).max(MAX_USAGE_JOB_EVENTS),
  })
  .transform(({ tenantId, apiKeyId, receivedAt, events }) => ({
    receivedAt,
    batches: [{ tenantId, apiKeyId, events }],
  }));

export const usageJobPayloadSchema = z.union([usageJobSchema, legacyUsageJobSchema]);
export type UsageJobPayload = z.output<typeof usageJobPayloadSchema>;
/** The pre-upgrade payload shape, as still found in Redis. */
export type LegacyUsageJobPayload = z.input<typeof legacyUsageJobSchema>;
