import { createDbClient, type Db } from "@tollgate/db";
import type { UserPrincipal } from "@tollgate/use-cases/access";
import { createUser } from "@tollgate/use-cases/accounts";
import { createApiKey } from "@tollgate/use-cases/api-keys";
import { createBudget } from "@tollgate/use-cases/budgets";
import { createTestDatabase, type TestDatabase } from "@tollgate/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { trpcCode, userCaller } from "./support/test-caller.ts";

let database: TestDatabase;
let db: Db;
const tenants = { a: "", b: "" };
const users = {} as Record<"operator" | "adminA" | "viewerA" | "adminB", UserPrincipal>;
let keyA = "";
let operatorBudgetA = "";
let budgetB = "";

function caller(principal: UserPrincipal) {
  return userCaller(db, principal);
}

/** The operator's allowance for tenant A, through the operators' own operation. */
function allow(settings: { allowed: boolean; max: string | null; hard: boolean }) {
  return caller(users.operator).tenantBilling.set({
    tenantId: tenants.a,
    prepaid: false,
    tenant_budgets_allowed: settings.allowed,
    tenant_budget_max_amount: settings.max,
    tenant_hard_budgets_allowed: settings.hard,
  });
}

beforeAll(async () => {
  database = await createTestDatabase();
  db = createDbClient(database.url, { maxConnections: 2 });
  tenants.a = (await db.tenant.create({ data: { name: "A", slug: "a" } })).id;
  tenants.b = (await db.tenant.create({ data: { name: "B", slug: "b" } })).id;
  const mk = async (email: string, role: UserPrincipal["role"], tenantId: string | null): Promise<UserPrincipal> => {
    const user = await createUser(db, { email, name: email, password: "password-123", role, tenantId });
    return { kind: "user", userId: user.id, email, role, tenantId };
  };
  users.operator = await mk("op@x.example", "operator", null);
  users.adminA = await mk("admin@a.example", "tenant_admin", tenants.a);
  users.viewerA = await mk("viewer@a.example", "tenant_viewer", tenants.a);
  users.adminB = await mk("admin@b.example", "tenant_admin", tenants.b);
  keyA = (await createApiKey(db, { tenantId: tenants.a, name: "agents", scopes: ["ingest"] })).apiKey.id;
  // This month's rated usage of customer c-1 of tenant A: what a new budget starts from.
  const now = new Date();
  await db.usageEvent.create({
    data: {
      tenantId: tenants.a,
      eventId: "e-1",
      occurredAt: now,
      receivedAt: now,
      modelId: "acme/model",
      customer: "c-1",
      ratingStatus: "rated",
      amount: "12.5",
      currency: "USD",
    },
  });
  operatorBudgetA = (
    await createBudget(db, tenants.a, { scope: "tenant", amount: "1000", currency: "USD" }, { actor: users.operator })
  ).id;
  budgetB = (
    await createBudget(
      db,
      tenants.b,
      { scope: "customer", scopeRef: "c-1", amount: "5", currency: "USD" },
      { actor: users.operator },
    )
  ).id;
});

afterAll(async () => {
  await db.$disconnect();
  await database.drop();
});

