import { z } from "zod";

/** Variables every service reads. Apps extend this in their own env.ts. */
export const commonEnvSchema = z.object({
  DATABASE_URL: z.url().default("postgresql://postgres@127.0.0.1:5432/tollgate"),
  REDIS_URL: z.url().default("redis://127.0.0.1:6379"),
  QUEUE_PREFIX: z.string().min(1).default("{tollgate}"),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
});

export const portSchema = z.coerce.number().int().min(0).max(65535);

/** Parses an environment; throws one error naming every missing or invalid variable. */
export function parseEnv<S extends z.ZodType>(
  schema: S,
  source: Record<string, string | undefined>,
  app: string,
): z.infer<S> {
  const parsed = schema.safeParse(source);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `  ${issue.path.join(".")}: ${issue.message}`).join("\n");
    throw new Error(`invalid environment for ${app}:\n${problems}`);
  }
  return parsed.data;
}
