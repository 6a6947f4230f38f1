import { z } from "zod";

const benchEnvSchema = z.object({
  REDIS_URL: z.url().default("redis://127.0.0.1:6379"),
  /** Server for the throw-away database (its own database name is never used). */
  DATABASE_URL: z.url().default("postgresql://postgres@127.0.0.1:5432/postgres"),
  PATH: z.string().default(""),
});
export type BenchEnv = z.infer<typeof benchEnvSchema>;

/** The only place the benchmark reads the environment. */
export function loadBenchEnv(source: Record<string, string | undefined> = process.env): BenchEnv {
  return benchEnvSchema.parse(source);
}
