import { describe, expect, it } from "vitest";
import { loadWorkerEnv } from "../src/env.ts";

describe("worker env", () => {
  it("fills defaults", () => {
    expect(loadWorkerEnv({})).toMatchObject({ WORKER_CONCURRENCY: 4, WORKER_METRICS_PORT: 4100 });
  });

  it("rejects a concurrency of zero with a message naming it", () => {
    expect(() => loadWorkerEnv({ WORKER_CONCURRENCY: "0" })).toThrow(/WORKER_CONCURRENCY: Too small/);
  });
});
