import { z } from "zod";

const demoTrafficEnvSchema = z.object({
  INGEST_URL: z.url().default("http://127.0.0.1:4000"),
});
export type DemoTrafficEnv = z.infer<typeof demoTrafficEnvSchema>;

/** The only place the demo traffic reads the environment. */
export function loadDemoTrafficEnv(source: Record<string, string | undefined> = process.env): DemoTrafficEnv {
  const parsed = demoTrafficEnvSchema.safeParse(source);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `  ${issue.path.join(".")}: ${issue.message}`).join("\n");
    throw new Error(`invalid environment for demo traffic:\n${problems}`);
  }
  return parsed.data;
}
