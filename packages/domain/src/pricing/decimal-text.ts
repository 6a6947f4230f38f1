import { z } from "zod";
import { Money } from "../money.ts";

/** NUMERIC(65,30): up to 30 digits before and 30 after the point; only ASCII digits and one optional point. */
const DECIMAL = /^-?\d{1,30}(\.\d{1,30})?$/;
const FORMAT_PROBLEM = 'must be a decimal number as a string, e.g. "3.75"';

/**
 * The one decimal-string schema of every API: exact decimal text, parsed to Money only where arithmetic happens.
 * The format check aborts: a bound check must never build a Money from text that failed it (DecimalError → 500).
 */
export function decimalString(bounds: { max?: string; problem?: string } = {}) {
  const schema = z
    .string()
    .regex(DECIMAL, { message: FORMAT_PROBLEM, abort: true })
    .refine((value) => !value.startsWith("-"), { message: "must not be negative", abort: true });
  const { max } = bounds;
  if (max === undefined) return schema;
  return schema.refine((value) => new Money(value).lte(max), bounds.problem ?? `must be at most ${max}`);
}

/** A non-negative exact decimal as text ("0.15", "3"). */
export const nonNegativeDecimalText = decimalString();

/** A percentage 0–100 as decimal text. */
export const percentText = decimalString({ max: "100", problem: "must be a percentage between 0 and 100" });

/** A positive whole number of tokens as text (monthly volumes exceed 2^53). */
export const tokenQuantityText = z
  .string()
  .regex(/^\d{1,19}$/, { message: "must be a whole number of tokens as a string", abort: true })
  .refine((value) => BigInt(value) <= 9_223_372_036_854_775_807n, "must fit in a 64-bit integer");
