import type { Db, DbOrTx } from "@tollgate/db";
import { exploreUsage, withHourlyRollupsOnly, type ExploreUsageQuery } from "@tollgate/use-cases/usage";

type Range = { from: Date; to: Date };
const ROLLED_BACK = new Error("rolled back");

/**
 * The explorer's reads the per-model hourly rollups serve, each next to the path before them (run interleaved):
 * hourly 7 days by model and by token type against the hourly rows only (the hourly reads' path before), and daily
 * reads by model whose hourly parts (hours moved between another zone's days, partial days) now come from the
 * per-model rows, against the same read with the refresh's cut cleared (the path before). Those two run in a
 * transaction rolled back after the read, the one with the per-model rows too, so both pay the same overhead.
 */
export function hourlyModelCases(
  db: Db,
  tenantId: string,
  ranges: { week: Range; torontoDays: Range; newYorkUtcMidnights: Range },
): [string, () => Promise<unknown>][] {
  const read = (client: DbOrTx, range: Range, query: Pick<ExploreUsageQuery, "granularity" | "timeZone" | "groupBy">) =>
    exploreUsage(client, tenantId, { ...range, ...query, filters: {} });
  const hourly = (groupBy: "model" | "token_type") => () =>
    read(db, ranges.week, { granularity: "hour", timeZone: "UTC", groupBy });
  const daily = (range: Range, timeZone: string, withoutModelRows: boolean) => () =>
    db
      .$transaction(async (tx) => {
        if (withoutModelRows) await tx.$executeRaw`UPDATE hourly_model_refresh_state SET refreshed_at = NULL`;
        else await tx.$executeRaw`UPDATE hourly_model_refresh_state SET refreshed_at = refreshed_at`;
        await read(tx, range, { granularity: "day", timeZone, groupBy: "model" });
        throw ROLLED_BACK;
      })
      .catch((error: unknown) => {
        if (error !== ROLLED_BACK) throw error;
      });
  return [
    ["explore hourly 7 d by model", hourly("model")],
    ["  same, hourly rows only (before)", () => withHourlyRollupsOnly(hourly("model"))],
    ["explore hourly 7 d by token type", hourly("token_type")],
    ["  same, hourly rows only (before) ", () => withHourlyRollupsOnly(hourly("token_type"))],
    [
      "daily by model, Toronto days (moved hours per model), rolled-back tx",
      daily(ranges.torontoDays, "America/Toronto", false),
    ],
    ["  same, without the per-model rows (before)", daily(ranges.torontoDays, "America/Toronto", true)],
    [
      "daily by model, UTC midnights in New York days, rolled-back tx",
      daily(ranges.newYorkUtcMidnights, "America/New_York", false),
    ],
    ["  same, without the per-model rows (before) ", daily(ranges.newYorkUtcMidnights, "America/New_York", true)],
  ];
}
