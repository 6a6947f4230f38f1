import { describe, expect, it } from "vitest";
import { auditFieldChanges } from "../src/lib/audit-diff.ts";

describe("auditFieldChanges", () => {
  it("lists only the fields that changed, by path, values as stored", () => {
    expect(
      auditFieldChanges(
        { status: "draft", pricing: { markup: "0.1", rules: [] }, rates: [{ model: "a", price: "3" }] },
        {
          status: "published",
          pricing: { markup: "0.1", rules: [{ kind: "long_context" }] },
          rates: [{ model: "a", price: "3.6" }],
        },
      ),
    ).toEqual([
      { path: "status", before: '"draft"', after: '"published"' },
      { path: "pricing.rules", before: "[]", after: undefined },
      { path: "rates[0].price", before: '"3"', after: '"3.6"' },
      { path: "pricing.rules[0].kind", before: undefined, after: '"long_context"' },
    ]);
  });

  it("lists every field of a creation and of a deletion", () => {
    expect(auditFieldChanges(null, { amount: "25.50", expires_at: null })).toEqual([
      { path: "amount", before: undefined, after: '"25.50"' },
      { path: "expires_at", before: undefined, after: "null" },
    ]);
    expect(auditFieldChanges({ id: 7 }, null)).toEqual([{ path: "id", before: "7", after: undefined }]);
  });

  it("is empty when nothing changed, and handles plain values", () => {
    expect(auditFieldChanges({ a: { b: 1 } }, { a: { b: 1 } })).toEqual([]);
    expect(auditFieldChanges("x", "y")).toEqual([{ path: "(value)", before: '"x"', after: '"y"' }]);
  });
});
