import type { Db } from "@tollgate/db";
import { closeBillingPeriod, type InvoiceIssuer } from "@tollgate/use-cases/invoices";

const BY = { system: "demo-history" } as const;
// Asked this early, a close never writes: it only answers when the tenant's first open period is due.
const NEVER_DUE = new Date(0);

/**
 * Closes the tenant's ended billing periods, oldest first, each at the moment the schedule would have: its end plus
 * the tenant's grace. Each invoice then has its own issue and due dates (September's issued on October 2), as a
 * tenant with 90 days of history would have, instead of all of them issued the day the demo was loaded (which also
 * left their order in the lists to chance). A period that has ended but is still in its grace is closed now, as
 * before. Returns the numbers of the invoices finalized; a second run finds nothing due.
 */
export async function closeHistoryPeriods(
  db: Db,
  tenantId: string,
  issuer: InvoiceIssuer,
  now: Date,
): Promise<string[]> {
  const numbers: string[] = [];
  for (let guard = 0; guard < 120; guard++) {
    const next = await closeBillingPeriod(db, tenantId, issuer, BY, { now: NEVER_DUE });
    if (next.status !== "not_due" || next.periodEnd > now) return numbers;
    const closedAt = next.dueAt <= now ? next.dueAt : now;
    const close = await closeBillingPeriod(db, tenantId, issuer, BY, { now: closedAt, skipGrace: true });
    if (close.status !== "closed") return numbers;
    numbers.push(...close.invoices.flatMap((invoice) => (invoice.number ? [invoice.number] : [])));
  }
  throw new Error("more than 120 demo periods to close");
}
