import { commonEnvSchema, parseEnv, portSchema } from "@tollgate/http";
import { z } from "zod";

const ingestEnvSchema = commonEnvSchema.extend({
  INGEST_HOST: z.string().min(1).default("0.0.0.0"),
  INGEST_PORT: portSchema.default(4000),
  /** Accepted as an operator `admin` key (automation, tests). */
  TOLLGATE_OPERATOR_API_KEY: z.string().min(20, "must be at least 20 characters").optional(),
});
export type IngestEnv = z.infer<typeof ingestEnvSchema>;

export function loadIngestEnv(source: Record<string, string | undefined> = process.env): IngestEnv {
  return parseEnv(ingestEnvSchema, source, "ingest");
}
