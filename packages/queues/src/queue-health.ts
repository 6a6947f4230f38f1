import { Queue } from "bullmq";
import type { Redis } from "ioredis";
import { queueCatalog, type QueueKey } from "./catalog.ts";

/** One queue's state for the operators' pipeline page. */
export interface QueueHealth {
  key: QueueKey;
  name: string;
  counts: { waiting: number; active: number; delayed: number; failed: number; completed: number };
  /**
   * Jobs completed in the last minute and five minutes, counted in BullMQ's completed set (a sorted set scored by
   * finish time). Completed jobs are trimmed to the catalog's `removeOnComplete.count`, so when that many are kept
   * and the oldest kept one finished inside a window, older completions were trimmed: the count is a lower bound.
   */
  throughput: { lastMinute: number; last5Minutes: number; lowerBound: boolean };
  /** When the oldest job still waiting was added; null when none waits. */
  oldestWaitingAt: Date | null;
}

const MINUTE_MS = 60_000;

function keptCompleted(key: QueueKey): number | null {
  const keep: unknown = queueCatalog[key].defaultJobOptions.removeOnComplete;
  return typeof keep === "object" && keep !== null && "count" in keep && typeof keep.count === "number"
    ? keep.count
    : null;
}

/** Counts, throughput and the oldest waiting job of one catalog queue; a few O(log n) Redis reads. */
export async function queueHealth(
  key: QueueKey,
  queue: Queue,
  client: Redis,
  now: Date = new Date(),
): Promise<QueueHealth> {
  const completedKey = queue.toKey("completed");
  const at = now.getTime();
  const [counts, lastMinute, last5Minutes, oldestKept, oldestWaiting] = await Promise.all([
    queue.getJobCounts("waiting", "active", "delayed", "failed", "completed"),
    client.zcount(completedKey, at - MINUTE_MS, "+inf"),
    client.zcount(completedKey, at - 5 * MINUTE_MS, "+inf"),
    client.zrange(completedKey, "0", "0", "WITHSCORES"),
    queue.getJobs(["waiting"], 0, 0, true),
  ]);
  const completed = counts.completed ?? 0;
  const keep = keptCompleted(key);
  const oldestKeptAt = oldestKept[1] === undefined ? null : Number(oldestKept[1]);
  const trimmed = keep !== null && completed >= keep;
  const lowerBound = trimmed && oldestKeptAt !== null && oldestKeptAt > at - 5 * MINUTE_MS;
  const waitingJob = oldestWaiting[0];
  return {
    key,
    name: queue.name,
    counts: {
      waiting: counts.waiting ?? 0,
      active: counts.active ?? 0,
      delayed: counts.delayed ?? 0,
      failed: counts.failed ?? 0,
      completed,
    },
    throughput: { lastMinute, last5Minutes, lowerBound },
    oldestWaitingAt: waitingJob ? new Date(waitingJob.timestamp) : null,
  };
}

/** The rating sweep queue's last finished run, runs in progress and the scheduler's next run. */
export interface RatingSweepHealth {
  lastRun: { finishedAt: Date; outcome: "completed" | "failed"; reason: string; failedReason: string | null } | null;
  running: number;
  waiting: number;
  nextRunAt: Date | null;
}

export async function ratingSweepHealth(queue: Queue, schedulerId: string): Promise<RatingSweepHealth> {
  const [completed, failed, counts, scheduler] = await Promise.all([
    // Newest first: the completed and failed sets are scored by finish time.
    queue.getJobs(["completed"], 0, 0, false),
    queue.getJobs(["failed"], 0, 0, false),
    queue.getJobCounts("active", "waiting"),
    queue.getJobScheduler(schedulerId),
  ]);
  const runs = [
    ...completed.map((job) => ({ job, outcome: "completed" as const })),
    ...failed.map((job) => ({ job, outcome: "failed" as const })),
  ].filter((run) => run.job.finishedOn !== undefined);
  runs.sort((a, b) => (b.job.finishedOn ?? 0) - (a.job.finishedOn ?? 0));
  const last = runs[0];
  const data: unknown = last?.job.data;
  const reason =
    typeof data === "object" && data !== null && "reason" in data && typeof data.reason === "string"
      ? data.reason
      : "unknown";
  return {
    lastRun: last
      ? {
          finishedAt: new Date(last.job.finishedOn ?? 0),
          outcome: last.outcome,
          reason,
          failedReason: last.outcome === "failed" ? last.job.failedReason || null : null,
        }
      : null,
    running: counts.active ?? 0,
    // Not the delayed ones: the schedule's next run is always one, and price-change requests wait 2 s in there.
    waiting: counts.waiting ?? 0,
    nextRunAt: scheduler?.next === undefined ? null : new Date(scheduler.next),
  };
}

/** A handle on every catalog queue: the pipeline page reads through it, the failed-jobs operations act on it. */
export interface CatalogQueues {
  queues: { key: QueueKey; queue: Queue }[];
  /** The queue of a catalog key. */
  queueOf(key: QueueKey): Queue;
  close(): Promise<void>;
}

/**
 * Every catalog queue on `connection` (the api's producer connection: it fails fast while Redis is away) and
 * `prefix`. Nothing is added through them: they read, and move failed jobs back to waiting or remove them.
 */
export function catalogQueues(connection: Redis, prefix: string): CatalogQueues {
  const queues = (Object.keys(queueCatalog) as QueueKey[]).map((key) => {
    const queue = new Queue(queueCatalog[key].name, { connection, prefix });
    // The connection's errors are its owner's to log (apps/api logs the usage queue's); a read that fails because
    // of them is reported by the pipeline page as Redis unreachable, an operation on failed jobs as 503.
    queue.on("error", () => undefined);
    return { key, queue };
  });
  const byKey = new Map(queues.map(({ key, queue }) => [key, queue]));
  return {
    queues,
    queueOf(key) {
      const queue = byKey.get(key);
      if (!queue) throw new Error(`no catalog queue ${key}`);
      return queue;
    },
    async close() {
      await Promise.all(queues.map(({ queue }) => queue.close()));
    },
  };
}
