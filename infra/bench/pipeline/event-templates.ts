import { createTrafficGenerator } from "../../local/demo-traffic/traffic-generator.ts";
import { createRandom, type Random } from "../../local/demo-traffic/random.ts";
import { weightedSampler, zipfExponentForTopShare, zipfWeights } from "../../local/demo-traffic/zipf.ts";

/** A realistic event without id and timestamp, pre-serialised, plus its fields for the COPY reference. */
export interface EventTemplate {
  /** `"model":...,"input_tokens":...` — the JSON members after id and timestamp, without braces. */
  members: string;
  fields: {
    model: string;
    tokens: [input: number, cachedInput: number, cacheWrite: number, output: number, reasoning: number];
    customer: string | null;
    agent: string | null;
    taskId: string | null;
    sessionId: string | null;
  };
}

/**
 * Event bodies come from the demo traffic generator (agent tasks with growing cached contexts, Zipf models), made
 * once before the load so the client spends its CPU on HTTP, not on generating traffic.
 */
export function buildEventTemplates(count: number, seed: number): EventTemplate[] {
  const generator = createTrafficGenerator({ tenants: ["bench"], seed, customersPerTenant: 16 });
  const now = new Date();
  return Array.from({ length: count }, () => {
    const { event } = generator.next(now);
    const { id: _id, timestamp: _timestamp, ...rest } = event;
    const json = JSON.stringify(rest);
    return {
      members: json.slice(1, -1),
      fields: {
        model: event.model,
        tokens: [
          event.input_tokens ?? 0,
          event.cached_input_tokens ?? 0,
          event.cache_write_tokens ?? 0,
          event.output_tokens ?? 0,
          event.reasoning_tokens ?? 0,
        ],
        customer: event.customer ?? null,
        agent: event.agent ?? null,
        taskId: event.task_id ?? null,
        sessionId: event.session_id ?? null,
      },
    };
  });
}

/** Picks tenants Zipf-distributed so that the first one sends `topShare` of all requests. */
export function tenantPicker(tenantCount: number, topShare: number, random: Random): () => number {
  const pick = weightedSampler(zipfWeights(tenantCount, zipfExponentForTopShare(tenantCount, topShare)));
  return () => pick(random);
}

export { createRandom };
