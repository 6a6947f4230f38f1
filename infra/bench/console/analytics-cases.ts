import type { Db } from "@tollgate/db";
import {
  analyticsWindow,
  getMargin,
  getProviderShare,
  getTokensByModelWeek,
  getTopAgents,
  getTopTenants,
  getUnratedVolume,
  groupedTopTenants,
  refreshAnalyticsRollups,
} from "@tollgate/use-cases/analytics";
import { recordSmallChange, seedEventHistory } from "./refresh-changes.ts";

const DAY_MS = 86_400_000;
/** Events stored in usage_events for the refresh's look-up of recent events (the rollups are seeded without them). */
const HISTORY_EVENTS = 2_000_000;

/**
 * The analytics refresh over the seeded rollups: the first one (every day, from an empty watermark), then the steady
 * state, three times: a small change (two events of each of 20 tenants on the last day, recorded as the worker
 * does) and the refresh that follows it, which finds the changed day from the events inserted since its watermark.
 */
export async function measureAnalyticsRefresh(db: Db, start: Date, end: Date): Promise<void> {
  const started = performance.now();
  // Its windows (top tenants') end with the seeded data's last week, as the reads below ask.
  const refresh = () => refreshAnalyticsRollups(db, { now: new Date(end.getTime() - 1) });
  const first = await refresh();
  console.log(
    `analytics refresh, first (${first.days.toString()} days, ${first.tenantWeeks.toString()} tenant weeks): ` +
      `${(performance.now() - started).toFixed(0)} ms`,
  );
  await seedEventHistory(db, { start, end, events: HISTORY_EVENTS });
  const times: string[] = [];
  for (let round = 0; round < 3; round += 1) {
    await recordSmallChange(db, { day: new Date(end.getTime() - DAY_MS), tenants: 20, round });
    const at = performance.now();
    const result = await refresh();
    if (result.days !== 1) throw new Error(`expected the last day only, refreshed ${result.days.toString()}`);
    times.push((performance.now() - at).toFixed(0));
  }
  console.log(`analytics refresh after a small change (the last day): ${times.join(" / ")} ms`);
}

/** The operators' analytics reads over 12 weeks ending with the seeded data's last day. */
export function analyticsCases(db: Db, end: Date): [string, () => Promise<unknown>][] {
  const query = { weeks: 12, now: new Date(end.getTime() - 1) };
  const usd = { ...query, currency: "USD" };
  return [
    ["analytics tokens by model 12 w", () => getTokensByModelWeek(db, { ...query, topModels: 5 })],
    ["analytics provider share 12 w", () => getProviderShare(db, usd)],
    ["analytics top tenants 12 w", () => getTopTenants(db, { ...usd, limit: 10 })],
    [
      "analytics top tenants 12 w, weekly rows grouped (before)",
      () => groupedTopTenants(db, analyticsWindow(query), "USD", 10),
    ],
    ["analytics top agents 12 w", () => getTopAgents(db, { ...usd, limit: 10 })],
    ["analytics margin by model 12 w", () => getMargin(db, { ...usd, by: "model" })],
    ["analytics margin by provider 12 w", () => getMargin(db, { ...usd, by: "provider" })],
    ["analytics unrated 12 w", () => getUnratedVolume(db, query)],
  ];
}
