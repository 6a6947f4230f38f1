import { existsSync } from "node:fs";
import { join } from "node:path";
import fastifyStatic from "@fastify/static";
import type { FastifyInstance } from "fastify";

const API_PREFIXES = ["/trpc", "/v1", "/openapi.json", "/healthz", "/readyz", "/metrics"];

/** Serves the built console; unknown non-API GETs get index.html so client-side routes survive a reload. */
export async function registerConsoleStatic(app: FastifyInstance, distDir: string | null): Promise<void> {
  if (!distDir || !existsSync(join(distDir, "index.html"))) {
    app.log.warn({ distDir }, "console build not found: serving the API only (run npm run build)");
    return;
  }
  await app.register(fastifyStatic, { root: distDir, wildcard: false });
  // SPA fallback as a route (the shared error handler owns the 404 handler): a GET for a client-side route gets
  // index.html, while unknown API paths keep their JSON 404.
  app.get("/*", (request, reply) => {
    const isApi = API_PREFIXES.some((prefix) => request.url.startsWith(prefix));
    if (isApi) {
      return reply
        .status(404)
        .send({ error: { code: "not_found", message: `no route ${request.method} ${request.url}` } });
    }
    return reply.sendFile("index.html");
  });
}
