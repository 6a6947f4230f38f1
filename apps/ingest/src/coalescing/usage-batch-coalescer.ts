import { AppError, type QueuedUsageEvent } from "@tollgate/domain";
import { usageBatchJobId, type UsageBatchPayload, type UsageGroup } from "@tollgate/queues";

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
  /** Events whose id the same tenant already has in a batch being assembled or stored: not queued twice. */
  duplicates: number;
}

interface Batch {
  readonly receivedAt: Date;
  /** One group per (tenant, API key), in the order they joined the batch. */
  readonly groups: Map<string, UsageGroup>;
  /** Event ids per tenant: ids are unique per tenant only, two tenants may use the same one. */
  readonly idsByTenant: Map<string, Set<string>>;
  eventCount: number;
  readonly stored: Promise<void>;
  readonly markStored: () => void;
  readonly markFailed: (error: unknown) => void;
  timer?: NodeJS.Timeout;
}

/**
 * Merges the events of concurrent requests, of any tenants and API keys, into one queue job, bounded by time and
 * size; inside the job, events are grouped per (tenant, API key). One job for all tenants is what makes the queue
 * and the worker's transaction cheap per event when many tenants each send few events at a time.
 * A request is answered only when every batch holding its events (or the earlier copy of an id it repeats) is
 * stored; if that fails, so does the request, and its retry is safe (Postgres' unique key is the authority).
 * A job never holds one tenant's event id twice.
 */
export class UsageBatchCoalescer {
  private open: Batch | null = null;
  private readonly storing = new Set<Batch>();
  private waitingRequests = 0;
  private closed = false;

  constructor(
    private readonly store: StoreBatch,
    private readonly options: CoalescerOptions,
  ) {}

  async submit(tenantId: string, apiKeyId: string | null, events: readonly QueuedUsageEvent[]): Promise<SubmitResult> {
    if (this.closed) throw new AppError("unavailable", "ingest is shutting down; retry", { retryAfterSeconds: 1 });
    const awaited = new Set<Batch>();
    const fresh: QueuedUsageEvent[] = [];
    for (const event of events) {
      const holder = this.batchHolding(tenantId, event.id);
      if (holder) awaited.add(holder);
      else fresh.push(event);
    }
    if (fresh.length > 0) {
      // A request's events stay in one job: if they do not fit the open batch, that batch is stored first.
      if (this.open && this.open.eventCount + fresh.length > this.options.maxEvents) this.flush();
      const batch = this.open ?? this.openBatch();
      add(batch, tenantId, apiKeyId, fresh);
      awaited.add(batch);
      if (batch.eventCount >= this.options.maxEvents) this.flush();
    }
    this.waitingRequests += 1;
    try {
      await Promise.all([...awaited].map((batch) => batch.stored));
    } finally {
      this.waitingRequests -= 1;
    }
    return { accepted: fresh.length, duplicates: events.length - fresh.length };
  }

  /** Stores the open batch now and waits for all stores in progress (graceful shutdown, tests). */
  async flushAll(): Promise<void> {
    this.flush();
    await Promise.allSettled([...this.storing].map((batch) => batch.stored));
  }

  /** Refuses new requests, then stores what was accepted so far. */
  async close(): Promise<void> {
    this.closed = true;
    await this.flushAll();
  }

  stats(): { waitingRequests: number; openEvents: number; storingBatches: number } {
    return {
      waitingRequests: this.waitingRequests,
      openEvents: this.open?.eventCount ?? 0,
      storingBatches: this.storing.size,
    };
  }

  private batchHolding(tenantId: string, eventId: string): Batch | undefined {
    if (this.open?.idsByTenant.get(tenantId)?.has(eventId)) return this.open;
    for (const batch of this.storing) if (batch.idsByTenant.get(tenantId)?.has(eventId)) return batch;
    return undefined;
  }

  private openBatch(): Batch {
    let markStored!: () => void;
    let markFailed!: (error: unknown) => void;
    const stored = new Promise<void>((resolve, reject) => {
      markStored = resolve;
      markFailed = reject;
    });
    // Every batch has waiting requests; this only keeps a failure from also surfacing as an unhandled rejection.
    stored.catch(() => undefined);
    const batch: Batch = {
      receivedAt: new Date(),
      groups: new Map(),
      idsByTenant: new Map(),
      eventCount: 0,
      stored,
      markStored,
      markFailed,
    };
    batch.timer = setTimeout(() => {
      if (this.open === batch) this.flush();
    }, this.options.maxDelayMs);
    this.open = batch;
    return batch;
  }

  private flush(): void {
    const batch = this.open;
    if (!batch) return;
    this.open = null;
    clearTimeout(batch.timer);
    this.storing.add(batch);
    const groups = [...batch.groups.values()];
    const payload: UsageBatchPayload = { receivedAt: batch.receivedAt.toISOString(), batches: groups };
    const jobId = usageBatchJobId(groups);
    Promise.resolve()
      .then(() => this.store(jobId, payload))
      .then(batch.markStored, batch.markFailed)
      .finally(() => {
        this.storing.delete(batch);
      });
  }
}

function add(batch: Batch, tenantId: string, apiKeyId: string | null, events: readonly QueuedUsageEvent[]): void {
  const key = `${tenantId}/${apiKeyId ?? ""}`;
  let group = batch.groups.get(key);
  if (!group) {
    group = { tenantId, apiKeyId, events: [] };
    batch.groups.set(key, group);
  }
  let ids = batch.idsByTenant.get(tenantId);
  if (!ids) {
    ids = new Set();
    batch.idsByTenant.set(tenantId, ids);
  }
  for (const event of events) {
    group.events.push(event);
    ids.add(event.id);
  }
  batch.eventCount += events.length;
}
