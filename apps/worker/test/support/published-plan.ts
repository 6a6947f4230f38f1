import { randomUUID } from "node:crypto";
import type { TokenType } from "@tollgate/domain";
import type { Pool } from "pg";

export interface PublishedPlanSpec {
  /** The model the explicit rates are for; inserted into the catalog (provider `acme`). */
  model: string;
  /** Base rates per 1M tokens, as decimal strings. */
  rates: Partial<Record<TokenType, string>>;
  /** The plan version's pricing document (markups, rules, meters…); empty by default. */
  pricing?: object;
  /** The tenants subscribed to the version from 2026-01-01; inserted with these names. */
  tenants: { id: string; name: string }[];
}

/**
 * The setup most worker tests share: one catalog model, a plan with one published USD version (effective
 * 2026-01-01) whose explicit rates price that model, and tenants subscribed to it. Returns the version's id.
 */
export async function insertPublishedPlan(pool: Pool, spec: PublishedPlanSpec): Promise<{ versionId: string }> {
  const planId = randomUUID();
  const versionId = randomUUID();
  await pool.query("INSERT INTO models (id, provider, display_name, updated_at) VALUES ($1, 'acme', $1, now())", [
    spec.model,
  ]);
  for (const [index, tenant] of spec.tenants.entries()) {
    await pool.query("INSERT INTO tenants (id, slug, name) VALUES ($1, $2, $3)", [
      tenant.id,
      `tenant-${index.toString()}-${tenant.id.slice(0, 8)}`,
      tenant.name,
    ]);
  }
  await pool.query("INSERT INTO plans (id, code, name) VALUES ($1, $2, 'Standard')", [
    planId,
    `std-${planId.slice(0, 8)}`,
  ]);
  await pool.query(
    `INSERT INTO plan_versions (id, plan_id, version, status, currency, effective_from, published_at, pricing)
     VALUES ($1, $2, 1, 'published', 'USD', '2026-01-01Z', now(), $3)`,
    [versionId, planId, JSON.stringify(spec.pricing ?? {})],
  );
  for (const [tokenType, price] of Object.entries(spec.rates)) {
    await pool.query(
      `INSERT INTO plan_rates (plan_version_id, model_id, token_type, condition, price_per_million)
       VALUES ($1, $2, $3::token_type, '', $4::numeric)`,
      [versionId, spec.model, tokenType, price],
    );
  }
  for (const tenant of spec.tenants) {
    await pool.query(
      "INSERT INTO subscriptions (id, tenant_id, plan_version_id, starts_at) VALUES ($1, $2, $3, '2026-01-01Z')",
      [randomUUID(), tenant.id, versionId],
    );
  }
  return { versionId };
}
