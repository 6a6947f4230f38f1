import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { consumeCredits, money, toDecimalString, type CreditGrantBalance } from "../src/index.ts";

const day = (d: number) => new Date(Date.UTC(2026, 10, d));
const grant = (id: string, remaining: string, extra: Partial<CreditGrantBalance> = {}): CreditGrantBalance => ({
  id,
  currency: "USD",
  priority: 0,
  grantedAt: day(1),
  expiresAt: null,
  remaining: money(remaining),
  ...extra,
});

describe("consumeCredits", () => {
  it("uses grants by priority, then earliest expiry, and only while valid at the charge's time", () => {
    const grants = [
      grant("paid", "100", { priority: 1 }),
      grant("promo-late", "5", { expiresAt: day(20) }),
      grant("promo-soon", "3", { expiresAt: day(10) }),
      grant("future", "50", { grantedAt: day(25) }),
      grant("eur", "50", { currency: "EUR" }),
    ];
    const result = consumeCredits(grants, [
      { occurredAt: day(5), currency: "USD", amount: money("4") },
      { occurredAt: day(12), currency: "USD", amount: money("6") },
      { occurredAt: day(13), currency: "USD", amount: money("-2") },
    ]);
    expect(result.perCharge.map((m) => toDecimalString(m))).toEqual(["4", "6", "0"]);
    expect(Object.fromEntries([...result.byGrant].map(([id, m]) => [id, toDecimalString(m)]))).toEqual({
      "promo-soon": "3", // expires first
      "promo-late": "5", // 1 on day 5, 4 on day 12 (promo-soon expired on day 10)
      paid: "2",
    });
  });

  it("property: never uses more than a grant holds or a charge needs, and uses credit whenever some is valid", () => {
    const arbGrant = fc.record({
      id: fc.uuid(),
      currency: fc.constant("USD"),
      priority: fc.integer({ min: 0, max: 3 }),
      grantedAt: fc.integer({ min: 1, max: 10 }).map(day),
      expiresAt: fc.option(fc.integer({ min: 11, max: 28 }).map(day), { nil: null }),
      remaining: fc.integer({ min: 0, max: 10_000 }).map((cents) => money(cents.toString()).dividedBy(100)),
    });
    const arbCharge = fc.record({
      occurredAt: fc.integer({ min: 1, max: 28 }).map(day),
      currency: fc.constant("USD"),
      amount: fc.integer({ min: -500, max: 5_000 }).map((cents) => money(cents.toString()).dividedBy(1000)),
    });
    fc.assert(
      fc.property(
        fc.uniqueArray(arbGrant, { selector: (g) => g.id, maxLength: 5 }),
        fc.array(arbCharge, { maxLength: 30 }),
        (grants, charges) => {
          const { byGrant, perCharge } = consumeCredits(grants, charges);
          const totalUsed = [...byGrant.values()].reduce((s, m) => s.plus(m), money("0"));
          const totalPaid = perCharge.reduce((s, m) => s.plus(m), money("0"));
          if (!totalUsed.eq(totalPaid)) return false;
          for (const g of grants) if ((byGrant.get(g.id) ?? money("0")).gt(g.remaining)) return false;
          return charges.every((c, i) => {
            const paid = perCharge[i] ?? money("0");
            return paid.gte(0) && (c.amount.isPositive() ? paid.lte(c.amount) : paid.isZero());
          });
        },
      ),
    );
  });
});
