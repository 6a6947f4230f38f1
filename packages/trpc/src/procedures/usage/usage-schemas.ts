import { AppError } from "@tollgate/domain";
import { z } from "zod";

const MAX_RANGE_MS = 400 * 24 * 3600 * 1000;

export const tokensSchema = z.object({
  input: z.string(),
  cached_input: z.string(),
  cache_write: z.string(),
  output: z.string(),
  reasoning: z.string(),
});

/** Token counts are bigint decimal strings; amounts are full-precision decimal strings (rounded only for display). */
export const usageTotalsSchema = z.object({
  eventCount: z.string(),
  unratedCount: z.string(),
  tokens: tokensSchema,
  totalTokens: z.string(),
  amount: z.string(),
});

export const usageRangeInput = z.object({ from: z.iso.datetime(), to: z.iso.datetime() });

/** The range as dates; refuses inverted, empty and over-long ranges (they would scan too much). */
export function toUsageRange(input: z.infer<typeof usageRangeInput>): { from: Date; to: Date } {
  const range = { from: new Date(input.from), to: new Date(input.to) };
  const span = range.to.getTime() - range.from.getTime();
  if (span <= 0 || span > MAX_RANGE_MS)
    throw new AppError("bad_request", "range must be positive and at most 400 days");
  return range;
}
