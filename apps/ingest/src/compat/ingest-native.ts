import { AppError } from "@tollgate/domain";
import type { FastifyRequest } from "fastify";
import type { IngestDeps } from "../ingest-deps.ts";
import type { EventCandidate } from "../routes/accept-events.ts";
import { ingestCandidates, type IngestOutcome } from "../routes/ingest-candidates.ts";
import type { IngestKey } from "../routes/ingest-key.ts";

/**
 * Converted native events through the same path as /v1/events. The native APIs have no "accepted with rejections"
 * success shape, so any rejection is a 4xx listing it; the valid events of the request are accepted all the same
 * (the error says so), and re-sending the whole request is harmless.
 */
export async function ingestNativeEvents(
  deps: IngestDeps,
  request: FastifyRequest,
  key: IngestKey,
  candidates: readonly EventCandidate[],
): Promise<IngestOutcome> {
  let outcome: IngestOutcome;
  try {
    outcome = await ingestCandidates(deps, request.log, key, candidates);
  } catch (error) {
    const rejected = error instanceof AppError ? error.details?.rejected : undefined;
    if (!(error instanceof AppError) || !Array.isArray(rejected)) throw error;
    outcome = { accepted: 0, duplicates: 0, rejected: rejected as IngestOutcome["rejected"] };
  }
  if (outcome.rejected.length === 0) return outcome;
  const taken = outcome.accepted + outcome.duplicates;
  throw new AppError("bad_request", describe(outcome.rejected, candidates.length, taken), { ...outcome });
}

function describe(rejected: IngestOutcome["rejected"], total: number, taken: number): string {
  const first = rejected[0];
  const what = first ? ` (event ${first.index.toString()}: ${first.code}: ${first.message})` : "";
  const rest = taken > 0 ? "; the other events were accepted" : "";
  return `${rejected.length.toString()} of ${total.toString()} events rejected${what}${rest}`;
}
