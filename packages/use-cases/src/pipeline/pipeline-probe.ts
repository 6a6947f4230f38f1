/**
 * Port for what the pipeline page reads from Redis (BullMQ): the transport binds it to every queue of the catalog
 * (apps/api: @tollgate/queues' queueHealth and ratingSweepHealth), so use cases and procedures never hold a queue.
 * Its methods reject when Redis is unreachable; the use case turns that into "unreachable", never an error.
 */
export interface PipelineProbe {
  /** One round trip to Redis (PING). */
  pingRedis(): Promise<void>;
  /** Every catalog queue, in catalog order. */
  queues(): Promise<QueueHealthView[]>;
  ratingSweep(): Promise<RatingSweepView>;
}

export interface QueueHealthView {
  key: string;
  name: string;
  counts: { waiting: number; active: number; delayed: number; failed: number; completed: number };
  /** Completed jobs per window; `lowerBound` when BullMQ trimmed completions inside the window (see queueHealth). */
  throughput: { lastMinute: number; last5Minutes: number; lowerBound: boolean };
  oldestWaitingAt: Date | null;
}

export interface RatingSweepView {
  lastRun: { finishedAt: Date; outcome: "completed" | "failed"; reason: string; failedReason: string | null } | null;
  running: number;
  /** Sweeps ready to run (not the delayed ones: the schedule's next run, requests in their debounce). */
  waiting: number;
  nextRunAt: Date | null;
}
