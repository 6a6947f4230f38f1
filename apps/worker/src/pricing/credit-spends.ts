import { CREDIT_TOTALS_SQL, creditTotalsOf, type CreditTotalsRow } from "@tollgate/db";
import { usageToMicroUnits } from "@tollgate/domain";
import type { StateSpend } from "@tollgate/queues";
import type { PoolClient } from "pg";
import type { CreditUse } from "./credit-grants-store.ts";

/**
 * The credit used so far (see CreditTotals) of the tenants this job took credit from, read in the job's
 * transaction after its credit use: pushed to the hard-limit state with the budgets' spend after the commit, so a
 * prepaid tenant's settled holds turn into used credit at the same moment.
 */
export async function creditSpends(client: PoolClient, uses: readonly CreditUse[]): Promise<StateSpend[]> {
  if (uses.length === 0) return [];
  const tenantIds = [...new Set(uses.map((use) => use.tenantId))];
  const rows = await client.query<CreditTotalsRow>(CREDIT_TOTALS_SQL, [tenantIds, new Date()]);
  return creditTotalsOf(rows.rows).map((totals) => ({
    state: { kind: "credit", tenantId: totals.tenantId, currency: totals.currency },
    spentMicro: usageToMicroUnits(totals.used),
  }));
}
