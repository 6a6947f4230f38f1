import { resolveSession } from "@tollgate/use-cases/accounts";
import { appRouter, type AppRouter, type Context } from "@tollgate/trpc";
import { fastifyTRPCPlugin, type FastifyTRPCPluginOptions } from "@trpc/server/adapters/fastify";
import type { FastifyInstance } from "fastify";
import type { ApiDeps } from "../api-deps.ts";
import { failedJobsPort, type QueueOf } from "../rest/failed-jobs.ts";
import { webhookRedeliveriesPort } from "../rest/webhook-redeliveries.ts";
import { planSimulationsPort } from "../rest/plan-simulations.ts";
import { billingClosesPort } from "../rest/billing-closes.ts";
import { ratingSweepPort } from "../rest/rating-sweeps.ts";
import { checkCrossSiteRequest } from "./cross-site-guard.ts";
import { bindLoginThrottle } from "./login-throttle.ts";
import { clearedSessionCookie, readCookie, SESSION_COOKIE, sessionCookie } from "./session-cookie.ts";

/** Mounts the console's tRPC router at /trpc; the session comes from an httpOnly cookie. */
export async function registerTrpc(app: FastifyInstance, deps: ApiDeps, queueOf: QueueOf): Promise<void> {
  const options: FastifyTRPCPluginOptions<AppRouter> = {
    prefix: "/trpc",
    trpcOptions: {
      router: appRouter,
      createContext: async ({ req, res }): Promise<Context> => {
        const token = readCookie(req.headers.cookie, SESSION_COOKIE);
        const principal = token ? await resolveSession(deps.db, token) : null;
        return {
          db: deps.db,
          principal,
          announceKeyRevocation: deps.announceKeyRevocation,
          invoiceIssuer: deps.invoiceIssuer,
          ratingSweeps: ratingSweepPort(deps.ratingSweepQueue, req.log),
          failedJobs: failedJobsPort(queueOf, req.log),
          ...(deps.pipelineProbe ? { pipelineProbe: deps.pipelineProbe } : {}),
          webhookRedeliveries: webhookRedeliveriesPort(deps.webhookDeliveryQueue),
          planSimulations: planSimulationsPort(deps.planSimulationQueue),
          billingCloses: billingClosesPort(deps.billingCloseQueue),
          ...(deps.webhookPolicy ? { webhookPolicy: deps.webhookPolicy } : {}),
          session: {
            token,
            set: (newToken, expiresAt) =>
              void res.header("set-cookie", sessionCookie(newToken, expiresAt, deps.cookieSecure)),
            clear: () => void res.header("set-cookie", clearedSessionCookie(deps.cookieSecure)),
          },
          loginThrottle: bindLoginThrottle(deps.loginLimiter, req.ip, (seconds) => {
            void res.header("retry-after", String(seconds));
          }),
        };
      },
      onError: ({ error, path }) => {
        if (error.code === "INTERNAL_SERVER_ERROR") app.log.error({ err: error, path }, "tRPC procedure failed");
      },
    },
  };
  // In its own scope so the CSRF check runs on tRPC routes only (before the body is read).
  await app.register(async (scope) => {
    scope.addHook("onRequest", (request, _reply, done) => {
      try {
        checkCrossSiteRequest(request, deps.consoleOrigins ?? []);
        done();
      } catch (error) {
        done(error as Error);
      }
    });
    await scope.register(fastifyTRPCPlugin, options);
  });
}
