/**
 * A signal aborted by whichever comes first: one of `signals`, or `afterMs` elapsing. Built by hand because on
 * Node 20 an `AbortSignal.timeout()` passed to `AbortSignal.any()` can be garbage-collected before it fires.
 * Call `dispose()` when done so the timer does not keep the process alive.
 */
export function combinedSignal(
  signals: readonly AbortSignal[],
  afterMs?: number,
): { signal: AbortSignal; dispose: () => void } {
  const controller = new AbortController();
  const abort = () => {
    controller.abort();
  };
  const timer = afterMs === undefined ? undefined : setTimeout(abort, afterMs);
  for (const signal of signals) {
    if (signal.aborted) abort();
    else signal.addEventListener("abort", abort, { once: true });
  }
  return {
    signal: controller.signal,
    dispose: () => {
      clearTimeout(timer);
      for (const signal of signals) signal.removeEventListener("abort", abort);
    },
  };
}
