import { describe, expect, it } from "vitest";
import { findUnstorableJsonText, storedJsonObject, storedText, unstorableTextProblem } from "../src/index.ts";
import { decimalString, percentText } from "../src/pricing/decimal-text.ts";

describe("storedText", () => {
  const schema = storedText(10);
  it.each(["", "plain", "e\u0301\u200b", "\ud83d\ude00", "x".repeat(10)])("accepts %j", (value) => {
    expect(schema.safeParse(value).success).toBe(true);
  });
  it.each([
    ["NUL", "a\u0000", "must not contain NUL characters"],
    ["a lone high surrogate", "a\ud800", "must be valid Unicode (no lone surrogates)"],
    ["a lone low surrogate", "\udc00a", "must be valid Unicode (no lone surrogates)"],
    ["reversed pair", "\ude00\ud83d", "must be valid Unicode (no lone surrogates)"],
  ])("refuses %s", (_what, value, message) => {
    expect(schema.safeParse(value).error?.issues[0]?.message).toBe(message);
    expect(unstorableTextProblem(value)).toBe(message);
  });
  it("bounds the length", () => {
    expect(schema.safeParse("x".repeat(11)).success).toBe(false);
  });
});

describe("findUnstorableJsonText", () => {
  it("finds NUL or a lone surrogate anywhere, keys included, and names the path", () => {
    expect(findUnstorableJsonText({ a: [{ b: "ok" }, { c: "x\u0000" }] })).toBe(
      "a.1.c: must not contain NUL characters",
    );
    expect(findUnstorableJsonText({ a: { ["k\ud800"]: 1 } })).toMatch(/^a: a key must be valid Unicode/);
    expect(findUnstorableJsonText({ a: [1, true, null, "\ud83d\ude00"] })).toBeUndefined();
    expect(storedJsonObject.safeParse({ deep: { deeper: ["\u0000"] } }).success).toBe(false);
  });
});

describe("decimalString", () => {
  it.each(["0.1.2", " 1", "1 ", "1,5", "１", "", "-1", "+1", "1e2", ".5", "5.", "NaN", "Infinity", "0x10", "٣"])(
    "refuses %j without ever building a Money (no DecimalError)",
    (value) => {
      expect(() => percentText.safeParse(value)).not.toThrow();
      expect(percentText.safeParse(value).success).toBe(false);
      expect(decimalString().safeParse(value).success).toBe(false);
    },
  );
  it("accepts exact decimals within the bounds", () => {
    expect(percentText.safeParse("100.000").success).toBe(true);
    expect(percentText.safeParse("100.0000000001").success).toBe(false);
    expect(decimalString().safeParse(`${"9".repeat(30)}.${"1".repeat(30)}`).success).toBe(true);
    expect(decimalString().safeParse("1".repeat(31)).success).toBe(false);
  });
});
