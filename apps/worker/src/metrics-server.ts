import {
  loggerOptions,
  registerHealthRoutes,
  registerMetricsRoute,
  registerSecurityHeaders,
  serverTimeoutOptions,
  type HttpTimeoutsEnv,
  type ReadinessCheck,
} from "@tollgate/http";
import Fastify, { type FastifyInstance } from "fastify";
import type { Registry } from "prom-client";

export interface MetricsServerOptions {
  logLevel: string;
  registry: Registry;
  readiness: Record<string, ReadinessCheck>;
  httpTimeouts: HttpTimeoutsEnv;
}

/** The worker's own small HTTP server: health for orchestrators and Prometheus metrics. */
export function buildMetricsServer(options: MetricsServerOptions): FastifyInstance {
  const app = Fastify({
    logger: loggerOptions(options.logLevel, "worker"),
    ...serverTimeoutOptions(options.httpTimeouts),
  });
  registerSecurityHeaders(app);
  registerHealthRoutes(app, options.readiness);
  registerMetricsRoute(app, options.registry);
  return app;
}
