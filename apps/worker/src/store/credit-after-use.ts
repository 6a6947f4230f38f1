import { CREDIT_TOTALS_SQL, creditTotalsOf, type CreditTotalsRow } from "@tollgate/use-cases/limits";
import { toDecimalString, usageToMicroUnits, type AlertRecord } from "@tollgate/domain";
import type { StateSpend } from "@tollgate/queues";
import type { PoolClient } from "pg";
import type { CreditUse } from "../rating/charge-entries.ts";
import { prepared } from "./prepared-statement.ts";

/** A tenant's credit is "low" once what is left of its live grants is at most this share of what they granted. */
const LOW_CREDIT_SHARE = "0.1";

const CREDIT_LOW_ALERT = "credit.low";
const CREDIT_EXHAUSTED_ALERT = "credit.exhausted";

/**
 * What a job's credit use changes beyond the grants, from one read of the tenants' credit totals (CreditTotals) in
 * the job's transaction after the use (grant rows are locked):
 * - the credit used so far, pushed to the hard-limit state with the budgets' spend after the commit, so a prepaid
 *   tenant's settled holds turn into used credit at the same moment;
 * - low-credit and exhausted-credit alerts for the (tenant, currency) pairs the job took credit in, once per newest
 *   live grant: a top-up (a new grant) can raise them again.
 */
export async function creditAfterUse(
  client: PoolClient,
  uses: readonly CreditUse[],
): Promise<{ spends: StateSpend[]; alerts: AlertRecord[] }> {
  if (uses.length === 0) return { spends: [], alerts: [] };
  const tenantIds = [...new Set(uses.map((use) => use.tenantId))];
  const totals = creditTotalsOf(
    (await client.query<CreditTotalsRow>(prepared("worker-credit-totals", CREDIT_TOTALS_SQL), [tenantIds, new Date()]))
      .rows,
  );
  const used = new Set(uses.map((use) => `${use.tenantId}|${use.currency}`));
  const spends: StateSpend[] = [];
  const alerts: AlertRecord[] = [];
  for (const total of totals) {
    spends.push({
      state: { kind: "credit", tenantId: total.tenantId, currency: total.currency },
      spentMicro: usageToMicroUnits(total.used),
    });
    const newest = total.newestLiveGrantId;
    if (newest === null || !used.has(`${total.tenantId}|${total.currency}`)) continue;
    const remaining = total.granted.minus(total.used);
    const payload = {
      currency: total.currency,
      remaining: toDecimalString(remaining),
      granted: toDecimalString(total.liveGranted),
      newest_grant_id: newest,
    };
    const alert = (kind: string, key: string): AlertRecord => ({
      tenantId: total.tenantId,
      kind,
      dedupeKey: `${key}:${total.currency}:${newest}`,
      payload,
    });
    if (remaining.lte(total.liveGranted.times(LOW_CREDIT_SHARE))) alerts.push(alert(CREDIT_LOW_ALERT, "credit_low"));
    if (remaining.lte(0)) alerts.push(alert(CREDIT_EXHAUSTED_ALERT, "credit_exhausted"));
  }
  return { spends, alerts };
}
