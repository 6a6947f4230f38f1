import { AppError } from "@tollgate/domain";
import type { z } from "zod";

const MAX_LISTED_ISSUES = 10;

/**
 * Validates a body, query or path against `schema`; any problem is one 400 naming every bad field (at most the
 * first 10: a rate list can hold thousands of rows, each of which could be wrong). An absent value reads as `{}`
 * unless `required`.
 */
export function parseAdmin<S extends z.ZodType>(
  schema: S,
  value: unknown,
  where: string,
  options: { required?: boolean } = {},
): z.infer<S> {
  const parsed = schema.safeParse(options.required ? value : (value ?? {}));
  if (parsed.success) return parsed.data;
  const { issues } = parsed.error;
  const problems = issues
    .slice(0, MAX_LISTED_ISSUES)
    .map((issue) => `${issue.path.map(String).join(".") || where}: ${issue.message}`);
  if (issues.length > MAX_LISTED_ISSUES) problems.push(`and ${issues.length - MAX_LISTED_ISSUES} more problems`);
  throw new AppError("bad_request", problems.join("; "));
}
