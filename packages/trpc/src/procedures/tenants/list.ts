import { storedText } from "@tollgate/domain";
import { listTenants as listAllTenants } from "@tollgate/use-cases/tenants";
import { z } from "zod";
import { operatorProcedure } from "../../trpc.ts";

/** The most tenants one search returns: a picker shows a screenful, never the whole directory. */
export const MAX_TENANT_SEARCH_LIMIT = 100;
const LIMIT_MESSAGE = `must be a whole number from 1 to ${MAX_TENANT_SEARCH_LIMIT.toString()}`;

/**
 * tenants.list's input. Optional as a whole, and each field: without them it lists every tenant as it always did.
 * The console never asks for them all: its selects search with a limit, and its tables name only their rows' `ids`.
 */
export const listTenantsInput = z
  .strictObject({
    search: storedText(200).optional().describe("part of the name, or the start of the slug or id, any case"),
    limit: z
      .number({ error: LIMIT_MESSAGE })
      .int(LIMIT_MESSAGE)
      .min(1, LIMIT_MESSAGE)
      .max(MAX_TENANT_SEARCH_LIMIT, LIMIT_MESSAGE)
      .optional(),
    ids: z
      .array(z.uuid("must be tenant ids (uuids)"))
      .min(1, "must name at least one tenant")
      .max(MAX_TENANT_SEARCH_LIMIT, `must name at most ${MAX_TENANT_SEARCH_LIMIT.toString()} tenants`)
      .optional()
      .describe("only these tenants (to name a page's rows); a search is then ignored"),
  })
  .optional();

export const listTenants = operatorProcedure
  .input(listTenantsInput)
  .output(z.array(z.object({ id: z.uuid(), name: z.string(), slug: z.string(), createdAt: z.string() })))
  .query(async ({ ctx, input }) => {
    const tenants = await listAllTenants(ctx.db, { search: input?.search, limit: input?.limit, ids: input?.ids });
    return tenants.map((t) => ({ id: t.id, name: t.name, slug: t.slug, createdAt: t.createdAt.toISOString() }));
  });
