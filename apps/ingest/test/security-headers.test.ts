import { describe, expect, it } from "vitest";
import { useTestIngest } from "./support/ingest-fixture.ts";

const { ingest } = useTestIngest();

describe("security headers on ingest (a JSON API)", () => {
  it.each([
    ["an accepted event", { id: "hdr-1", model: "m", input_tokens: 1 }, "key", 202],
    ["a request without a key", { id: "hdr-2", model: "m", input_tokens: 1 }, null, 401],
    ["an invalid body", "{", "key", 400],
  ] as const)("sets the strict policy on %s", async (_label, body, key, status) => {
    const response = await ingest().post(body, key === null ? { key: null } : {});
    expect(response.statusCode).toBe(status);
    expect(response.headers["content-security-policy"]).toBe("default-src 'none';frame-ancestors 'none'");
    expect(response.headers["x-content-type-options"]).toBe("nosniff");
    expect(response.headers["x-frame-options"]).toBe("DENY");
    expect(response.headers["referrer-policy"]).toBe("no-referrer");
  });

  it("sets them on health and metrics", async () => {
    for (const url of ["/healthz", "/metrics", "/openapi.json"]) {
      const response = await ingest().runtime.app.inject({ url });
      expect(response.headers["content-security-policy"]).toBe("default-src 'none';frame-ancestors 'none'");
    }
  });
});
