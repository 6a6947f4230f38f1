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
  // One probe per server (it holds a Queue per catalog entry), closed with it; tests may bring their own.
  const pipeline = deps.pipelineProbe ? null : pipelineProbePort(deps.usageQueue);
  if (pipeline) app.addHook("onClose", () => pipeline.close());
  const withProbe: ApiDeps = pipeline ? { ...deps, pipelineProbe: pipeline.probe } : deps;
  serveOperations(app, withProbe);
  await registerTrpc(app, withProbe);
  await registerConsoleStatic(app, deps.consoleDistDir);
  return app;
}
