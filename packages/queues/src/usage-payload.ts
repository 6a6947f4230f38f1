import { isPlainQueuedEvent, queuedUsageEventSchema } from "@tollgate/domain";
import { z } from "zod";
import { MAX_USAGE_JOB_EVENTS, usageJobPayloadSchema, type UsageJobPayload } from "./usage-job-schema.ts";

/** The current job shape with its events left unchecked: they are checked one by one below. */
const usageJobEnvelopeSchema = z.strictObject({
  receivedAt: z.iso.datetime({ offset: true }),
  batches: z
    .array(
      z.strictObject({
        tenantId: z.uuid(),
        apiKeyId: z.uuid().nullable(),
        events: z.array(z.unknown()).min(1).max(MAX_USAGE_JOB_EVENTS),
      }),
    )
    .min(1),
});

/**
 * Validates a usage job as usageJobPayloadSchema does, with the same result, but checks events in the plain shape
 * ingest writes by hand (isPlainQueuedEvent) and only the others with zod. Anything unusual (the legacy shape, extra
 * keys, an invalid event) goes through the full schema, so errors read the same.
 */
export function parseUsageJobPayload(data: unknown): z.ZodSafeParseResult<UsageJobPayload> {
  const envelope = usageJobEnvelopeSchema.safeParse(data);
  if (!envelope.success) return usageJobPayloadSchema.safeParse(data);
  let total = 0;
  const batches: UsageJobPayload["batches"] = [];
  for (const group of envelope.data.batches) {
    const events = [];
    for (const event of group.events) {
      if (isPlainQueuedEvent(event)) events.push(event);
      else {
        const parsed = queuedUsageEventSchema.safeParse(event);
        if (!parsed.success) return usageJobPayloadSchema.safeParse(data);
        events.push(parsed.data);
      }
    }
    total += events.length;
    batches.push({ tenantId: group.tenantId, apiKeyId: group.apiKeyId, events });
  }
  if (total > MAX_USAGE_JOB_EVENTS) return usageJobPayloadSchema.safeParse(data);
  return { success: true, data: { receivedAt: envelope.data.receivedAt, batches } };
}
