import { AppError } from "@tollgate/domain";
import { listAlerts } from "@tollgate/use-cases/alerts";
import { z } from "zod";
import { tenantReadOperation } from "../../trpc.ts";
import { decodeOpaqueCursor, encodeOpaqueCursor } from "../opaque-cursor.ts";
import { tenantIdQuery, USAGE_READ_ACCESS } from "../usage-reads/usage-read-query.ts";
import { alertJson, alertOutput, MAX_ALERTS_PAGE } from "./alert-schemas.ts";

const positionSchema = z.tuple([z.string().regex(/^\d{1,18}$/)]);

function decodeCursor(cursor: string, tenantId: string): bigint {
  const invalid = () => new AppError("bad_request", "invalid cursor: pass next_cursor unchanged, for the same tenant");
  const [id] = decodeOpaqueCursor(cursor, `alerts:${tenantId}`, positionSchema, invalid);
  return BigInt(id);
}

/** GET /v1/alerts (and alerts.list on /trpc): the tenant's alerts, newest first, paginated. */
export const listAlertsOperation = tenantReadOperation
  .meta({
    rest: {
      method: "GET",
      path: "/v1/alerts",
      summary: "Your alerts (budget thresholds, low credit, …), newest first, paginated",
      description: `${USAGE_READ_ACCESS} Filter by read state (unread=true|false) and kind.`,
      responseDescription: "a page of alerts",
      errors: [400, 401, 403, 404],
    },
  })
  .input(
    z.strictObject({
      tenant_id: tenantIdQuery,
      unread: z
        .enum(["true", "false"])
        .transform((value) => value === "true")
        .optional()
        .describe("true: unread only; false: read only; absent: all"),
      kind: z.string().min(1).max(100).optional().describe("only alerts of this kind"),
      cursor: z.string().min(1).max(500).optional().describe("next_cursor of the previous page, unchanged"),
      limit: z
        .string()
        .regex(/^\d{1,3}$/, `must be a whole number from 1 to ${MAX_ALERTS_PAGE.toString()}`)
        .transform(Number)
        .pipe(
          z.number().min(1, "must be at least 1").max(MAX_ALERTS_PAGE, `must be at most ${MAX_ALERTS_PAGE.toString()}`),
        )
        .optional()
        .describe(`page size, default 50, at most ${MAX_ALERTS_PAGE.toString()}`),
    }),
  )
  .output(
    z.object({
      tenant_id: z.uuid(),
      alerts: z.array(alertOutput).describe("newest first"),
      next_cursor: z.string().nullable().describe("pass as cursor for the next page; null on the last page"),
    }),
  )
  .query(async ({ ctx, input }) => {
    const page = await listAlerts(
      ctx.db,
      ctx.tenantId,
      { unread: input.unread, kind: input.kind },
      {
        before: input.cursor === undefined ? null : decodeCursor(input.cursor, ctx.tenantId),
        limit: input.limit ?? 50,
      },
    );
    return {
      tenant_id: ctx.tenantId,
      alerts: page.alerts.map(alertJson),
      next_cursor: page.next === null ? null : encodeOpaqueCursor([page.next.toString()], `alerts:${ctx.tenantId}`),
    };
  });
