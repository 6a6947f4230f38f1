import { usageEventInputSchema } from "@tollgate/domain";
import type { FastifyInstance } from "fastify";
import { z } from "zod";
import { errors, json } from "./openapi-helpers.ts";
import { operationsOpenApiPaths } from "./operations-openapi.ts";

const ingestResponse = z.object({
  accepted: z.number().int(),
  duplicates: z.number().int(),
  rejected: z.array(
    z.object({ index: z.number().int(), id: z.string().nullable(), code: z.string(), message: z.string() }),
  ),
});

/** Adds each operation's methods to the path's entry (a path may mix operations and hand-written routes). */
function mergePaths(...sources: Record<string, Record<string, unknown>>[]) {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const source of sources) {
    for (const [path, methods] of Object.entries(source)) paths[path] = { ...paths[path], ...methods };
  }
  return paths;
}

/**
 * The machine-facing REST surface: operations' entries are generated from their procedure definitions, the
 * remaining hand-written routes' from the zod schemas they validate with.
 */
export function buildOpenApiDocument() {
  return {
    openapi: "3.0.3",
    info: {
      title: "Tollgate API",
      version: "0.1.0",
      description: "Token billing for AI/LLM APIs. Amounts are decimal strings; never floats.",
    },
    servers: [
      { url: "http://localhost:3000", description: "api (admin, usage)" },
      { url: "http://localhost:4000", description: "ingest (POST /v1/events)" },
    ],
    components: {
      securitySchemes: { bearer: { type: "http", scheme: "bearer", description: "tg_<id>_<secret> API key" } },
    },
    security: [{ bearer: [] }],
    paths: mergePaths(operationsOpenApiPaths(), {
      "/v1/events": {
        post: {
          summary: "Send usage events (ingest service, tenant key with ingest scope)",
          description:
            'One event, or {"events": [...]} with 1-1,000 events. Valid events are accepted even when others are rejected.',
          requestBody: {
            required: true,
            content: json(
              z.union([usageEventInputSchema, z.object({ events: z.array(usageEventInputSchema).min(1).max(1000) })]),
            ),
          },
          responses: {
            "202": { description: "accepted and durably queued", content: json(ingestResponse) },
            ...errors(400, 401, 403, 413, 415, 429, 503),
          },
        },
      },
    }),
  };
}

export function registerOpenApi(app: FastifyInstance): void {
  const document = buildOpenApiDocument();
  app.get("/openapi.json", () => document);
}
