import { z } from "zod";
import { Money } from "../money.ts";

const DECIMAL = /^-?\d{1,30}(\.\d{1,30})?$/;

/** A non-negative exact decimal as text ("0.15", "3"); parsed to Money only where arithmetic happens. */
export const nonNegativeDecimalText = z
  .string()
  .regex(DECIMAL, 'must be a decimal number as a string, e.g. "3.75"')
  .refine((value) => !value.startsWith("-"), "must not be negative");

/** A percentage 0–100 as decimal text. */
export const percentText = nonNegativeDecimalText.refine(
  (value) => new Money(value).lte(100),
  "must be a percentage between 0 and 100",
);

/** A positive whole number of tokens as text (monthly volumes exceed 2^53). */
export const tokenQuantityText = z
  .string()
  .regex(/^\d{1,19}$/, "must be a whole number of tokens as a string")
  .refine((value) => BigInt(value) <= 9_223_372_036_854_775_807n, "must fit in a 64-bit integer");
