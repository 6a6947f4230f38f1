import {
  acceptJsonOnly,
  httpTimeoutsEnvSchema,
  serverTimeoutOptions,
  registerErrorHandler,
  registerHealthRoutes,
  registerMetricsRoute,
  registerSecurityHeaders,
  loggerOptions,
  renderFrameworkError,
} from "@tollgate/http";
import { translateDatabaseError } from "@tollgate/db";
import { catalogQueues, type QueueKey } from "@tollgate/queues";
import Fastify, { type FastifyInstance, type RouteOptions } from "fastify";
import type { ApiDeps } from "./api-deps.ts";
import { consoleCsp } from "./console-csp.ts";
import { registerConsoleStatic } from "./console-static.ts";
import { registerOpenApi } from "./rest/openapi.ts";
import { pipelineProbePort } from "./rest/pipeline-probe.ts";
import { serveOperations } from "./rest/serve-operations.ts";
import { registerTrpc } from "./trpc/register-trpc.ts";

export interface ApiServerOptions {
  /** Sees every route as it is added (the access-isolation and admin fuzz tests enumerate the route table with it). */
  onRoute?: (route: RouteOptions) => void;
}

export async function buildApiServer(deps: ApiDeps, options: ApiServerOptions = {}): Promise<FastifyInstance> {
  const app = Fastify({
    logger: loggerOptions(deps.logLevel, "api"),
    bodyLimit: 1024 * 1024,
    // tRPC batches name every procedure in one path parameter ("/trpc/a,b,c"); Fastify's default limit (100
    // characters) answers a page with many queries 404. tRPC's Fastify adapter asks for this setting.
    routerOptions: { maxParamLength: 5000 },
    frameworkErrors: renderFrameworkError,
    trustProxy: deps.trustProxy ?? false,
    ...serverTimeoutOptions(deps.httpTimeouts ?? httpTimeoutsEnvSchema.parse({})),
  });
  if (options.onRoute) app.addHook("onRoute", options.onRoute);
  registerErrorHandler(app, { translate: translateDatabaseError });
  registerSecurityHeaders(app, { contentSecurityPolicy: consoleCsp(deps.cookieSecure), hsts: deps.cookieSecure });
  acceptJsonOnly(app);
  registerHealthRoutes(app, deps.readiness);
  registerMetricsRoute(app, deps.registry);
  registerOpenApi(app);
  // One Queue per catalog entry per server, on the usage queue's connection and prefix, closed with it: the
  // pipeline probe reads through them (tests may bring their own probe), the failed-jobs operations act on them.
  const catalog = catalogQueues(deps.usageQueue.connection, deps.usageQueue.prefix);
  app.addHook("onClose", () => catalog.close());
  const served: ApiDeps = { ...deps, pipelineProbe: deps.pipelineProbe ?? pipelineProbePort(catalog, deps.usageQueue) };
  const queueOf = (key: QueueKey) => catalog.queueOf(key);
  serveOperations(app, served, queueOf);
  await registerTrpc(app, served, queueOf);
  await registerConsoleStatic(app, deps.consoleDistDir);
  return app;
}
