import { existsSync } from "node:fs";
import { join } from "node:path";
import { z } from "zod";

const port = z.coerce.number().int().min(1).max(65535);

/** What `npm start` reads. The apps read their own variables themselves; these are inherited by them. */
const startEnvSchema = z.object({
  DATABASE_URL: z.url().default("postgresql://postgres@127.0.0.1:5432/tollgate"),
  REDIS_URL: z.url().default("redis://127.0.0.1:6379"),
  INGEST_PORT: port.default(4000),
  API_PORT: port.default(3000),
  WORKER_METRICS_PORT: port.default(4100),
  /** Same as `npm start -- --demo`: seed the demo tenants, logins and keys (known credentials; never in production). */
  TOLLGATE_DEMO: z.enum(["true", "false"]).default("false"),
  NO_COLOR: z.string().optional(),
  FORCE_COLOR: z.string().optional(),
});
export type StartEnv = z.infer<typeof startEnvSchema>;

/**
 * Loads `<root>/.env` when present (variables already set win), then validates. Returns the parsed settings and
 * the environment the children inherit.
 */
export function loadStartEnv(root: string): { env: StartEnv; childEnv: NodeJS.ProcessEnv } {
  const dotenv = join(root, ".env");
  if (existsSync(dotenv)) process.loadEnvFile(dotenv);
  const parsed = startEnvSchema.safeParse(process.env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `  ${issue.path.join(".")}: ${issue.message}`).join("\n");
    throw new Error(`invalid environment for npm start:\n${problems}`);
  }
  return { env: parsed.data, childEnv: { ...process.env } };
}
