import { AppError } from "@tollgate/domain";
import type { DbOrTx } from "@tollgate/db";
import { writeAuditLog } from "../audit/write-audit-log.ts";
import {
  inTransaction,
  lockTenant,
  reasonOf,
  requireTenantWriter,
  type ChangeContext,
} from "../shared/change-context.ts";
import { checkEndpointUrl } from "./webhook-url-check.ts";
import {
  endpointAuditRecord,
  endpointViewSelect,
  MAX_ENDPOINTS_PER_TENANT,
  parseDescription,
  parseEventTypes,
  type WebhookEndpointWithSecret,
} from "./webhook-endpoint-view.ts";
import type { WebhookEndpointOptions } from "./webhook-ports.ts";
import { generateWebhookSecret } from "./webhook-secret.ts";

export interface CreateWebhookEndpointInput {
  url: string;
  events: readonly string[];
  description?: string | undefined;
}

/**
 * Adds a webhook endpoint for a tenant (tenant admin or operator, audited without the secret). The URL is checked against the
 * SSRF policy; the signing secret is generated here and returned this once, never by any read.
 */
export async function createWebhookEndpoint(
  db: DbOrTx,
  tenantId: string,
  input: CreateWebhookEndpointInput,
  context: ChangeContext,
  options: WebhookEndpointOptions,
): Promise<WebhookEndpointWithSecret> {
  const actor = requireTenantWriter(context.actor, tenantId);
  const reason = reasonOf(context, false);
  const events = parseEventTypes(input.events);
  const description = parseDescription(input.description);
  const url = await checkEndpointUrl(input.url, options);
  const secret = generateWebhookSecret();
  return inTransaction(db, async (tx) => {
    await lockTenant(tx, tenantId);
    if ((await tx.webhookEndpoint.count({ where: { tenantId } })) >= MAX_ENDPOINTS_PER_TENANT) {
      throw new AppError("conflict", `a tenant has at most ${MAX_ENDPOINTS_PER_TENANT.toString()} webhook endpoints`);
    }
    const endpoint = await tx.webhookEndpoint.create({
      data: { tenantId, url, secret, events, description, createdBy: actor },
      select: endpointViewSelect,
    });
    await writeAuditLog(tx, {
      actor,
      action: "webhook_endpoint.create",
      tenantId,
      targetType: "webhook_endpoint",
      targetId: endpoint.id,
      reason,
      before: null,
      after: endpointAuditRecord(endpoint),
    });
    return { ...endpoint, secret };
  });
}
