import type { z } from "zod";

/**
 * "field: problem", so a caller can see at once which field of which event is wrong. `prefix` names where the
 * validated value sits in the event (e.g. "usage" for a provider usage object).
 */
export function describeIssue(issue: z.core.$ZodIssue | undefined, prefix?: string): string {
  const path = [...(prefix ? [prefix] : []), ...(issue?.path ?? []).map(String)];
  const where = path.length > 0 ? path.join(".") : "event";
  if (!issue) return `${where}: invalid`;
  if (issue.code === "unrecognized_keys")
    return `${issue.keys.map((key) => [...path, key].join(".")).join(", ")}: unknown field`;
  // A record key's own problem ("must be valid Unicode") says more than zod's "Invalid key in record".
  if (issue.code === "invalid_key") return `${where}: ${issue.issues[0]?.message ?? issue.message}`;
  return `${where}: ${issue.message}`;
}
