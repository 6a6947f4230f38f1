import type { Db } from "@tollgate/db";
import type { Principal } from "../access/principal.ts";
import { authorize } from "../access/authorize.ts";
import { allTenantsDue } from "./start-billing-run.ts";

/** How many tenants a billing run started now would close (operators confirm with this number). */
export async function countTenantsDue(db: Db, principal: Principal, now = new Date()): Promise<number> {
  authorize(principal, "operator");
  return (await allTenantsDue(db, now)).length;
}
