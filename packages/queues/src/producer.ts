import { Queue, type JobsOptions } from "bullmq";
import type { Redis } from "ioredis";
import { queueCatalog, type QueueKey, type QueuePayload } from "./catalog.ts";

export interface TypedQueue<K extends QueueKey> {
  readonly queue: Queue;
  /** The connection and prefix it was made with (read-only tools, e.g. the pipeline page, reuse them). */
  readonly connection: Redis;
  readonly prefix: string;
  /** Adds a job with a deterministic id, so a re-sent batch is stored once while the job is retained. */
  add(jobId: string, payload: QueuePayload<K>, options?: JobsOptions): Promise<void>;
  close(): Promise<void>;
}

export function createTypedQueue<K extends QueueKey>(key: K, connection: Redis, prefix: string): TypedQueue<K> {
  const entry = queueCatalog[key];
  const queue = new Queue(entry.name, { connection, prefix, defaultJobOptions: entry.defaultJobOptions });
  return {
    queue,
    connection,
    prefix,
    async add(jobId, payload, options) {
      await queue.add(entry.name, payload, { ...options, jobId });
    },
    close: () => queue.close(),
  };
}
