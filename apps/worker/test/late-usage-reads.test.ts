import { randomUUID } from "node:crypto";
import type { Db } from "@tollgate/db";
import { parseUsageEvent, zoneDayOf, zoneDayStart, type QueuedUsageEvent } from "@tollgate/domain";
import type { UsageJobPayload } from "@tollgate/queues";
import type { Principal } from "@tollgate/use-cases/access";
import { createModel } from "@tollgate/use-cases/catalog";
import { setTenantTimeZone } from "@tollgate/use-cases/tenants";
import {
  exploreUsage,
  refreshHourlyModelRollups,
  refreshLocalDayRollups,
  withHourlyRollupsOnly,
  type ExploreUsageQuery,
} from "@tollgate/use-cases/usage";
import type pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { recordUsageJobs } from "../src/jobs/record-usage.ts";
import { CatalogCache } from "../src/store/catalog-cache.ts";
import type { RatingSweepHarness } from "./support/run-rating-sweep-worker.ts";
import type { UsageWorkerHarness } from "./support/run-usage-worker.ts";
import { ageRollupChanges, KNOWN_MODEL, startRollupFixture, type RollupFixture } from "./support/rollup-fixture.ts";

/**
 * Usage recorded late (back-dated hours or days into hours and days the refreshed tables already serve) or re-rated
 * there shows in the explorer's reads at once, not at the next refresh: the recording transaction notes the late
 * hours, and reads take the noted hours a refresh may not hold yet from the hourly rows. On the real clock, since
 * what is late is measured against the transaction's start.
 */
let fixture: RollupFixture;
let pool: pg.Pool;
let db: Db;
let usage: UsageWorkerHarness;
let sweeps: RatingSweepHarness;
const tenantId = randomUUID();
const ZONE = "America/New_York";
const HOUR_MS = 3_600_000;
const OPERATOR: Principal = { kind: "operator_key", keyId: null, prefix: "tg_ops" };

beforeAll(async () => {
  fixture = await startRollupFixture({ id: tenantId, slug: "late-usage", name: "Late Usage Inc" });
  ({ pool, db, usage, sweeps } = fixture);
});

afterAll(async () => {
  await fixture.close();
});

let n = 0;
/** One event `hoursAgo` before now, of `model` (`newco/*`: unpriced until a test prices it). */
function eventAgo(hoursAgo: number, model = KNOWN_MODEL): QueuedUsageEvent {
  n += 1;
  const now = new Date();
  const timestamp = new Date(now.getTime() - hoursAgo * HOUR_MS).toISOString();
  const fields = { input_tokens: 1000 * n + 7, output_tokens: 333 * n, cached_input_tokens: 50 * n };
  const parsed = parseUsageEvent({ id: `late-${String(n)}`, model, timestamp, ...fields }, now);
  if (!parsed.ok) throw new Error(parsed.message);
  return parsed.event;
}

const hourOf = (event: QueuedUsageEvent) =>
  new Date(Math.floor(Date.parse(event.timestamp) / HOUR_MS) * HOUR_MS).toISOString();

/** The zone's last four whole local days and today (its midnights are whole UTC hours, as the explorer asks). */
function zoneDays(): { from: Date; to: Date } {
  const now = Date.now();
  return {
    from: zoneDayStart(zoneDayOf(new Date(now - 4 * 24 * HOUR_MS), ZONE), ZONE),
    to: zoneDayStart(zoneDayOf(new Date(now + 26 * HOUR_MS), ZONE), ZONE),
  };
}

/** The reads the refreshed tables serve: hourly by model, daily by model and by token type in the tenant's zone. */
async function explore() {
  const range = zoneDays();
  const read = (query: Partial<ExploreUsageQuery>) =>
    exploreUsage(db, tenantId, {
      ...range,
      granularity: "day",
      timeZone: ZONE,
      groupBy: "model",
      filters: {},
      ...query,
    });
  return Promise.all([
    read({ granularity: "hour", timeZone: "UTC", groupBy: "model" }),
    read({ groupBy: "model" }),
    read({ groupBy: "token_type" }),
  ]);
}

async function expectHourlyEquality(when: string) {
  expect(await explore(), when).toEqual(await withHourlyRollupsOnly(explore));
}

async function refreshBoth() {
  expect(await refreshHourlyModelRollups(db)).toMatchObject({ ran: true });
  expect(await refreshLocalDayRollups(db)).toMatchObject({ ran: true });
}

/** The tenant's noted hours (ISO) recorded after `since`. */
async function notedSince(since: Date, tenant = tenantId): Promise<string[]> {
  const { rows } = await pool.query<{ hour: Date }>(
    "SELECT hour FROM usage_rollup_changes WHERE tenant_id = $1 AND changed_at > $2 ORDER BY hour",
    [tenant, since],
  );
  return rows.map(({ hour }) => hour.toISOString());
}

/** Waits into the next hour when this one ends within a minute: "the current hour" must stay current for a job. */
async function awayFromHourEnd() {
  const left = HOUR_MS - (Date.now() % HOUR_MS);
  if (left < 60_000) await new Promise((resolve) => setTimeout(resolve, left + 1000));
}

