import type { Exit, Managed } from "./processes.ts";

export interface SupervisorOptions {
  name: string;
  /** Starts one instance of the child (called again for every restart). */
  start: () => Managed;
  /** True once the orchestrator is shutting down: an exit then is expected and nothing is restarted. */
  isStopping: () => boolean;
  /** The first restart waits this long; each quick crash doubles it up to `maxDelayMs`. */
  minDelayMs?: number;
  maxDelayMs?: number;
  /** A child that ran this long before it exited counts as healthy: its restart waits `minDelayMs` again. */
  stableMs?: number;
  onRestart?: (info: { exit: Exit; delayMs: number; restarts: number }) => void;
}

export interface Supervised {
  name: string;
  /** The instance running now (or the last one, while a restart waits). */
  current(): Managed;
  restarts(): number;
}

/**
 * Keeps one child running: when it exits while the orchestrator is not stopping, it is started again after a backoff
 * (1 s, 2 s, 4 s … 30 s; back to 1 s after a minute up). One crashed service must not take the others down: under
 * `npm start` a killed worker used to stop ingest and api too, while their clients retried against a closed port.
 */
export function supervise(options: SupervisorOptions): Supervised {
  const minDelayMs = options.minDelayMs ?? 1000;
  const maxDelayMs = options.maxDelayMs ?? 30_000;
  const stableMs = options.stableMs ?? 60_000;
  let delayMs = minDelayMs;
  let restarts = 0;
  let current: Managed;

  const run = () => {
    const startedAt = Date.now();
    current = options.start();
    void current.exited.then((exit) => {
      if (options.isStopping()) return;
      if (Date.now() - startedAt >= stableMs) delayMs = minDelayMs;
      const wait = delayMs;
      delayMs = Math.min(delayMs * 2, maxDelayMs);
      restarts += 1;
      options.onRestart?.({ exit, delayMs: wait, restarts });
      setTimeout(() => {
        // The orchestrator may have begun stopping while this restart waited.
        if (!options.isStopping()) run();
      }, wait);
    });
  };
  run();

  return {
    name: options.name,
    current: () => current,
    restarts: () => restarts,
  };
}
