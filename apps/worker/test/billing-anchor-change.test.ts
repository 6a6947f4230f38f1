import { randomUUID } from "node:crypto";
import type { Db } from "@tollgate/db";
import { money, toDecimalString, type PlanPricingInput } from "@tollgate/domain";
import { type Principal } from "@tollgate/use-cases/access";
import { closeDuePeriods, DEFAULT_INVOICE_ISSUER, getUpcomingInvoice } from "@tollgate/use-cases/invoices";
import { loadReservationTerms } from "@tollgate/use-cases/limits";
import { runReconciliation } from "@tollgate/use-cases/reconciliation";
import { getBillingDetails, setTenantBilling } from "@tollgate/use-cases/tenants";
import type pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  ANCHOR_MODEL,
  anchorEvent,
  startAnchoredTenant,
  type AnchoredTenantFixture,
} from "./support/anchored-tenant.ts";
import type { UsageWorkerHarness } from "./support/run-usage-worker.ts";

/**
 * A billed tenant moving its anchor from the 1st to the 15th (issue 19), through the real worker: the change waits
 * for the end of November; December 1–15 is a short period (tiers reset, commitment prorated); every ledger entry
 * is invoiced exactly once across the change.
 */
const OPERATOR: Principal = { kind: "operator_key", keyId: null, prefix: "tg_ops" };
const MODEL = ANCHOR_MODEL;
// Output tokens: the first 1M of a period at 30 per 1M, the rest at 24.
// A minimum of 120 a period: a 14-day short period of a 30-day one owes 56.
const PRICING: PlanPricingInput = {
  minimum_commitment: "120",
  tiers: [
    {
      id: "output",
      token_types: ["output"],
      schedule: {
        mode: "graduated",
        tiers: [
          { up_to: "1000000", price_per_million: "30" },
          { up_to: null, price_per_million: "24" },
        ],
      },
    },
  ],
};
const SYSTEM = { system: "test-anchor-change" };
const ISSUER = { ...DEFAULT_INVOICE_ISSUER, code: "ACH" };

let fixture: AnchoredTenantFixture;
let pool: pg.Pool;
let db: Db;
let harness: UsageWorkerHarness;
const tenantId = randomUUID();
const apiKeyId = randomUUID();

const at = (iso: string) => new Date(iso);
const NOV_20 = at("2026-11-20T12:00:00Z");
const JAN_20 = at("2027-01-20T00:00:00Z");
const exact = (value: string | null | undefined) => (value == null ? null : toDecimalString(money(value)));

beforeAll(async () => {
  fixture = await startAnchoredTenant({
    id: tenantId,
    apiKeyId,
    slug: "anchor-change",
    name: "Anchor Change Inc",
    keyPrefix: "tg_anchchg",
    pricing: PRICING,
  });
  ({ pool, db, harness } = fixture);
});

afterAll(async () => {
  await fixture.close();
});

const event = anchorEvent;

async function usageByPeriod(): Promise<string[]> {
  const rows = await pool.query<{ billed: Date; origin: Date; amount: string }>(
    `SELECT billed_period_start AS billed, origin_period_start AS origin, sum(amount)::text AS amount
       FROM ledger_period_totals WHERE tenant_id = $1 AND kind = 'usage_charge' GROUP BY 1, 2 ORDER BY 1, 2`,
    [tenantId],
  );
  return rows.rows.map(
    (row) =>
      `${row.billed.toISOString().slice(0, 10)} ${row.origin.toISOString().slice(0, 10)} ${exact(row.amount) ?? ""}`,
  );
}

