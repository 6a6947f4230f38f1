import { describe, expect, it } from "vitest";
import { linkTokenFromHash } from "../src/lib/link-token.ts";

describe("one-time link tokens", () => {
  it("reads the token from the link's fragment", () => {
    expect(linkTokenFromHash("#token=abc_DEF-123")).toBe("abc_DEF-123");
    expect(linkTokenFromHash("#other=1&token=t0k")).toBe("t0k");
    expect(linkTokenFromHash("")).toBe("");
    expect(linkTokenFromHash("#")).toBe("");
  });
});
