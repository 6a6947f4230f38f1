import { randomUUID } from "node:crypto";
import type { Db } from "@tollgate/db";
import { money, toDecimalString, type PlanPricingInput } from "@tollgate/domain";
import { type Principal } from "@tollgate/use-cases/access";
import { createBudget } from "@tollgate/use-cases/budgets";
import {
  closeBillingPeriod,
  closeDuePeriods,
  DEFAULT_INVOICE_ISSUER,
  getUpcomingInvoice,
  tenantsDueForClose,
} from "@tollgate/use-cases/invoices";
import { loadReservationTerms } from "@tollgate/use-cases/limits";
import { runReconciliation } from "@tollgate/use-cases/reconciliation";
import { setTenantBilling } from "@tollgate/use-cases/tenants";
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
 * A tenant whose billing periods start on the 15th, through the real worker: events on the 14th and the 15th land in
 * different periods for tiers, budgets, reservation terms, the upcoming invoice, the close and late usage.
 */
const OPERATOR: Principal = { kind: "operator_key", keyId: null, prefix: "tg_ops" };
const MODEL = ANCHOR_MODEL;
// Output tokens: the first 1M of a period at 30 per 1M, the rest at 24.
const PRICING: PlanPricingInput = {
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
const SYSTEM = { system: "test-anchor" };
const ISSUER = { ...DEFAULT_INVOICE_ISSUER, code: "ANC" };

let fixture: AnchoredTenantFixture;
let pool: pg.Pool;
let db: Db;
let harness: UsageWorkerHarness;
const tenantId = randomUUID();
const apiKeyId = randomUUID();
let budgetId = "";

const at = (iso: string) => new Date(iso);
const exact = (value: string | null | undefined) => (value == null ? null : toDecimalString(money(value)));

beforeAll(async () => {
  fixture = await startAnchoredTenant({
    id: tenantId,
    apiKeyId,
    slug: "anchor",
    name: "Anchor Inc",
    keyPrefix: "tg_anchork",
    pricing: PRICING,
  });
  ({ pool, db, harness } = fixture);
});

afterAll(async () => {
  await fixture.close();
});

const event = anchorEvent;

async function counters(): Promise<string[]> {
  const rows = await pool.query<{ period_start: Date; meter: string; quantity: string; amount: string }>(
    `SELECT period_start, meter, quantity::text, amount::text FROM usage_period_counters
      WHERE tenant_id = $1 ORDER BY period_start, meter`,
    [tenantId],
  );
  return rows.rows
    .map(
      (row) =>
        `${row.period_start.toISOString().slice(0, 10)} ${row.meter.startsWith("budget:") ? "budget" : row.meter.split(":").slice(1).join(":")} ` +
        (row.meter.startsWith("budget:") ? (exact(row.amount) ?? "") : row.quantity),
    )
    .sort();
}

describe("a tenant billed from the 15th", () => {
  it("is set by an operator before any usage, at once and audited", async () => {
    const view = await setTenantBilling(db, tenantId, { prepaid: false, billingAnchorDay: 15 }, { actor: OPERATOR });
    expect(view.billingAnchorDay).toBe(15);
    const audit = await db.auditLog.findFirst({ where: { targetId: tenantId, action: "tenant.billing.update" } });
    expect(audit).toMatchObject({ before: { billingAnchorDay: 1 }, after: { billingAnchorDay: 15 } });
    // A monthly budget created now (the real date) starts counting at the current period's 15th.
    budgetId = (
      await createBudget(
        db,
        tenantId,
        { scope: "tenant", scopeRef: "", amount: "1000", currency: "USD", hardLimit: false },
        { actor: OPERATOR },
      )
    ).id;
    const recounted = await pool.query<{ period_start: Date }>(
      "SELECT period_start FROM usage_period_counters WHERE tenant_id = $1 AND meter = $2",
      [tenantId, `budget:${budgetId}`],
    );
    expect(recounted.rows.map((row) => row.period_start.getUTCDate())).toEqual([15]);
    await pool.query("DELETE FROM usage_period_counters WHERE tenant_id = $1", [tenantId]);
  });

  it("resets tiers and budgets on the 15th, and the reservation terms follow", async () => {
    // 800k output on Oct 14 at 23:00 (period Sep 15 – Oct 15): 24. 800k at Oct 15 00:00 (a new period: tier 1
    // again, not 1.6M into the month): 24. 400k on Oct 20: 200k × 30 + 200k × 24 = 10.8.
    await harness.runJob([
      {
        tenantId,
        apiKeyId,
        events: [
          event("e1", "2026-10-14T23:00:00Z", 800_000, "2026-10-20T12:00:00Z"),
          event("e2", "2026-10-15T00:00:00Z", 800_000, "2026-10-20T12:00:00Z"),
          event("e3", "2026-10-20T10:00:00Z", 400_000, "2026-10-20T12:00:00Z"),
        ],
      },
    ]);
    const amounts = await pool.query<{ event_id: string; amount: string }>(
      "SELECT event_id, amount::text FROM usage_events WHERE tenant_id = $1 ORDER BY event_id",
      [tenantId],
    );
    expect(amounts.rows.map((row) => [row.event_id, exact(row.amount)])).toEqual([
      ["e1", "24"],
      ["e2", "24"],
      ["e3", "10.8"],
    ]);
    expect(await counters()).toEqual([
      "2026-09-15 budget 24",
      "2026-09-15 tier:output 800000",
      "2026-10-15 budget 34.8",
      "2026-10-15 tier:output 1200000",
    ]);
    const totals = await pool.query<{ billed: Date; amount: string }>(
      `SELECT billed_period_start AS billed, sum(amount)::text AS amount FROM ledger_period_totals
        WHERE tenant_id = $1 AND kind = 'usage_charge' GROUP BY 1 ORDER BY 1`,
      [tenantId],
    );
    expect(totals.rows.map((row) => [row.billed.toISOString(), exact(row.amount)])).toEqual([
      ["2026-09-15T00:00:00.000Z", "24"],
      ["2026-10-15T00:00:00.000Z", "34.8"],
    ]);

    const before = await loadReservationTerms(db, tenantId, MODEL, at("2026-10-14T23:30:00Z"));
    expect(before.periodStart.toISOString()).toBe("2026-09-15T00:00:00.000Z");
    expect(before.budgets.map((b) => exact(b.spent.toFixed()))).toEqual(["24"]);
    const after = await loadReservationTerms(db, tenantId, MODEL, at("2026-10-15T00:00:00Z"));
    expect(after.periodStart.toISOString()).toBe("2026-10-15T00:00:00.000Z");
    expect(after.budgets.map((b) => exact(b.spent.toFixed()))).toEqual(["34.8"]);

    // Once billed, a new day waits for the end of the current period (Nov 15); the day in effect cancels it.
    const scheduled = await setTenantBilling(
      db,
      tenantId,
      { prepaid: false, billingAnchorDay: 1 },
      { actor: OPERATOR },
      at("2026-10-20T12:00:00Z"),
    );
    expect(scheduled).toMatchObject({
      billingAnchorDay: 15,
      pendingBillingAnchor: { day: 1, from: at("2026-11-15T00:00:00Z") },
    });
    const cancelled = await setTenantBilling(
      db,
      tenantId,
      { prepaid: false, billingAnchorDay: 15 },
      { actor: OPERATOR },
      at("2026-10-20T12:00:00Z"),
    );
    expect(cancelled).toMatchObject({ billingAnchorDay: 15, pendingBillingAnchor: null });
  });

  it("invoices 15th → 15th: upcoming, due after the grace, closed, and late usage on the next invoice", async () => {
    const upcoming = await getUpcomingInvoice(db, tenantId, ISSUER, { now: at("2026-10-20T12:00:00Z") });
    expect(upcoming).toMatchObject({
      periodStart: "2026-10-15T00:00:00.000Z",
      periodEnd: "2026-11-15T00:00:00.000Z",
      finalizesAt: "2026-11-16T00:00:00.000Z",
      invoices: [{ subtotal: "34.8" }],
    });
    // The period before (Sep 15 – Oct 15, the Oct 14 event) is due on Oct 16 at 00:00, not on Nov 2.
    expect(await closeBillingPeriod(db, tenantId, ISSUER, SYSTEM, { now: at("2026-10-15T23:59:59Z") })).toMatchObject({
      status: "not_due",
      dueAt: at("2026-10-16T00:00:00Z"),
    });
    const first = await closeBillingPeriod(db, tenantId, ISSUER, SYSTEM, { now: at("2026-10-16T00:00:00Z") });
    expect(first).toMatchObject({
      status: "closed",
      periodStart: at("2026-09-15T00:00:00Z"),
      periodEnd: at("2026-10-15T00:00:00Z"),
      nextDueAt: at("2026-11-16T00:00:00Z"),
      invoices: [{ periodStart: "2026-09-15T00:00:00.000Z", periodEnd: "2026-10-15T00:00:00.000Z", subtotal: "24" }],
    });

    const dueAt = async (now: string) =>
      (await tenantsDueForClose(db, at(now), { afterId: null, limit: 10 })).due.filter((d) => d.tenantId === tenantId);
    expect(await dueAt("2026-11-15T23:59:59Z")).toEqual([]);
    expect(await dueAt("2026-11-16T00:00:00Z")).toEqual([{ tenantId, periodStart: at("2026-10-15T00:00:00Z") }]);
    const closes = await closeDuePeriods(db, tenantId, ISSUER, SYSTEM, { now: at("2026-11-16T00:00:00Z") });
    expect(closes).toMatchObject([
      {
        status: "closed",
        invoices: [
          { periodStart: "2026-10-15T00:00:00.000Z", periodEnd: "2026-11-15T00:00:00.000Z", subtotal: "34.8" },
        ],
      },
    ]);

    // A late event of Nov 10 (period Oct 15 – Nov 15, closed): tiered on that period's counter (1.2M already:
    // 400k × 24 = 9.6), billed on the period from Nov 15 as late usage labelled with its origin period.
    await harness.runJob([
      { tenantId, apiKeyId, events: [event("e4", "2026-11-10T00:00:00Z", 400_000, "2026-11-20T00:00:00Z")] },
    ]);
    const next = await getUpcomingInvoice(db, tenantId, ISSUER, { now: at("2026-11-20T00:00:00Z") });
    expect(next).toMatchObject({ periodStart: "2026-11-15T00:00:00.000Z", periodEnd: "2026-12-15T00:00:00.000Z" });
    const late = next.invoices[0]?.lines.find((line) => line.section === "late_usage");
    expect(late).toMatchObject({ amount: "9.6", originPeriodStart: "2026-10-15T00:00:00.000Z" });
  });

  it("reconciles over the tenant's own periods: clean, and a changed event is found in its 15th-to-15th period", async () => {
    const now = at("2026-11-20T00:00:00Z");
    const clean = await runReconciliation(db, { now });
    // Events over Sep 15, Oct 15 and Nov 15 periods; the invoices of Sep 15 and Oct 15.
    expect(clean).toMatchObject({ status: "clean", findingsCount: 0, eventPeriodsChecked: 3, invoicesChecked: 2 });
    await pool.query("UPDATE usage_events SET amount = amount + 1e-30 WHERE tenant_id = $1 AND event_id = 'e2'", [
      tenantId,
    ]);
    try {
      const drift = await runReconciliation(db, { now });
      expect(drift.sample.map((f) => [f.check, f.periodStart.toISOString()])).toEqual([
        ["ledger_vs_events", "2026-10-15T00:00:00.000Z"],
      ]);
    } finally {
      await pool.query("UPDATE usage_events SET amount = amount - 1e-30 WHERE tenant_id = $1 AND event_id = 'e2'", [
        tenantId,
      ]);
    }
  });
});
