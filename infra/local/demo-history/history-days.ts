import type { QueuedUsageEvent } from "@tollgate/domain";
import { AgentTask } from "../demo-traffic/agent-task.ts";
import { UNPRICED_MODEL } from "../demo-traffic/demo-models.ts";
import { createRandom } from "../demo-traffic/random.ts";
import { weightedSampler, zipfWeights } from "../demo-traffic/zipf.ts";
import type { HistoryProfile } from "./history-profiles.ts";

const DAY_MS = 86_400_000;
/** The history covers this many UTC days, the last one today (up to now). */
export const HISTORY_DAYS = 90;
/** Calls per agent task on average (measured: AgentTask plans a median of 16, clamped to 5–60): sizes a day. */
const CALLS_PER_TASK = 20;
/** Fixed: the same day of the same tenant always holds the same tasks and event ids, so a re-seed adds nothing. */
const HISTORY_SEED = "tollgate-demo-history-v1";

/** Relative share of tasks starting in each UTC hour: working hours in Europe and the Americas, quiet nights. */
const HOUR_WEIGHTS = [2, 1.5, 1, 1, 1, 1.5, 3, 5, 7, 9, 10, 10, 9, 10, 11, 11, 10, 8, 6, 5, 4, 3, 3, 2];
const pickHour = weightedSampler(HOUR_WEIGHTS);

/** One past event and the name of the API key it came through. */
export interface HistoryEvent {
  apiKey: string;
  event: QueuedUsageEvent;
}

/** A UTC day of the history and how many agent tasks each tenant ran on it. */
export interface HistoryDay {
  start: Date;
  tasks: ReadonlyMap<string, number>;
}

/** FNV-1a over the parts: a 32-bit seed for one tenant-day or one task. */
function seedOf(...parts: string[]): number {
  let hash = 0x811c9dc5;
  for (const char of parts.join("\u0000")) {
    hash ^= char.charCodeAt(0);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash;
}

function dayKey(day: Date): string {
  return day.toISOString().slice(0, 10).replaceAll("-", "");
}

export function startOfUtcDay(instant: Date): Date {
  return new Date(Math.floor(instant.getTime() / DAY_MS) * DAY_MS);
}

/** A day's volume against today's: weekly growth (compounded back from today) and the weekend dip. */
function dayWeight(profile: HistoryProfile, day: Date, today: Date): number {
  const weeksAgo = (today.getTime() - day.getTime()) / (7 * DAY_MS);
  const weekend = day.getUTCDay() === 0 || day.getUTCDay() === 6;
  return (1 + profile.weeklyGrowth) ** -weeksAgo * (weekend ? profile.weekendFactor : 1);
}

/**
 * The history's days, oldest first, with each tenant's task count: about `events` events in all, split by the
 * profiles' shares, shaped by growth and weekday, with ±15 % day-to-day noise drawn from the tenant-day's own seed.
 */
export function planHistoryDays(profiles: readonly HistoryProfile[], events: number, now: Date): HistoryDay[] {
  const today = startOfUtcDay(now);
  const days = Array.from(
    { length: HISTORY_DAYS },
    (_, index) => new Date(today.getTime() - (HISTORY_DAYS - 1 - index) * DAY_MS),
  );
  const counts = days.map(() => new Map<string, number>());
  for (const profile of profiles) {
    const weights = days.map((day) => dayWeight(profile, day, today));
    const perUnit = (events * profile.share) / CALLS_PER_TASK / weights.reduce((sum, weight) => sum + weight, 0);
    days.forEach((day, index) => {
      const random = createRandom(seedOf(HISTORY_SEED, profile.slug, dayKey(day)));
      const expected = perUnit * (weights[index] ?? 0) * (0.85 + 0.3 * random.next());
      // Rounded at random (up with the fraction's probability): a quiet tenant's 0.3 tasks a day stay 0.3 on average.
      counts[index]?.set(profile.slug, Math.floor(expected + random.next()));
    });
  }
  return days.map((start, index) => ({ start, tasks: counts[index] ?? new Map() }));
}

/**
 * The events of a tenant's `taskCount` agent tasks on `day`, up to `now`. Task k of a day is drawn from its own seed,
 * so it is the same whatever the day's task count (which moves with the window): ids are `hist-<yyyymmdd>-<k>-<call>`.
 */
export function historyEventsOf(profile: HistoryProfile, day: Date, taskCount: number, now: Date): HistoryEvent[] {
  const key = dayKey(day);
  const pickAgent = weightedSampler(zipfWeights(profile.agents.length, 0.8));
  const pickCustomer = weightedSampler(zipfWeights(profile.customers.length, 1.1));
  const pickModel = weightedSampler(profile.models.map((entry) => entry.weight));
  const events: HistoryEvent[] = [];
  for (let k = 0; k < taskCount; k += 1) {
    const random = createRandom(seedOf(HISTORY_SEED, profile.slug, key, k.toString()));
    const agent = profile.agents[pickAgent(random)];
    const customer = profile.customers[pickCustomer(random)];
    const unpriced = random.chance(profile.unpricedShare);
    const model = unpriced ? UNPRICED_MODEL : profile.models[pickModel(random)]?.model;
    if (!agent || !customer || !model) throw new Error(`history profile ${profile.slug} is missing agents or models`);
    let at = day.getTime() + pickHour(random) * 3_600_000 + random.int(0, 3_599_999);
    const task = new AgentTask({ model, customer, agent: agent.name, sessionId: `sess_${random.hex(16)}` }, random);
    for (let call = 0; !task.done; call += 1) {
      const usage = task.nextCall();
      if (at > now.getTime()) break;
      events.push({
        apiKey: agent.apiKey,
        event: {
          id: `hist-${key}-${k.toString()}-${call.toString()}`,
          timestamp: new Date(at).toISOString(),
          model: usage.model,
          tokens: {
            input: usage.input_tokens ?? 0,
            cached_input: usage.cached_input_tokens ?? 0,
            cache_write: usage.cache_write_tokens ?? 0,
            output: usage.output_tokens ?? 0,
            reasoning: usage.reasoning_tokens ?? 0,
          },
          customer: usage.customer,
          agent: usage.agent,
          task_id: usage.task_id,
          session_id: usage.session_id,
          status: usage.status ?? "ok",
        },
      });
      // A model call takes seconds, a tool call a little more.
      at += random.int(2_000, 40_000);
    }
  }
  return events;
}
