import { createDbClient, type Db } from "@tollgate/db";
import { createTestDatabase, type TestDatabase } from "@tollgate/db/testing";
import {
  money,
  parseUsageEvent,
  toDecimalString,
  type PlanPricingInput,
  type QueuedUsageEvent,
} from "@tollgate/domain";
import type { InvoiceView } from "@tollgate/use-cases/invoices";
import { randomUUID } from "node:crypto";
import pg from "pg";
import { expect } from "vitest";
import { startUsageWorkerHarness, type UsageWorkerHarness } from "./run-usage-worker.ts";

/** The anchor tests' one model: input 10 and output 30 per 1M at base rates, tiered by the plan's pricing. */
export const ANCHOR_MODEL = "acme/opus";

/** A database with one tenant, its ingest key and a Pro plan since 2026-01-01, and the real usage worker. */
export interface AnchoredTenantFixture {
  pool: pg.Pool;
  db: Db;
  harness: UsageWorkerHarness;
  close: () => Promise<void>;
}

export async function startAnchoredTenant(tenant: {
  id: string;
  apiKeyId: string;
  slug: string;
  name: string;
  keyPrefix: string;
  pricing: PlanPricingInput;
}): Promise<AnchoredTenantFixture> {
  const database: TestDatabase = await createTestDatabase();
  const pool = new pg.Pool({ connectionString: database.url, max: 4 });
  const db = createDbClient(database.url, { maxConnections: 4 });
  const harness = startUsageWorkerHarness(pool);
  const versionId = randomUUID();
  const planId = randomUUID();
  await pool.query("INSERT INTO models (id, provider, display_name, updated_at) VALUES ($1, 'acme', 'Opus', now())", [
    ANCHOR_MODEL,
  ]);
  await pool.query("INSERT INTO tenants (id, slug, name) VALUES ($1, $2, $3)", [tenant.id, tenant.slug, tenant.name]);
  await pool.query(
    `INSERT INTO api_keys (id, tenant_id, name, prefix, secret_hash, scopes)
     VALUES ($1, $2, 'k', $3, 'x', '{ingest}')`,
    [tenant.apiKeyId, tenant.id, tenant.keyPrefix],
  );
  await pool.query("INSERT INTO plans (id, code, name) VALUES ($1, 'pro', 'Pro')", [planId]);
  await pool.query(
    `INSERT INTO plan_versions (id, plan_id, version, status, currency, effective_from, published_at, pricing)
     VALUES ($1, $2, 1, 'published', 'USD', '2026-01-01Z', now(), $3)`,
    [versionId, planId, JSON.stringify(tenant.pricing)],
  );
  await pool.query(
    `INSERT INTO plan_rates (plan_version_id, model_id, token_type, condition, price_per_million)
     VALUES ($1, $2, 'input', '', 10), ($1, $2, 'output', '', 30)`,
    [versionId, ANCHOR_MODEL],
  );
  await pool.query(
    "INSERT INTO subscriptions (id, tenant_id, plan_version_id, starts_at) VALUES ($1, $2, $3, '2026-01-01Z')",
    [randomUUID(), tenant.id, versionId],
  );
  return {
    pool,
    db,
    harness,
    close: async () => {
      await harness.close();
      await db.$disconnect();
      await pool.end();
      await database.drop();
    },
  };
}

/** An output-only event of the anchor model, received at `receivedAt`. */
export function anchorEvent(id: string, timestamp: string, outputTokens: number, receivedAt: string): QueuedUsageEvent {
  const parsed = parseUsageEvent(
    { id, model: ANCHOR_MODEL, timestamp, output_tokens: outputTokens },
    new Date(receivedAt),
  );
  if (!parsed.ok) throw new Error(parsed.message);
  return parsed.event;
}

/** A decimal string in its shortest exact form (null stays null), so amounts compare as text. */
export function exactDecimal(value: string | null | undefined): string | null {
  return value == null ? null : toDecimalString(money(value));
}

/** What each period of the tenant was charged for usage, from the ledger: "2026-12-01 140" per origin period. */
export async function usageChargedByPeriod(pool: pg.Pool, tenantId: string): Promise<string[]> {
  const rows = await pool.query<{ origin: Date; amount: string }>(
    `SELECT origin_period_start AS origin, sum(amount)::text AS amount FROM ledger_period_totals
      WHERE tenant_id = $1 AND kind = 'usage_charge' GROUP BY 1 ORDER BY 1`,
    [tenantId],
  );
  return rows.rows.map((row) => `${row.origin.toISOString().slice(0, 10)} ${exactDecimal(row.amount) ?? ""}`);
}

/** Lines, tax and subtotal add up (the sums a reader checks). */
export function expectInvoiceAddsUp(invoice: InvoiceView): void {
  const lines = invoice.lines.reduce((sum, line) => sum.plus(money(line.amount)), money("0"));
  expect(toDecimalString(lines)).toBe(toDecimalString(money(invoice.subtotal)));
  expect(toDecimalString(money(invoice.subtotal).plus(money(invoice.tax)))).toBe(toDecimalString(money(invoice.total)));
}
