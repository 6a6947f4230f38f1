import { AppError } from "@tollgate/domain";
import { listAuditLog } from "@tollgate/use-cases/audit";
import { z } from "zod";
import { operatorOperation } from "../../trpc.ts";
import { instant, uuidParam } from "../admin-fields.ts";
import { decodeOpaqueCursor, encodeOpaqueCursor } from "../opaque-cursor.ts";

export const MAX_AUDIT_PAGE = 200;
const LIMIT_MESSAGE = `must be a whole number from 1 to ${MAX_AUDIT_PAGE.toString()}`;
const CURSOR_SCOPE = "audit-log";

const positionSchema = z.tuple([z.string().regex(/^\d{1,18}$/)]);

const filterText = (what: string) => z.string().trim().min(1).max(200).optional().describe(what);

const auditEntryOutput = z.object({
  id: z.string().describe("the entry's id (a whole number as text)"),
  created_at: z.string(),
  actor: z.string().describe('"user:<id>", "api_key:<prefix>" or "system:<job>"'),
  action: z.string().describe('"<entity>.<verb>", e.g. "plan_version.publish"'),
  tenant_id: z.uuid().nullable(),
  tenant_name: z.string().nullable().describe("the tenant's current name"),
  actor_user: z
    .object({ name: z.string(), email: z.string() })
    .nullable()
    .describe('for a "user:<id>" actor, that user\'s current name and email; null for keys, jobs and removed users'),
  entity_type: z.string(),
  entity_id: z.string(),
  reason: z.string().describe("why, as the actor gave it ('' when none was asked for)"),
  before: z.unknown().describe("the entity before the change, as stored (JSON); null when it did not exist"),
  after: z.unknown().describe("the entity after the change, as stored (JSON); null when it was deleted"),
});

/** GET /v1/admin/audit-log (and auditLog.list on /trpc): every recorded change, newest first, for operators. */
export const listAuditLogOperation = operatorOperation
  .meta({
    rest: {
      method: "GET",
      path: "/v1/admin/audit-log",
      summary: "The audit log: pricing, credit, tenant and invoice changes, newest first, filtered (operator)",
      description:
        "Filter by actor, tenant, entity type and id, and when the change was recorded ([from, to)). Each entry " +
        "holds the entity before and after the change as stored. Pass next_cursor as cursor for the next page.",
      responseDescription: "a page of audit log entries",
      errors: [400, 401, 403],
    },
  })
  .input(
    z.strictObject({
      actor: filterText('exactly as recorded, e.g. "user:<id>" or "api_key:<prefix>"'),
      tenant_id: uuidParam("tenant").optional(),
      entity_type: filterText('e.g. "plan_version", "credit_grant", "tenant", "invoice", "ingest_mapping"'),
      entity_id: filterText("the entity's id"),
      from: instant.optional().describe("recorded at or after (RFC 3339)"),
      to: instant.optional().describe("recorded before (RFC 3339)"),
      cursor: z.string().min(1).max(500).optional().describe("next_cursor of the previous page, unchanged"),
      limit: z.coerce
        .number({ error: LIMIT_MESSAGE })
        .int(LIMIT_MESSAGE)
        .min(1, LIMIT_MESSAGE)
        .max(MAX_AUDIT_PAGE, LIMIT_MESSAGE)
        .optional()
        .describe("page size, default 50"),
    }),
  )
  .output(
    z.object({
      entries: z.array(auditEntryOutput).describe("newest first"),
      next_cursor: z.string().nullable().describe("pass as cursor for the next page; null on the last page"),
    }),
  )
  .query(async ({ ctx, input }) => {
    // Checked here, not with a refinement: the REST adapter splits the input object, which refinements forbid.
    if (input.from !== undefined && input.to !== undefined && input.from >= input.to) {
      throw new AppError("bad_request", "to: must be after from");
    }
    // The id bounds the rows, so a cursor stays valid whatever the filters; they narrow the same order.
    const invalid = () => new AppError("bad_request", "invalid cursor: pass next_cursor unchanged");
    const before =
      input.cursor === undefined
        ? null
        : BigInt(decodeOpaqueCursor(input.cursor, CURSOR_SCOPE, positionSchema, invalid)[0]);
    const page = await listAuditLog(
      ctx.db,
      {
        actor: input.actor,
        tenantId: input.tenant_id,
        targetType: input.entity_type,
        targetId: input.entity_id,
        from: input.from,
        to: input.to,
      },
      { before, limit: input.limit ?? 50 },
    );
    return {
      entries: page.entries.map((entry) => ({
        id: entry.id,
        created_at: entry.createdAt.toISOString(),
        actor: entry.actor,
        action: entry.action,
        tenant_id: entry.tenantId,
        tenant_name: entry.tenantName,
        actor_user: entry.actorUser,
        entity_type: entry.targetType,
        entity_id: entry.targetId,
        reason: entry.reason,
        before: entry.before,
        after: entry.after,
      })),
      next_cursor: page.next === null ? null : encodeOpaqueCursor([page.next.toString()], CURSOR_SCOPE),
    };
  });
