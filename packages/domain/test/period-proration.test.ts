import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  allowanceUseText,
  billingPeriodShare,
  commitmentTrueUp,
  money,
  PeriodCounters,
  prorateAmount,
  prorateMoneyTerm,
  prorateTokens,
  ratePlanRequest,
  scheduleAnchorChange,
  spendCapText,
  moneyAllowanceText,
  toDecimalString,
  zeroTokenCounts,
  type PeriodShare,
} from "../src/index.ts";
import { priceBook } from "./support-price-book.ts";

const DAY = 86_400_000;
const at = (iso: string) => new Date(iso);
const days = (covered: number, period: number): PeriodShare => ({ coveredMs: covered * DAY, periodMs: period * DAY });

describe("billingPeriodShare: the short first period after an anchor change", () => {
  // 1st → 15th, asked on Nov 20: November stays whole, Dec 1–15 is short, then whole periods of the 15th.
  const schedule = scheduleAnchorChange(1, 15, at("2026-11-20T12:00:00Z"));

  it("is 14 of 30 days for Dec 1–15 (against the whole Nov 15 – Dec 15 period of the new day)", () => {
    expect(billingPeriodShare(at("2026-12-01T00:00:00Z"), schedule)).toEqual(days(14, 30));
  });

  it("is null for every whole period, before and after the change, and for a plain anchor", () => {
    expect(billingPeriodShare(at("2026-11-01T00:00:00Z"), schedule)).toBeNull();
    expect(billingPeriodShare(at("2026-12-15T00:00:00Z"), schedule)).toBeNull();
    expect(billingPeriodShare(at("2027-01-15T00:00:00Z"), schedule)).toBeNull();
    expect(billingPeriodShare(at("2027-02-01T00:00:00Z"), 1)).toBeNull();
    expect(billingPeriodShare(at("2027-02-28T00:00:00Z"), 31)).toBeNull();
  });

  it("is null when the change falls on a boundary of the new day too (31 → 30 in April)", () => {
    const aligned = scheduleAnchorChange(31, 30, at("2027-04-10T00:00:00Z"));
    expect(billingPeriodShare(at("2027-04-30T00:00:00Z"), aligned)).toBeNull();
  });
});

describe("proration of a short period's terms", () => {
  it("floors included tokens to whole tokens (never more than the exact share)", () => {
    expect(prorateTokens(1_000_000n, days(14, 30))).toBe(466_666n);
    expect(prorateTokens(300n, days(14, 30))).toBe(140n);
    expect(prorateTokens(1n, days(14, 30))).toBe(0n);
    expect(prorateTokens(1_000_000n, days(30, 30))).toBe(1_000_000n);
    expect(prorateTokens(1_000_000n, days(0, 30))).toBe(0n);
  });

  it("floors tokens: the result times the period never exceeds the tokens times the days covered", () => {
    fc.assert(
      fc.property(
        fc.bigInt(0n, 10n ** 15n),
        fc.integer({ min: 1, max: 31 }),
        fc.integer({ min: 28, max: 31 }),
        (t, c, p) => {
          const covered = Math.min(c, p);
          const prorated = prorateTokens(t, days(covered, p));
          const exact = t * BigInt(covered);
          return prorated * BigInt(p) <= exact && (prorated + 1n) * BigInt(p) > exact;
        },
      ),
    );
  });

  it("prorates amounts on the same basis the commitment uses (120 × 14/30 = 56)", () => {
    expect(toDecimalString(prorateAmount(money("120"), days(14, 30)))).toBe("56");
    expect(toDecimalString(commitmentTrueUp({ minimum: money("120"), charged: money("0"), ...days(14, 30) }))).toBe(
      "56",
    );
    // A money allowance or cap is rounded down to the ledger's 30 decimals: 50 × 14/30 = 23.333…, 100 → 46.666…
    expect(toDecimalString(prorateMoneyTerm(money("50"), days(14, 30)))).toBe(`23.${"3".repeat(30)}`);
    expect(toDecimalString(prorateMoneyTerm(money("100"), days(14, 30)))).toBe(`46.${"6".repeat(30)}`);
    expect(toDecimalString(prorateMoneyTerm(money("300"), days(14, 30)))).toBe("140");
    expect(toDecimalString(prorateMoneyTerm(money("300"), days(30, 30)))).toBe("300");
  });

  it("never prorates a money term above its exact share, nor more than a ledger unit below it", () => {
    fc.assert(
      fc.property(
        fc.bigInt(0n, 10n ** 12n),
        fc.integer({ min: 0, max: 31 }),
        fc.integer({ min: 28, max: 31 }),
        (cents, c, p) => {
          const amount = money(cents).dividedBy(100);
          const covered = Math.min(c, p);
          const prorated = prorateMoneyTerm(amount, days(covered, p));
          const exact = amount.times(covered).dividedBy(p);
          return prorated.lessThanOrEqualTo(exact) && exact.minus(prorated).lessThan(money("1e-30"));
        },
      ),
    );
  });
});

