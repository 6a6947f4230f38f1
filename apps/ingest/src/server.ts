import {
  acceptJsonOnly,
  loggerOptions,
  registerErrorHandler,
  registerHealthRoutes,
  registerMetricsRoute,
} from "@tollgate/http";
import Fastify, { type FastifyInstance } from "fastify";
import type { IngestDeps } from "./ingest-deps.ts";
import { registerPostEvents } from "./routes/post-events.ts";

export const MAX_BODY_BYTES = 1024 * 1024;

export function buildIngestServer(deps: IngestDeps): FastifyInstance {
  const app = Fastify({ logger: loggerOptions(deps.logLevel, "ingest"), bodyLimit: MAX_BODY_BYTES });
  registerErrorHandler(app);
  acceptJsonOnly(app);
  registerHealthRoutes(app, deps.readiness);
  registerMetricsRoute(app, deps.registry);
  registerPostEvents(app, deps);
  return app;
}
