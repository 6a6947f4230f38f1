import { AppError } from "@tollgate/domain";
import { z } from "zod";

export const MAX_USAGE_RANGE_DAYS = 400;
const HOUR_MS = 3_600_000;

export { rfc3339 } from "../admin-fields.ts";

export const USAGE_READ_ACCESS =
  "Tenant key with the read scope: its own tenant only (tenant_id, if given, must be its own, else 403). " +
  "Operator key (admin scope): any tenant, named by tenant_id.";

export const tenantIdQuery = z
  .uuid("must be a tenant id (uuid)")
  .transform((id) => id.toLowerCase())
  .optional()
  .describe("Operator keys only: the tenant to read. A tenant key may pass only its own id.");

/** The REST usage reads' range rules: [from, to) as dates: from before to, at most 400 days; with `wholeHours`, both on whole UTC hours. */
export function toUsageRange(query: { from: string; to: string }, options: { wholeHours: boolean }) {
  const range = { from: new Date(query.from), to: new Date(query.to) };
  if (options.wholeHours) {
    for (const [name, date] of Object.entries(range)) {
      if (date.getTime() % HOUR_MS !== 0)
        throw new AppError(
          "bad_request",
          `${name} must be on a whole UTC hour (usage is summarized hourly); got ${date.toISOString()}`,
        );
    }
  }
  const span = range.to.getTime() - range.from.getTime();
  if (span <= 0) throw new AppError("bad_request", "from must be before to");
  if (span > MAX_USAGE_RANGE_DAYS * 24 * HOUR_MS)
    throw new AppError("bad_request", `the range may span at most ${MAX_USAGE_RANGE_DAYS} days`);
  return range;
}
