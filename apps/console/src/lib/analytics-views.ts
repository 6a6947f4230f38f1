import { money } from "@tollgate/domain";
import type { RouterOutputs } from "./router-types.ts";

export type TokensByModel = RouterOutputs["analytics"]["tokensByModel"];
export type ProviderShare = RouterOutputs["analytics"]["providerShare"];
export type TopTenants = RouterOutputs["analytics"]["topTenants"];
export type TopAgents = RouterOutputs["analytics"]["topAgents"];
export type MarginReport = RouterOutputs["analytics"]["margin"];
export type UnratedVolume = RouterOutputs["analytics"]["unrated"];

export const DEFAULT_ANALYTICS_WEEKS = 12;
export const ANALYTICS_CURRENCIES = ["USD", "EUR", "GBP"] as const;

/** A week's label: its Monday as "2026-11-30" (UTC, as the weeks are). */
export function weekLabel(weekStart: string): string {
  return weekStart.slice(0, 10);
}

/**
 * One row per week for the stacked bars: `m0`… per model as numbers for plotting only, and `x0`… the exact token
 * counts the tooltip shows (the table under the chart shows the exact figures too).
 */
export function weeklyChartRows(report: TokensByModel): Record<string, string | number>[] {
  return report.weeks.map((week) => {
    const row: Record<string, string | number> = { week: weekLabel(week.week_start) };
    week.models.forEach((model, index) => {
      row[`m${index.toString()}`] = Number(model.tokens);
      row[`x${index.toString()}`] = model.tokens;
    });
    return row;
  });
}

/** A ratio ("0.532338") as a percentage with one decimal ("53.2 %"); exact decimal arithmetic, no floats. */
export function formatRatioPercent(ratio: string | null): string {
  if (ratio === null) return "—";
  return `${money(ratio).times(100).toDecimalPlaces(1).toFixed(1)} %`;
}
