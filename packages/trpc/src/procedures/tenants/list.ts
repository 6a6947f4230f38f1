import { listTenants as listAllTenants } from "@tollgate/use-cases/tenants";
import { z } from "zod";
import { operatorProcedure } from "../../trpc.ts";

export const listTenants = operatorProcedure
  .output(z.array(z.object({ id: z.uuid(), name: z.string(), slug: z.string(), createdAt: z.string() })))
  .query(async ({ ctx }) => {
    const tenants = await listAllTenants(ctx.db);
    return tenants.map((t) => ({ id: t.id, name: t.name, slug: t.slug, createdAt: t.createdAt.toISOString() }));
  });
