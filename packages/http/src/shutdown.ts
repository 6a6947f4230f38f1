/**
 * Runs `stop` once on SIGINT/SIGTERM, then exits. A second signal, or a stop that hangs past `timeoutMs`,
 * forces the exit so an orchestrator is never left waiting.
 */
export function onShutdownSignal(stop: () => Promise<void>, log: (message: string) => void, timeoutMs = 15_000): void {
  let stopping = false;
  const handler = (signal: NodeJS.Signals) => {
    if (stopping) {
      log(`${signal} again: exiting now`);
      process.exit(1);
    }
    stopping = true;
    log(`${signal}: shutting down`);
    const timer = setTimeout(() => {
      log("shutdown timed out: exiting");
      process.exit(1);
    }, timeoutMs);
    timer.unref();
    stop().then(
      () => process.exit(0),
      (error: unknown) => {
        log(`shutdown failed: ${error instanceof Error ? error.message : String(error)}`);
        process.exit(1);
      },
    );
  };
  process.on("SIGINT", handler);
  process.on("SIGTERM", handler);
}
