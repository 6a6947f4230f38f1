import { z } from "zod";

export const sessionUserSchema = z.object({
  id: z.uuid(),
  email: z.string(),
  name: z.string(),
  role: z.enum(["operator", "tenant_admin", "tenant_viewer"]),
  tenant: z.object({ id: z.uuid(), name: z.string(), slug: z.string() }).nullable(),
});
export type SessionUser = z.infer<typeof sessionUserSchema>;

export function toSessionUser(
  user: { id: string; email: string; name: string; role: SessionUser["role"] },
  tenant: { id: string; name: string; slug: string } | null,
): SessionUser {
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    role: user.role,
    tenant: tenant ? { id: tenant.id, name: tenant.name, slug: tenant.slug } : null,
  };
}
