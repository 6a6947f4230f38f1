import type { FastifyInstance } from "fastify";

/** Our APIs speak JSON only: any other content type gets 415 instead of being parsed as text. */
export function acceptJsonOnly(app: FastifyInstance): void {
  app.removeContentTypeParser(["text/plain"]);
}
