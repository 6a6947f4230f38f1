import { requestRatingSweep } from "@tollgate/queues";
import type { FastifyBaseLogger } from "fastify";
import type { ApiDeps } from "../api-deps.ts";

/**
 * After a committed price-affecting change: asks the worker to rate the events it may have made rateable (one
 * tenant's, or every tenant's when the change is not one tenant's). The change stands whatever Redis does, so a
 * failed request is logged, not returned as an error; the worker's scheduled sweep rates those events instead.
 */
export async function sweepAfterPriceChange(deps: ApiDeps, log: FastifyBaseLogger, tenantId?: string): Promise<void> {
  try {
    await requestRatingSweep(deps.ratingSweepQueue, tenantId);
  } catch (error) {
    log.warn({ err: error, tenantId }, "rating sweep not requested; the scheduled sweep will rate these events");
  }
}
