import { formatMoney } from "../money-format.ts";

/** A payload field as text, or null when it is absent or not a string/number. */
function text(payload: Record<string, unknown>, key: string): string | null {
  const value = payload[key];
  if (typeof value === "string") return value;
  if (typeof value === "number") return value.toString();
  return null;
}

/** An amount as money when the payload has it as a decimal string, else as it is (never throws). */
function amount(payload: Record<string, unknown>, key: string): string {
  const value = text(payload, key);
  const currency = text(payload, "currency") ?? "";
  if (value === null) return "?";
  return /^-?\d+(\.\d+)?$/.test(value) && /^[A-Z]{3}$/.test(currency) ? formatMoney(value, currency) : value;
}

/** " in the period from 2026-10-01" from the payload's period_start (an ISO instant, UTC), or "" without one. */
function periodOf(payload: Record<string, unknown>): string {
  const start = text(payload, "period_start");
  return start !== null && /^\d{4}-\d{2}-\d{2}T/.test(start) ? ` in the period from ${start.slice(0, 10)}` : "";
}

/** " received 2026-12-05" from the payload's day (UTC, YYYY-MM-DD), or "" without one. */
function dayOf(payload: Record<string, unknown>): string {
  const day = text(payload, "day");
  return day !== null && /^\d{4}-\d{2}-\d{2}$/.test(day) ? ` received ${day}` : "";
}

function budgetName(payload: Record<string, unknown>): string {
  const ref = text(payload, "scope_ref") ?? "";
  switch (text(payload, "scope")) {
    case "api_key":
      return "API key budget";
    case "customer":
      return `Budget for customer ${ref}`;
    default:
      return "Monthly budget";
  }
}

/**
 * A one-line, human title for an alert, from its kind and payload (the console's alert list, and anywhere else an
 * alert is shown). Unknown kinds get their kind back; a payload missing fields still gives a title.
 */
export function alertTitle(kind: string, payload: Record<string, unknown>): string {
  switch (kind) {
    case "budget.threshold_crossed":
      // The period it was reached in: a budget's bar shows the current period, often not the alert's.
      return (
        `${budgetName(payload)} reached ${text(payload, "threshold_percent") ?? "?"} %${periodOf(payload)}: ` +
        `${amount(payload, "spent")} of ${amount(payload, "amount")}`
      );
    case "credit.low":
      return `Credit running low: ${amount(payload, "remaining")} left of ${amount(payload, "granted")}`;
    case "credit.exhausted":
      return `Credit used up (${text(payload, "currency") ?? "?"})`;
    case "credit.depletion_forecast":
      return (
        `Credit projected to run out around ${text(payload, "depletes_at")?.slice(0, 10) ?? "?"} ` +
        `(${amount(payload, "balance")} left, alert at ${text(payload, "alert_days") ?? "?"} days)`
      );
    case "usage.unrated":
      // Says what to do: tenants cannot price a model, and once it is priced nothing else is needed (the sweep
      // re-rates the stored events), which stays true after the fact, so the title never goes stale.
      return (
        `Usage of ${text(payload, "model") ?? "a model"}${dayOf(payload)} had no price: an operator must price ` +
        "the model; its events are then re-rated automatically"
      );
    case "webhook.endpoint_disabled":
      return `Webhook endpoint ${text(payload, "url") ?? ""} was disabled after failing`.replace("  ", " ");
    default:
      return kind;
  }
}
