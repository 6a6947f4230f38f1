import { countUnreadAlerts } from "@tollgate/use-cases/alerts";
import { z } from "zod";
import { tenantReadProcedure } from "../../trpc.ts";

/** How many of the tenant's alerts are unread: the console's badge. Any role of the tenant may read it. */
export const unreadAlertCount = tenantReadProcedure
  .output(z.object({ tenantId: z.uuid(), unread: z.number().int() }))
  .query(async ({ ctx }) => ({ tenantId: ctx.tenantId, unread: await countUnreadAlerts(ctx.db, ctx.tenantId) }));
