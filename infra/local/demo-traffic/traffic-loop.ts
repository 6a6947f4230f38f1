import type { UsageEventInput } from "@tollgate/domain";
import type { Random } from "./random.ts";
import { sendBatch } from "./sender.ts";
import { combinedSignal } from "./signals.ts";
import type { GeneratedEvent } from "./traffic-generator.ts";
import { TrafficTotals } from "./traffic-totals.ts";

export interface TrafficLoopOptions {
  generator: { next(now: Date): GeneratedEvent };
  random: Random;
  /** Tenant slug → API key. */
  keys: ReadonlyMap<string, string>;
  ingestUrl: string;
  eventsPerSecond: number;
  /** Stop after this many seconds; run until stopped when absent. */
  durationSeconds?: number;
  /** Aborted on Ctrl-C: stop generating, flush what is buffered. */
  stop: AbortSignal;
  /** Aborted on a second Ctrl-C: give up at once, even on a request in flight. */
  abort: AbortSignal;
  log: (line: string) => void;
}

const TICK_MS = 50;
/** A tenant's partial batch is sent after this long, so small tenants' events are not held back. */
const MAX_BATCH_AGE_MS = 2000;
const PROGRESS_EVERY_MS = 5000;
/** The same retry reason is reported at most this often. */
const RETRY_LOG_EVERY_MS = 10_000;
/** Once stopped, buffered events get this long to go out. */
const FLUSH_DEADLINE_MS = 5000;

interface Buffer {
  events: UsageEventInput[];
  since: number;
  /** This batch's size, drawn from 50–200 like real clients' flush sizes. */
  target: number;
}

/**
 * Paces generated events at the target rate, groups them per tenant into batches of 50–200, and sends each batch
 * with that tenant's key. Sending is sequential: a pause for Retry-After holds back generation too, instead of
 * piling up a backlog to burst later.
 */
export async function runTrafficLoop(options: TrafficLoopOptions): Promise<TrafficTotals> {
  const totals = new TrafficTotals();
  const buffers = new Map<string, Buffer>();
  const retryLoggedAt = new Map<string, number>();
  const onRetry = (reason: string, waitMs: number) => {
    const last = retryLoggedAt.get(reason);
    if (last !== undefined && Date.now() - last < RETRY_LOG_EVERY_MS) return;
    retryLoggedAt.set(reason, Date.now());
    options.log(`${reason}; retrying every ${(waitMs / 1000).toFixed(1)} s`);
  };
  const flush = async (tenant: string, buffer: Buffer, retrySignal: AbortSignal) => {
    buffers.delete(tenant);
    const result = await sendBatch(buffer.events, {
      ingestUrl: options.ingestUrl,
      apiKey: options.keys.get(tenant) ?? "",
      signal: options.abort,
      retrySignal,
      onRetry,
    });
    if (result) totals.add(buffer.events.length, result);
    else totals.giveUp(buffer.events.length);
  };

  // Ends generation (and retry waits inside it): Ctrl-C, a second Ctrl-C, or the --duration deadline.
  const running = combinedSignal(
    [options.stop, options.abort],
    options.durationSeconds === undefined ? undefined : options.durationSeconds * 1000,
  );
  const startedAt = Date.now();
  let paced = startedAt;
  let lastProgress = startedAt;
  while (!running.signal.aborted) {
    const now = Date.now();
    // Never owe more than a second of traffic: after a pause the rate resumes rather than bursting.
    paced = Math.max(paced, now - 1000);
    const due = Math.floor(((now - paced) * options.eventsPerSecond) / 1000);
    paced += (due * 1000) / options.eventsPerSecond;
    for (let index = 0; index < due; index += 1) {
      const { tenant, event } = options.generator.next(new Date(now));
      let buffer = buffers.get(tenant);
      if (!buffer) {
        buffer = { events: [], since: now, target: options.random.int(50, 200) };
        buffers.set(tenant, buffer);
      }
      buffer.events.push(event);
    }
    for (const [tenant, buffer] of [...buffers]) {
      if (buffer.events.length >= buffer.target || Date.now() - buffer.since >= MAX_BATCH_AGE_MS) {
        await flush(tenant, buffer, running.signal);
      }
    }
    if (Date.now() - lastProgress >= PROGRESS_EVERY_MS) {
      lastProgress = Date.now();
      options.log(totals.describe());
    }
    await new Promise((resolve) => setTimeout(resolve, TICK_MS));
  }

  running.dispose();

  const flushing = combinedSignal([options.abort], FLUSH_DEADLINE_MS);
  for (const [tenant, buffer] of [...buffers]) await flush(tenant, buffer, flushing.signal);
  flushing.dispose();
  return totals;
}
