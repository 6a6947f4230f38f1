import { UnrecoverableError, Worker, type Job, type WorkerOptions } from "bullmq";
import type { Redis } from "ioredis";
import { queueCatalog, type QueueKey, type QueuePayload } from "./catalog.ts";

/** `token`: the job's lock token, for BullMQ calls that need it (moveToDelayed). */
export type TypedProcessor<K extends QueueKey> = (payload: QueuePayload<K>, job: Job, token?: string) => Promise<void>;

/**
 * A BullMQ worker for one catalog queue. Payloads are validated before processing; an invalid payload can never
 * succeed, so it fails at once without retries (UnrecoverableError) and stays in the failed set for inspection.
 */
export function createTypedWorker<K extends QueueKey>(
  key: K,
  connection: Redis,
  prefix: string,
  processor: TypedProcessor<K>,
  options: Omit<WorkerOptions, "connection" | "prefix"> = {},
): Worker {
  const entry = queueCatalog[key];
  return new Worker(
    entry.name,
    async (job: Job, token?: string) => {
      const parsed = "parsePayload" in entry ? entry.parsePayload(job.data) : entry.schema.safeParse(job.data);
      if (!parsed.success) {
        throw new UnrecoverableError(`invalid ${entry.name} payload: ${parsed.error.message}`);
      }
      await processor(parsed.data as QueuePayload<K>, job, token);
    },
    { ...options, connection, prefix },
  );
}
