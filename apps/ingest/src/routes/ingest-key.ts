import { AppError } from "@tollgate/domain";
import { requireKeyScope } from "@tollgate/http";
import type { FastifyRequest } from "fastify";
import type { IngestDeps } from "../ingest-deps.ts";
import { failingAs } from "./dependency-guard.ts";

export interface IngestKey {
  tenantId: string;
  keyId: string | null;
}

/** The tenant key with the ingest scope every ingest endpoint requires (401 / 403 otherwise). */
export async function authenticateIngestKey(request: FastifyRequest, deps: IngestDeps): Promise<IngestKey> {
  const principal = await requireKeyScope(
    request,
    (presented) => failingAs("postgres", () => deps.authenticate(presented), request.log),
    "ingest",
  );
  if (!principal.tenantId) throw new AppError("forbidden", "events must be sent with a tenant key");
  return { tenantId: principal.tenantId, keyId: principal.keyId };
}
