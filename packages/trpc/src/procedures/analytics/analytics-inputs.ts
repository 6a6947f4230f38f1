import { MAX_ANALYTICS_WEEKS } from "@tollgate/use-cases/analytics";
import { z } from "zod";

const WEEKS_MESSAGE = `must be a whole number from 1 to ${MAX_ANALYTICS_WEEKS.toString()}`;
const LIMIT_MESSAGE = "must be a whole number from 1 to 100";
export const DEFAULT_WEEKS = 12;

/** The inputs every analytics view shares; REST passes them as query parameters (text, coerced). */
export const weeksInput = z.coerce
  .number({ error: WEEKS_MESSAGE })
  .int(WEEKS_MESSAGE)
  .min(1, WEEKS_MESSAGE)
  .max(MAX_ANALYTICS_WEEKS, WEEKS_MESSAGE)
  .optional()
  .describe(`UTC weeks (Monday 00:00 UTC) ending with the current one, default ${DEFAULT_WEEKS.toString()}`);

export const currencyInput = z
  .string()
  .regex(/^[A-Z]{3}$/, "must be a three-letter ISO 4217 code in capitals")
  .optional()
  .describe("revenue of the tenants billed in this currency, default USD");

export const limitInput = z.coerce
  .number({ error: LIMIT_MESSAGE })
  .int(LIMIT_MESSAGE)
  .min(1, LIMIT_MESSAGE)
  .max(100, LIMIT_MESSAGE)
  .optional()
  .describe("rows to return, default 10");

export const exact = (what: string) => z.string().describe(`${what}: exact decimal string`);
export const ratioOutput = (what: string) =>
  z.string().nullable().describe(`${what}: a ratio (0.25 = 25 %) rounded half-even to 6 places`);
export const asOfOutput = z
  .string()
  .nullable()
  .describe("when the analytics rollups were last refreshed (the data is as of then); null before the first refresh");
