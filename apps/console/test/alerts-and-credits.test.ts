import { describe, expect, it } from "vitest";
import { creditOutlook, creditTotals, withAllocatedAmounts, type CreditGrantView } from "../src/lib/credit-views.ts";
import { alertsSearch } from "../src/lib/search-params.ts";

const grant = (id: string, fields: Partial<CreditGrantView>): CreditGrantView => ({
  id,
  tenant_id: "00000000-0000-4000-8000-0000000000aa",
  kind: "paid",
  amount: "10",
  currency: "USD",
  priority: 0,
  reason: "r",
  granted_at: "2026-12-01T00:00:00.000Z",
  expires_at: null,
  voided_at: null,
  used: "0",
  expired: "0",
  balance: "10",
  status: "active",
  ...fields,
});

describe("credit totals", () => {
  it("rounds each grant's remaining so the shown lines add up to the shown total, per currency", () => {
    const grants = [
      grant("a", { balance: "0.335" }),
      grant("b", { balance: "0.335" }),
      grant("c", { balance: "0.33" }),
      grant("d", { currency: "EUR", amount: "5", balance: "5" }),
    ];
    const shown = withAllocatedAmounts(grants);
    const usdLines = shown.filter((line) => line.currency === "USD").map((line) => line.balance);
    // 0.335 + 0.335 + 0.33 = 1.00 exactly; naive rounding would show 0.34 + 0.34 + 0.33 = 1.01.
    expect(usdLines.sort()).toEqual(["0.33", "0.33", "0.34"]);
    expect(creditTotals(grants)).toEqual([
      { currency: "USD", granted: "30", remaining: "1" },
      { currency: "EUR", granted: "5", remaining: "5" },
    ]);
  });
});

describe("alerts search params", () => {
  it("keeps known filters and drops malformed ones instead of breaking the page", () => {
    expect(alertsSearch.parse({ show: "unread", kind: "credit.low" })).toEqual({ show: "unread", kind: "credit.low" });
    expect(alertsSearch.parse({ show: "everything", kind: "nope" })).toEqual({ show: undefined, kind: undefined });
  });
});

describe("the credit outlook on the overview", () => {
  it("says there is no credit when the balance is zero, and forecasts only a positive balance", () => {
    expect(creditOutlook("0", null)).toEqual({ kind: "none" });
    expect(creditOutlook("0.000000", "2026-12-20T00:00:00.000Z")).toEqual({ kind: "none" });
    expect(creditOutlook("-1.5", null)).toEqual({ kind: "none" });
    expect(creditOutlook("12.50", null)).toEqual({ kind: "lasts" });
    expect(creditOutlook("12.50", "2026-12-20T00:00:00.000Z")).toEqual({
      kind: "depletes",
      at: "2026-12-20T00:00:00.000Z",
    });
  });
});
