import { randomUUID } from "node:crypto";
import type { Db } from "@tollgate/db";
import { parseUsageEvent, type QueuedUsageEvent } from "@tollgate/domain";
import { closeDuePeriods, DEFAULT_INVOICE_ISSUER } from "@tollgate/use-cases/invoices";
import type { Pool } from "pg";
import type { UsageWorkerHarness } from "./run-usage-worker.ts";

export const MODEL = "acme/recon";
/** "Now" for closes and reconciliation runs: the current period is December 2026, the previous two Oct and Nov. */
export const NOW = new Date("2026-12-06T12:00:00Z");

function event(id: string, timestamp: string, input: number, output: number): QueuedUsageEvent {
  const parsed = parseUsageEvent(
    { id, model: MODEL, timestamp, input_tokens: input, output_tokens: output },
    new Date(new Date(timestamp).getTime() + 3_600_000),
  );
  if (!parsed.ok) throw new Error(parsed.message);
  return parsed.event;
}

/**
 * Two tenants on a plan (input 3, output 15 per 1M: amounts with many decimals), with usage in October, November
 * and December 2026 recorded through the real usage worker, a promotional credit, a 20 % tax rate, October and
 * November closed (invoices finalized), and one November event arriving after November's close (late usage,
 * billed on December).
 */
export async function buildReconciliationFixture(
  pool: Pool,
  db: Db,
  harness: UsageWorkerHarness,
): Promise<{ tenantA: string; tenantB: string }> {
  // Ordered ids, so the bounded event check's pages are predictable.
  const tenantA = "00000000-0000-4000-8000-00000000000a";
  const tenantB = "00000000-0000-4000-8000-00000000000b";
  const apiKeyId = randomUUID();
  const planId = randomUUID();
  const versionId = randomUUID();
  await pool.query("INSERT INTO models (id, provider, display_name, updated_at) VALUES ($1, 'acme', 'Recon', now())", [
    MODEL,
  ]);
  await pool.query(
    `INSERT INTO tenants (id, slug, name, tax_rate) VALUES ($1, 'recon-a', 'Recon A', 0.2), ($2, 'recon-b', 'Recon B', 0)`,
    [tenantA, tenantB],
  );
  await pool.query("INSERT INTO plans (id, code, name) VALUES ($1, 'recon', 'Recon')", [planId]);
  await pool.query(
    `INSERT INTO plan_versions (id, plan_id, version, status, currency, effective_from, published_at, pricing)
     VALUES ($1, $2, 1, 'published', 'USD', '2026-01-01Z', now(), '{}')`,
    [versionId, planId],
  );
  await pool.query(
    `INSERT INTO plan_rates (plan_version_id, model_id, token_type, condition, price_per_million)
     VALUES ($1, $2, 'input', '', 3), ($1, $2, 'output', '', 15)`,
    [versionId, MODEL],
  );
  await pool.query(
    `INSERT INTO subscriptions (id, tenant_id, plan_version_id, starts_at)
     VALUES ($1, $3, $5, '2026-01-01Z'), ($2, $4, $5, '2026-01-01Z')`,
    [randomUUID(), randomUUID(), tenantA, tenantB, versionId],
  );
  const grantId = randomUUID();
  await pool.query(
    `INSERT INTO credit_grants (id, tenant_id, kind, amount, remaining, currency, priority, reason, granted_at)
     VALUES ($1, $2, 'promotional', 0.05, 0.05, 'USD', 0, 'welcome', '2026-10-01Z')`,
    [grantId, tenantA],
  );
  await pool.query(
    `INSERT INTO ledger_entries (tenant_id, kind, amount, currency, occurred_at, idempotency_key, credit_grant_id)
     VALUES ($1, 'credit_grant', -0.05, 'USD', '2026-10-01Z', 'credit_grant:' || $2, $2::uuid)`,
    [tenantA, grantId],
  );
  await harness.runJob([
    {
      tenantId: tenantA,
      apiKeyId,
      events: [
        event("a-oct-1", "2026-10-05T10:00:00Z", 1234, 5678),
        event("a-oct-2", "2026-10-20T11:30:00Z", 98_765, 4321),
      ],
    },
  ]);
  await harness.runJob([
    {
      tenantId: tenantA,
      apiKeyId,
      events: [
        event("a-nov-1", "2026-11-03T08:00:00Z", 55_555, 777),
        event("a-nov-2", "2026-11-28T23:59:00Z", 1, 999_999),
      ],
    },
    { tenantId: tenantB, apiKeyId, events: [event("b-nov-1", "2026-11-15T00:00:00Z", 321, 123)] },
  ]);
  await harness.runJob([{ tenantId: tenantA, apiKeyId, events: [event("a-dec-1", "2026-12-02T09:00:00Z", 4000, 40)] }]);
  for (const tenantId of [tenantA, tenantB]) {
    await closeDuePeriods(db, tenantId, DEFAULT_INVOICE_ISSUER, { system: "test" }, { now: NOW, skipGrace: true });
  }
  await harness.runJob([
    { tenantId: tenantA, apiKeyId, events: [event("a-nov-late", "2026-11-30T22:00:00Z", 10, 10)] },
  ]);
  return { tenantA, tenantB };
}
