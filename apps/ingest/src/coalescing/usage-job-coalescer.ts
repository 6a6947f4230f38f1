import { AppError, type QueuedUsageEvent } from "@tollgate/domain";
import { usageJobId, type UsageJobPayload, type UsageGroup } from "@tollgate/queues";

export interface CoalescerOptions {
  /** How long an open job waits for more requests before it is stored. */
  maxDelayMs: number;
  /** A job is stored as soon as it holds this many events (one request's events are never split). */
  maxEvents: number;
}

/** Stores one job; resolves only once Redis has it (the queue producer). */
export type StoreJob = (jobId: string, payload: UsageJobPayload) => Promise<void>;

export interface SubmitResult {
  accepted: number;
  /** Events whose id the same tenant already has in a job being assembled or stored: not queued twice. */
  duplicates: number;
}

interface JobDraft {
  readonly receivedAt: Date;
  /** One group per (tenant, API key), in the order they joined the job. */
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
 * A request is answered only when every job holding its events (or the earlier copy of an id it repeats) is
 * stored; if that fails, so does the request, and its retry is safe (Postgres' unique key is the authority).
 * A job never holds one tenant's event id twice.
 */
export class UsageJobCoalescer {
  private open: JobDraft | null = null;
  private readonly storing = new Set<JobDraft>();
  private waitingRequests = 0;
  private closed = false;

  constructor(
    private readonly store: StoreJob,
    private readonly options: CoalescerOptions,
  ) {}

  async submit(tenantId: string, apiKeyId: string | null, events: readonly QueuedUsageEvent[]): Promise<SubmitResult> {
    if (this.closed) throw new AppError("unavailable", "ingest is shutting down; retry", { retryAfterSeconds: 1 });
    const awaited = new Set<JobDraft>();
    const fresh: QueuedUsageEvent[] = [];
    for (const event of events) {
      const holder = this.jobHolding(tenantId, event.id);
      if (holder) awaited.add(holder);
      else fresh.push(event);
    }
    if (fresh.length > 0) {
      // A request's events stay in one job: if they do not fit the open job, that job is stored first.
      if (this.open && this.open.eventCount + fresh.length > this.options.maxEvents) this.flush();
      const job = this.open ?? this.openJob();
      add(job, tenantId, apiKeyId, fresh);
      awaited.add(job);
      if (job.eventCount >= this.options.maxEvents) this.flush();
    }
    this.waitingRequests += 1;
    try {
      await Promise.all([...awaited].map((job) => job.stored));
    } finally {
      this.waitingRequests -= 1;
    }
    return { accepted: fresh.length, duplicates: events.length - fresh.length };
  }

  /** Stores the open job now and waits for all stores in progress (graceful shutdown, tests). */
  async flushAll(): Promise<void> {
    this.flush();
    await Promise.allSettled([...this.storing].map((job) => job.stored));
  }

  /** Refuses new requests, then stores what was accepted so far. */
  async close(): Promise<void> {
    this.closed = true;
    await this.flushAll();
  }

  stats(): { waitingRequests: number; openEvents: number; storingJobs: number } {
    return {
      waitingRequests: this.waitingRequests,
      openEvents: this.open?.eventCount ?? 0,
      storingJobs: this.storing.size,
    };
  }

  private jobHolding(tenantId: string, eventId: string): JobDraft | undefined {
    if (this.open?.idsByTenant.get(tenantId)?.has(eventId)) return this.open;
    for (const job of this.storing) if (job.idsByTenant.get(tenantId)?.has(eventId)) return job;
    return undefined;
  }

  private openJob(): JobDraft {
    let markStored!: () => void;
    let markFailed!: (error: unknown) => void;
    const stored = new Promise<void>((resolve, reject) => {
      markStored = resolve;
      markFailed = reject;
    });
    // Every job has waiting requests; this only keeps a failure from also surfacing as an unhandled rejection.
    stored.catch(() => undefined);
    const job: JobDraft = {
      receivedAt: new Date(),
      groups: new Map(),
      idsByTenant: new Map(),
      eventCount: 0,
      stored,
      markStored,
      markFailed,
    };
    job.timer = setTimeout(() => {
      if (this.open === job) this.flush();
    }, this.options.maxDelayMs);
    this.open = job;
    return job;
  }

  private flush(): void {
    const job = this.open;
    if (!job) return;
    this.open = null;
    clearTimeout(job.timer);
    this.storing.add(job);
    const groups = [...job.groups.values()];
    const payload: UsageJobPayload = { receivedAt: job.receivedAt.toISOString(), batches: groups };
    const jobId = usageJobId(groups);
    Promise.resolve()
      .then(() => this.store(jobId, payload))
      .then(job.markStored, job.markFailed)
      .finally(() => {
        this.storing.delete(job);
      });
  }
}

function add(job: JobDraft, tenantId: string, apiKeyId: string | null, events: readonly QueuedUsageEvent[]): void {
  const key = `${tenantId}/${apiKeyId ?? ""}`;
  let group = job.groups.get(key);
  if (!group) {
    group = { tenantId, apiKeyId, events: [] };
    job.groups.set(key, group);
  }
  let ids = job.idsByTenant.get(tenantId);
  if (!ids) {
    ids = new Set();
    job.idsByTenant.set(tenantId, ids);
  }
  for (const event of events) {
    group.events.push(event);
    ids.add(event.id);
  }
  job.eventCount += events.length;
}
