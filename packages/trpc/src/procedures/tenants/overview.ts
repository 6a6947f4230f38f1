import { AppError, GROWTH_DECIMALS, storedText } from "@tollgate/domain";
import { listTenantOverview, TENANT_OVERVIEW_SORTS, type TenantOverviewSort } from "@tollgate/use-cases/tenants";
import { z } from "zod";
import { operatorOperation } from "../../trpc.ts";
import { decodeOpaqueCursor, encodeOpaqueCursor } from "../opaque-cursor.ts";

export const MAX_TENANTS_PAGE = 200;
const LIMIT_MESSAGE = `must be a whole number from 1 to ${MAX_TENANTS_PAGE.toString()}`;

const exact = (what: string) => z.string().describe(`${what}: exact decimal string`);

const tenantRowOutput = z.object({
  id: z.uuid(),
  name: z.string(),
  slug: z.string(),
  plan: z
    .object({ name: z.string(), version: z.number().int() })
    .nullable()
    .describe("the plan version in force now; null without a subscription"),
  currency: z.string().describe("the plan's currency (USD without a plan); spend and credit are in it"),
  period_start: z.string().describe("start of the tenant's current billing period"),
  spend: exact("usage charges of the current billing period so far, before credits and tax"),
  tokens: z.string().describe("tokens of the period's rated usage (a whole number as text)"),
  previous_spend: exact("usage charges of the whole previous billing period, late usage included"),
  previous_spend_to_date: exact(
    "usage charges of the previous period up to the same point: as long into it as now is into the current one " +
      "(by usage hour, late usage included)",
  ),
  growth: z
    .string()
    .nullable()
    .describe(
      `(spend − previous_spend_to_date) / previous_spend_to_date: this period so far against the same point of the ` +
        `last, e.g. "0.25" for +25 %, rounded half-even to ${GROWTH_DECIMALS.toString()} places; null when the ` +
        `previous period had no spend by then`,
    ),
  credit_balance: exact("unexpired, unvoided credit in the currency"),
  unread_alerts: z.number().int(),
});

const positionSchema = z.tuple([z.string(), z.uuid()]);

/** The cursor is bound to the sort and the search: another page of the same list, never of another one. */
function cursorScope(sort: TenantOverviewSort, search: string | undefined): string {
  return `admin-tenants:${sort}:${search?.trim().toLowerCase() ?? ""}`;
}

/** GET /v1/admin/tenants (and tenantDirectory.list on /trpc): every tenant at a glance, for operators. */
export const listTenantOverviewOperation = operatorOperation
  .meta({
    rest: {
      method: "GET",
      path: "/v1/admin/tenants",
      summary:
        "Tenants with their plan, this period's spend, growth, credit and alerts; searched and paginated (operator)",
      description:
        "search matches the start of the name or the slug, any case. sort=name (A→Z, the default) or sort=spend " +
        "(this billing period's usage charges, largest first). Pass next_cursor as cursor for the next page.",
      responseDescription: "a page of tenants",
      errors: [400, 401, 403],
    },
  })
  .input(
    z.strictObject({
      search: storedText(200).optional().describe("a prefix of the tenant's name or slug, any case"),
      sort: z
        .enum(TENANT_OVERVIEW_SORTS, { error: "must be name or spend" })
        .optional()
        .describe("name (default) or spend"),
      cursor: z.string().min(1).max(2000).optional().describe("next_cursor of the previous page, unchanged"),
      limit: z.coerce
        .number({ error: LIMIT_MESSAGE })
        .int(LIMIT_MESSAGE)
        .min(1, LIMIT_MESSAGE)
        .max(MAX_TENANTS_PAGE, LIMIT_MESSAGE)
        .optional()
        .describe("page size, default 50"),
    }),
  )
  .output(
    z.object({
      tenants: z.array(tenantRowOutput),
      next_cursor: z.string().nullable().describe("pass as cursor for the next page; null on the last page"),
    }),
  )
  .query(async ({ ctx, input }) => {
    const sort = input.sort ?? "name";
    const scope = cursorScope(sort, input.search);
    const invalid = () =>
      new AppError("bad_request", "invalid cursor: pass next_cursor unchanged, with the same search and sort");
    const after = input.cursor === undefined ? null : decodeOpaqueCursor(input.cursor, scope, positionSchema, invalid);
    if (after !== null && sort === "spend" && !/^-?\d+(\.\d+)?$/.test(after[0])) throw invalid();
    const page = await listTenantOverview(ctx.db, {
      search: input.search,
      sort,
      after: after === null ? null : { key: after[0], id: after[1] },
      limit: input.limit ?? 50,
    });
    return {
      tenants: page.tenants.map((row) => ({
        id: row.id,
        name: row.name,
        slug: row.slug,
        plan: row.plan,
        currency: row.currency,
        period_start: row.periodStart.toISOString(),
        spend: row.spend,
        tokens: row.tokens,
        previous_spend: row.previousSpend,
        previous_spend_to_date: row.previousSpendToDate,
        growth: row.growth,
        credit_balance: row.creditBalance,
        unread_alerts: row.unreadAlerts,
      })),
      next_cursor: page.next === null ? null : encodeOpaqueCursor([page.next.key, page.next.id], scope),
    };
  });
