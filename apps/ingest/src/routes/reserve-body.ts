import { AppError, describeIssue, storedText, tokenCountSchema } from "@tollgate/domain";
import { z } from "zod";
import type { ReserveRequest } from "../limits/reserve-spend.ts";

// The model and customer are looked up in Postgres: NUL there failed the lookup, a 503 retried forever.
const text = storedText(200).min(1);

/** POST /v1/limits/reserve: what the caller is about to send (snake_case, like every public API). */
export const reserveBodySchema = z.strictObject({
  model: text.describe("the model the request goes to (catalog id or alias)"),
  input_tokens: tokenCountSchema.describe("the prompt size the caller expects, any mix of cached and uncached"),
  max_output_tokens: tokenCountSchema.describe("the most the model may produce (max_tokens), visible or reasoning"),
  customer: text.optional().describe("the tenant's end customer: that customer's budget applies too"),
  service_tier: text.optional(),
  ttl_seconds: z
    .number()
    .int()
    .min(1)
    .max(3600)
    .default(300)
    .describe("how long the hold lasts unless a usage event with its reservation_id settles it first"),
});

export function parseReserveBody(body: unknown): ReserveRequest {
  const parsed = reserveBodySchema.safeParse(body ?? {});
  if (!parsed.success) throw new AppError("bad_request", describeIssue(parsed.error.issues[0], "body"));
  const input = parsed.data;
  return {
    model: input.model,
    inputTokens: BigInt(input.input_tokens),
    maxOutputTokens: BigInt(input.max_output_tokens),
    customer: input.customer,
    serviceTier: input.service_tier,
    ttlSeconds: input.ttl_seconds,
  };
}
