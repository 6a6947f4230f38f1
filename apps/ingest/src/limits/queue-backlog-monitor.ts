import type { Gauge } from "prom-client";

export interface QueueBacklogMonitor {
  /** True while the last reading was over the limit. */
  overLimit(): boolean;
  /** Reads the backlog now (the timer calls this; tests call it to avoid waiting for the timer). */
  refresh(): Promise<void>;
  stop(): void;
}

/**
 * Reads the usage queue's backlog every `intervalMs` instead of per request (a request only looks at the last
 * reading). An unreadable queue (Redis away) does not throttle: those requests fail on Redis with 503 instead.
 */
export function startQueueBacklogMonitor(options: {
  read: () => Promise<number>;
  maxJobs: number;
  intervalMs: number;
  gauge: Gauge;
  onError?: (error: unknown) => void;
}): QueueBacklogMonitor {
  let backlog: number | null = null;
  const refresh = async () => {
    try {
      backlog = await options.read();
      options.gauge.set(backlog);
    } catch (error) {
      backlog = null;
      options.onError?.(error);
    }
  };
  let reading = false;
  const timer = setInterval(() => {
    if (reading) return;
    reading = true;
    void refresh().finally(() => {
      reading = false;
    });
  }, options.intervalMs);
  timer.unref();
  void refresh();
  return {
    overLimit: () => backlog !== null && backlog > options.maxJobs,
    refresh,
    stop: () => {
      clearInterval(timer);
    },
  };
}
