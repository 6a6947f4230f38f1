import { describe, expect, it } from "vitest";
import { loadApiEnv } from "../src/env.ts";

describe("api env", () => {
  it("fills every default from an empty environment", () => {
    const env = loadApiEnv({});
    expect(env).toMatchObject({
      API_PORT: 3000,
      API_HOST: "0.0.0.0",
      COOKIE_SECURE: false,
      QUEUE_PREFIX: "{tollgate}",
    });
    expect(env.CONSOLE_DIST_DIR.endsWith("apps/console/dist")).toBe(true);
  });

  it("names every invalid variable in one clear error", () => {
    const load = () =>
      loadApiEnv({
        API_PORT: "http",
        DATABASE_URL: "not a url",
        COOKIE_SECURE: "yes",
        TOLLGATE_OPERATOR_API_KEY: "short",
      });
    expect(load).toThrow(/^invalid environment for api:\n/);
    for (const line of [
      /\n {2}API_PORT: /,
      /\n {2}DATABASE_URL: /,
      /\n {2}COOKIE_SECURE: /,
      /\n {2}TOLLGATE_OPERATOR_API_KEY: must be at least 20 characters/,
    ]) {
      expect(load).toThrow(line);
    }
  });

  it("reads CONSOLE_ORIGINS as a list of normalized origins and refuses what is not one", () => {
    expect(loadApiEnv({}).CONSOLE_ORIGINS).toBeUndefined();
    expect(loadApiEnv({ CONSOLE_ORIGINS: "" }).CONSOLE_ORIGINS).toEqual([]);
    expect(
      loadApiEnv({ CONSOLE_ORIGINS: "https://Console.Example.com, http://localhost:5173/" }).CONSOLE_ORIGINS,
    ).toEqual(["https://console.example.com", "http://localhost:5173"]);
    expect(() => loadApiEnv({ CONSOLE_ORIGINS: "console.example.com" })).toThrow(/CONSOLE_ORIGINS: not an origin/);
  });

  it("takes the first operator's email and password together or not at all", () => {
    expect(() => loadApiEnv({ TOLLGATE_OPERATOR_EMAIL: "ops@example.com" })).toThrow(
      /TOLLGATE_OPERATOR_PASSWORD: set together with TOLLGATE_OPERATOR_EMAIL/,
    );
    expect(() =>
      loadApiEnv({ TOLLGATE_OPERATOR_EMAIL: "ops@example.com", TOLLGATE_OPERATOR_PASSWORD: "short" }),
    ).toThrow(/TOLLGATE_OPERATOR_PASSWORD: must be at least 12 characters/);
    expect(
      loadApiEnv({ TOLLGATE_OPERATOR_EMAIL: "ops@example.com", TOLLGATE_OPERATOR_PASSWORD: "long-enough-pw" }),
    ).toMatchObject({ TOLLGATE_OPERATOR_EMAIL: "ops@example.com" });
    expect(loadApiEnv({})).toMatchObject({
      LOGIN_MAX_FAILURES_PER_ACCOUNT: 10,
      LOGIN_MAX_FAILURES_PER_ADDRESS: 50,
      LOGIN_FAILURE_WINDOW_SECONDS: 900,
    });
  });

  it("reads TRUST_PROXY as none by default, true, or a list of proxy addresses", () => {
    expect(loadApiEnv({}).TRUST_PROXY).toBe(false);
    expect(loadApiEnv({ TRUST_PROXY: "false" }).TRUST_PROXY).toBe(false);
    expect(loadApiEnv({ TRUST_PROXY: "true" }).TRUST_PROXY).toBe(true);
    expect(loadApiEnv({ TRUST_PROXY: "10.0.0.1, 192.168.0.0/16" }).TRUST_PROXY).toEqual(["10.0.0.1", "192.168.0.0/16"]);
  });

  it("refuses private webhook destinations unless WEBHOOK_ALLOW_PRIVATE_NETWORKS is true", () => {
    expect(loadApiEnv({}).WEBHOOK_ALLOW_PRIVATE_NETWORKS).toBe(false);
    expect(loadApiEnv({ WEBHOOK_ALLOW_PRIVATE_NETWORKS: "true" }).WEBHOOK_ALLOW_PRIVATE_NETWORKS).toBe(true);
    expect(() => loadApiEnv({ WEBHOOK_ALLOW_PRIVATE_NETWORKS: "1" })).toThrow(/WEBHOOK_ALLOW_PRIVATE_NETWORKS/);
  });
});
