import type { Redis } from "ioredis";

/** The usage queue's BullMQ name (packages/queues catalog); its keys are `<prefix>:usage-events:<state>`. */
const USAGE_QUEUE = "usage-events";

export interface QueueCounts {
  wait: number;
  active: number;
  delayed: number;
  prioritized: number;
  paused: number;
  failed: number;
  completed: number;
}

/** Job counts per state, read straight from BullMQ's keys (lists and sorted sets). */
export async function readQueueCounts(redis: Redis, prefix: string): Promise<QueueCounts> {
  const key = (state: string) => `${prefix}:${USAGE_QUEUE}:${state}`;
  const [wait, active, paused, delayed, prioritized, failed, completed] = await Promise.all([
    redis.llen(key("wait")),
    redis.llen(key("active")),
    redis.llen(key("paused")),
    redis.zcard(key("delayed")),
    redis.zcard(key("prioritized")),
    redis.zcard(key("failed")),
    redis.zcard(key("completed")),
  ]);
  return { wait, active, delayed, prioritized, paused, failed, completed };
}

/** Jobs still to run or running (failed and completed ones are done). */
export function pendingJobs(counts: QueueCounts): number {
  return counts.wait + counts.active + counts.delayed + counts.prioritized + counts.paused;
}

/** Per job, how often it was started (BullMQ's `ats`): more than once means it was recovered or retried. */
export async function readJobStarts(redis: Redis, prefix: string, queue: string = USAGE_QUEUE): Promise<number[]> {
  const ids = await redis.zrange(`${prefix}:${queue}:completed`, "0", "-1");
  return Promise.all(ids.map(async (id) => Number((await redis.hget(`${prefix}:${queue}:${id}`, "ats")) ?? "0")));
}

/**
 * Waits until no job is waiting, delayed or active and `progress()` (e.g. the stored event count) has not changed
 * over `stablePolls` consecutive polls. Only a deadline bounds it, so slow machines are slower, not flaky.
 */
export async function waitForDrainedQueue(
  redis: Redis,
  prefix: string,
  progress: () => Promise<number>,
  options: { timeoutMs?: number; stablePolls?: number; assertAlive?: () => void } = {},
): Promise<QueueCounts> {
  const deadline = Date.now() + (options.timeoutMs ?? 300_000);
  const stablePolls = options.stablePolls ?? 3;
  let last: number | null = null;
  let stable = 0;
  for (;;) {
    // A crashed service fails the wait at once, with its output, instead of at the deadline.
    options.assertAlive?.();
    const counts = await readQueueCounts(redis, prefix);
    const current = await progress();
    stable = pendingJobs(counts) === 0 && current === last ? stable + 1 : 0;
    last = current;
    if (stable >= stablePolls) return counts;
    if (Date.now() > deadline) {
      throw new Error(`queue not drained: ${JSON.stringify(counts)}, progress ${current.toString()}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}
