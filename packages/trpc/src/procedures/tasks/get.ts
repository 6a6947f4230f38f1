import { getTask, monthText, taskMonth } from "@tollgate/use-cases/tasks";
import { TOKEN_TYPES } from "@tollgate/domain";
import { z } from "zod";
import { tenantReadOperation } from "../../trpc.ts";
import { taskDetailJson } from "../../wire/index.ts";
import { tenantIdQuery, USAGE_READ_ACCESS } from "../usage-reads/usage-read-query.ts";
import { monthQuery, taskIdText } from "./task-schemas.ts";

/** GET /v1/tasks/{task_id} (tRPC tasks.get): one task's month by model × token type. */
export const getTaskOperation = tenantReadOperation
  .meta({
    rest: {
      method: "GET",
      path: "/v1/tasks/{task_id}",
      summary: "One agent task's cost by model and token type",
      description:
        `${USAGE_READ_ACCESS} Lines per model and token type, plus a line per model with token_type null for its ` +
        "request fees and adjustments; rounded_amount adds up to the task's rounded_amount exactly. A task with no " +
        "usage in the month (or another tenant's) is a 404.",
      responseDescription: "the task",
      errors: [400, 401, 403, 404],
    },
  })
  .input(z.strictObject({ task_id: taskIdText, month: monthQuery, tenant_id: tenantIdQuery }))
  .output(
    z.object({
      tenant_id: z.uuid(),
      month: z.string(),
      task_id: z.string(),
      currency: z.string().length(3),
      agent: z.string().nullable(),
      first_seen_at: z.string(),
      last_seen_at: z.string(),
      event_count: z.string(),
      unrated_event_count: z.string(),
      total_tokens: z.string(),
      amount: z.string(),
      rounded_amount: z.string(),
      lines: z.array(
        z.object({
          model: z.string(),
          token_type: z.enum(TOKEN_TYPES).nullable().describe("null: request fees and adjustments"),
          tokens: z.string(),
          amount: z.string(),
          rounded_amount: z.string(),
        }),
      ),
    }),
  )
  .query(async ({ ctx, input }) => {
    const month = taskMonth(input.month);
    const task = await getTask(ctx.db, ctx.tenantId, month, input.task_id);
    return { tenant_id: ctx.tenantId, month: monthText(month), ...taskDetailJson(task) };
  });
