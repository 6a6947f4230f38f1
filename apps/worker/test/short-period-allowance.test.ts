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
 * Allowances in the short period after an anchor change (issue 19), through the real worker and closes: the tenant
 * moves from the 1st to the 15th, so Dec 1–15 is 14 days of a 30-day period of the new day. Its included tokens are
 * prorated as its minimum commitment is (1,000,000 × 14/30, floored: 466,666); whole periods keep the full 1M.
 */
const OPERATOR: Principal = { kind: "operator_key", keyId: null, prefix: "tg_ops" };
// Output at 30 per 1M (the fixture's rate), the first 1M output tokens of a period free.
const PRICING: PlanPricingInput = {
  allowances: [{ kind: "tokens", id: "free-output", tokens: "1000000", token_types: ["output"] }],
};
const SYSTEM = { system: "test-short-period-allowance" };
const ISSUER = { ...DEFAULT_INVOICE_ISSUER, code: "SPA" };
const WHOLE = "included allowance free-output: 1,000,000 of 1,000,000 tokens used this period";
const SHORT =
  "included allowance free-output: 466,666 of 466,666 tokens used this period (1,000,000 prorated: 14 of 30 days)";

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
    slug: "short-allowance",
    name: "Short Allowance Inc",
    keyPrefix: "tg_shortal",
    pricing: PRICING,
  });
  ({ pool, db, harness } = fixture);
});

afterAll(async () => {
  await fixture.close();
});

/** The output usage line of an invoice and its breakdown rows. */
function outputLine(invoice: InvoiceView | undefined) {
  return invoice?.lines.find((line) => line.section === "usage" && line.tokenType === "output");
}

describe("allowances in the short period after an anchor change (1st → 15th)", () => {
  it("rates November with the whole allowance, and schedules the change for Dec 1", async () => {
    // 1.2M output: 1M free, 200,000 × 30 / 1M = 6.
    await harness.runJob([
      { tenantId, apiKeyId, events: [event("n1", "2026-11-10T00:00:00Z", 1_200_000, "2026-11-10T00:05:00Z")] },
    ]);
    const view = await setTenantBilling(
      db,
      tenantId,
      { prepaid: false, billingAnchorDay: 15 },
      { actor: OPERATOR },
      at("2026-11-20T00:00:00Z"),
    );
    expect(view).toMatchObject({ pendingBillingAnchor: { day: 15, from: at("2026-12-01Z") } });
    expect(await usageChargedByPeriod(pool, tenantId)).toEqual(["2026-11-01 6"]);
  });

  it("rates Dec 1–15 with 466,666 free tokens (1M × 14/30, floored), shown so on the upcoming invoice", async () => {
    // Two jobs, so the second reads the stored counter: 400,000 free; then 66,666 free and 133,334 × 30 / 1M.
    await harness.runJob([
      { tenantId, apiKeyId, events: [event("d1", "2026-12-03T00:00:00Z", 400_000, "2026-12-03T00:05:00Z")] },
    ]);
    await harness.runJob([
      { tenantId, apiKeyId, events: [event("d2", "2026-12-14T00:00:00Z", 200_000, "2026-12-14T00:05:00Z")] },
    ]);
    expect(await usageChargedByPeriod(pool, tenantId)).toEqual(["2026-11-01 6", "2026-12-01 4.00002"]);
    const upcoming = await getUpcomingInvoice(db, tenantId, ISSUER, { now: at("2026-12-14T12:00:00Z") });
    expect(upcoming).toMatchObject({ periodStart: "2026-12-01T00:00:00.000Z", periodEnd: "2026-12-15T00:00:00.000Z" });
    const draft = upcoming.invoices[0];
    expect(outputLine(draft)).toMatchObject({
      quantity: "600000",
      exactAmount: "4.00002",
      details: ["plan Pro v1", SHORT],
    });
    expect(exact(draft?.subtotal)).toBe("4");
    if (draft) expectInvoiceAddsUp(draft);
  });

  it("gives the whole period from Dec 15 the full 1M again", async () => {
    await harness.runJob([
      { tenantId, apiKeyId, events: [event("d3", "2026-12-20T00:00:00Z", 1_200_000, "2026-12-20T00:05:00Z")] },
    ]);
    expect(await usageChargedByPeriod(pool, tenantId)).toEqual(["2026-11-01 6", "2026-12-01 4.00002", "2026-12-15 6"]);
  });

  it("closes the three periods with the allowance each was rated with; invoices add up to the ledger", async () => {
    const closes = await closeDuePeriods(db, tenantId, ISSUER, SYSTEM, { now: at("2027-01-16T00:00:00Z") });
    const invoices = closes.map((close) => (close.status === "closed" ? close.invoices[0] : undefined));
    expect(
      invoices.map((invoice) => `${invoice?.periodStart.slice(0, 10) ?? ""} ${exact(invoice?.subtotal) ?? "none"}`),
    ).toEqual(["2026-11-01 6", "2026-12-01 4", "2026-12-15 6"]);
    expect(invoices.map((invoice) => outputLine(invoice)?.details)).toEqual([
      ["plan Pro v1", WHOLE],
      ["plan Pro v1", SHORT],
      ["plan Pro v1", WHOLE],
    ]);
    for (const invoice of invoices) if (invoice) expectInvoiceAddsUp(invoice);
    const sums = await pool.query<{ ledger: string; invoiced: string; exact: string }>(
      `SELECT (SELECT sum(amount) FROM ledger_entries WHERE tenant_id = $1)::text AS ledger,
              (SELECT sum(l.exact_amount) FROM invoice_lines l JOIN invoices i ON i.id = l.invoice_id
                WHERE i.tenant_id = $1)::text AS exact,
              (SELECT sum(subtotal) FROM invoices WHERE tenant_id = $1)::text AS invoiced`,
      [tenantId],
    );
    expect(exact(sums.rows[0]?.ledger)).toBe("16.00002");
    expect(exact(sums.rows[0]?.exact)).toBe("16.00002");
    expect(exact(sums.rows[0]?.invoiced)).toBe("16");
  });
});
