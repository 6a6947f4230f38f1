import { TENANT_USAGE_LOCK_CLASS } from "@tollgate/use-cases/budgets";
import type { PoolClient } from "pg";
import { prepared } from "./prepared-statement.ts";

/** Shared usage locks (see TENANT_USAGE_LOCK_CLASS) for the job's tenants, taken first in the transaction. */
export async function lockTenantUsageShared(client: PoolClient, tenantIds: readonly string[]): Promise<void> {
  await client.query(
    prepared(
      "worker-usage-lock",
      `SELECT pg_advisory_xact_lock_shared(${TENANT_USAGE_LOCK_CLASS.toString()}, hashtext(t))
       FROM (SELECT DISTINCT unnest($1::text[]) AS t ORDER BY 1) AS tenants`,
    ),
    [tenantIds],
  );
}