describe("ratePlanRequest in a short period", () => {
  const book = priceBook(
    {
      allowances: [
        { kind: "tokens", id: "free-output", tokens: "1000000", token_types: ["output"] },
        { kind: "money", id: "credit", amount: "3" },
      ],
    },
    { opus: { "": { input: "5", output: "30" } } },
  );
  const request = (output: bigint, input = 0n) => ({
    modelId: "opus",
    occurredAt: at("2026-12-03T00:00:00Z"),
    tokens: { ...zeroTokenCounts(), input, output },
  });
  const rate = (output: bigint, share: PeriodShare | null, counters = new PeriodCounters(), input = 0n) => {
    const rating = ratePlanRequest(request(output, input), book, null, counters, share);
    return rating.status === "rated" ? toDecimalString(rating.amount) : rating.reason;
  };

  it("gives the prorated included tokens free (466,666 of 1M in 14 of 30 days), the rest at the rate", () => {
    const counters = new PeriodCounters();
    // 500,000 output: 466,666 free, 33,334 × 30 / 1M = 1.00002; the money allowance (3 × 14/30 = 1.4) takes it all.
    expect(rate(500_000n, days(14, 30), counters)).toBe("0");
    // 100,000 more: all billable, 3; 1.4 − 1.00002 = 0.39998 of money allowance left.
    expect(rate(100_000n, days(14, 30), counters)).toBe("2.60002");
    expect(counters.get("pv-1:allowance:free-output").quantity).toBe(600_000n);
  });

  it("leaves a whole period as the plan states it (null share = no share given)", () => {
    const counters = new PeriodCounters();
    // 500,000 free of 1M; 100,000 input × 5 = 0.5 within the money allowance of 3.
    expect(rate(500_000n, null, counters, 100_000n)).toBe("0");
    // 500,000 more free, then 100,000 at 30 = 3, less the 2.5 of money allowance left.
    expect(rate(600_000n, null, counters)).toBe("0.5");
    // A share of the whole period changes nothing either.
    const whole = new PeriodCounters();
    expect([rate(500_000n, days(30, 30), whole, 100_000n), rate(600_000n, days(30, 30), whole)]).toEqual(["0", "0.5"]);
  });

  it("caps a short period's spend at the prorated cap ($300 a month over 14 of 30 days: $140)", () => {
    const capped = priceBook({ spend_cap: "300" }, { opus: { "": { input: "5", output: "30" } } });
    const counters = new PeriodCounters();
    const rateCapped = (output: bigint, share: PeriodShare | null, into = counters) => {
      const rating = ratePlanRequest(request(output), capped, null, into, share);
      return rating.status === "rated"
        ? { amount: toDecimalString(rating.amount), rule: rating.rule, lines: rating.lines.map((l) => l.kind) }
        : rating.reason;
    };
    // 4M output × 30 = 120: under the cap of 140.
    expect(rateCapped(4_000_000n, days(14, 30))).toEqual({ amount: "120", rule: "base", lines: ["tokens"] });
    // 1M more (30): only 20 of it is billed; the rest is the cap's adjustment line.
    expect(rateCapped(1_000_000n, days(14, 30))).toEqual({
      amount: "20",
      rule: "spend_cap",
      lines: ["tokens", "spend_cap"],
    });
    // Past the cap nothing more is billed.
    expect(rateCapped(1_000_000n, days(14, 30))).toMatchObject({ amount: "0" });
    expect(toDecimalString(counters.get("pv-1:spend").amount)).toBe("180");
    // A whole period (no share, or a share of all of it) keeps the cap of 300: 210 is billed in full.
    for (const share of [null, days(30, 30)]) {
      expect(rateCapped(7_000_000n, share, new PeriodCounters())).toMatchObject({ amount: "210" });
    }
  });

  it("applies the prorated money allowance before the prorated cap", () => {
    const both = priceBook(
      { allowances: [{ kind: "money", id: "credit", amount: "30" }], spend_cap: "300" },
      { opus: { "": { input: "5", output: "30" } } },
    );
    const counters = new PeriodCounters();
    // 10M output = 300 gross; 14 of 30 days: allowance 14, cap 140 → billed min(300 − 14, 140) = 140.
    const rating = ratePlanRequest(request(10_000_000n), both, null, counters, days(14, 30));
    expect(rating.status === "rated" && toDecimalString(rating.amount)).toBe("140");
    expect(rating.status === "rated" && rating.lines.map((l) => `${l.kind} ${toDecimalString(l.amount)}`)).toEqual([
      "tokens 300",
      "money_allowance -14",
      "spend_cap -146",
    ]);
  });

  it("says how the invoice's cap and money allowance were prorated", () => {
    expect(spendCapText(money("300"), "USD", days(14, 30))).toBe(
      "spend cap $140.00 this period ($300.00 prorated: 14 of 30 days)",
    );
    expect(spendCapText(money("100"), "USD", days(14, 30))).toBe(
      "spend cap $46.67 this period ($100.00 prorated: 14 of 30 days)",
    );
    expect(spendCapText(money("300"), "USD")).toBe("spend cap $300.00 per period");
    expect(moneyAllowanceText("credit", money("3"), "EUR", days(14, 30))).toBe(
      "included allowance credit: €1.40 this period (€3.00 prorated: 14 of 30 days)",
    );
    expect(moneyAllowanceText("credit", money("3"), "USD")).toBe("included allowance credit: $3.00 per period");
  });

  it("says how the invoice's included tokens were prorated", () => {
    expect(allowanceUseText("free-output", 600_000n, 1_000_000n, days(14, 30))).toBe(
      "included allowance free-output: 466,666 of 466,666 tokens used this period (1,000,000 prorated: 14 of 30 days)",
    );
    expect(allowanceUseText("free-output", 300_000n, 1_000_000n)).toBe(
      "included allowance free-output: 300,000 of 1,000,000 tokens used this period",
    );
  });
});
