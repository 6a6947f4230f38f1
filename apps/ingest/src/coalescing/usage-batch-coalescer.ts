import { AppError, type QueuedUsageEvent } from "@tollgate/domain";
import { usageBatchJobId, type UsageBatchPayload } from "@tollgate/queues";

export interface CoalescerOptions {
  /** How long an open batch waits for more requests before it is stored. */
  maxDelayMs: number;
  /** A batch is stored as soon as it holds this many events (one request's events are never split). */
  maxEvents: number;
}

/** Stores one job; resolves only once Redis has it (the queue producer). */
export type StoreBatch = (jobId: string, payload: UsageBatchPayload) => Promise<void>;

export interface SubmitResult {
  accepted: number;
  /** Events whose id is already in a batch of the same key being assembled or stored: not queued twice. */
  duplicates: number;
}

interface Batch {
  readonly receivedAt: Date;
  readonly events: QueuedUsageEvent[];
  readonly ids: Set<string>;
  readonly stored: Promise<void>;
  readonly markStored: () => void;
  readonly markFailed: (error: unknown) => void;
  timer?: NodeJS.Timeout;
}

interface KeyState {
  tenantId: string;
  apiKeyId: string | null;
  open: Batch | null;
  storing: Set<Batch>;
}

/**
 * Merges the events of concurrent requests from one (tenant, API key) into one queue job, bounded by time and size.
 * A request is answered only when every batch holding its events (or the earlier copy of an id it repeats) is
 * stored; if that fails, so does the request, and its retry is safe (Postgres' unique key is the authority).
 * A job never holds an event id twice.
 */
export class UsageBatchCoalescer {
  private readonly keys = new Map<string, KeyState>();
  private waitingRequests = 0;
  private closed = false;

  constructor(
    private readonly store: StoreBatch,
    private readonly options: CoalescerOptions,
  ) {}

  async submit(tenantId: string, apiKeyId: string | null, events: readonly QueuedUsageEvent[]): Promise<SubmitResult> {
    if (this.closed) throw new AppError("unavailable", "ingest is shutting down; retry", { retryAfterSeconds: 1 });
    const state = this.stateFor(tenantId, apiKeyId);
    const awaited = new Set<Batch>();
    const fresh: QueuedUsageEvent[] = [];
    for (const event of events) {
      const holder = this.batchHolding(state, event.id);
      if (holder) awaited.add(holder);
      else fresh.push(event);
    }
    if (fresh.length > 0) {
      if (state.open && state.open.events.length + fresh.length > this.options.maxEvents) this.flush(state);
      const batch = state.open ?? this.openBatch(state);
      for (const event of fresh) {
        batch.events.push(event);
        batch.ids.add(event.id);
      }
      awaited.add(batch);
      if (batch.events.length >= this.options.maxEvents) this.flush(state);
    }
    this.waitingRequests += 1;
    try {
      await Promise.all([...awaited].map((batch) => batch.stored));
    } finally {
      this.waitingRequests -= 1;
    }
    return { accepted: fresh.length, duplicates: events.length - fresh.length };
  }

  /** Stores every open batch now and waits for all stores in progress (graceful shutdown, tests). */
  async flushAll(): Promise<void> {
    const storing: Promise<void>[] = [];
    for (const state of this.keys.values()) {
      if (state.open) this.flush(state);
      for (const batch of state.storing) storing.push(batch.stored);
    }
    await Promise.allSettled(storing);
  }

  /** Refuses new requests, then stores what was accepted so far. */
  async close(): Promise<void> {
    this.closed = true;
    await this.flushAll();
  }

  stats(): { waitingRequests: number; openEvents: number; storingBatches: number } {
    let openEvents = 0;
    let storingBatches = 0;
    for (const state of this.keys.values()) {
      openEvents += state.open?.events.length ?? 0;
      storingBatches += state.storing.size;
    }
    return { waitingRequests: this.waitingRequests, openEvents, storingBatches };
  }

  private stateFor(tenantId: string, apiKeyId: string | null): KeyState {
    const key = `${tenantId}/${apiKeyId ?? ""}`;
    let state = this.keys.get(key);
    if (!state) {
      state = { tenantId, apiKeyId, open: null, storing: new Set() };
      this.keys.set(key, state);
    }
    return state;
  }

  private batchHolding(state: KeyState, eventId: string): Batch | undefined {
    if (state.open?.ids.has(eventId)) return state.open;
    for (const batch of state.storing) if (batch.ids.has(eventId)) return batch;
    return undefined;
  }

  private openBatch(state: KeyState): Batch {
    let markStored!: () => void;
    let markFailed!: (error: unknown) => void;
    const stored = new Promise<void>((resolve, reject) => {
      markStored = resolve;
      markFailed = reject;
    });
    // Every batch has waiting requests; this only keeps a failure from also surfacing as an unhandled rejection.
    stored.catch(() => undefined);
    const batch: Batch = { receivedAt: new Date(), events: [], ids: new Set(), stored, markStored, markFailed };
    batch.timer = setTimeout(() => {
      if (state.open === batch) this.flush(state);
    }, this.options.maxDelayMs);
    state.open = batch;
    return batch;
  }

  private flush(state: KeyState): void {
    const batch = state.open;
    if (!batch) return;
    state.open = null;
    clearTimeout(batch.timer);
    state.storing.add(batch);
    const jobId = usageBatchJobId(
      state.tenantId,
      batch.events.map((event) => event.id),
    );
    const payload: UsageBatchPayload = {
      tenantId: state.tenantId,
      apiKeyId: state.apiKeyId,
      receivedAt: batch.receivedAt.toISOString(),
      events: batch.events,
    };
    Promise.resolve()
      .then(() => this.store(jobId, payload))
      .then(batch.markStored, batch.markFailed)
      .finally(() => {
        state.storing.delete(batch);
        if (!state.open && state.storing.size === 0) this.keys.delete(`${state.tenantId}/${state.apiKeyId ?? ""}`);
      });
  }
}
