import type { ALERT_KINDS } from "./search-params.ts";

export const ALERT_KIND_LABELS: Record<(typeof ALERT_KINDS)[number], string> = {
  "budget.threshold_crossed": "Budget threshold",
  "credit.low": "Credit low",
  "credit.exhausted": "Credit used up",
  "credit.depletion_forecast": "Credit running out soon",
  "usage.unrated": "Unpriced usage",
  "webhook.endpoint_disabled": "Endpoint disabled",
};

/** A kind's label; kinds added to the api later show as they are. */
export function alertKindLabel(kind: string): string {
  return (ALERT_KIND_LABELS as Record<string, string>)[kind] ?? kind;
}
