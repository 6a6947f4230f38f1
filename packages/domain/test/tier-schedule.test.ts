import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  assertValidTierSchedule,
  incrementalTieredCharge,
  money,
  tieredTotal,
  tierScheduleSchema,
  toDecimalString,
  type Money,
  type PriceTier,
  type TierSchedule,
} from "../src/index.ts";

const TIERS: PriceTier[] = [
  { upTo: 1_000_000n, pricePerMillion: money("10") },
  { upTo: 5_000_000n, pricePerMillion: money("5"), flatFee: money("1.5") },
  { upTo: null, pricePerMillion: money("2.5") },
];
const graduated: TierSchedule = { mode: "graduated", tiers: TIERS };
const volume: TierSchedule = { mode: "volume", tiers: TIERS };
const packaged: TierSchedule = { mode: "package", packageSize: 1000n, packagePrice: money("0.5") };

const total = (schedule: TierSchedule, quantity: bigint) => toDecimalString(tieredTotal(schedule, quantity));

describe("tieredTotal", () => {
  it("prices graduated tiers unit by unit, with a tier's flat fee once it is entered", () => {
    expect(total(graduated, 0n)).toBe("0");
    expect(total(graduated, 1_000_000n)).toBe("10");
    // 10 + 1.5 fee + 0.5M × 5/M
    expect(total(graduated, 1_500_000n)).toBe("14");
    // 10 + 1.5 + 4M × 5/M + 1M × 2.5/M
    expect(total(graduated, 6_000_000n)).toBe("34");
    expect(total(graduated, 1n)).toBe("0.00001");
  });

  it("prices every unit at the tier the total falls in, for volume schedules", () => {
    expect(total(volume, 1_000_000n)).toBe("10");
    expect(total(volume, 1_500_000n)).toBe("9");
    expect(total(volume, 6_000_000n)).toBe("15");
  });

  it("charges per started package", () => {
    expect(total(packaged, 1n)).toBe("0.5");
    expect(total(packaged, 1000n)).toBe("0.5");
    expect(total(packaged, 1001n)).toBe("1");
  });

  it("rejects schedules that are not ascending or not closed by an unbounded tier", () => {
    const tiers = (list: PriceTier[]): TierSchedule => ({ mode: "graduated", tiers: list });
    const price = money("1");
    expect(() => {
      assertValidTierSchedule(tiers([]));
    }).toThrow(RangeError);
    expect(() => {
      assertValidTierSchedule(tiers([{ upTo: 10n, pricePerMillion: price }]));
    }).toThrow(/unbounded/);
    expect(() => {
      assertValidTierSchedule(
        tiers([
          { upTo: 10n, pricePerMillion: price },
          { upTo: 5n, pricePerMillion: price },
          { upTo: null, pricePerMillion: price },
        ]),
      );
    }).toThrow(/ascend/);
    expect(() => {
      assertValidTierSchedule({ mode: "package", packageSize: 0n, packagePrice: price });
    }).toThrow(RangeError);
    expect(() => {
      assertValidTierSchedule(graduated);
    }).not.toThrow();
  });

  it("names a zero package size at its field, in the wire's terms (the editor shows it there)", () => {
    const parsed = tierScheduleSchema.safeParse({ mode: "package", package_size: "0", package_price: "4" });
    expect(parsed.success ? [] : parsed.error.issues.map(({ path, message }) => ({ path, message }))).toEqual([
      { path: ["package_size"], message: "must be at least 1 token" },
    ]);
    expect(tierScheduleSchema.safeParse({ mode: "package", package_size: "1", package_price: "4" }).success).toBe(true);
  });
});

const priceArbitrary = fc
  .tuple(fc.integer({ min: 0, max: 100_000 }), fc.integer({ min: 0, max: 6 }))
  .map(([units, scale]) => money(units.toString()).dividedBy(money((10n ** BigInt(scale)).toString())));

const tiersArbitrary = fc
  .array(fc.tuple(fc.bigInt({ min: 1n, max: 10_000_000n }), priceArbitrary, fc.option(priceArbitrary)), {
    minLength: 1,
    maxLength: 5,
  })
  .map((steps) => {
    let bound = 0n;
    return steps.map(([width, pricePerMillion, flatFee], index): PriceTier => {
      bound += width;
      return {
        upTo: index === steps.length - 1 ? null : bound,
        pricePerMillion,
        ...(flatFee === null ? {} : { flatFee }),
      };
    });
  });

const scheduleArbitrary: fc.Arbitrary<TierSchedule> = fc.oneof(
  tiersArbitrary.map((tiers): TierSchedule => ({ mode: "graduated", tiers })),
  tiersArbitrary.map((tiers): TierSchedule => ({ mode: "volume", tiers })),
  fc
    .tuple(fc.bigInt({ min: 1n, max: 1_000_000n }), priceArbitrary)
    .map(([packageSize, packagePrice]): TierSchedule => ({ mode: "package", packageSize, packagePrice })),
);

const batchesArbitrary = fc.array(fc.bigInt({ min: 0n, max: 20_000_000n }), { minLength: 1, maxLength: 30 });

function chargeInOrder(schedule: TierSchedule, batches: readonly bigint[]): Money {
  let used = 0n;
  let charged = money("0");
  for (const quantity of batches) {
    charged = charged.plus(incrementalTieredCharge(schedule, used, quantity));
    used += quantity;
  }
  return charged;
}

describe("incrementalTieredCharge", () => {
  it("sums to f(total) exactly, whatever the batching and order", () => {
    fc.assert(
      fc.property(scheduleArbitrary, batchesArbitrary, (schedule, batches) => {
        assertValidTierSchedule(schedule);
        const expected = toDecimalString(
          tieredTotal(
            schedule,
            batches.reduce((sum, q) => sum + q, 0n),
          ),
        );
        expect(toDecimalString(chargeInOrder(schedule, batches))).toBe(expected);
        expect(toDecimalString(chargeInOrder(schedule, [...batches].reverse()))).toBe(expected);
      }),
    );
  });

  it("never charges a negative amount for graduated and package schedules (they are monotone)", () => {
    fc.assert(
      fc.property(
        scheduleArbitrary.filter((schedule) => schedule.mode !== "volume"),
        fc.bigInt({ min: 0n, max: 50_000_000n }),
        fc.bigInt({ min: 0n, max: 50_000_000n }),
        (schedule, before, quantity) => {
          expect(incrementalTieredCharge(schedule, before, quantity).isNegative()).toBe(false);
        },
      ),
    );
  });

  it("credits the difference when a volume schedule crosses into a cheaper tier", () => {
    // 1,000,000 units cost 10; one more unit moves all 1,000,001 to 5/M plus the 1.5 fee = 6.500005.
    expect(toDecimalString(incrementalTieredCharge(volume, 1_000_000n, 1n))).toBe("-3.499995");
  });
});
