import { z } from "zod";

const reachability = z.discriminatedUnion("reachable", [
  z.object({ reachable: z.literal(true), round_trip_ms: z.number().int().describe("one round trip, milliseconds") }),
  z.object({ reachable: z.literal(false), error: z.string().describe("why it did not answer in time") }),
]);

/** A section read from Redis or Postgres: null with `error` while that store is unreachable. */
const section = <T extends z.ZodType>(value: T) => z.object({ value: value.nullable(), error: z.string().nullable() });

const count = z.number().int();

const queueOutput = z.object({
  key: z.string().describe("the queue's catalog key"),
  name: z.string().describe("the BullMQ queue name"),
  counts: z.object({ waiting: count, active: count, delayed: count, failed: count, completed: count }),
  throughput: z
    .object({ last_minute: count, last_5_minutes: count, lower_bound: z.boolean() })
    .describe(
      "jobs completed, counted by finish time in BullMQ's completed set; lower_bound: the queue keeps fewer " +
        "completed jobs than finished in the window, so at least this many",
    ),
  oldest_waiting_at: z.string().nullable(),
});

export const pipelineHealthOutput = z.object({
  checked_at: z.string(),
  redis: reachability,
  postgres: reachability,
  queues: section(z.array(queueOutput).describe("every queue of the catalog")),
  lag: section(
    z.object({
      events: count.describe("events recorded in the last 5 minutes that were read (at most 20,000)"),
      p50_ms: z.number().int().nullable(),
      p99_ms: z.number().int().nullable(),
      oldest_waiting_usage_job_age_ms: z.number().int().nullable().describe("null: none waits, or Redis is away"),
    }),
  ),
  unrated: section(z.object({ count, capped: z.boolean().describe("more than count (counting stops there)") })),
  rating_sweep: section(
    z.object({
      last_run: z
        .object({
          finished_at: z.string(),
          outcome: z.enum(["completed", "failed"]),
          reason: z.string(),
          failed_reason: z.string().nullable(),
        })
        .nullable(),
      running: count,
      waiting: count,
      next_run_at: z.string().nullable(),
    }),
  ),
  reconciliation_runs: section(
    z.array(
      z.object({
        id: z.uuid(),
        status: z.enum(["running", "clean", "drift", "failed"]),
        started_at: z.string(),
        finished_at: z.string().nullable(),
        tenants_checked: count,
        invoices_checked: count,
        findings_count: count,
        error: z.string().nullable(),
      }),
    ),
  ),
});

export type PipelineHealthJson = z.infer<typeof pipelineHealthOutput>;