describe("tenant self-service budgets", () => {
  it("are refused until the operator allows them", async () => {
    const admin = caller(users.adminA);
    const input = { scope: "customer", scopeRef: "c-1", amount: "50", currency: "USD" } as const;
    await expect(admin.tenantBudgets.create(input)).rejects.toThrow(/not enabled budgets set by tenants/);
    const settings = await allow({ allowed: true, max: "100", hard: false });
    expect(settings).toMatchObject({ tenant_budgets_allowed: true, tenant_budget_max_amount: "100" });
    const created = await admin.tenantBudgets.create(input);
    expect(created).toMatchObject({ scope: "customer", scope_ref: "c-1", managed_by: "tenant", hard_limit: false });
    expect(await db.auditLog.count({ where: { action: "budget.create", targetId: created.id } })).toBe(1);
  });

  it("stay within the operator's maximum amount and hard-limit permission", async () => {
    const admin = caller(users.adminA);
    const keyBudget = { scope: "api_key", scopeRef: keyA, currency: "USD" } as const;
    // Above the maximum (400), exactly at it (allowed as soft), hard while hard limits are off (403).
    await expect(admin.tenantBudgets.create({ ...keyBudget, amount: "100.01" })).rejects.toThrow(/at most 100/);
    expect(await trpcCode(admin.tenantBudgets.create({ ...keyBudget, amount: "80", hardLimit: true }))).toBe(
      "FORBIDDEN",
    );
    // Both refusals name their field, so the console shows them at it ("amount: …", "hard_limit: …").
    await expect(admin.tenantBudgets.create({ ...keyBudget, amount: "100.01" })).rejects.toThrow(/^amount: /);
    await expect(admin.tenantBudgets.create({ ...keyBudget, amount: "80", hardLimit: true })).rejects.toThrow(
      /^hard_limit: hard limits are not enabled/,
    );
    expect(await db.budget.count({ where: { tenantId: tenants.a, scope: "api_key" } })).toBe(0);
    await allow({ allowed: true, max: "100", hard: true });
    const hard = await admin.tenantBudgets.create({ ...keyBudget, amount: "100", hardLimit: true });
    expect(hard).toMatchObject({ hard_limit: true, amount: "100", managed_by: "tenant" });
    expect(await trpcCode(admin.tenantBudgets.update({ budgetId: hard.id, amount: "250" }))).toBe("BAD_REQUEST");
    expect((await admin.tenantBudgets.update({ budgetId: hard.id, amount: "60" })).amount).toBe("60");
    // The whole-tenant scope stays the operator's; a second budget for the same key is a conflict.
    expect(
      await trpcCode(
        admin.tenantBudgets.create({ scope: "tenant" as "customer", scopeRef: "", amount: "1", currency: "USD" }),
      ),
    ).toBe("BAD_REQUEST");
    expect(await trpcCode(admin.tenantBudgets.create({ ...keyBudget, amount: "5" }))).toBe("CONFLICT");
    // Withdrawn hard limits: raising a hard budget is refused, deleting it is always possible.
    await allow({ allowed: true, max: null, hard: false });
    expect(await trpcCode(admin.tenantBudgets.update({ budgetId: hard.id, amount: "70" }))).toBe("FORBIDDEN");
    expect((await admin.tenantBudgets.update({ budgetId: hard.id, hardLimit: false, amount: "5000" })).amount).toBe(
      "5000",
    );
    expect((await admin.tenantBudgets.delete({ budgetId: hard.id })).id).toBe(hard.id);
  });

  it("never change the operator's budgets, and a viewer changes nothing", async () => {
    const admin = caller(users.adminA);
    expect(await trpcCode(admin.tenantBudgets.update({ budgetId: operatorBudgetA, amount: "1" }))).toBe("FORBIDDEN");
    expect(await trpcCode(admin.tenantBudgets.delete({ budgetId: operatorBudgetA }))).toBe("FORBIDDEN");
    expect((await db.budget.findUniqueOrThrow({ where: { id: operatorBudgetA } })).amount.toFixed()).toBe("1000");
    const viewer = caller(users.viewerA);
    expect(
      await trpcCode(viewer.tenantBudgets.create({ scope: "customer", scopeRef: "c-9", amount: "1", currency: "USD" })),
    ).toBe("FORBIDDEN");
  });

  it("list every budget of the tenant with this period's spend, and the allowance", async () => {
    const listed = await caller(users.viewerA).tenantBudgets.list({});
    expect(listed.allowance).toEqual({ allowed: true, max_amount: null, hard_limits_allowed: false });
    const byScope = Object.fromEntries(listed.budgets.map((budget) => [budget.scope, budget]));
    expect(byScope.tenant).toMatchObject({ id: operatorBudgetA, managed_by: "operator", spent: "12.5" });
    expect(byScope.customer).toMatchObject({ scope_ref: "c-1", managed_by: "tenant", amount: "50", spent: "12.5" });
    expect(listed.budgets.map((budget) => budget.id)).not.toContain(budgetB);
  });

  it("keep tenants apart: another tenant's budgets can be neither read nor changed", async () => {
    const admin = caller(users.adminA);
    expect(await trpcCode(admin.tenantBudgets.list({ tenantId: tenants.b }))).toBe("FORBIDDEN");
    expect(await trpcCode(admin.tenantBudgets.delete({ budgetId: budgetB }))).toBe("NOT_FOUND");
    expect(await trpcCode(admin.tenantBudgets.update({ budgetId: budgetB, amount: "1" }))).toBe("NOT_FOUND");
    // B never allowed tenant budgets.
    expect(
      await trpcCode(
        caller(users.adminB).tenantBudgets.create({ scope: "customer", scopeRef: "c-2", amount: "1", currency: "USD" }),
      ),
    ).toBe("FORBIDDEN");
  });
});
