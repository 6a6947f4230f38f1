import type { RatingSweeps } from "@tollgate/use-cases/pricing";
import { requestRatingSweep, type TypedQueue } from "@tollgate/queues";
import type { FastifyBaseLogger } from "fastify";

/**
 * The rating-sweep port over the ratingSweep queue. The change stands whatever Redis does, so a failed request is
 * logged, not returned as an error; the worker's scheduled sweep rates those events instead.
 */
export function ratingSweepPort(queue: TypedQueue<"ratingSweep">, log: FastifyBaseLogger): RatingSweeps {
  return {
    async request(tenantId) {
      try {
        await requestRatingSweep(queue, tenantId);
      } catch (error) {
        log.warn({ err: error, tenantId }, "rating sweep not requested; the scheduled sweep will rate these events");
      }
    },
  };
}
