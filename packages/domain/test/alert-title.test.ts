import { describe, expect, it } from "vitest";
import { alertTitle } from "../src/index.ts";

describe("alertTitle", () => {
  it("names each alert kind from its payload, money through the one formatter", () => {
    expect(
      alertTitle("budget.threshold_crossed", {
        scope: "tenant",
        scope_ref: "",
        threshold_percent: 100,
        amount: "1500",
        spent: "1500.004",
        currency: "EUR",
      }),
    ).toBe("Monthly budget reached 100 %: €1,500.00 of €1,500.00");
    // With its period (as the worker and the budget service write it): the budget's bar may show another one.
    expect(
      alertTitle("budget.threshold_crossed", {
        scope: "api_key",
        scope_ref: "b5d1c0de-0000-4000-8000-000000000001",
        period_start: "2026-10-15T00:00:00.000Z",
        threshold_percent: 80,
        amount: "100",
        spent: "80.5",
        currency: "USD",
      }),
    ).toBe("API key budget reached 80 % in the period from 2026-10-15: $80.50 of $100.00");
    expect(alertTitle("budget.threshold_crossed", { period_start: "soon", threshold_percent: 50 })).toBe(
      "Monthly budget reached 50 %: ? of ?",
    );
    expect(alertTitle("credit.exhausted", { currency: "USD", remaining: "0" })).toBe("Credit used up (USD)");
    expect(alertTitle("usage.unrated", { model: "acme/new-model", day: "2026-12-05" })).toBe(
      "Usage of acme/new-model received 2026-12-05 had no price: an operator must price the model; " +
        "its events are then re-rated automatically",
    );
    expect(alertTitle("usage.unrated", { day: "yesterday" })).toBe(
      "Usage of a model had no price: an operator must price the model; its events are then re-rated automatically",
    );
    expect(alertTitle("webhook.endpoint_disabled", { url: "https://h.example/x" })).toBe(
      "Webhook endpoint https://h.example/x was disabled after failing",
    );
  });

  it("still gives a title for unknown kinds and payloads missing or mistyping fields", () => {
    expect(alertTitle("something.new", {})).toBe("something.new");
    expect(alertTitle("credit.low", { remaining: "1e5", currency: "usd" })).toBe("Credit running low: 1e5 left of ?");
    expect(alertTitle("webhook.endpoint_disabled", {})).toBe("Webhook endpoint was disabled after failing");
  });
});
