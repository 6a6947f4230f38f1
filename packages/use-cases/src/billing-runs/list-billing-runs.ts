import type { DbOrTx } from "@tollgate/db";
import type { Principal } from "../access/principal.ts";
import { authorize } from "../access/authorize.ts";
import { RUN_COLUMNS, type BillingRunView } from "./billing-run-view.ts";

/** Billing runs, newest first, a page at a time (operators). */
export async function listBillingRuns(
  db: DbOrTx,
  principal: Principal,
  page: { limit: number; offset: number },
): Promise<{ runs: BillingRunView[]; total: number }> {
  authorize(principal, "operator");
  const [runs, counts] = await Promise.all([
    db.$queryRaw<BillingRunView[]>`
      SELECT ${RUN_COLUMNS} FROM billing_runs r ORDER BY r.created_at DESC, r.id DESC
       LIMIT ${page.limit} OFFSET ${page.offset}`,
    db.$queryRaw<{ n: number }[]>`SELECT count(*)::int AS n FROM billing_runs`,
  ]);
  return { runs, total: counts[0]?.n ?? 0 };
}
