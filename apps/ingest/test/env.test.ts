import { describe, expect, it } from "vitest";
import { loadIngestEnv } from "../src/env.ts";

describe("ingest env", () => {
  it("fills defaults and coerces the port", () => {
    expect(loadIngestEnv({ INGEST_PORT: "4123" })).toMatchObject({
      INGEST_PORT: 4123,
      REDIS_URL: "redis://127.0.0.1:6379",
      LOG_LEVEL: "info",
    });
  });

  it("rejects an out-of-range port and an unknown log level, naming them", () => {
    const load = () => loadIngestEnv({ INGEST_PORT: "70000", LOG_LEVEL: "loud" });
    expect(load).toThrow(/^invalid environment for ingest:\n/);
    expect(load).toThrow(/\n {2}INGEST_PORT: Too big/);
    expect(load).toThrow(/\n {2}LOG_LEVEL: Invalid option/);
  });
});
