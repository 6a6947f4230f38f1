import type { ChangeContext, Principal } from "@tollgate/db";
import { optionalReason, requiredReason, uuidParam } from "@tollgate/trpc";
import { z } from "zod";

export { currency, decimalText, instant, optionalReason, requiredReason, uuidParam } from "@tollgate/trpc";

/** Pricing is the operator's: a tenant key never changes it, whatever its scopes. */
export { requireOperatorKey } from "../authenticate-request.ts";
export { parseAdmin } from "../parse-request.ts";

/** The audit context of a request: the key that makes the change and the body's (or query's) reason. */
export function changeContext(actor: Principal, reason: string | undefined): ChangeContext {
  return { actor, reason };
}

export const tenantParams = z.object({ tenantId: uuidParam("tenant") });

export const reasonOnlyBody = z.strictObject({ reason: optionalReason });
export const requiredReasonBody = z.strictObject({ reason: requiredReason });
