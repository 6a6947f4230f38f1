import { changeReasonSchema } from "@tollgate/domain";
import { parseField } from "../shared/change-context.ts";
import { authorize } from "../access/authorize.ts";
import { actorOf, type Principal } from "../access/principal.ts";

/** Who changes the catalog: an operator (user or operator key), or a job such as "system:prices-sync". */
export type CatalogActor = Principal | `system:${string}`;

/** Who makes a catalog change and why; both go into its audit log entry. */
export interface CatalogChange {
  actor: CatalogActor;
  /** Required: every catalog change is explained in the audit log. */
  reason: string;
}

/**
 * The audit actor and trimmed reason of a change; `forbidden` unless the actor is an operator (a user with the
 * operator role, or an operator key) or a system job; `bad_request` without a reason.
 */
export function authorizeCatalogChange(change: CatalogChange): { actor: string; reason: string } {
  const actor = typeof change.actor === "string" ? change.actor : actorOf(authorize(change.actor, "operator"));
  return { actor, reason: parseField(changeReasonSchema, change.reason, "reason") };
}