describe("an anchor change of a billed tenant (1st → 15th)", () => {
  it("waits for the end of the current period, audited; bad days are refused with nothing changed", async () => {
    // November on the 1st: 800k on Nov 10 (24), 400k on Nov 28 (200k × 30 + 200k × 24 = 10.8).
    await harness.runJob([
      {
        tenantId,
        apiKeyId,
        events: [
          event("n1", "2026-11-10T00:00:00Z", 800_000, "2026-11-28T12:00:00Z"),
          event("n2", "2026-11-28T10:00:00Z", 400_000, "2026-11-28T12:00:00Z"),
        ],
      },
    ]);
    for (const day of [0, 32, 1.5]) {
      await expect(
        setTenantBilling(db, tenantId, { prepaid: false, billingAnchorDay: day }, { actor: OPERATOR }, NOV_20),
      ).rejects.toMatchObject({ code: "bad_request" });
    }
    const view = await setTenantBilling(
      db,
      tenantId,
      { prepaid: false, billingAnchorDay: 15 },
      { actor: OPERATOR, reason: "customer asked" },
      NOV_20,
    );
    expect(view).toMatchObject({ billingAnchorDay: 1, pendingBillingAnchor: { day: 15, from: at("2026-12-01Z") } });
    const audit = await db.auditLog.findMany({ where: { targetId: tenantId, action: "tenant.billing.update" } });
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({
      reason: "customer asked",
      before: { billingAnchorDay: 1, pendingBillingAnchor: null },
      after: { billingAnchorDay: 1, pendingBillingAnchor: { day: 15, from: "2026-12-01T00:00:00.000Z" } },
    });
    // November keeps its bounds.
    const upcoming = await getUpcomingInvoice(db, tenantId, ISSUER, { now: NOV_20 });
    expect(upcoming).toMatchObject({ periodStart: "2026-11-01T00:00:00.000Z", periodEnd: "2026-12-01T00:00:00.000Z" });
  });

  it("rates December 1–15 as a period of its own, and refuses a further change until it is invoiced", async () => {
    // Dec 3: a new period, tier 1 again (24); Dec 14 23:00: 200k × 30 + 200k × 24 = 10.8.
    await harness.runJob([
      {
        tenantId,
        apiKeyId,
        events: [
          event("d1", "2026-12-03T00:00:00Z", 800_000, "2026-12-14T23:30:00Z"),
          event("d2", "2026-12-14T23:00:00Z", 400_000, "2026-12-14T23:30:00Z"),
        ],
      },
    ]);
    expect(await usageByPeriod()).toEqual(["2026-11-01 2026-11-01 34.8", "2026-12-01 2026-12-01 34.8"]);
    const terms = await loadReservationTerms(db, tenantId, MODEL, at("2026-12-03T00:00:00Z"));
    expect(terms.periodStart).toEqual(at("2026-12-01T00:00:00Z"));
    // The refusal says when the day can change again: the short period's close (its end plus 24 h of grace).
    const reason =
      "billing_anchor_day: the change to day 15 took effect on 2026-12-01; the day can change again once the " +
      "short period 2026-12-01 – 2026-12-15 is invoiced, which the schedule does on 2026-12-16 00:00 UTC";
    await expect(
      setTenantBilling(db, tenantId, { prepaid: false, billingAnchorDay: 20 }, { actor: OPERATOR }, at("2026-12-05Z")),
    ).rejects.toMatchObject({ code: "conflict", message: reason });
    // The billing details (both consoles) give the same reason before anyone tries.
    expect(await getBillingDetails(db, tenantId, at("2026-12-05Z"))).toMatchObject({
      billingAnchorDay: 15,
      pendingBillingAnchor: null,
      billingAnchorChangeBlocked: { reason, possibleFrom: at("2026-12-16T00:00:00Z") },
    });
  });

  it("closes Nov, the short Dec 1–15 and Dec 15 – Jan 15 (with late usage): every ledger entry invoiced once", async () => {
    const summary = (closes: Awaited<ReturnType<typeof closeDuePeriods>>) =>
      closes.map((close) =>
        close.status === "closed"
          ? `${close.periodStart.toISOString().slice(0, 10)}..${close.periodEnd.toISOString().slice(0, 10)} ` +
            close.invoices.map((invoice) => invoice.subtotal).join(",")
          : "not due",
      );
    // 34.8 of usage and the true-up to the minimum: 120, and 120 × 14/30 = 56 for the short period.
    expect(summary(await closeDuePeriods(db, tenantId, ISSUER, SYSTEM, { now: at("2026-12-16T00:00:00Z") }))).toEqual([
      "2026-11-01..2026-12-01 120",
      "2026-12-01..2026-12-15 56",
    ]);
    // Late usage of the short period (Dec 10, 1.2M already: 400k × 24 = 9.6) and the whole period from Dec 15
    // (Dec 15: tier 1 again, 24; Jan 10: 10.8).
    await harness.runJob([
      { tenantId, apiKeyId, events: [event("late", "2026-12-10T00:00:00Z", 400_000, "2026-12-20T00:00:00Z")] },
    ]);
    await harness.runJob([
      {
        tenantId,
        apiKeyId,
        events: [
          event("d3", "2026-12-15T00:00:00Z", 800_000, "2027-01-10T12:00:00Z"),
          event("j1", "2027-01-10T10:00:00Z", 400_000, "2027-01-10T12:00:00Z"),
        ],
      },
    ]);
    expect(await usageByPeriod()).toEqual([
      "2026-11-01 2026-11-01 34.8",
      "2026-12-01 2026-12-01 34.8",
      "2026-12-15 2026-12-01 9.6",
      "2026-12-15 2026-12-15 34.8",
    ]);
    const last = await closeDuePeriods(db, tenantId, ISSUER, SYSTEM, { now: at("2027-01-16T00:00:00Z") });
    // 34.8 + 85.2 (true-up) + 9.6 of late usage.
    expect(summary(last)).toEqual(["2026-12-15..2027-01-15 129.6"]);
    const invoice = last[0]?.status === "closed" ? last[0].invoices[0] : undefined;
    expect(invoice?.lines.find((line) => line.section === "late_usage")).toMatchObject({
      amount: "9.6",
      originPeriodStart: "2026-12-01T00:00:00.000Z",
    });
    const sums = await pool.query<{ ledger: string; invoiced: string }>(
      `SELECT (SELECT sum(amount) FROM ledger_entries WHERE tenant_id = $1)::text AS ledger,
              (SELECT sum(subtotal) FROM invoices WHERE tenant_id = $1)::text AS invoiced`,
      [tenantId],
    );
    expect(exact(sums.rows[0]?.invoiced)).toBe("305.6");
    expect(exact(sums.rows[0]?.ledger)).toBe("305.6");
  });

  it("reconciles clean over the changed periods and allows the next change once the short period is invoiced", async () => {
    const next = await getUpcomingInvoice(db, tenantId, ISSUER, { now: JAN_20 });
    expect(next).toMatchObject({ periodStart: "2027-01-15T00:00:00.000Z", periodEnd: "2027-02-15T00:00:00.000Z" });
    expect(await runReconciliation(db, { now: JAN_20 })).toMatchObject({ status: "clean", findingsCount: 0 });
    const again = await setTenantBilling(
      db,
      tenantId,
      { prepaid: false, billingAnchorDay: 20 },
      { actor: OPERATOR },
      JAN_20,
    );
    expect(again).toMatchObject({ billingAnchorDay: 15, pendingBillingAnchor: { day: 20, from: at("2027-02-15Z") } });
    expect(await getBillingDetails(db, tenantId, JAN_20)).toMatchObject({ billingAnchorChangeBlocked: null });
  });
});
