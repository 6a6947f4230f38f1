import { parseArgs } from "node:util";

export interface PipelineBenchOptions {
  /** Seconds of load per measured phase. */
  durationSeconds: number;
  /** Worker processes (each with WORKER_CONCURRENCY jobs at once in WORKER_TRANSACTIONS group commits). */
  workers: number;
  workerConcurrency: number;
  workerTransactions: number;
  tenants: number;
  /** Requests in flight at once, per mode. */
  batchConcurrency: number;
  singleConcurrency: number;
  /** Rows for the COPY reference. */
  copyRows: number;
  /** The hot tenant (25 % of requests) on a plan with a volume tier, i.e. period counters locked per job. */
  hotTenantTiers: boolean;
  /** When set, ingest and workers write V8 CPU profiles (`--cpu-prof`) into this directory. */
  cpuProfileDir: string | undefined;
  /** Extra environment for ingest / the workers (`--ingest-env NAME=VALUE`, repeatable): to compare settings. */
  ingestEnv: Record<string, string>;
  workerEnv: Record<string, string>;
}

export const USAGE =
  "usage: npm run bench:pipeline -- [--duration <s>] [--workers <n>] [--worker-concurrency <n>] " +
  "[--worker-transactions <n>] [--tenants <n>] " +
  "[--batch-concurrency <n>] [--single-concurrency <n>] [--copy-rows <n>] [--hot-tenant-tiers] [--cpu-prof <dir>] " +
  "[--ingest-env NAME=VALUE]... [--worker-env NAME=VALUE]...";

function positiveInt(value: string | undefined, fallback: number, name: string): number {
  if (value === undefined) return fallback;
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed <= 0) throw new RangeError(`--${name} must be a positive integer\n${USAGE}`);
  return parsed;
}

export function parsePipelineBenchOptions(args: readonly string[]): PipelineBenchOptions {
  const { values } = parseArgs({
    args: [...args],
    options: {
      duration: { type: "string" },
      workers: { type: "string" },
      "worker-concurrency": { type: "string" },
      "worker-transactions": { type: "string" },
      tenants: { type: "string" },
      "batch-concurrency": { type: "string" },
      "single-concurrency": { type: "string" },
      "copy-rows": { type: "string" },
      "hot-tenant-tiers": { type: "boolean" },
      "cpu-prof": { type: "string" },
      "ingest-env": { type: "string", multiple: true },
      "worker-env": { type: "string", multiple: true },
    },
    strict: true,
  });
  return {
    durationSeconds: positiveInt(values.duration, 20, "duration"),
    workers: positiveInt(values.workers, 2, "workers"),
    // The worker's own defaults (apps/worker/src/env.ts).
    workerConcurrency: positiveInt(values["worker-concurrency"], 16, "worker-concurrency"),
    workerTransactions: positiveInt(values["worker-transactions"], 4, "worker-transactions"),
    tenants: positiveInt(values.tenants, 12, "tenants"),
    // 8: what a platform's many concurrent senders look like. Ingest coalesces the requests that arrive within its
    // delay into one job, so with 4 in flight jobs hold about half as many events and cost more CPU per event
    // (docs/benchmarks.md, 2026-12-02 evening); both are reported there.
    batchConcurrency: positiveInt(values["batch-concurrency"], 8, "batch-concurrency"),
    singleConcurrency: positiveInt(values["single-concurrency"], 64, "single-concurrency"),
    copyRows: positiveInt(values["copy-rows"], 200_000, "copy-rows"),
    hotTenantTiers: values["hot-tenant-tiers"] ?? false,
    cpuProfileDir: values["cpu-prof"],
    ingestEnv: envAssignments(values["ingest-env"], "ingest-env"),
    workerEnv: envAssignments(values["worker-env"], "worker-env"),
  };
}

function envAssignments(assignments: readonly string[] | undefined, name: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const assignment of assignments ?? []) {
    const match = /^([A-Z][A-Z0-9_]*)=(.*)$/.exec(assignment);
    if (!match?.[1] || match[2] === undefined) throw new RangeError(`--${name} takes NAME=VALUE\n${USAGE}`);
    env[match[1]] = match[2];
  }
  return env;
}
