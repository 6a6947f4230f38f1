import { TRPCClientError } from "@trpc/client";
import { describe, expect, it } from "vitest";
import { isRetryable } from "../src/lib/retryable-error.ts";

/** An error as the api answers it over tRPC: its code and HTTP status are all the client has to go by. */
function apiError(code: string, httpStatus: number) {
  return new TRPCClientError("refused", {
    result: { error: { message: "refused", code: -32600, data: { code, httpStatus } } },
  });
}

describe("whether a failed request is worth trying again", () => {
  it("is not for an answer that would be the same: bad input, signed out, forbidden, not found, a conflict", () => {
    for (const [code, status] of [
      ["BAD_REQUEST", 400],
      ["UNAUTHORIZED", 401],
      ["FORBIDDEN", 403],
      ["NOT_FOUND", 404],
      ["CONFLICT", 409],
      ["UNPROCESSABLE_CONTENT", 422],
    ] as const) {
      expect({ code, retry: isRetryable(apiError(code, status)) }).toEqual({ code, retry: false });
    }
  });

  it("is for the server's own failures, a timeout and a rate limit", () => {
    for (const [code, status] of [
      ["INTERNAL_SERVER_ERROR", 500],
      ["SERVICE_UNAVAILABLE", 503],
      ["TIMEOUT", 408],
      ["TOO_MANY_REQUESTS", 429],
    ] as const) {
      expect({ code, retry: isRetryable(apiError(code, status)) }).toEqual({ code, retry: true });
    }
  });

  it("is when the api was not reached at all (no status), or the failure is not the api's", () => {
    expect(isRetryable(new TRPCClientError("Failed to fetch"))).toBe(true);
    expect(isRetryable(new Error("boom"))).toBe(true);
  });
});
