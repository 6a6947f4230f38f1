import { z } from "zod";

/** Largest accepted token count per field: 10^12 (far above any real request, still a safe JS integer). */
export const MAX_TOKENS_PER_FIELD = 1_000_000_000_000;

const boundedTokenCount = (max: number) =>
  z
    .number({ error: (issue) => (issue.input === undefined ? "is required" : "must be an integer number of tokens") })
    // Range first: 2^64 is "too big", not "not an integer" (zod counts unsafe integers as non-integers).
    .min(0, "must be >= 0")
    .max(max, `must be <= ${max}`)
    .int("must be an integer");

/** One token count on the wire: an integer 0..10^12 (a plain number: JSON has no bigint). */
export const tokenCountSchema = boundedTokenCount(MAX_TOKENS_PER_FIELD);

/** A count a provider may omit or send as null (e.g. Anthropic's cache fields): absent means 0. */
export const optionalTokenCountSchema = tokenCountSchema.nullish().transform((value) => value ?? 0);

/** A provider's total_tokens (input + output), each part up to 10^12; only compared, never stored. */
export const reportedTotalSchema = boundedTokenCount(2 * MAX_TOKENS_PER_FIELD).nullish();
