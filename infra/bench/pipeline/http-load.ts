import { setTimeout as sleep } from "node:timers/promises";

export interface LoadTarget {
  url: string;
  /** Bearer key per tenant index; the picker chooses the tenant of each request. */
  keys: readonly string[];
  pickTenant: () => number;
  /** A fresh body (unique event ids) and how many events it carries. */
  nextBody: () => { body: string; events: number };
}

export interface LoadOptions {
  durationMs: number;
  concurrency: number;
  /** Open loop: at most this many events per second in total (paced); closed loop (as fast as possible) if absent. */
  eventsPerSecond?: number;
}

export interface LoadResult {
  requests: number;
  acceptedEvents: number;
  throttled: number;
  failed: number;
  elapsedMs: number;
  /** Per-request latency percentiles (ms), from 202 responses. */
  latencyMs: { p50: number; p99: number };
}

interface EventsResponse {
  accepted?: number;
}

/**
 * Sends requests for a fixed time with `concurrency` requests in flight. A 429 is waited out (Retry-After) and the
 * same body is sent again, as a well-behaved client would; only 202 responses count as accepted.
 */
export async function runHttpLoad(target: LoadTarget, options: LoadOptions): Promise<LoadResult> {
  const started = performance.now();
  const deadline = started + options.durationMs;
  const latencies: number[] = [];
  const result = { requests: 0, acceptedEvents: 0, throttled: 0, failed: 0 };
  let scheduledEvents = 0;

  const pace = async (events: number) => {
    if (options.eventsPerSecond === undefined) return;
    scheduledEvents += events;
    const dueAt = started + (scheduledEvents / options.eventsPerSecond) * 1000;
    const wait = dueAt - performance.now();
    if (wait > 0) await sleep(wait);
  };

  const loop = async () => {
    while (performance.now() < deadline) {
      const { body, events } = target.nextBody();
      await pace(events);
      if (performance.now() >= deadline) return;
      const key = target.keys[target.pickTenant()] ?? "";
      for (;;) {
        const sentAt = performance.now();
        // Node's fetch keeps connections alive, so each loop reuses one connection like a real client would.
        const response = await fetch(target.url, {
          method: "POST",
          headers: { "content-type": "application/json", authorization: `Bearer ${key}` },
          body,
        });
        const text = await response.text();
        result.requests += 1;
        if (response.status === 202 || response.status === 200) {
          latencies.push(performance.now() - sentAt);
          const parsed = JSON.parse(text) as EventsResponse;
          result.acceptedEvents += parsed.accepted ?? events;
          break;
        }
        if (response.status === 429 || response.status === 503) {
          result.throttled += 1;
          const retryAfter = Number(response.headers.get("retry-after") ?? "1");
          await sleep(Math.max(50, (Number.isFinite(retryAfter) ? retryAfter : 1) * 1000));
          continue;
        }
        result.failed += 1;
        if (result.failed <= 3) console.error(`[bench] HTTP ${response.status.toString()}: ${text.slice(0, 300)}`);
        break;
      }
    }
  };

  await Promise.all(Array.from({ length: options.concurrency }, loop));
  const elapsedMs = performance.now() - started;
  latencies.sort((a, b) => a - b);
  const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? 0;
  return { ...result, elapsedMs, latencyMs: { p50: at(0.5), p99: at(0.99) } };
}
