import { AppError } from "@tollgate/domain";
import type { z } from "zod";

/** Validates a query string, body or path against `schema`; any problem is one 400 naming every bad field. */
export function parseRequest<S extends z.ZodType>(schema: S, value: unknown, where: string): z.infer<S> {
  const parsed = schema.safeParse(value ?? {});
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((issue) => `${issue.path.join(".") || where}: ${issue.message}`);
  throw new AppError("bad_request", problems.join("; "));
}
