import { commonEnvSchema, parseEnv, portSchema } from "@tollgate/http";
import { z } from "zod";

const workerEnvSchema = commonEnvSchema.extend({
  /** Usage jobs processed at once per process; each holds one Postgres connection while it runs. */
  WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(4),
  WORKER_METRICS_PORT: portSchema.default(4100),
  WORKER_HOST: z.string().min(1).default("0.0.0.0"),
});
export type WorkerEnv = z.infer<typeof workerEnvSchema>;

export function loadWorkerEnv(source: Record<string, string | undefined> = process.env): WorkerEnv {
  return parseEnv(workerEnvSchema, source, "worker");
}
