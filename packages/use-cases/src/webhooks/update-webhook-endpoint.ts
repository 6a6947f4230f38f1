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
  findEndpoint,
  parseDescription,
  parseEventTypes,
  type WebhookEndpointView,
} from "./webhook-endpoint-view.ts";
import type { WebhookEndpointOptions } from "./webhook-ports.ts";

export interface UpdateWebhookEndpointInput {
  url?: string | undefined;
  events?: readonly string[] | undefined;
  description?: string | undefined;
  /** true re-enables a disabled endpoint (its failure window starts again); false disables it by hand. */
  enabled?: boolean | undefined;
}

/** Changes an endpoint's URL, events, description or enabled state (tenant admin or operator, audited). */
export async function updateWebhookEndpoint(
  db: DbOrTx,
  tenantId: string,
  endpointId: string,
  input: UpdateWebhookEndpointInput,
  context: ChangeContext,
  options: WebhookEndpointOptions,
): Promise<WebhookEndpointView> {
  const actor = requireTenantWriter(context.actor, tenantId);
  const reason = reasonOf(context, false);
  const { url, events, description, enabled } = input;
  if (url === undefined && events === undefined && description === undefined && enabled === undefined) {
    throw new AppError("bad_request", "body: nothing to change (url, events, description or enabled)");
  }
  const data = {
    ...(url === undefined ? {} : { url: await checkEndpointUrl(url, options) }),
    ...(events === undefined ? {} : { events: parseEventTypes(events) }),
    ...(description === undefined ? {} : { description: parseDescription(description) }),
  };
  const now = options.now ?? new Date();
  return inTransaction(db, async (tx) => {
    await lockTenant(tx, tenantId);
    const before = await findEndpoint(tx, tenantId, endpointId);
    const state =
      enabled === undefined || enabled === (before.disabledAt === null)
        ? {}
        : enabled
          ? { disabledAt: null, disabledReason: null, failingSince: null }
          : { disabledAt: now, disabledReason: `disabled by ${actor}` };
    const after = await tx.webhookEndpoint.update({
      where: { id: endpointId },
      data: { ...data, ...state },
      select: endpointViewSelect,
    });
    await writeAuditLog(tx, {
      actor,
      action: "webhook_endpoint.update",
      tenantId,
      targetType: "webhook_endpoint",
      targetId: endpointId,
      reason,
      before: endpointAuditRecord(before),
      after: endpointAuditRecord(after),
    });
    return after;
  });
}
