import { createTypedQueue, createTypedWorker, queueCatalog, type TypedQueue } from "@tollgate/queues";
import type { Worker } from "bullmq";
import type { Redis } from "ioredis";
import type { Pool } from "pg";
import type { CatalogCache } from "../store/catalog-cache.ts";
import { failPlanSimulation, runPlanSimulation, type SimulationRunOptions } from "./run-plan-simulation.ts";

export interface PlanSimulationWorkerOptions {
  pool: Pool;
  /** A worker-role connection (BullMQ makes its own blocking connection from it). */
  connection: Redis;
  prefix: string;
  catalog: CatalogCache;
  lockDurationMs: number;
  stalledIntervalMs: number;
  run?: SimulationRunOptions;
}

export interface PlanSimulationWorker {
  worker: Worker;
  queue: TypedQueue<"planSimulation">;
  close(): Promise<void>;
}

/**
 * Consumes the plan-simulations queue, one simulation at a time per process (a run is long and reads a lot). A run
 * killed midway is recovered by BullMQ and resumes after the tenants already stored; the last failed attempt marks
 * the simulation failed with its error.
 */
export function startPlanSimulationWorker(options: PlanSimulationWorkerOptions): PlanSimulationWorker {
  const queue: TypedQueue<"planSimulation"> = createTypedQueue("planSimulation", options.connection, options.prefix);
  const attempts = queueCatalog.planSimulation.defaultJobOptions.attempts;
  const worker = createTypedWorker(
    "planSimulation",
    options.connection,
    options.prefix,
    async (payload, job) => {
      try {
        await runPlanSimulation(options.pool, options.catalog, payload.simulationId, options.run);
      } catch (error) {
        if (job.attemptsMade + 1 >= (job.opts.attempts ?? attempts)) {
          await failPlanSimulation(options.pool, payload.simulationId, String(error));
        }
        throw error;
      }
    },
    { concurrency: 1, lockDuration: options.lockDurationMs, stalledInterval: options.stalledIntervalMs },
  );
  return {
    worker,
    queue,
    async close() {
      await worker.close();
      await queue.close();
    },
  };
}
