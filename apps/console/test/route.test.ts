import { describe, expect, it } from "vitest";
import { currentRoute, setupTokenFromHash } from "../src/lib/route.ts";

describe("console routes", () => {
  it("maps paths to pages, anything unknown to usage", () => {
    expect(currentRoute("/setup")).toBe("setup");
    expect(currentRoute("/account")).toBe("account");
    expect(currentRoute("/")).toBe("usage");
    expect(currentRoute("/setup/extra")).toBe("usage");
  });

  it("reads the setup token from the link's fragment", () => {
    expect(setupTokenFromHash("#token=abc_DEF-123")).toBe("abc_DEF-123");
    expect(setupTokenFromHash("#other=1&token=t0k")).toBe("t0k");
    expect(setupTokenFromHash("")).toBe("");
    expect(setupTokenFromHash("#")).toBe("");
  });
});
