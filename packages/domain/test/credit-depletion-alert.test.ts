import { describe, expect, it } from "vitest";
import {
  alertTitle,
  creditDepletionDate,
  creditDepletionForecastAlert,
  lowCreditAlertDaysFromForm,
  lowCreditAlertDaysSchema,
  lowCreditAlertFormSchema,
  money,
  type CreditDepletionCheck,
} from "../src/index.ts";

const now = new Date("2026-12-11T00:00:00Z");
const periodStart = new Date("2026-12-01T00:00:00Z");

function check(balance: string, dailyAverage: string, alertDays: number, newestGrantId = "g1"): CreditDepletionCheck {
  const average = money(dailyAverage);
  return {
    tenantId: "t1",
    currency: "USD",
    balance,
    dailyAverage: average,
    depletesAt: creditDepletionDate(balance, average, now),
    now,
    alertDays,
    periodStart,
    newestGrantId,
  };
}

describe("creditDepletionForecastAlert", () => {
  it("alerts when the credit runs out within the window, with an exact payload", () => {
    // 50 left at 10/day: out in 5 days.
    const alert = creditDepletionForecastAlert(check("50", "10", 7));
    expect(alert).toEqual({
      tenantId: "t1",
      kind: "credit.depletion_forecast",
      dedupeKey: "credit.depletion_forecast:USD:2026-12-01:7:g1",
      payload: {
        currency: "USD",
        balance: "50",
        daily_average: "10",
        depletes_at: "2026-12-16T00:00:00.000Z",
        alert_days: 7,
        period_start: "2026-12-01T00:00:00.000Z",
        newest_grant_id: "g1",
      },
    });
  });

  it("alerts exactly at the window's edge and not a second beyond it", () => {
    expect(creditDepletionForecastAlert(check("50", "10", 5))).not.toBeNull();
    expect(creditDepletionForecastAlert(check("50.0001", "10", 5))).toBeNull();
    expect(creditDepletionForecastAlert(check("50", "10", 4))).toBeNull();
  });

  it("does not alert when nothing is spent or no credit is left (no depletion date)", () => {
    expect(creditDepletionForecastAlert(check("50", "0", 90))).toBeNull();
    expect(creditDepletionForecastAlert(check("0", "10", 90))).toBeNull();
  });

  it("keys the alert by currency, period, window and newest grant, so a top-up re-arms it", () => {
    const first = creditDepletionForecastAlert(check("50", "10", 7, "g1"));
    const again = creditDepletionForecastAlert({ ...check("40", "10", 7, "g1") });
    const afterTopUp = creditDepletionForecastAlert(check("50", "10", 7, "g2"));
    const widerWindow = creditDepletionForecastAlert(check("50", "10", 30, "g1"));
    expect(again?.dedupeKey).toBe(first?.dedupeKey);
    expect(afterTopUp?.dedupeKey).not.toBe(first?.dedupeKey);
    expect(widerWindow?.dedupeKey).not.toBe(first?.dedupeKey);
  });

  it("has a readable title", () => {
    const alert = creditDepletionForecastAlert(check("50", "10", 7));
    expect(alert && alertTitle(alert.kind, alert.payload)).toBe(
      "Credit projected to run out around 2026-12-16 ($50.00 left, alert at 7 days)",
    );
  });
});

describe("low credit alert days", () => {
  it("takes whole days from 1 to 90, or null", () => {
    expect(lowCreditAlertDaysSchema.safeParse(1).success).toBe(true);
    expect(lowCreditAlertDaysSchema.safeParse(90).success).toBe(true);
    expect(lowCreditAlertDaysSchema.safeParse(null).success).toBe(true);
    for (const bad of [0, 91, 1.5, -3]) expect(lowCreditAlertDaysSchema.safeParse(bad).success).toBe(false);
  });

  it("reads the form's text: empty is no alert, anything but 1–90 whole days is refused", () => {
    for (const good of ["", " ", "1", "14", "90"])
      expect(lowCreditAlertFormSchema.safeParse({ days: good }).success).toBe(true);
    for (const bad of ["0", "91", "1.5", "1e1", "-2", "abc", "0x10"]) {
      expect(lowCreditAlertFormSchema.safeParse({ days: bad }).success).toBe(false);
    }
    expect(lowCreditAlertDaysFromForm(" ")).toBeNull();
    expect(lowCreditAlertDaysFromForm("14")).toBe(14);
  });
});
