import { TOKEN_TYPES, type TokenType } from "@tollgate/domain";
import { daysIn, type DateRange } from "./date-range.ts";
import type { DailyUsage } from "./router-types.ts";

export type DailyPoint = { day: string; amount: string } & Record<TokenType, number>;

/**
 * One chart point per day of the range, zero where there was no usage. Token counts become numbers here and only
 * here: chart geometry needs them, and any rounding above 2^53 is invisible at pixel scale. Tables keep exact strings.
 */
export function dailySeries(daily: DailyUsage[], range: DateRange): DailyPoint[] {
  const byDay = new Map(daily.map((row) => [row.day, row]));
  return daysIn(range).map((day) => {
    const row = byDay.get(day);
    const point = { day, amount: row?.amount ?? "0" } as DailyPoint;
    for (const type of TOKEN_TYPES) point[type] = Number(row?.tokens[type] ?? "0");
    return point;
  });
}
