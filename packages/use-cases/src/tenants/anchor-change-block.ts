import { billingPeriodEnd, type AnchorSchedule } from "@tollgate/domain";
import { finalizesAt } from "../invoices/billing-periods.ts";

/** Why the billing anchor day cannot change now, and from when the schedule lets it change again. */
export interface AnchorChangeBlock {
  /** The 409's message, also shown in place of the change button. */
  reason: string;
  /** When the schedule invoices the short period (its end plus the tenant's invoice grace). */
  possibleFrom: Date;
}

/**
 * One dated change is kept (tenants.next_billing_anchor_day / billing_anchor_changes_at): once it has taken effect,
 * a further one waits until the short period it began is invoiced (billed_through reaches its end), so every open
 * period follows the day in effect (see ARCHITECTURE.md, invoicing). Null when a change may be asked for now.
 */
export function anchorChangeBlock(
  schedule: AnchorSchedule,
  billing: { billedThrough: Date | null; invoiceGraceHours: number },
  now: Date,
): AnchorChangeBlock | null {
  const { nextDay, changesAt } = schedule;
  if (nextDay === null || changesAt === null || changesAt > now) return null;
  const shortEnd = billingPeriodEnd(changesAt, schedule);
  if (billing.billedThrough !== null && billing.billedThrough >= shortEnd) return null;
  const possibleFrom = finalizesAt(shortEnd, billing.invoiceGraceHours);
  const due =
    possibleFrom > now
      ? `which the schedule does on ${utcMinute(possibleFrom)}`
      : `which was due on ${utcMinute(possibleFrom)}: close it first`;
  return {
    reason:
      `billing_anchor_day: the change to day ${nextDay.toString()} took effect on ${utcDay(changesAt)}; the day ` +
      `can change again once the short period ${utcDay(changesAt)} – ${utcDay(shortEnd)} is invoiced, ${due}`,
    possibleFrom,
  };
}

const utcDay = (at: Date) => at.toISOString().slice(0, 10);
const utcMinute = (at: Date) => `${utcDay(at)} ${at.toISOString().slice(11, 16)} UTC`;
