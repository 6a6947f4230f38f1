import { z } from "zod";
import { Money, toDecimalString } from "../money.ts";

/** NUMERIC(65,30) keeps 30 decimal places; more would be rounded by Postgres, so they are refused instead. */
export const MAX_REPORTED_COST_DECIMALS = 30;
/** Far above any single call's cost; keeps the value well inside NUMERIC(65,30). */
export const MAX_REPORTED_COST_DIGITS = 12;

/** A provider-reported cost on the queue: a plain decimal string, as stored in usage_events.reported_cost. */
export const reportedCostSchema = z
  .string()
  .regex(
    new RegExp(`^(0|[1-9]\\d{0,${MAX_REPORTED_COST_DIGITS - 1}})(\\.\\d{1,${MAX_REPORTED_COST_DECIMALS}})?$`),
    "must be a non-negative decimal string",
  );

export type ReportedCostResult = { ok: true; cost: string } | { ok: false; problem: string };

/**
 * A JSON number → its exact decimal string. JSON.parse has already made it a double; the shortest string that
 * round-trips to that double (Number#toString) is what the provider wrote, so it is parsed as a decimal, no float math.
 */
export function reportedCostFromJsonNumber(value: number): ReportedCostResult {
  if (!Number.isFinite(value)) return { ok: false, problem: "must be a finite number" };
  const cost = new Money(String(value));
  if (cost.isNegative()) return { ok: false, problem: "must be >= 0" };
  if (cost.decimalPlaces() > MAX_REPORTED_COST_DECIMALS) {
    return { ok: false, problem: `must have at most ${MAX_REPORTED_COST_DECIMALS} decimal places` };
  }
  if (cost.greaterThanOrEqualTo(new Money(10).pow(MAX_REPORTED_COST_DIGITS))) {
    return { ok: false, problem: `must be < 10^${MAX_REPORTED_COST_DIGITS}` };
  }
  return { ok: true, cost: toDecimalString(cost) };
}
