import {
  acceptJsonOnly,
  httpTimeoutsEnvSchema,
  serverTimeoutOptions,
  loggerOptions,
  registerErrorHandler,
  registerHealthRoutes,
  registerMetricsRoute,
  registerSecurityHeaders,
  renderFrameworkError,
} from "@tollgate/http";
import Fastify, { type FastifyInstance } from "fastify";
import { registerGzipDecoding } from "./body/gzip-decoding.ts";
import { registerJsonBodyParser } from "./body/json-body-parser.ts";
import type { IngestDeps } from "./ingest-deps.ts";
import { registerIngestOpenApi } from "./openapi/ingest-openapi.ts";
import { registerLimitsRoutes } from "./routes/limits-routes.ts";
import { registerOpenMeterLagoRoutes } from "./routes/openmeter-lago-routes.ts";
import { requireIngestKeyBeforeBody } from "./routes/ingest-key.ts";
import { registerPostEvents } from "./routes/post-events.ts";
import { registerStripeMeterEvents } from "./routes/stripe-meter-events.ts";

/** The body limit, applied after gzip decompression too. */
export const MAX_BODY_BYTES = 1024 * 1024;

export function buildIngestServer(deps: IngestDeps): FastifyInstance {
  const app = Fastify({
    logger: loggerOptions(deps.logLevel, "ingest"),
    bodyLimit: MAX_BODY_BYTES,
    frameworkErrors: renderFrameworkError,
    ...serverTimeoutOptions(deps.httpTimeouts ?? httpTimeoutsEnvSchema.parse({})),
  });
  registerErrorHandler(app);
  registerSecurityHeaders(app);
  requireIngestKeyBeforeBody(app, deps);
  acceptJsonOnly(app);
  registerJsonBodyParser(app);
  registerGzipDecoding(app, MAX_BODY_BYTES);
  registerHealthRoutes(app, deps.readiness);
  registerMetricsRoute(app, deps.registry);
  registerIngestOpenApi(app);
  registerPostEvents(app, deps);
  registerOpenMeterLagoRoutes(app, deps);
  registerStripeMeterEvents(app, deps);
  registerLimitsRoutes(app, deps);
  return app;
}
