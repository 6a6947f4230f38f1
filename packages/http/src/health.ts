import type { FastifyInstance } from "fastify";

export type ReadinessCheck = () => Promise<void>;

/**
 * /healthz: the process is up. /readyz: every dependency answers (503 with the failing ones otherwise), so
 * orchestrators route traffic only to instances that can do their job.
 */
export function registerHealthRoutes(app: FastifyInstance, checks: Record<string, ReadinessCheck>): void {
  app.get("/healthz", () => ({ status: "ok" }));
  app.get("/readyz", async (_request, reply) => {
    const results = await Promise.all(
      Object.entries(checks).map(async ([name, check]) => {
        try {
          await withTimeout(check(), 2000);
          return [name, "ok"] as const;
        } catch (error) {
          return [name, error instanceof Error ? error.message : "failed"] as const;
        }
      }),
    );
    const failing = results.filter(([, status]) => status !== "ok");
    return reply.status(failing.length === 0 ? 200 : 503).send({
      status: failing.length === 0 ? "ready" : "not_ready",
      checks: Object.fromEntries(results),
    });
  });
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => {
      reject(new Error(`timed out after ${ms.toString()} ms`));
    }, ms);
  });
  return Promise.race([promise, timeout]).finally(() => {
    clearTimeout(timer);
  });
}
