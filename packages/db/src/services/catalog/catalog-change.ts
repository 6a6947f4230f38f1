import { AppError, changeReasonSchema } from "@tollgate/domain";
import { parseField } from "../pricing/change-context.ts";
import { actorOf, isOperator, type Principal } from "../principal.ts";

/** Who changes the catalog: an operator (user or admin key), or a job such as "system:prices-sync". */
export type CatalogActor = Principal | `system:${string}`;

/** Who makes a catalog change and why; both go into its audit log entry. */
export interface CatalogChange {
  actor: CatalogActor;
  /** Required: every catalog change is explained in the audit log. */
  reason: string;
}

/**
 * The audit actor and trimmed reason of a change; `forbidden` unless the actor is an operator (a user with the
 * operator role, or an admin key without a tenant) or a system job; `bad_request` without a reason.
 */
export function authorizeCatalogChange(change: CatalogChange): { actor: string; reason: string } {
  let actor: string;
  if (typeof change.actor === "string") actor = change.actor;
  else if (isOperator(change.actor) && change.actor.tenantId === null) actor = actorOf(change.actor);
  else throw new AppError("forbidden", "only operators manage the model catalog");
  return { actor, reason: parseField(changeReasonSchema, change.reason, "reason") };
}
