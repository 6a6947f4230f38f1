import { arrayLiteral } from "@tollgate/db/bulk";
import type { DbOrTx } from "@tollgate/db";

export interface ApiKeyUsageRecorderOptions {
  /** How often noted keys are written (default 5 s): `last_used_at` is at most this late. */
  flushIntervalMs?: number;
  /** A failed write is retried at the next flush; this only reports it. */
  onError?: (error: unknown) => void;
}

export interface ApiKeyUsageRecorder {
  /** Remembers that a key was used; costs no I/O. */
  note(keyId: string): void;
  /** Writes every key noted since the last flush in one UPDATE (none when nothing was noted). */
  flush(): Promise<void>;
  /** Stops the timer and writes what is left (call on shutdown). */
  close(): Promise<void>;
}

/**
 * Records API keys' last use in batches: a write per authenticated request would put a Postgres write on the ingest
 * hot path, so used key ids are collected in memory and written with one `UPDATE … WHERE id = ANY($1)` per interval.
 */
export function createApiKeyUsageRecorder(db: DbOrTx, options: ApiKeyUsageRecorderOptions = {}): ApiKeyUsageRecorder {
  let pending = new Set<string>();
  // One flush at a time, so the timer, an explicit flush and close never write the same ids twice concurrently.
  let flushing: Promise<void> = Promise.resolve();

  const write = async () => {
    if (pending.size === 0) return;
    const ids = [...pending];
    pending = new Set();
    try {
      await db.$executeRaw`UPDATE api_keys SET last_used_at = now() WHERE id = ANY(${arrayLiteral(ids)}::uuid[])`;
    } catch (error) {
      for (const id of ids) pending.add(id);
      throw error;
    }
  };

  const flush = () => {
    flushing = flushing.then(write, write);
    return flushing;
  };

  const timer = setInterval(() => {
    flush().catch((error: unknown) => options.onError?.(error));
  }, options.flushIntervalMs ?? 5000);
  // The timer alone must not keep a process alive; shutdown calls close().
  timer.unref();

  return {
    note(keyId) {
      pending.add(keyId);
    },
    flush,
    async close() {
      clearInterval(timer);
      await flush();
    },
  };
}
