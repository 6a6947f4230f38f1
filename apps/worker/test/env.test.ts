import { describe, expect, it } from "vitest";
import { loadWorkerEnv } from "../src/env.ts";

describe("worker env", () => {
  it("fills defaults", () => {
    expect(loadWorkerEnv({})).toMatchObject({
      WORKER_CONCURRENCY: 16,
      WORKER_TRANSACTIONS: 4,
      WORKER_METRICS_PORT: 4100,
    });
  });

  it("recovers crashed workers' jobs after 30 s by default and fails a job only after 10 such recoveries", () => {
    expect(loadWorkerEnv({})).toMatchObject({
      WORKER_LOCK_DURATION_MS: 30_000,
      WORKER_STALLED_INTERVAL_MS: 30_000,
      WORKER_MAX_STALLED_COUNT: 10,
    });
  });

  it("rejects a lock shorter than a second, which live jobs could lose under load", () => {
    expect(() => loadWorkerEnv({ WORKER_LOCK_DURATION_MS: "500" })).toThrow(/WORKER_LOCK_DURATION_MS: Too small/);
  });

  it("rejects a concurrency of zero with a message naming it", () => {
    expect(() => loadWorkerEnv({ WORKER_CONCURRENCY: "0" })).toThrow(/WORKER_CONCURRENCY: Too small/);
  });
});
