import type { ChangeContext } from "@tollgate/use-cases/pricing";
import type { Principal } from "@tollgate/use-cases/access";
import { AppError, nonNegativeDecimalText, storedText } from "@tollgate/domain";
import { z } from "zod";
import { rfc3339 } from "../usage-query.ts";

/** Pricing is the operator's: a tenant key never changes it, whatever its scopes. */
export { requireOperatorKey } from "../authenticate-request.ts";

/** The audit context of a request: the key that makes the change and the body's (or query's) reason. */
export function changeContext(actor: Principal, reason: string | undefined): ChangeContext {
  return { actor, reason };
}

export const uuidParam = (what: string) => z.uuid(`must be a ${what} id (uuid)`).transform((id) => id.toLowerCase());

export const tenantParams = z.object({ tenantId: uuidParam("tenant") });

export const instant = rfc3339.transform((value) => new Date(value));

export const decimalText = nonNegativeDecimalText.describe('exact decimal as a string, e.g. "3.75"; never a number');

export const currency = z
  .string()
  .regex(/^[A-Z]{3}$/, 'must be a 3-letter upper-case ISO 4217 code, e.g. "USD"')
  .describe("ISO 4217 code");

export const optionalReason = storedText(2000)
  .optional()
  .describe("why: recorded in the audit log with the change (optional)");

export const requiredReason = storedText(2000)
  .trim()
  .min(1, "required: say why (recorded in the audit log)")
  .describe("why: required, recorded in the audit log with the change");

export const reasonOnlyBody = z.strictObject({ reason: optionalReason });
export const requiredReasonBody = z.strictObject({ reason: requiredReason });

const MAX_LISTED_ISSUES = 10;

/**
 * Validates a body, query or path like parseRequest, naming at most the first 10 problems (a rate list can hold
 * thousands of rows, each of which could be wrong).
 */
export function parseAdmin<S extends z.ZodType>(schema: S, value: unknown, where: string): z.infer<S> {
  const parsed = schema.safeParse(value ?? {});
  if (parsed.success) return parsed.data;
  const { issues } = parsed.error;
  const problems = issues
    .slice(0, MAX_LISTED_ISSUES)
    .map((issue) => `${issue.path.map(String).join(".") || where}: ${issue.message}`);
  if (issues.length > MAX_LISTED_ISSUES) problems.push(`and ${issues.length - MAX_LISTED_ISSUES} more problems`);
  throw new AppError("bad_request", problems.join("; "));
}
