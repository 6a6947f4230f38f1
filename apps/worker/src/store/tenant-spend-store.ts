import type { PoolClient } from "pg";
import { TAKE_OUTBOX_ROWS, takenIncrements } from "./outbox-increments.ts";
import { prepared } from "./prepared-statement.ts";

/*
 * tenant_period_spend: each tenant's usage charges per billing period and currency, for the operators' tenant list
 * by spend. The ledger trigger (not the worker) writes its increments to aggregate_outbox, kind `tenant_spend`, for
 * every writer of the ledger; the drain applies them like the worker's own deferred rows (applyLockedAggregates).
 */

/** The trigger's params, in its order: one array literal per column. */
const TENANT_SPEND_INCREMENT_COLUMNS = [
  ["tenant_id", "uuid"],
  ["period_start", "timestamptz"],
  ["currency", "text"],
  ["amount", "numeric"],
] as const;

/** Applies and deletes the tenant_spend outbox rows `ids` (locked by the caller), summed per key in one upsert. */
export async function addToTenantSpend(client: PoolClient, ids: readonly string[]): Promise<void> {
  await client.query(
    prepared(
      "worker-add-tenant-spend",
      `WITH ${TAKE_OUTBOX_ROWS}
     INSERT INTO tenant_period_spend AS s (tenant_id, period_start, currency, amount)
     SELECT x.tenant_id, x.period_start, x.currency, sum(x.amount)
     FROM ${takenIncrements(TENANT_SPEND_INCREMENT_COLUMNS)}
     GROUP BY 1, 2, 3
     ORDER BY 1, 2, 3
     ON CONFLICT (tenant_id, period_start, currency) DO UPDATE SET amount = s.amount + EXCLUDED.amount`,
    ),
    [ids],
  );
}
