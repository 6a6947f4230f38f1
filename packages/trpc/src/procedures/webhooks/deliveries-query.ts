import { AppError, WEBHOOK_EVENT_TYPES } from "@tollgate/domain";
import type { Db } from "@tollgate/db";
import { listWebhookDeliveries, type DeliveryCursor } from "@tollgate/use-cases/webhooks";
import { z } from "zod";
import { webhookDeliveryJson } from "../../wire/index.ts";
import { uuidParam } from "../admin-fields.ts";
import { decodeOpaqueCursor, encodeOpaqueCursor } from "../opaque-cursor.ts";
import { deliveryOutput } from "./webhook-schemas.ts";

export const MAX_DELIVERIES_PAGE = 200;

/** The log's query fields, shared by the operator's and the tenant's read. */
export const deliveriesQuery = {
  endpoint_id: uuidParam("webhook endpoint").optional().describe("only this endpoint's deliveries"),
  status: z.enum(["pending", "retrying", "succeeded", "failed"]).optional(),
  event_type: z.enum(WEBHOOK_EVENT_TYPES).optional(),
  cursor: z.string().min(1).max(500).optional().describe("next_cursor of the previous page, unchanged"),
  limit: z
    .string()
    .regex(/^\d{1,3}$/, `must be a whole number from 1 to ${MAX_DELIVERIES_PAGE.toString()}`)
    .transform(Number)
    .pipe(
      z
        .number()
        .min(1, "must be at least 1")
        .max(MAX_DELIVERIES_PAGE, `must be at most ${MAX_DELIVERIES_PAGE.toString()}`),
    )
    .optional()
    .describe(`page size, default 50, at most ${MAX_DELIVERIES_PAGE.toString()}`),
};

export const deliveriesPageOutput = z.object({
  deliveries: z.array(deliveryOutput).describe("newest first"),
  next_cursor: z.string().nullable().describe("pass as cursor for the next page; null on the last page"),
});

type DeliveriesQuery = z.infer<z.ZodObject<typeof deliveriesQuery>>;

/** One page of a tenant's delivery log, filtered, newest first. */
export async function readDeliveriesPage(db: Db, tenantId: string, query: DeliveriesQuery) {
  const page = await listWebhookDeliveries(
    db,
    tenantId,
    { endpointId: query.endpoint_id, status: query.status, eventType: query.event_type },
    { after: query.cursor === undefined ? null : decodeCursor(query.cursor, tenantId), limit: query.limit ?? 50 },
  );
  return {
    deliveries: page.deliveries.map(webhookDeliveryJson),
    next_cursor: page.next ? encodeCursor(page.next, tenantId) : null,
  };
}

const positionSchema = z.tuple([z.iso.datetime(), z.uuid()]);

function encodeCursor(position: DeliveryCursor, tenantId: string): string {
  return encodeOpaqueCursor([position.createdAt.toISOString(), position.id], tenantId);
}

function decodeCursor(cursor: string, tenantId: string): DeliveryCursor {
  const invalid = () => new AppError("bad_request", "invalid cursor: pass next_cursor unchanged, for the same tenant");
  const [createdAt, id] = decodeOpaqueCursor(cursor, tenantId, positionSchema, invalid);
  return { createdAt: new Date(createdAt), id };
}
