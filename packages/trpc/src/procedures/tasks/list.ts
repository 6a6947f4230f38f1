import { listTasks, MAX_TASKS_PAGE, monthText, TASK_SORTS, taskMonth } from "@tollgate/use-cases/tasks";
import { z } from "zod";
import { tenantReadOperation } from "../../trpc.ts";
import { taskSummaryJson } from "../../wire/index.ts";
import { tenantIdQuery, USAGE_READ_ACCESS } from "../usage-reads/usage-read-query.ts";
import { decodeTasksCursor, encodeTasksCursor, monthQuery, taskIdText, tokensOutput } from "./task-schemas.ts";

/** GET /v1/tasks (tRPC tasks.list): the month's most expensive agent tasks, from the worker's per-task totals. */
export const listTasksOperation = tenantReadOperation
  .meta({
    rest: {
      method: "GET",
      path: "/v1/tasks",
      summary: "Cost per agent task: the month's most expensive tasks (events' task_id), paginated",
      description:
        `${USAGE_READ_ACCESS} Kept by the worker as it records usage (per UTC month, task and model), so a task ` +
        "spanning two months appears in each. Ordered by sort descending (default amount), then task id; pass " +
        "next_cursor as cursor for the next page. Amounts are rated amounts (unrated events add nothing, see " +
        "unrated_event_count). agents lists every agent with a task in the month, whatever the filters.",
      responseDescription: "a page of tasks",
      errors: [400, 401, 403, 404],
    },
  })
  .input(
    z.strictObject({
      month: monthQuery,
      agent: taskIdText.optional().describe("Only tasks of this agent."),
      task_id_prefix: taskIdText.optional().describe("Only tasks whose id starts with this text (case-sensitive)."),
      sort: z
        .enum(TASK_SORTS)
        .default("amount")
        .describe("Descending by amount (default), total tokens, events or the last event's time."),
      limit: z.coerce
        .number()
        .int()
        .min(1)
        .max(MAX_TASKS_PAGE)
        .default(50)
        .describe(`Page size, 1-${String(MAX_TASKS_PAGE)}; default 50.`),
      cursor: z.string().max(1000).optional().describe("next_cursor of the previous page."),
      tenant_id: tenantIdQuery,
    }),
  )
  .output(
    z.object({
      tenant_id: z.uuid(),
      month: z.string(),
      currency: z.string().length(3),
      tasks: z.array(
        z.object({
          task_id: z.string(),
          agent: z.string().nullable(),
          models: z.array(z.string()).describe("costliest first"),
          first_seen_at: z.string(),
          last_seen_at: z.string(),
          event_count: z.string(),
          unrated_event_count: z.string(),
          tokens: tokensOutput,
          total_tokens: z.string(),
          amount: z.string().describe("full precision"),
          rounded_amount: z.string().describe("to the currency's minor unit"),
        }),
      ),
      next_cursor: z.string().nullable(),
      agents: z.array(z.string()).describe("every agent with a task in the month, for a filter"),
    }),
  )
  .query(async ({ ctx, input }) => {
    const month = taskMonth(input.month);
    const scope = {
      tenantId: ctx.tenantId,
      month,
      agent: input.agent,
      taskIdPrefix: input.task_id_prefix,
      sort: input.sort,
    };
    const after = input.cursor ? decodeTasksCursor(input.cursor, scope) : null;
    const page = await listTasks(ctx.db, ctx.tenantId, { ...scope, limit: input.limit, after });
    return {
      tenant_id: ctx.tenantId,
      month: monthText(month),
      currency: page.currency,
      tasks: page.tasks.map(taskSummaryJson),
      next_cursor: page.next ? encodeTasksCursor(page.next, scope) : null,
      agents: page.agents,
    };
  });