describe("late and re-rated usage in the refreshed rollups' reads", () => {
  it("shows at once, before any refresh, and stays the same after it", async () => {
    await setTenantTimeZone(db, tenantId, ZONE, OPERATOR);
    // Usage over the last days, some of a model without a price (re-rated later), all in served hours.
    const unrated = [eventAgo(30, "newco/alpha"), eventAgo(5, "newco/alpha")];
    await usage.runJob([
      { tenantId, apiKeyId: null, events: [eventAgo(50), eventAgo(29), eventAgo(28), eventAgo(4), ...unrated] },
    ]);
    await refreshBoth();
    // That usage was late too (noted): as if noted long before the refresh, so the refreshed rows serve its hours.
    await ageRollupChanges(pool);
    await refreshBoth();
    await expectHourlyEquality("after the refreshes");

    // Late usage into served hours (3 h back), a served local day (27 h back), the late margin (1.5 h), and now.
    await awayFromHourEnd();
    const recorded = new Date();
    const late = [eventAgo(3), eventAgo(27), eventAgo(1.5)];
    const current = eventAgo(0);
    await usage.runJob([{ tenantId, apiKeyId: null, events: [...late, current] }]);
    await expectHourlyEquality("late usage, no refresh since");
    const noted = await notedSince(recorded);
    expect(noted).toEqual(late.map(hourOf).sort());
    expect(noted).not.toContain(hourOf(current));

    // Re-rating unrated usage of served hours and days: priced now, swept.
    await createModel(
      db,
      {
        id: "newco/alpha",
        provider: "newco",
        displayName: "Alpha",
        costRates: {
          effectiveFrom: new Date("2026-01-01T00:00:00Z"),
          rates: { input: "1.3", output: "4.1", cached_input: "0.13" },
        },
      },
      { actor: "system:late-usage-reads-test" as const, reason: "price for a model in use" },
    );
    const swept = new Date();
    await sweeps.runSweeps([{ reason: "price_change", tenantId }]);
    expect(await notedSince(swept)).toEqual(unrated.map(hourOf).sort());
    await expectHourlyEquality("re-rated usage, no refresh since");

    await refreshBoth();
    await expectHourlyEquality("after the next refreshes");
  });

  it("notes the late hours of every job of a group commit, of each tenant, the stored events only", async () => {
    const other = randomUUID();
    await pool.query("INSERT INTO tenants (id, slug, name, created_at) VALUES ($1, 'late-other', 'Other', now())", [
      other,
    ]);
    const payload = (tenant: string, events: QueuedUsageEvent[]): UsageJobPayload => ({
      receivedAt: new Date().toISOString(),
      batches: [{ tenantId: tenant, apiKeyId: null, events }],
    });
    await awayFromHourEnd();
    const since = new Date();
    const mine = eventAgo(6);
    const theirs = eventAgo(9);
    const deps = { catalog: new CatalogCache(0) };
    await recordUsageJobs(pool, [payload(tenantId, [mine, eventAgo(0)]), payload(other, [theirs])], deps);
    expect(await notedSince(since)).toEqual([hourOf(mine)]);
    expect(await notedSince(since, other)).toEqual([hourOf(theirs)]);

    // A job redone after its COPY met a stored event notes only the events it stored: not the stored one's hour.
    await pool.query("DELETE FROM usage_rollup_changes WHERE tenant_id = $1", [other]);
    const again = new Date();
    const newer = eventAgo(12);
    const recorded = await recordUsageJobs(pool, [payload(other, [theirs, newer])], deps);
    expect(recorded).toMatchObject({ inserted: 1, duplicates: 1 });
    expect(await notedSince(again, other)).toEqual([hourOf(newer)]);
  });

  it("keep a local day from the local rows only an hour after its refresh: usage recorded as it ran shows", async () => {
    await awayFromHourEnd();
    // A zone whose day ends with the current hour (Etc/GMT-3 is UTC+3): at most 14 hours ahead, 12 behind.
    const dayEnd = new Date((Math.floor(Date.now() / HOUR_MS) + 1) * HOUR_MS);
    const ahead = dayEnd.getUTCHours() <= 12 ? -dayEnd.getUTCHours() : 24 - dayEnd.getUTCHours();
    const zone = ahead === 0 ? "Etc/GMT" : `Etc/GMT${ahead > 0 ? "-" : "+"}${String(Math.abs(ahead))}`;
    await setTenantTimeZone(db, tenantId, zone, OPERATOR);
    // The hours noted above, as if long before (none keeps the day from the local rows), then refreshed.
    await ageRollupChanges(pool);
    expect(await refreshHourlyModelRollups(db)).toMatchObject({ ran: true });
    expect(await refreshLocalDayRollups(db)).toMatchObject({ ran: true, zonesFilled: 1 });
    const day = { from: zoneDayStart(zoneDayOf(new Date(dayEnd.getTime() - 1), zone), zone), to: dayEnd };
    expect(day.from).toEqual(new Date(dayEnd.getTime() - 24 * HOUR_MS));

    // Usage of the day's last hour, not late (not noted), in a transaction begun before a refresh that ran after the
    // day ended and whose snapshot it missed (committed after it): that refresh's local row lacks it.
    const current = eventAgo(0);
    await usage.runJob([{ tenantId, apiKeyId: null, events: [current] }]);
    expect(await notedSince(new Date(Date.now() - HOUR_MS))).not.toContain(hourOf(current));
    const { rows } = await pool.query<{ refreshed_at: Date }>("SELECT refreshed_at FROM local_rollup_refresh_state");
    await pool.query("UPDATE local_rollup_refresh_state SET refreshed_at = $1", [new Date(dayEnd.getTime() + 60_000)]);
    const read = () =>
      exploreUsage(db, tenantId, { ...day, granularity: "day", timeZone: zone, groupBy: "model", filters: {} });
    expect(await read()).toEqual(await withHourlyRollupsOnly(read));
    await pool.query("UPDATE local_rollup_refresh_state SET refreshed_at = $1", [rows[0]?.refreshed_at]);
  });
});
