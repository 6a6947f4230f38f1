import { authorize } from "@tollgate/use-cases/access";
import { requirePrincipal } from "@tollgate/http";
import type { FastifyInstance, FastifyRequest } from "fastify";
import type { IngestDeps } from "../ingest-deps.ts";
import { failingAs } from "./dependency-guard.ts";

export interface IngestKey {
  tenantId: string;
  keyId: string | null;
}

/** The routes anyone may call; every other route needs a tenant key with the ingest scope. */
const PUBLIC_ROUTES = new Set(["/healthz", "/readyz", "/metrics", "/openapi.json"]);

const keysByRequest = new WeakMap<FastifyRequest, Promise<IngestKey>>();

/**
 * Authenticates the key in onRequest, before Fastify reads the body: a client without a valid key is answered
 * 401/403 at once instead of being allowed to hold a connection (and a body buffer) while it trickles a body. Such
 * a connection is closed after the answer, so the unread body is never waited for.
 */
export function requireIngestKeyBeforeBody(app: FastifyInstance, deps: IngestDeps): void {
  app.addHook("onRequest", async (request, reply) => {
    const route = request.routeOptions.url;
    // Unknown routes (404) and public ones need no key.
    if (route === undefined || PUBLIC_ROUTES.has(route)) return;
    try {
      await authenticateIngestKey(request, deps);
    } catch (error) {
      if (hasBody(request)) void reply.header("connection", "close");
      throw error;
    }
  });
}

/**
 * The tenant key with the ingest scope every ingest endpoint requires: 401 without a valid key, 403 for a key
 * without `ingest` and for operator keys (an operator never sends events as a tenant). Checked once per request:
 * the onRequest hook's answer is reused by the route.
 */
export function authenticateIngestKey(request: FastifyRequest, deps: IngestDeps): Promise<IngestKey> {
  let key = keysByRequest.get(request);
  if (!key) {
    key = authenticate(request, deps);
    keysByRequest.set(request, key);
  }
  return key;
}

async function authenticate(request: FastifyRequest, deps: IngestDeps): Promise<IngestKey> {
  const principal = await requirePrincipal(request, (presented) =>
    failingAs("postgres", () => deps.authenticate(presented), request.log),
  );
  const tenantId = authorize(principal, "ingest");
  return { tenantId, keyId: principal.kind === "user" ? null : principal.keyId };
}

function hasBody(request: FastifyRequest): boolean {
  const length = request.headers["content-length"];
  return request.headers["transfer-encoding"] !== undefined || (length !== undefined && length !== "0");
}
