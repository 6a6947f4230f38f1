import {
  catalogQueues,
  queueHealth,
  RATING_SWEEP_SCHEDULER_ID,
  ratingSweepHealth,
  type TypedQueue,
} from "@tollgate/queues";
import type { PipelineProbe } from "@tollgate/use-cases/pipeline";

export interface PipelineProbeHandle {
  probe: PipelineProbe;
  close(): Promise<void>;
}

/**
 * The pipeline page's port over every catalog queue, on the usage queue's connection and prefix (the api's producer
 * connection, which fails fast while Redis is away). One per server: it holds a Queue per catalog entry.
 */
export function pipelineProbePort(usageQueue: TypedQueue<"usage">): PipelineProbeHandle {
  const { connection } = usageQueue;
  const catalog = catalogQueues(connection, usageQueue.prefix);
  const ratingSweeps = catalog.queues.find(({ key }) => key === "ratingSweep");
  if (!ratingSweeps) throw new Error("the queue catalog has no rating sweep queue");
  return {
    probe: {
      async pingRedis() {
        await connection.ping();
      },
      queues: () => Promise.all(catalog.queues.map(({ key, queue }) => queueHealth(key, queue, connection))),
      ratingSweep: () => ratingSweepHealth(ratingSweeps.queue, RATING_SWEEP_SCHEDULER_ID),
    },
    close: () => catalog.close(),
  };
}
