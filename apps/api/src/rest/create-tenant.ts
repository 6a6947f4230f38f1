import { createTenant } from "@tollgate/use-cases/tenants";
import { AppError, storedText } from "@tollgate/domain";
import type { FastifyInstance } from "fastify";
import { z } from "zod";
import type { ApiDeps } from "../api-deps.ts";
import { requireOperatorKey } from "./authenticate-request.ts";

export const createTenantBody = z.strictObject({ name: storedText(200).trim().min(1) });

export const createTenantResponse = z.object({
  tenant: z.object({ id: z.uuid(), name: z.string(), slug: z.string(), createdAt: z.string() }),
  apiKey: z.object({
    id: z.uuid(),
    prefix: z.string(),
    scopes: z.array(z.string()),
    /** Shown once; only its hash is stored. */
    secret: z.string(),
  }),
});

export function registerCreateTenant(app: FastifyInstance, deps: ApiDeps): void {
  app.post("/v1/admin/tenants", async (request, reply) => {
    const principal = await requireOperatorKey(request, deps);
    const body = createTenantBody.safeParse(request.body);
    if (!body.success)
      throw new AppError(
        "bad_request",
        body.error.issues.map((i) => `${i.path.join(".") || "body"}: ${i.message}`).join("; "),
      );
    const { tenant, apiKey, plaintext } = await createTenant(deps.db, body.data, principal);
    const response: z.infer<typeof createTenantResponse> = {
      tenant: { id: tenant.id, name: tenant.name, slug: tenant.slug, createdAt: tenant.createdAt.toISOString() },
      apiKey: { id: apiKey.id, prefix: apiKey.prefix, scopes: apiKey.scopes, secret: plaintext },
    };
    return reply.status(201).send(response);
  });
}
