import type { Db } from "@tollgate/db";
import { createWebhookEndpoint } from "@tollgate/use-cases/webhooks";
import type { Pool } from "pg";
import { demoOperator } from "./demo-billing-setup.ts";

/**
 * Acme's webhook endpoint. The `.example` domain is reserved and never resolves (RFC 2606), so it passes the SSRF
 * rules without allowing private networks, and every delivery fails with the resolver's error: what the delivery log
 * then shows is true. Nothing receives the demo's events.
 */
export const DEMO_WEBHOOK = {
  slug: "acme-agents",
  url: "https://hooks.acme-agents.example/tollgate",
  events: ["invoice.finalized", "invoice.paid", "budget.threshold_crossed"],
  description: "billing events to Acme's ops service (demo: the host does not resolve)",
} as const;

/**
 * Gives Acme its webhook endpoint (through the use case, as its admin or an operator would; only when it has none
 * with that URL), dated from the history's start, and dates the invoice events of the history when their invoice was
 * issued or paid (the outbox rows were written when the history was loaded). The worker's relay then creates the
 * deliveries of those events, and of the budget alerts, when it starts: the delivery log lists them with their failed
 * attempts. Returns whether it created the endpoint.
 */
export async function ensureDemoWebhooks(
  db: Db,
  pool: Pool,
  tenantIds: ReadonlyMap<string, string>,
  windowStart: Date,
): Promise<boolean> {
  let created = false;
  const tenantId = tenantIds.get(DEMO_WEBHOOK.slug);
  if (tenantId && (await db.webhookEndpoint.count({ where: { tenantId, url: DEMO_WEBHOOK.url } })) === 0) {
    const endpoint = await createWebhookEndpoint(
      db,
      tenantId,
      { url: DEMO_WEBHOOK.url, events: DEMO_WEBHOOK.events, description: DEMO_WEBHOOK.description },
      { actor: await demoOperator(db), reason: "demo webhook endpoint" },
      { policy: { allowPrivateNetworks: false } },
    );
    await pool.query("UPDATE webhook_endpoints SET created_at = $2 WHERE id = $1 AND created_at > $2", [
      endpoint.id,
      windowStart,
    ]);
    created = true;
  }
  // Only moves dates back, so a re-run changes nothing.
  await pool.query(
    `UPDATE webhook_events w SET created_at = i.at
       FROM (SELECT id, tenant_id, 'invoice.finalized:' || id AS key, issued_at AS at FROM invoices
              WHERE issued_at IS NOT NULL AND tenant_id = ANY($1::uuid[])
             UNION ALL
             SELECT id, tenant_id, 'invoice.paid:' || id, paid_at FROM invoices
              WHERE paid_at IS NOT NULL AND tenant_id = ANY($1::uuid[])) AS i
      WHERE w.tenant_id = i.tenant_id AND w.dedupe_key = i.key AND w.created_at > i.at`,
    [[...tenantIds.values()]],
  );
  return created;
}
