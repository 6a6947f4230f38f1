import { describe, expect, it } from "vitest";
import { parsePipelineBenchOptions } from "../bench/pipeline/options.ts";

describe("bench:pipeline options", () => {
  it("passes repeated --ingest-env / --worker-env assignments to the services", () => {
    const options = parsePipelineBenchOptions([
      "--ingest-env",
      "INGEST_COALESCE_MAX_DELAY_MS=10",
      "--ingest-env",
      "INGEST_COALESCE_MAX_EVENTS=2000",
      "--worker-env",
      "WORKER_CONCURRENCY=4",
    ]);
    expect(options.ingestEnv).toEqual({ INGEST_COALESCE_MAX_DELAY_MS: "10", INGEST_COALESCE_MAX_EVENTS: "2000" });
    expect(options.workerEnv).toEqual({ WORKER_CONCURRENCY: "4" });
    expect(parsePipelineBenchOptions([]).ingestEnv).toEqual({});
  });

  it("rejects an assignment that is not NAME=VALUE", () => {
    expect(() => parsePipelineBenchOptions(["--ingest-env", "delay"])).toThrow(/NAME=VALUE/);
    expect(() => parsePipelineBenchOptions(["--worker-env", "lower=1"])).toThrow(/NAME=VALUE/);
  });
});
