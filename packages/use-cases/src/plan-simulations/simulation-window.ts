import { AppError } from "@tollgate/domain";

export const MAX_SIMULATION_DAYS = 90;

/** Which real usage a simulation rates: the last N days (up to the current hour) or the last full UTC month. */
export type SimulationWindowInput = { kind: "last_days"; days: number } | { kind: "last_month" };

const HOUR_MS = 3_600_000;

/**
 * The window as [from, to) on whole hours (the ledger's usage lines are hourly, so "before" covers exactly the
 * window's events): the last `days` × 24 hours before the current hour, or the previous calendar month (UTC).
 */
export function simulationWindow(input: SimulationWindowInput, now: Date): { from: Date; to: Date } {
  if (input.kind === "last_month") {
    return {
      from: new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1)),
      to: new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1)),
    };
  }
  if (!Number.isInteger(input.days) || input.days < 1 || input.days > MAX_SIMULATION_DAYS) {
    throw new AppError("bad_request", `window.days: must be a whole number from 1 to ${MAX_SIMULATION_DAYS}`);
  }
  const to = new Date(Math.floor(now.getTime() / HOUR_MS) * HOUR_MS);
  return { from: new Date(to.getTime() - input.days * 24 * HOUR_MS), to };
}
