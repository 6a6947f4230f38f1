import { scheduleAnchorChange } from "@tollgate/domain";
import { describe, expect, it } from "vitest";
import { anchorChangeBlock } from "../src/tenants/anchor-change-block.ts";

const at = (iso: string) => new Date(iso);
// 1st → 15th, asked on Nov 20: effective Dec 1, the short period is Dec 1–15.
const schedule = scheduleAnchorChange(1, 15, at("2026-11-20T12:00:00Z"));
const unbilled = { billedThrough: at("2026-12-01Z"), invoiceGraceHours: 36 };

describe("anchorChangeBlock: when a further anchor change must wait", () => {
  it("allows a change while the dated one is still pending, and with no change at all", () => {
    expect(anchorChangeBlock(schedule, unbilled, at("2026-11-30T23:59:59Z"))).toBeNull();
    expect(anchorChangeBlock({ day: 1, nextDay: null, changesAt: null }, unbilled, at("2026-12-05Z"))).toBeNull();
  });

  it("blocks from the boundary until the short period is invoiced, naming the schedule's close (end + grace)", () => {
    const block = anchorChangeBlock(schedule, unbilled, at("2026-12-01T00:00:00Z"));
    expect(block).toEqual({
      reason:
        "billing_anchor_day: the change to day 15 took effect on 2026-12-01; the day can change again once the " +
        "short period 2026-12-01 – 2026-12-15 is invoiced, which the schedule does on 2026-12-16 12:00 UTC",
      possibleFrom: at("2026-12-16T12:00:00Z"),
    });
    expect(anchorChangeBlock(schedule, { ...unbilled, billedThrough: null }, at("2026-12-05Z"))).toMatchObject({
      possibleFrom: at("2026-12-16T12:00:00Z"),
    });
  });

  it("says the close is overdue when the schedule has not invoiced the short period by then", () => {
    expect(anchorChangeBlock(schedule, unbilled, at("2026-12-20Z"))?.reason).toMatch(
      /is invoiced, which was due on 2026-12-16 12:00 UTC: close it first$/,
    );
  });

  it("allows the next change once billed_through reaches the short period's end", () => {
    expect(
      anchorChangeBlock(schedule, { ...unbilled, billedThrough: at("2026-12-15Z") }, at("2026-12-16T12:00:00Z")),
    ).toBeNull();
  });
});
