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

describe("a grant's used and expired amounts", () => {
  it("are rounded so each row adds up as shown: granted = used + expired + remaining", () => {
    const grants = [
      grant("a", { used: "9.665", expired: "0", balance: "0.335", status: "active" }),
      grant("b", { used: "4.1234", expired: "5.8766", balance: "0", status: "expired" }),
      grant("c", { used: "2.006", expired: "7.994", balance: "0", status: "voided" }),
    ];
    const [a, b, c] = withAllocatedAmounts(grants);
    // Rounded on its own, 9.665 would show 9.67 next to 0.34 remaining: 10.01 of a 10.00 grant.
    expect(a).toMatchObject({ amount: "10", used: "9.66", expired: "0", balance: "0.34" });
    expect(b).toMatchObject({ amount: "10", used: "4.12", expired: "5.88", balance: "0" });
    expect(c).toMatchObject({ amount: "10", used: "2.01", expired: "7.99", balance: "0" });
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
