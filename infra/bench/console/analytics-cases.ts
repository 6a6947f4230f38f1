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
  REFRESH_OVERLAP_SECONDS,
  refreshAnalyticsRollups,
} from "@tollgate/use-cases/analytics";

const DAY_MS = 86_400_000;

/**
 * The analytics refresh over the seeded rollups: the first one (every day, from an empty watermark), then the steady
 * state, a refresh of the last day only (the watermark set just past the day before), three times.
 */
export async function measureAnalyticsRefresh(db: Db, end: Date): Promise<void> {
  const started = performance.now();
  // Its windows (top tenants') end with the seeded data's last week, as the reads below ask.
  const refresh = () => refreshAnalyticsRollups(db, { now: new Date(end.getTime() - 1) });
  const first = await refresh();
  console.log(
    `analytics refresh, first (${first.days.toString()} days, ${first.tenantWeeks.toString()} tenant weeks): ` +
      `${(performance.now() - started).toFixed(0)} ms`,
  );
  const times: string[] = [];
  for (let run = 0; run < 3; run += 1) {
    // The rows of days before the last were updated before this instant, less the overlap the refresh looks back.
    const watermark = new Date(end.getTime() - DAY_MS + REFRESH_OVERLAP_SECONDS * 1000 + 1);
    await db.$executeRaw`UPDATE analytics_refresh_state SET refreshed_through = ${watermark} WHERE id = 1`;
    const at = performance.now();
    const result = await refresh();
    if (result.days !== 1) throw new Error(`expected the last day only, refreshed ${result.days.toString()}`);
    times.push((performance.now() - at).toFixed(0));
  }
  console.log(`analytics refresh, last day only: ${times.join(" / ")} ms`);
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
