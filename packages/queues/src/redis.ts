import { Redis, type RedisOptions } from "ioredis";

export type { Redis } from "ioredis";

/**
 * Queue keys live under one hash-tagged prefix ("{tollgate}") so a Redis Cluster keeps each queue's keys in one slot.
 * Tests pass their own prefix.
 */
export const DEFAULT_QUEUE_PREFIX = "{tollgate}";

export type RedisRole = "producer" | "worker" | "subscriber";

/** How long a producer waits for a Redis reply before failing the request (503) instead of hanging. */
export const PRODUCER_COMMAND_TIMEOUT_MS = 2000;

/**
 * Producers fail fast (ingest must answer 503, not hang, when Redis is down or stalled): no offline queue, one
 * retry, a command timeout. Workers block on Redis commands and must retry forever (BullMQ requires
 * maxRetriesPerRequest: null for them); so must pub/sub subscribers, which ioredis re-subscribes after reconnects.
 */
export function createRedis(url: string, role: RedisRole, options: RedisOptions = {}): Redis {
  const base: RedisOptions =
    role === "producer"
      ? {
          maxRetriesPerRequest: 1,
          enableOfflineQueue: false,
          connectTimeout: 2000,
          commandTimeout: PRODUCER_COMMAND_TIMEOUT_MS,
        }
      : { maxRetriesPerRequest: null, enableReadyCheck: true };
  return new Redis(url, { ...base, ...options });
}
