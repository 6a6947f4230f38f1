import { randomUUID } from "node:crypto";
import type { Db } from "@tollgate/db";
import { type PlanPricingInput } from "@tollgate/domain";
import { type Principal } from "@tollgate/use-cases/access";
import {
  closeDuePeriods,
  DEFAULT_INVOICE_ISSUER,
  getUpcomingInvoice,
  type InvoiceView,
} from "@tollgate/use-cases/invoices";
import { setTenantBilling } from "@tollgate/use-cases/tenants";
import type pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  anchorEvent,
  exactDecimal,
  expectInvoiceAddsUp,
  startAnchoredTenant,
  usageChargedByPeriod,
  type AnchoredTenantFixture,
} from "./support/anchored-tenant.ts";
import type { UsageWorkerHarness } from "./support/run-usage-worker.ts";

/**
 * The spend cap in the short period after an anchor change, through the real worker and closes: the tenant moves
 * from the 1st to the 15th, so Dec 1–15 is 14 days of a 30-day period of the new day and its cap of 300 a period is
 * 140 (prorated as the minimum commitment and the allowances are); whole periods keep the full 300.
 */
const OPERATOR: Principal = { kind: "operator_key", keyId: null, prefix: "tg_ops" };
// Output at 30 per 1M (the fixture's rate): 10M output tokens reach the cap of 300.
const PRICING: PlanPricingInput = { spend_cap: "300" };
const SYSTEM = { system: "test-short-period-spend-cap" };
const ISSUER = { ...DEFAULT_INVOICE_ISSUER, code: "SPC" };
const WHOLE = "spend cap $300.00 per period";
const SHORT = "spend cap $140.00 this period ($300.00 prorated: 14 of 30 days)";

let fixture: AnchoredTenantFixture;
let pool: pg.Pool;
let db: Db;
let harness: UsageWorkerHarness;
const tenantId = randomUUID();
const apiKeyId = randomUUID();
const at = (iso: string) => new Date(iso);
const exact = exactDecimal;
const event = anchorEvent;

beforeAll(async () => {
  fixture = await startAnchoredTenant({
    id: tenantId,
    apiKeyId,
    slug: "short-cap",
    name: "Short Cap Inc",
    keyPrefix: "tg_shortcp",
    pricing: PRICING,
  });
  ({ pool, db, harness } = fixture);
});

afterAll(async () => {
  await fixture.close();
});

/** The spend cap line of an invoice (amount and breakdown rows). */
function capLine(invoice: InvoiceView | undefined) {
  const line = invoice?.lines.find((l) => l.section === "discounts" && l.description.endsWith("· spend cap"));
  return line && { amount: exact(line.amount), details: line.details };
}

describe("the spend cap in the short period after an anchor change (1st → 15th)", () => {
  it("caps November at the whole 300, and schedules the change for Dec 1", async () => {
    // 12M output: 360, capped at 300.
    await harness.runJob([
      { tenantId, apiKeyId, events: [event("n1", "2026-11-10T00:00:00Z", 12_000_000, "2026-11-10T00:05:00Z")] },
    ]);
    const view = await setTenantBilling(
      db,
      tenantId,
      { prepaid: false, billingAnchorDay: 15 },
      { actor: OPERATOR },
      at("2026-11-20T00:00:00Z"),
    );
    expect(view).toMatchObject({ pendingBillingAnchor: { day: 15, from: at("2026-12-01Z") } });
    expect(await usageChargedByPeriod(pool, tenantId)).toEqual(["2026-11-01 300"]);
  });

  it("caps Dec 1–15 at 140 (300 × 14/30), shown so on the upcoming invoice", async () => {
    // Two jobs, so the second reads the stored spend counter: 120 under the cap, then 60 of which 20 is billed.
    await harness.runJob([
      { tenantId, apiKeyId, events: [event("d1", "2026-12-03T00:00:00Z", 4_000_000, "2026-12-03T00:05:00Z")] },
    ]);
    expect(await usageChargedByPeriod(pool, tenantId)).toEqual(["2026-11-01 300", "2026-12-01 120"]);
    await harness.runJob([
      { tenantId, apiKeyId, events: [event("d2", "2026-12-14T00:00:00Z", 2_000_000, "2026-12-14T00:05:00Z")] },
    ]);
    expect(await usageChargedByPeriod(pool, tenantId)).toEqual(["2026-11-01 300", "2026-12-01 140"]);
    const upcoming = await getUpcomingInvoice(db, tenantId, ISSUER, { now: at("2026-12-14T12:00:00Z") });
    expect(upcoming).toMatchObject({ periodStart: "2026-12-01T00:00:00.000Z", periodEnd: "2026-12-15T00:00:00.000Z" });
    const draft = upcoming.invoices[0];
    expect(capLine(draft)).toEqual({ amount: "-40", details: ["plan Pro v1", SHORT] });
    expect(exact(draft?.subtotal)).toBe("140");
    if (draft) expectInvoiceAddsUp(draft);
  });

  it("gives the whole period from Dec 15 the full cap of 300 again", async () => {
    await harness.runJob([
      { tenantId, apiKeyId, events: [event("d3", "2026-12-20T00:00:00Z", 12_000_000, "2026-12-20T00:05:00Z")] },
    ]);
    expect(await usageChargedByPeriod(pool, tenantId)).toEqual(["2026-11-01 300", "2026-12-01 140", "2026-12-15 300"]);
  });

  it("closes the three periods with the cap each was rated with; invoices add up to the ledger", async () => {
    const closes = await closeDuePeriods(db, tenantId, ISSUER, SYSTEM, { now: at("2027-01-16T00:00:00Z") });
    const invoices = closes.map((close) => (close.status === "closed" ? close.invoices[0] : undefined));
    expect(
      invoices.map((invoice) => `${invoice?.periodStart.slice(0, 10) ?? ""} ${exact(invoice?.subtotal) ?? "none"}`),
    ).toEqual(["2026-11-01 300", "2026-12-01 140", "2026-12-15 300"]);
    expect(invoices.map((invoice) => capLine(invoice))).toEqual([
      { amount: "-60", details: ["plan Pro v1", WHOLE] },
      { amount: "-40", details: ["plan Pro v1", SHORT] },
      { amount: "-60", details: ["plan Pro v1", WHOLE] },
    ]);
    for (const invoice of invoices) if (invoice) expectInvoiceAddsUp(invoice);
    const sums = await pool.query<{ ledger: string; invoiced: string }>(
      `SELECT (SELECT sum(amount) FROM ledger_entries WHERE tenant_id = $1)::text AS ledger,
              (SELECT sum(subtotal) FROM invoices WHERE tenant_id = $1)::text AS invoiced`,
      [tenantId],
    );
    expect(exact(sums.rows[0]?.ledger)).toBe("740");
    expect(exact(sums.rows[0]?.invoiced)).toBe("740");
  });
});
