import type { UsageEventInput } from "@tollgate/domain";

export interface BatchResult {
  accepted: number;
  duplicates: number;
  rejected: number;
}

/** A failure that retrying cannot fix (a wrong or revoked key): the run stops. */
export class FatalSendError extends Error {}

export interface SendOptions {
  ingestUrl: string;
  apiKey: string;
  /** Aborts even a request in flight. */
  signal: AbortSignal;
  /** Ends waiting to retry (the batch is then given up); a request in flight still completes. */
  retrySignal?: AbortSignal;
  /** Told about each wait, so the user sees why traffic paused. */
  onRetry?: (reason: string, waitMs: number) => void;
}

const DEFAULT_RETRY_MS = 1000;
const MAX_RETRY_MS = 30_000;

/** Retry-After as seconds or an HTTP date, in milliseconds (bounded); the default when absent or unreadable. */
export function retryAfterMs(header: string | null, now = Date.now()): number {
  if (header === null || header.trim() === "") return DEFAULT_RETRY_MS;
  const seconds = Number(header);
  const ms = Number.isFinite(seconds) ? seconds * 1000 : Date.parse(header) - now;
  return Number.isFinite(ms) ? Math.min(MAX_RETRY_MS, Math.max(0, ms)) : DEFAULT_RETRY_MS;
}

/**
 * POSTs one batch to `/v1/events`, retrying the same batch (same ids, so a retry is never double-counted) on 429/503
 * after Retry-After and on network errors. Resolves with ingest's counts, or null when given up (stopped).
 */
export async function sendBatch(events: readonly UsageEventInput[], options: SendOptions): Promise<BatchResult | null> {
  const url = new URL("/v1/events", options.ingestUrl);
  const body = JSON.stringify({ events });
  // A function, not a property read: the signal flips during the awaits below.
  const stopped = () => options.signal.aborted;
  while (!stopped()) {
    let response: Response;
    try {
      response = await fetch(url, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${options.apiKey}` },
        body,
        signal: options.signal,
      });
    } catch (error) {
      if (stopped()) return null;
      const reason = `ingest at ${options.ingestUrl} is not reachable (${describe(error)}); is \`npm start\` running?`;
      if (!(await pause(reason, DEFAULT_RETRY_MS * 2, options))) return null;
      continue;
    }
    if (response.status === 202) return countsOf(await response.json(), events.length);
    const text = await response.text();
    if (response.status === 429 || response.status === 503) {
      const waitMs = retryAfterMs(response.headers.get("retry-after"));
      if (!(await pause(`ingest answered ${response.status.toString()}`, waitMs, options))) return null;
      continue;
    }
    if (response.status === 401 || response.status === 403) {
      throw new FatalSendError(
        `ingest refused the key (${response.status.toString()}): the database was reset? run \`npm run seed\` again`,
      );
    }
    if (response.status === 400) return { accepted: 0, duplicates: 0, rejected: events.length };
    throw new FatalSendError(`ingest answered ${response.status.toString()}: ${text.slice(0, 300)}`);
  }
  return null;
}

function countsOf(body: unknown, sent: number): BatchResult {
  if (typeof body !== "object" || body === null) return { accepted: sent, duplicates: 0, rejected: 0 };
  const record = body as Record<string, unknown>;
  return {
    accepted: typeof record.accepted === "number" ? record.accepted : 0,
    duplicates: typeof record.duplicates === "number" ? record.duplicates : 0,
    rejected: Array.isArray(record.rejected) ? record.rejected.length : 0,
  };
}

/** Waits unless stopped first; false when stopped. */
async function pause(reason: string, waitMs: number, options: SendOptions): Promise<boolean> {
  const signals = options.retrySignal ? [options.signal, options.retrySignal] : [options.signal];
  if (signals.some((signal) => signal.aborted)) return false;
  options.onRetry?.(reason, waitMs);
  return new Promise((resolve) => {
    const settle = (waited: boolean) => {
      clearTimeout(timer);
      for (const signal of signals) signal.removeEventListener("abort", onAbort);
      resolve(waited);
    };
    const onAbort = () => {
      settle(false);
    };
    const timer = setTimeout(() => {
      settle(true);
    }, waitMs);
    for (const signal of signals) signal.addEventListener("abort", onAbort, { once: true });
  });
}

function describe(error: unknown): string {
  if (error instanceof Error) {
    const cause = error.cause instanceof Error ? error.cause.message : undefined;
    return cause ?? error.message;
  }
  return String(error);
}
