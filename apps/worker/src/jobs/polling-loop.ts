export interface PollingLoop {
  /** Stops polling and waits for the pass in progress. */
  close(): Promise<void>;
}

/**
 * Runs `pass` at once and then `intervalMs` after each pass ends, until closed. A failed pass is reported and the
 * next tick tries again. `pass` is told whether the loop was closed meanwhile, so a long pass can stop early.
 */
export function startPollingLoop(
  pass: (stopped: () => boolean) => Promise<void>,
  intervalMs: number,
  onError: (error: unknown) => void,
): PollingLoop {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();
  const isStopped = () => stopped;
  const tick = () => {
    running = pass(isStopped)
      .catch(onError)
      .finally(() => {
        if (!stopped) timer = setTimeout(tick, intervalMs);
      });
  };
  tick();
  return {
    async close() {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}
