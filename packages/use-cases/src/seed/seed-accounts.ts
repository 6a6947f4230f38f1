import type { Db } from "@tollgate/db";
import type { Principal } from "../access/principal.ts";
import { createTenant } from "../tenants/create-tenant.ts";
import { createUser } from "../accounts/create-user.ts";
import {
  DEMO_OPERATOR_EMAIL,
  DEMO_PASSWORD,
  DEMO_SUBSCRIPTIONS_START,
  DEMO_TENANTS,
  DEMO_VIEWER,
  demoAdminEmail,
  type DemoTenant,
} from "./demo-accounts.ts";

export interface SeededTenant {
  tenant: DemoTenant;
  tenantId: string;
  /** The ingest+read key `createTenant` returned when this run created the tenant (its secret is shown once). */
  newKey: { id: string; plaintext: string } | null;
}

export interface SeededAccounts {
  operator: Principal;
  tenants: SeededTenant[];
  usersCreated: number;
}

/**
 * Ensures the operator, the demo tenants, their admins (and Acme's viewer) and subscriptions. Rows are found by their unique keys first;
 * existing ones are left untouched (a changed password or plan in the console survives a re-seed).
 */
export async function seedAccounts(db: Db, planVersionIds: ReadonlyMap<string, string>): Promise<SeededAccounts> {
  let usersCreated = 0;
  const ensureUser = async (email: string, name: string, tenantId: string | null, viewer = false) => {
    const existing = await db.user.findUnique({ where: { email } });
    if (existing) return existing;
    usersCreated += 1;
    const role = tenantId === null ? "operator" : viewer ? "tenant_viewer" : "tenant_admin";
    return createUser(db, { email, name, password: DEMO_PASSWORD, role, tenantId });
  };

  const operatorUser = await ensureUser(DEMO_OPERATOR_EMAIL, "Demo Operator", null);
  // Tenant creation is audited as done by the demo operator.
  const operator: Principal = {
    kind: "user",
    userId: operatorUser.id,
    email: operatorUser.email,
    role: operatorUser.role,
    tenantId: null,
  };

  const tenants: SeededTenant[] = [];
  for (const tenant of DEMO_TENANTS) {
    const existing = await db.tenant.findUnique({ where: { slug: tenant.slug } });
    let seeded: SeededTenant;
    if (existing) {
      seeded = { tenant, tenantId: existing.id, newKey: null };
    } else {
      const created = await createTenant(db, { name: tenant.name }, operator);
      if (created.tenant.slug !== tenant.slug) {
        throw new Error(`demo tenant "${tenant.name}" got slug ${created.tenant.slug}, expected ${tenant.slug}`);
      }
      seeded = { tenant, tenantId: created.tenant.id, newKey: { id: created.apiKey.id, plaintext: created.plaintext } };
    }
    await ensureUser(demoAdminEmail(tenant.slug), `${tenant.name} Admin`, seeded.tenantId);
    if (tenant.slug === DEMO_VIEWER.slug) await ensureUser(DEMO_VIEWER.email, DEMO_VIEWER.name, seeded.tenantId, true);
    await ensureSubscription(db, seeded.tenantId, planVersionIds.get(tenant.planCode));
    tenants.push(seeded);
  }
  return { operator, tenants, usersCreated };
}

/** Subscribes a tenant that has no subscription at all; one it already has (maybe changed since) is kept. */
async function ensureSubscription(db: Db, tenantId: string, planVersionId: string | undefined): Promise<void> {
  if (!planVersionId) throw new Error("demo plan version missing; seed the plans first");
  if ((await db.subscription.count({ where: { tenantId } })) > 0) return;
  await db.subscription.create({ data: { tenantId, planVersionId, startsAt: DEMO_SUBSCRIPTIONS_START } });
}
