import type { z } from "zod";
import { describeIssue } from "../describe-issue.ts";
import type { TokenType } from "../token-types.ts";

/** Canonical token counts as they travel on the queue: integers 0..10^12 (plain numbers, JSON-safe). */
export type CanonicalTokenCounts = Record<TokenType, number>;

/** What an adapter makes of a provider usage object: canonical counts, or "field: problem". */
export type UsageConversion =
  { ok: true; tokens: CanonicalTokenCounts; reportedCost?: string } | { ok: false; message: string };

export function usageRejection(message: string): UsageConversion {
  return { ok: false, message };
}

/** The first schema issue as a rejection whose field path starts at the event ("usage.prompt_tokens: ..."). */
export function usageSchemaRejection(error: z.ZodError): UsageConversion {
  return usageRejection(describeIssue(error.issues[0], "usage"));
}

/** A count that the provider includes in another one (cached in prompt, reasoning in completion) must fit in it. */
export function exceedsTotal(part: { path: string; value: number }, total: { path: string; value: number }) {
  return part.value > total.value
    ? usageRejection(
        `usage.${part.path}: ${part.value} exceeds usage.${total.path} (${total.value}), which includes it`,
      )
    : undefined;
}

/** A reported total must be the sum the conversion keeps, or tokens would be lost or invented. */
export function mismatchedTotal(total: number | null | undefined, expected: number, sumOf: string) {
  return total !== null && total !== undefined && total !== expected
    ? usageRejection(`usage.total_tokens: ${total} is not ${sumOf} (${expected})`)
    : undefined;
}
