import { AppError } from "@tollgate/domain";
import type { DbOrTx } from "@tollgate/db";
import { getPlanInForce } from "../subscriptions/plan-in-force.ts";

/** A UTC calendar month "YYYY-MM" as its first instant (task totals are kept per UTC month); default: this month. */
export function taskMonth(month: string | undefined, now: Date = new Date()): Date {
  if (month === undefined) return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1));
  const match = /^(\d{4})-(\d{2})$/.exec(month);
  const year = Number(match?.[1]);
  const index = Number(match?.[2]) - 1;
  if (!match || index < 0 || index > 11 || year < 2000) throw new AppError("bad_request", "month must be YYYY-MM");
  return new Date(Date.UTC(year, index, 1));
}

export const monthText = (month: Date) => month.toISOString().slice(0, 7);

/** The currency the month was rated in: the plan in force at its end (or now), USD without a plan. */
export async function taskCurrency(db: DbOrTx, tenantId: string, month: Date): Promise<string> {
  const end = Date.UTC(month.getUTCFullYear(), month.getUTCMonth() + 1, 1);
  const plan = await getPlanInForce(db, tenantId, new Date(Math.min(end - 1, Date.now())));
  return plan?.currency ?? "USD";
}
