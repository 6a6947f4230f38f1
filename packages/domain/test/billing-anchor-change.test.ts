import { describe, expect, it } from "vitest";
import {
  anchorDayAt,
  billingPeriodEnd,
  billingPeriodStart,
  nominalPeriodMs,
  pendingAnchorChange,
  scheduleAnchorChange,
  type AnchorSchedule,
} from "../src/index.ts";

const at = (iso: string) => new Date(iso);
const iso = (date: Date) => date.toISOString().slice(0, 10);

/** Every period from `from` for `count` periods, as "start..end" dates. */
function periods(anchor: AnchorSchedule, from: string, count: number): string[] {
  const out: string[] = [];
  let start = billingPeriodStart(at(from), anchor);
  for (let i = 0; i < count; i++) {
    const end = billingPeriodEnd(start, anchor);
    out.push(`${iso(start)}..${iso(end)}`);
    start = end;
  }
  return out;
}

describe("billing anchor changes (effective from the next period boundary)", () => {
  it("schedules a change for the end of the current period; the current period keeps its bounds", () => {
    const schedule = scheduleAnchorChange(1, 15, at("2026-12-07T12:00:00Z"));
    expect(schedule).toEqual({ day: 1, nextDay: 15, changesAt: at("2027-01-01T00:00:00Z") });
    expect(billingPeriodStart(at("2026-12-31T23:59:59.999Z"), schedule)).toEqual(at("2026-12-01T00:00:00Z"));
    expect(billingPeriodEnd(at("2026-12-01T00:00:00Z"), schedule)).toEqual(at("2027-01-01T00:00:00Z"));
  });

  it("makes the first period of the new anchor short (prorated, as Stripe), then whole periods", () => {
    const schedule = scheduleAnchorChange(1, 15, at("2026-12-07T12:00:00Z"));
    expect(periods(schedule, "2026-11-20T00:00:00Z", 4)).toEqual([
      "2026-11-01..2026-12-01",
      "2026-12-01..2027-01-01",
      "2027-01-01..2027-01-15",
      "2027-01-15..2027-02-15",
    ]);
    expect(billingPeriodStart(at("2027-01-14T23:59:59.999Z"), schedule)).toEqual(at("2027-01-01T00:00:00Z"));
    expect(billingPeriodStart(at("2027-01-15T00:00:00Z"), schedule)).toEqual(at("2027-01-15T00:00:00Z"));
    // The short period is prorated against the whole period of the new anchor containing it (Dec 15 – Jan 15).
    expect(nominalPeriodMs(at("2027-01-01T00:00:00Z"), schedule)).toBe(31 * 86_400_000);
  });

  it("moves to an earlier day the same way: the short period ends at the next new anchor", () => {
    const schedule = scheduleAnchorChange(20, 5, at("2026-12-07T00:00:00Z"));
    expect(schedule.changesAt).toEqual(at("2026-12-20T00:00:00Z"));
    expect(periods(schedule, "2026-12-07T00:00:00Z", 3)).toEqual([
      "2026-11-20..2026-12-20",
      "2026-12-20..2027-01-05",
      "2027-01-05..2027-02-05",
    ]);
  });

  it("has no short period when the change falls on a boundary of the new anchor too (31 → 30 in April)", () => {
    const schedule = scheduleAnchorChange(31, 30, at("2027-04-10T00:00:00Z"));
    expect(schedule.changesAt).toEqual(at("2027-04-30T00:00:00Z"));
    expect(periods(schedule, "2027-04-10T00:00:00Z", 3)).toEqual([
      "2027-03-31..2027-04-30",
      "2027-04-30..2027-05-30",
      "2027-05-30..2027-06-30",
    ]);
  });

  it("every instant falls in exactly one period, across the change, for every pair of anchors", () => {
    const now = at("2027-01-20T08:00:00Z");
    for (let from = 1; from <= 31; from += 3) {
      for (let to = 1; to <= 31; to += 5) {
        const schedule = scheduleAnchorChange(from, to, now);
        for (let t = now.getTime() - 40 * 86_400_000; t < now.getTime() + 80 * 86_400_000; t += 7 * 3_600_000) {
          const instant = new Date(t);
          const start = billingPeriodStart(instant, schedule);
          const end = billingPeriodEnd(start, schedule);
          expect(start <= instant && instant < end).toBe(true);
          // The period is its own start's period, and a period never straddles the change.
          expect(billingPeriodStart(start, schedule)).toEqual(start);
          const changesAt = schedule.changesAt;
          if (changesAt) expect(start < changesAt && end > changesAt).toBe(false);
        }
      }
    }
  });

  it("replaces or cancels a pending change, and tells what is pending", () => {
    const now = at("2026-12-07T00:00:00Z");
    const pending = scheduleAnchorChange(1, 15, now);
    expect(pendingAnchorChange(pending, now)).toEqual({ day: 15, from: at("2027-01-01T00:00:00Z") });
    expect(scheduleAnchorChange(pending, 10, now)).toEqual({ ...pending, nextDay: 10 });
    expect(scheduleAnchorChange(pending, 1, now)).toEqual({ day: 1, nextDay: null, changesAt: null });
    expect(pendingAnchorChange(pending, at("2027-01-01T00:00:00Z"))).toBeNull();
    expect(anchorDayAt(pending, now)).toBe(1);
    expect(anchorDayAt(pending, at("2027-01-01T00:00:00Z"))).toBe(15);
  });

  it("starts a later change from the anchor in effect once an earlier one took effect", () => {
    const first = scheduleAnchorChange(1, 15, at("2026-12-07T00:00:00Z"));
    const second = scheduleAnchorChange(first, 20, at("2027-01-03T00:00:00Z"));
    // The short period Jan 1–15 is kept; the next change takes effect at its end.
    expect(second).toEqual({ day: 15, nextDay: 20, changesAt: at("2027-01-15T00:00:00Z") });
    expect(scheduleAnchorChange(first, 15, at("2027-01-03T00:00:00Z"))).toBe(first);
  });
});
