import { z } from "zod";
import { Money } from "../money.ts";
import { nonNegativeDecimalText, tokenQuantityText } from "./decimal-text.ts";
import { assertValidTierSchedule, type TierSchedule } from "./tier-schedule.ts";

const tierSchema = z.strictObject({
  up_to: tokenQuantityText.nullable(),
  price_per_million: nonNegativeDecimalText,
  flat_fee: nonNegativeDecimalText.optional(),
});

/** A tier schedule as JSON (snake_case, decimal and volume strings); toTierSchedule gives the exact form. */
export const tierScheduleSchema = z
  .discriminatedUnion("mode", [
    z.strictObject({ mode: z.enum(["graduated", "volume"]), tiers: z.array(tierSchema).min(1).max(50) }),
    z.strictObject({
      mode: z.literal("package"),
      package_size: tokenQuantityText,
      package_price: nonNegativeDecimalText,
    }),
  ])
  .superRefine((schedule, ctx) => {
    // A zero package size is the one package problem a single field causes: named at that field, in wire terms
    // (the exact form's message says "packageSize").
    if (schedule.mode === "package" && BigInt(schedule.package_size) === 0n) {
      ctx.addIssue({ code: "custom", path: ["package_size"], message: "must be at least 1 token" });
      return;
    }
    try {
      assertValidTierSchedule(toTierSchedule(schedule));
    } catch (error) {
      ctx.addIssue({ code: "custom", message: (error as Error).message });
    }
  });
export type TierScheduleJson = z.infer<typeof tierScheduleSchema>;

export function toTierSchedule(json: TierScheduleJson): TierSchedule {
  if (json.mode === "package") {
    return { mode: "package", packageSize: BigInt(json.package_size), packagePrice: new Money(json.package_price) };
  }
  return {
    mode: json.mode,
    tiers: json.tiers.map((tier) => ({
      upTo: tier.up_to === null ? null : BigInt(tier.up_to),
      pricePerMillion: new Money(tier.price_per_million),
      ...(tier.flat_fee === undefined ? {} : { flatFee: new Money(tier.flat_fee) }),
    })),
  };
}
