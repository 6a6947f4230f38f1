import {
  type CatalogQueues,
  queueHealth,
  RATING_SWEEP_SCHEDULER_ID,
  ratingSweepHealth,
  type TypedQueue,
} from "@tollgate/queues";
import type { PipelineProbe } from "@tollgate/use-cases/pipeline";

/**
 * The pipeline page's port over every catalog queue, on the server's one catalog handle (the usage queue's connection
 * and prefix: the api's producer connection, which fails fast while Redis is away).
 */
export function pipelineProbePort(catalog: CatalogQueues, usageQueue: TypedQueue<"usage">): PipelineProbe {
  const { connection } = usageQueue;
  const ratingSweeps = catalog.queueOf("ratingSweep");
  return {
    async pingRedis() {
      await connection.ping();
    },
    queues: () => Promise.all(catalog.queues.map(({ key, queue }) => queueHealth(key, queue, connection))),
    ratingSweep: () => ratingSweepHealth(ratingSweeps, RATING_SWEEP_SCHEDULER_ID),
  };
}
