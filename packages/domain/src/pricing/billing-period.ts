/**
 * Billing periods start at 00:00 UTC on the tenant's anchor day (1–31) of each month; a month shorter than the
 * anchor starts its period on its last day (Stripe's rule: anchor 31 → Feb 28/29, Apr 30). Anchor 1, the default,
 * gives calendar months. Period counters, allowances, caps, budgets and invoices all use this one definition; the
 * SQL functions billing_period_start / billing_period_end apply the same rule (a test keeps them equal).
 */
export const MIN_BILLING_ANCHOR_DAY = 1;
export const MAX_BILLING_ANCHOR_DAY = 31;

/** Whether `day` can be a billing anchor day: a whole day of the month from 1 to 31. */
export function isBillingAnchorDay(day: number): boolean {
  return Number.isInteger(day) && day >= MIN_BILLING_ANCHOR_DAY && day <= MAX_BILLING_ANCHOR_DAY;
}

/** 00:00 UTC of the anchor day in month `month` (0-based, may overflow either way) of `year`, clamped to the month. */
function anchorInMonth(year: number, month: number, anchorDay: number): Date {
  if (anchorDay <= 28) return new Date(Date.UTC(year, month, anchorDay));
  // Day 0 of the next month is this month's last day.
  const daysInMonth = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  return new Date(Date.UTC(year, month, Math.min(anchorDay, daysInMonth)));
}

/**
 * A tenant's anchor with at most one dated change (issue 19): periods starting before `changesAt` follow `day`,
 * those from `changesAt` on follow `nextDay`. `changesAt` is always a boundary of the `day` periods (the end of the
 * period the change was made in), so no period is ever split; the first period of the new anchor runs from
 * `changesAt` to the first `nextDay` boundary after it (a short period, as Stripe's billing cycle anchor change),
 * unless `changesAt` already is one.
 */
export interface AnchorSchedule {
  day: number;
  nextDay: number | null;
  changesAt: Date | null;
}

/** A plain anchor day, or a schedule with a dated change. */
export type BillingAnchor = number | AnchorSchedule;

/** The schedule of a plain anchor day (no change). */
export function anchorSchedule(anchor: BillingAnchor): AnchorSchedule {
  return typeof anchor === "number" ? { day: anchor, nextDay: null, changesAt: null } : anchor;
}

/** The anchor day periods follow at `at` (the new day once the change took effect). */
export function anchorDayAt(anchor: BillingAnchor, at: Date): number {
  const { day, nextDay, changesAt } = anchorSchedule(anchor);
  return nextDay !== null && changesAt !== null && at >= changesAt ? nextDay : day;
}

/** The start of the billing period containing `at`, for a tenant whose periods start on `anchor`. */
export function billingPeriodStart(at: Date, anchor: BillingAnchor = 1): Date {
  const { day, nextDay, changesAt } = anchorSchedule(anchor);
  if (nextDay === null || changesAt === null || at < changesAt) return plainPeriodStart(at, day);
  const start = plainPeriodStart(at, nextDay);
  // The first period of the new anchor starts at the change, never before it.
  return start < changesAt ? changesAt : start;
}

/** The end (exclusive) of the billing period starting at `periodStart`: the next anchor day (or the change). */
export function billingPeriodEnd(periodStart: Date, anchor: BillingAnchor = 1): Date {
  const { day, nextDay, changesAt } = anchorSchedule(anchor);
  if (nextDay === null || changesAt === null || periodStart < changesAt) {
    const end = plainPeriodEnd(plainPeriodStart(periodStart, day), day);
    return changesAt !== null && nextDay !== null && end > changesAt ? changesAt : end;
  }
  return plainPeriodEnd(plainPeriodStart(periodStart, nextDay), nextDay);
}

/**
 * The length of a whole period of the anchor in force at `periodStart` (the full month-long period containing it):
 * a short first period after an anchor change is prorated against it (commitments).
 */
export function nominalPeriodMs(periodStart: Date, anchor: BillingAnchor = 1): number {
  const day = anchorDayAt(anchor, periodStart);
  const start = plainPeriodStart(periodStart, day);
  return plainPeriodEnd(start, day).getTime() - start.getTime();
}

/**
 * The schedule after asking for anchor `newDay` at `now`: a pending change is replaced (or cancelled when `newDay`
 * is the day in force until it); otherwise the change takes effect at the end of the current period. A change
 * already in effect becomes the plain anchor first (its older boundary is forgotten: every period before it is
 * closed; see setTenantBilling). Returns the schedule unchanged when nothing changes.
 */
export function scheduleAnchorChange(anchor: BillingAnchor, newDay: number, now: Date): AnchorSchedule {
  const schedule = anchorSchedule(anchor);
  const pending = schedule.nextDay !== null && schedule.changesAt !== null && now < schedule.changesAt;
  if (pending) {
    return newDay === schedule.day
      ? { day: schedule.day, nextDay: null, changesAt: null }
      : { ...schedule, nextDay: newDay };
  }
  const day = anchorDayAt(schedule, now);
  if (newDay === day) return schedule;
  return { day, nextDay: newDay, changesAt: billingPeriodEnd(billingPeriodStart(now, schedule), schedule) };
}

/** The anchor's pending change at `now`, if any. */
export function pendingAnchorChange(anchor: BillingAnchor, now: Date): { day: number; from: Date } | null {
  const { nextDay, changesAt } = anchorSchedule(anchor);
  return nextDay !== null && changesAt !== null && now < changesAt ? { day: nextDay, from: changesAt } : null;
}

function plainPeriodStart(at: Date, anchorDay: number): Date {
  const year = at.getUTCFullYear();
  const month = at.getUTCMonth();
  const start = anchorInMonth(year, month, anchorDay);
  return start <= at ? start : anchorInMonth(year, month - 1, anchorDay);
}

function plainPeriodEnd(periodStart: Date, anchorDay: number): Date {
  return anchorInMonth(periodStart.getUTCFullYear(), periodStart.getUTCMonth() + 1, anchorDay);
}
