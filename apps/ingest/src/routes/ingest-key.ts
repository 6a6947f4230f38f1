import { authorize } from "@tollgate/db";
import { requirePrincipal } from "@tollgate/http";
import type { FastifyRequest } from "fastify";
import type { IngestDeps } from "../ingest-deps.ts";
import { failingAs } from "./dependency-guard.ts";

export interface IngestKey {
  tenantId: string;
  keyId: string | null;
}

/**
 * The tenant key with the ingest scope every ingest endpoint requires: 401 without a valid key, 403 for a key
 * without `ingest` and for operator keys (an operator never sends events as a tenant).
 */
export async function authenticateIngestKey(request: FastifyRequest, deps: IngestDeps): Promise<IngestKey> {
  const principal = await requirePrincipal(request, (presented) =>
    failingAs("postgres", () => deps.authenticate(presented), request.log),
  );
  const tenantId = authorize(principal, "ingest");
  return { tenantId, keyId: principal.kind === "user" ? null : principal.keyId };
}
