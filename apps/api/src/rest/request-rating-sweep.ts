import type { FastifyBaseLogger } from "fastify";
import type { ApiDeps } from "../api-deps.ts";
import { ratingSweepPort } from "./rating-sweeps.ts";

/**
 * After a committed price-affecting change of a route not yet served as an operation: asks the worker to rate the
 * events it may have made rateable (one tenant's, or every tenant's). Operations get the port in their context and
 * their use cases call it instead.
 */
export async function sweepAfterPriceChange(deps: ApiDeps, log: FastifyBaseLogger, tenantId?: string): Promise<void> {
  await ratingSweepPort(deps.ratingSweepQueue, log).request(tenantId);
}
