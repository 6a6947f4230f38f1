import { AppError } from "@tollgate/domain";
import type { DbOrTx, WebhookDeliveryStatus } from "@tollgate/db";
import { requireTenant } from "../shared/change-context.ts";

export interface WebhookAttemptView {
  attempt: number;
  manual: boolean;
  statusCode: number | null;
  latencyMs: number;
  error: string | null;
  startedAt: Date;
}

export interface WebhookDeliveryView {
  id: string;
  eventId: string;
  endpointId: string;
  eventType: string;
  status: WebhookDeliveryStatus;
  attempts: number;
  lastStatusCode: number | null;
  lastLatencyMs: number | null;
  lastError: string | null;
  lastAttemptAt: Date | null;
  succeededAt: Date | null;
  createdAt: Date;
  /** Every attempt, oldest first (at most MAX_ATTEMPTS_SHOWN, the latest). */
  attemptLog: WebhookAttemptView[];
}

export interface DeliveryFilter {
  endpointId?: string | undefined;
  status?: WebhookDeliveryStatus | undefined;
  eventType?: string | undefined;
}

/** Where the previous page ended, in (created_at, id) descending order. */
export interface DeliveryCursor {
  createdAt: Date;
  id: string;
}

export const MAX_ATTEMPTS_SHOWN = 50;

/** A tenant's delivery log, newest first, by keyset pages (`next` is the last row's position when more follow). */
export async function listWebhookDeliveries(
  db: DbOrTx,
  tenantId: string,
  filter: DeliveryFilter,
  page: { after: DeliveryCursor | null; limit: number },
): Promise<{ deliveries: WebhookDeliveryView[]; next: DeliveryCursor | null }> {
  if (!Number.isInteger(page.limit) || page.limit < 1) throw new AppError("bad_request", "limit: at least 1");
  await requireTenant(db, tenantId);
  const after = page.after;
  const rows = await db.webhookDelivery.findMany({
    where: {
      tenantId,
      ...(filter.endpointId === undefined ? {} : { endpointId: filter.endpointId }),
      ...(filter.status === undefined ? {} : { status: filter.status }),
      ...(filter.eventType === undefined ? {} : { eventType: filter.eventType }),
      ...(after === null
        ? {}
        : { OR: [{ createdAt: { lt: after.createdAt } }, { createdAt: after.createdAt, id: { lt: after.id } }] }),
    },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: page.limit + 1,
    include: { attemptsLog: { orderBy: { attempt: "desc" }, take: MAX_ATTEMPTS_SHOWN } },
  });
  const more = rows.length > page.limit;
  const shown = more ? rows.slice(0, page.limit) : rows;
  const last = shown.at(-1);
  return {
    deliveries: shown.map(({ attemptsLog, tenantId: _tenant, redeliveries: _count, ...delivery }) => ({
      ...delivery,
      attemptLog: attemptsLog.reverse().map((a) => ({
        attempt: a.attempt,
        manual: a.manual,
        statusCode: a.statusCode,
        latencyMs: a.latencyMs,
        error: a.error,
        startedAt: a.startedAt,
      })),
    })),
    next: more && last ? { createdAt: last.createdAt, id: last.id } : null,
  };
}
