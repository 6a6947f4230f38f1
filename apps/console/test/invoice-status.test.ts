import { describe, expect, it } from "vitest";
import { isOverdue } from "../src/lib/invoice-status.ts";

const NOW = Date.parse("2026-12-07T09:00:00Z");
const open = { status: "finalized" as const, due_at: "2026-12-02T00:00:00.000Z", amount_due: "426.00" };

describe("isOverdue", () => {
  it("is an open invoice with an amount due after its due date", () => {
    expect(isOverdue(open, NOW)).toBe(true);
  });

  it("is not before the due date, nor once nothing is left to pay", () => {
    expect(isOverdue({ ...open, due_at: "2027-01-01T00:00:00.000Z" }, NOW)).toBe(false);
    expect(isOverdue({ ...open, amount_due: "0.00" }, NOW)).toBe(false);
  });

  it("is never a paid, void or draft invoice, nor one without a due date", () => {
    for (const status of ["paid", "void", "draft"] as const) expect(isOverdue({ ...open, status }, NOW)).toBe(false);
    expect(isOverdue({ ...open, due_at: null }, NOW)).toBe(false);
    expect(isOverdue({ status: "finalized", due_at: open.due_at }, NOW)).toBe(false);
  });
});
