import { invoiceIssuerEnvSchema } from "@tollgate/use-cases/invoices";
import { z } from "zod";

const demoHistoryEnvSchema = invoiceIssuerEnvSchema.extend({
  DATABASE_URL: z.url().default("postgresql://postgres@127.0.0.1:5432/tollgate"),
});
export type DemoHistoryEnv = z.infer<typeof demoHistoryEnvSchema>;

/** The only place the demo history reads the environment: the database, and the issuer the invoices are numbered by. */
export function loadDemoHistoryEnv(source: Record<string, string | undefined> = process.env): DemoHistoryEnv {
  const parsed = demoHistoryEnvSchema.safeParse(source);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `  ${issue.path.join(".")}: ${issue.message}`).join("\n");
    throw new Error(`invalid environment for the demo history:\n${problems}`);
  }
  return parsed.data;
}
