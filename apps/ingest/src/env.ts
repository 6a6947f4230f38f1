import { commonEnvSchema, httpTimeoutsEnvSchema, parseEnv, portSchema } from "@tollgate/http";
import { z } from "zod";

const positiveInt = z.coerce.number().int().min(1);

// The HTTP timeouts are the same variables in every service (packages/http).
const ingestEnvSchema = commonEnvSchema.extend(httpTimeoutsEnvSchema.shape).extend({
  INGEST_HOST: z.string().min(1).default("0.0.0.0"),
  INGEST_PORT: portSchema.default(4000),
  /** Accepted as an operator `admin` key (automation, tests). */
  TOLLGATE_OPERATOR_API_KEY: z.string().min(20, "must be at least 20 characters").optional(),
  /** How long concurrent requests (all tenants and keys) are gathered into one queue job. */
  INGEST_COALESCE_MAX_DELAY_MS: z.coerce.number().int().min(0).max(1000).default(20),
  /** Events per queue job before it is stored without waiting (the job schema allows 10,000). */
  INGEST_COALESCE_MAX_EVENTS: positiveInt.max(10_000).default(5000),
  /** Per tenant, across all ingest replicas (counted in Redis). At least 1,000, the largest request. */
  INGEST_RATE_LIMIT_EVENTS_PER_SECOND: positiveInt.min(1000).default(20_000),
  /** Usage jobs waiting or delayed in Redis above which ingest answers 429 until the worker catches up. */
  INGEST_MAX_QUEUE_BACKLOG: positiveInt.default(50_000),
  INGEST_QUEUE_POLL_MS: positiveInt.max(60_000).default(250),
});
export type IngestEnv = z.infer<typeof ingestEnvSchema>;

export function loadIngestEnv(source: Record<string, string | undefined> = process.env): IngestEnv {
  return parseEnv(ingestEnvSchema, source, "ingest");
}
