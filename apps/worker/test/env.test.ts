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

  it("scans credit forecasts hourly by default and refuses an interval under a second", () => {
    expect(loadWorkerEnv({}).WORKER_CREDIT_FORECAST_INTERVAL_MS).toBe(3_600_000);
    expect(loadWorkerEnv({ WORKER_CREDIT_FORECAST_INTERVAL_MS: "60000" }).WORKER_CREDIT_FORECAST_INTERVAL_MS).toBe(
      60_000,
    );
    expect(() => loadWorkerEnv({ WORKER_CREDIT_FORECAST_INTERVAL_MS: "10" })).toThrow(
      /WORKER_CREDIT_FORECAST_INTERVAL_MS: Too small/,
    );
  });

  it("rejects a concurrency of zero with a message naming it", () => {
    expect(() => loadWorkerEnv({ WORKER_CONCURRENCY: "0" })).toThrow(/WORKER_CONCURRENCY: Too small/);
  });

  it("refuses private webhook destinations by default and retries a delivery 10 times over about a day", () => {
    const env = loadWorkerEnv({});
    expect(env).toMatchObject({
      WEBHOOK_ALLOW_PRIVATE_NETWORKS: false,
      WEBHOOK_MAX_ATTEMPTS: 10,
      WEBHOOK_TIMEOUT_MS: 10_000,
      WEBHOOK_DISABLE_AFTER_DAYS: 3,
    });
    // Retries wait backoff × 2^0 … 2^(attempts−2): from 3 minutes, 25.55 hours in all.
    const retriesMs = env.WEBHOOK_BACKOFF_MS * (2 ** (env.WEBHOOK_MAX_ATTEMPTS - 1) - 1);
    expect(retriesMs / 3_600_000).toBeCloseTo(25.55, 2);
    expect(loadWorkerEnv({ WEBHOOK_ALLOW_PRIVATE_NETWORKS: "true" }).WEBHOOK_ALLOW_PRIVATE_NETWORKS).toBe(true);
    expect(() => loadWorkerEnv({ WEBHOOK_ALLOW_PRIVATE_NETWORKS: "yes" })).toThrow(/WEBHOOK_ALLOW_PRIVATE_NETWORKS/);
    expect(() => loadWorkerEnv({ WEBHOOK_RELAY_INTERVAL_MS: "5000" })).toThrow(/WEBHOOK_RELAY_INTERVAL_MS: Too big/);
  });
});
