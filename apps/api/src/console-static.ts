import { existsSync } from "node:fs";
import { join } from "node:path";
import fastifyStatic from "@fastify/static";
import type { FastifyInstance } from "fastify";

const API_PREFIXES = ["/trpc", "/v1", "/openapi.json", "/healthz", "/readyz", "/metrics"];

/**
 * A path naming a file rather than a client-side route: the build's assets, or anything whose last segment has an
 * extension (favicon.ico, robots.txt). Console routes are words and ids, never dotted.
 */
function isFilePath(path: string): boolean {
  const last = path.slice(path.lastIndexOf("/") + 1);
  return path.startsWith("/assets/") || last.includes(".");
}

/**
 * Serves the built console; unknown non-API GETs get index.html so client-side routes survive a reload. A file is
 * never answered with index.html: a script that comes back as text/html leaves the page blank.
 */
export async function registerConsoleStatic(app: FastifyInstance, distDir: string | null): Promise<void> {
  if (!distDir || !existsSync(join(distDir, "index.html"))) {
    app.log.warn({ distDir }, "console build not found: serving the API only (run npm run build)");
    return;
  }
  // The files present at start get their own routes; index.html and files built later (a console rebuild while the
  // api runs) are read from disk on each request, so a rebuild is picked up without a restart.
  await app.register(fastifyStatic, { root: distDir, wildcard: false });
  // SPA fallback as a route (the shared error handler owns the 404 handler): a GET for a client-side route gets
  // index.html, while unknown API paths keep their JSON 404.
  app.get("/*", (request, reply) => {
    const path = request.url.split("?", 1)[0] ?? "/";
    const isApi = API_PREFIXES.some((prefix) => path.startsWith(prefix));
    if (isApi) {
      return reply
        .status(404)
        .send({ error: { code: "not_found", message: `no route ${request.method} ${request.url}` } });
    }
    // A file from disk (the static plugin refuses paths leaving the root); a missing one is a real 404.
    if (isFilePath(path)) return reply.sendFile(path.slice(1));
    return reply.sendFile("index.html");
  });
}
