import { TRPCClientError } from "@trpc/client";
import { describe, expect, it } from "vitest";
import { apiKeyStatus, type ApiKeyRow } from "../src/lib/api-key-status.ts";
import { webhooksSearch } from "../src/lib/search-params.ts";
import { serverFieldError } from "../src/lib/server-field-error.ts";

const NOW = new Date("2026-12-06T12:00:00Z");
const key = (fields: Partial<ApiKeyRow>): ApiKeyRow => ({
  id: "00000000-0000-4000-8000-000000000001",
  name: "k",
  prefix: "tg_0123456789abcdef",
  scopes: ["read"],
  createdAt: "2026-12-01T00:00:00.000Z",
  lastUsedAt: null,
  expiresAt: null,
  revokedAt: null,
  ...fields,
});

/** An error as the api answers it over tRPC (message and data; the client has no other source). */
function apiError(message: string, fieldErrors?: Record<string, string>) {
  return new TRPCClientError(message, {
    result: {
      error: {
        message,
        code: -32600,
        data: { code: "BAD_REQUEST", httpStatus: 400, ...(fieldErrors && { fieldErrors }) },
      },
    },
  });
}

describe("an API key's status", () => {
  it("is revoked once revoked, expired after its expiry, and expiring soon within a week of it", () => {
    expect(apiKeyStatus(key({ revokedAt: "2026-12-06T11:00:00.000Z" }), NOW)).toBe("revoked");
    expect(apiKeyStatus(key({ expiresAt: "2026-12-06T11:59:59.000Z" }), NOW)).toBe("expired");
    expect(apiKeyStatus(key({ expiresAt: "2026-12-08T12:00:00.000Z" }), NOW)).toBe("expiring");
    expect(apiKeyStatus(key({ expiresAt: "2027-01-08T12:00:00.000Z" }), NOW)).toBe("active");
    expect(apiKeyStatus(key({}), NOW)).toBe("active");
  });
});

describe("the api's message for a form field", () => {
  it("comes from the input's field errors or a use case's 'field: why' message, in either spelling", () => {
    const fields = ["url", "expiresAt"] as const;
    expect(serverFieldError(apiError("url: 10.0.0.7 is a private address"), fields)).toEqual({
      field: "url",
      message: "10.0.0.7 is a private address",
    });
    expect(serverFieldError(apiError("expires_at: must be in the future"), fields)).toEqual({
      field: "expiresAt",
      message: "must be in the future",
    });
    expect(serverFieldError(apiError("invalid input", { expiresAt: "Invalid ISO datetime" }), fields)).toEqual({
      field: "expiresAt",
      message: "Invalid ISO datetime",
    });
    expect(serverFieldError(apiError("a tenant has at most 10 webhook endpoints"), fields)).toBeNull();
    expect(serverFieldError(new Error("url: not from the api"), fields)).toBeNull();
  });
});

describe("the webhooks page's URL", () => {
  it("keeps a known delivery status and drops anything else", () => {
    expect(webhooksSearch.parse({ status: "failed" })).toEqual({ status: "failed" });
    expect(webhooksSearch.parse({ status: "exploded" })).toEqual({ status: undefined });
  });
});
