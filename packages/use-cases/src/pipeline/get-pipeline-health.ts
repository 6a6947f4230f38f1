import type { DbOrTx } from "@tollgate/db";
import { listReconciliationRuns, type ReconciliationRunView } from "../reconciliation/list-reconciliation-runs.ts";
import { countUnratedEvents, readIngestLag, type IngestLag } from "./ingest-lag.ts";
import type { PipelineProbe, QueueHealthView, RatingSweepView } from "./pipeline-probe.ts";
import { settle, type Settled } from "./settle.ts";

/** Each dependency gets this long; the page answers within it even when Redis or Postgres stalls. */
export const PIPELINE_PROBE_TIMEOUT_MS = 1500;
const RECENT_RUNS = 5;

export type Reachability = { reachable: true; roundTripMs: number } | { reachable: false; error: string };

/** A section read from one store: its value, or why it is missing (that store is unreachable or failed). */
export type Section<T> = { value: T } | { value: null; error: string };

export interface PipelineHealth {
  checkedAt: Date;
  redis: Reachability;
  postgres: Reachability;
  queues: Section<QueueHealthView[]>;
  lag: Section<IngestLag & { oldestWaitingUsageJobAgeMs: number | null }>;
  unrated: Section<{ count: number; capped: boolean }>;
  ratingSweep: Section<RatingSweepView>;
  reconciliationRuns: Section<ReconciliationRunView[]>;
}

function reachability(result: Settled<unknown>): Reachability {
  return result.ok ? { reachable: true, roundTripMs: result.ms } : { reachable: false, error: result.error };
}

function section<T>(result: Settled<T>, store: string): Section<T> {
  return result.ok ? { value: result.value } : { value: null, error: `${store} is unreachable (${result.error})` };
}

/**
 * The operators' pipeline health: every queue's depth and throughput, ingest→ledger lag, unrated events and the
 * rating sweep, the latest reconciliation runs, and whether Redis and Postgres answer. Every read runs at once with
 * its own deadline; a store that is down makes its sections unreachable instead of failing the whole answer.
 */
export async function getPipelineHealth(
  db: DbOrTx,
  probe: PipelineProbe,
  now: Date = new Date(),
): Promise<PipelineHealth> {
  // Each store is pinged first: one that does not answer skips its reads at once (they would only wait for the
  // same deadline); one that does gets the rest of the deadline for them, read in parallel.
  const [[redis, queues, ratingSweep], [postgres, lag, unrated, runs]] = await Promise.all([
    readStore(() => probe.pingRedis(), [() => probe.queues(), () => probe.ratingSweep()] as const),
    readStore(() => db.$queryRaw`SELECT 1`, [
      () => readIngestLag(db, now),
      () => countUnratedEvents(db),
      () => listReconciliationRuns(db, { limit: RECENT_RUNS, findingsPerRun: 0 }),
    ] as const),
  ]);
  const usage = queues.ok ? queues.value.find((queue) => queue.key === "usage") : undefined;
  const oldest = usage?.oldestWaitingAt ?? null;
  return {
    checkedAt: now,
    redis: reachability(redis),
    postgres: reachability(postgres),
    queues: section(queues, "Redis"),
    lag: lag.ok
      ? {
          value: {
            ...lag.value,
            oldestWaitingUsageJobAgeMs: oldest ? Math.max(0, now.getTime() - oldest.getTime()) : null,
          },
        }
      : section(lag, "Postgres"),
    unrated: section(unrated, "Postgres"),
    ratingSweep: section(ratingSweep, "Redis"),
    reconciliationRuns: section(runs, "Postgres"),
  };
}

type Reads = readonly (() => Promise<unknown>)[];
type SettledReads<R extends Reads> = { [K in keyof R]: Settled<Awaited<ReturnType<R[K]>>> };

/** Pings a store, then runs its reads within what is left of PIPELINE_PROBE_TIMEOUT_MS; skips them if it is down. */
async function readStore<R extends Reads>(
  ping: () => Promise<unknown>,
  reads: R,
): Promise<[Settled<unknown>, ...SettledReads<R>]> {
  const pinged = await settle(ping, PIPELINE_PROBE_TIMEOUT_MS);
  const results = pinged.ok
    ? await Promise.all(reads.map((read) => settle(read, Math.max(PIPELINE_PROBE_TIMEOUT_MS - pinged.ms, 100))))
    : reads.map(() => ({ ok: false as const, error: pinged.error, ms: 0 }));
  return [pinged, ...(results as SettledReads<R>)];
}
