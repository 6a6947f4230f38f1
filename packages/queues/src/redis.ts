import { Redis, type RedisOptions } from "ioredis";

/**
 * Queue keys live under one hash-tagged prefix ("{tollgate}") so a Redis Cluster keeps each queue's keys in one slot.
 * Tests pass their own prefix.
 */
export const DEFAULT_QUEUE_PREFIX = "{tollgate}";

export type RedisRole = "producer" | "worker";

/**
 * Producers fail fast (ingest must answer 503, not hang, when Redis is down); workers block on Redis commands and
 * must retry forever (BullMQ requires maxRetriesPerRequest: null for them).
 */
export function createRedis(url: string, role: RedisRole, options: RedisOptions = {}): Redis {
  const base: RedisOptions =
    role === "worker"
      ? { maxRetriesPerRequest: null, enableReadyCheck: true }
      : { maxRetriesPerRequest: 1, enableOfflineQueue: false, connectTimeout: 2000 };
  return new Redis(url, { ...base, ...options });
}
