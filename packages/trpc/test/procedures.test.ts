import { DEFAULT_INVOICE_ISSUER } from "@tollgate/use-cases/invoices";
import { createDbClient, type Db } from "@tollgate/db";
import { type Principal } from "@tollgate/use-cases/access";
import { createUser } from "@tollgate/use-cases/accounts";
import { createTestDatabase, rebuildDailyRollups, type TestDatabase } from "@tollgate/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { appRouter, createCallerFactory, type Context } from "../src/index.ts";

const createCaller = createCallerFactory(appRouter);
let database: TestDatabase;
let db: Db;
const tenants = { a: "", b: "" };
const users: Record<"operator" | "adminA" | "viewerB", Principal> = {} as never;

function caller(principal: Principal | null, cookies: { set: string[]; cleared: number } = { set: [], cleared: 0 }) {
  const ctx: Context = {
    db,
    principal,
    announceKeyRevocation: () => Promise.resolve(),
    invoiceIssuer: DEFAULT_INVOICE_ISSUER,
    session: {
      token: null,
      set: (token) => cookies.set.push(token),
      clear: () => {
        cookies.cleared += 1;
      },
    },
    // Throttling is the transport's (Redis, per client address): apps/api/test/login-throttle.test.ts covers it.
    loginThrottle: { attempt: () => Promise.resolve(), succeeded: () => Promise.resolve() },
  };
  return createCaller(ctx);
}

const range = { from: "2026-11-01T00:00:00.000Z", to: "2026-12-01T00:00:00.000Z" };

beforeAll(async () => {
  database = await createTestDatabase();
  db = createDbClient(database.url, { maxConnections: 2 });
  tenants.a = (await db.tenant.create({ data: { name: "A", slug: "a" } })).id;
  tenants.b = (await db.tenant.create({ data: { name: "B", slug: "b" } })).id;
  const mk = async (
    email: string,
    role: "operator" | "tenant_admin" | "tenant_viewer",
    tenantId: string | null,
  ): Promise<Principal> => {
    const user = await createUser(db, { email, name: email, password: "password-1", role, tenantId });
    return { kind: "user", userId: user.id, email, role, tenantId };
  };
  users.operator = await mk("op@x.example", "operator", null);
  users.adminA = await mk("admin@a.example", "tenant_admin", tenants.a);
  users.viewerB = await mk("viewer@b.example", "tenant_viewer", tenants.b);
  // One hour of usage for each tenant, so a leak would show up as the wrong numbers.
  await db.usageRollupHourly.createMany({
    data: [
      {
        tenantId: tenants.a,
        hour: new Date("2026-11-10T10:00:00Z"),
        modelId: "m",
        eventCount: 2n,
        inputTokens: 100n,
        amount: "1.5",
      },
      {
        tenantId: tenants.a,
        hour: new Date("2026-11-11T10:00:00Z"),
        modelId: "m-cheap",
        eventCount: 3n,
        outputTokens: 40n,
        amount: "0.25",
      },
      {
        tenantId: tenants.b,
        hour: new Date("2026-11-10T10:00:00Z"),
        modelId: "m",
        eventCount: 7n,
        inputTokens: 900n,
        amount: "9",
      },
    ],
  });
  await rebuildDailyRollups(db);
  // Tenant A is on version 2 of a EUR plan since before the range; tenant B has no plan.
  const plan = await db.plan.create({ data: { code: "pro-a", name: "Pro A" } });
  const version = await db.planVersion.create({
    data: { planId: plan.id, version: 2, status: "published", currency: "EUR", effectiveFrom: new Date("2026-01-01Z") },
  });
  await db.subscription.create({
    data: { tenantId: tenants.a, planVersionId: version.id, startsAt: new Date("2026-01-01Z") },
  });
});

afterAll(async () => {
  await db.$disconnect();
  await database.drop();
});

describe("auth", () => {
  it("logs in with the right password, sets a session cookie and refuses a wrong one", async () => {
    const cookies = { set: [] as string[], cleared: 0 };
    const user = await caller(null, cookies).auth.login({ email: "ADMIN@a.example", password: "password-1" });
    expect(user).toMatchObject({
      email: "admin@a.example",
      role: "tenant_admin",
      tenant: { id: tenants.a, slug: "a" },
    });
    expect(cookies.set).toHaveLength(1);
    await expect(caller(null).auth.login({ email: "admin@a.example", password: "nope" })).rejects.toMatchObject({
      code: "UNAUTHORIZED",
    });
  });

  it("me is null for anonymous callers and the user otherwise; logout clears the cookie", async () => {
    expect(await caller(null).auth.me()).toBeNull();
    expect(await caller(users.viewerB).auth.me()).toMatchObject({
      email: "viewer@b.example",
      tenant: { id: tenants.b },
    });
    const cookies = { set: [] as string[], cleared: 0 };
    await caller(users.viewerB, cookies).auth.logout();
    expect(cookies.cleared).toBe(1);
  });
});

describe("tenant isolation", () => {
  it("usage.summary gives tenant users their own tenant only", async () => {
    const own = await caller(users.adminA).usage.summary(range);
    expect(own).toMatchObject({ tenantId: tenants.a, totals: { eventCount: "5", totalTokens: "140", amount: "1.75" } });
    const ownB = await caller(users.viewerB).usage.summary(range);
    expect(ownB).toMatchObject({ tenantId: tenants.b, totals: { eventCount: "7", amount: "9" } });
    await expect(caller(users.adminA).usage.summary({ ...range, tenantId: tenants.b })).rejects.toMatchObject({
      code: "FORBIDDEN",
    });
  });

  it("usage.byModel gives tenant users their own models only, most expensive first", async () => {
    const own = await caller(users.adminA).usage.byModel(range);
    expect(own.map((row) => [row.modelId, row.amount, row.totalTokens])).toEqual([
      ["m", "1.5", "100"],
      ["m-cheap", "0.25", "40"],
    ]);
    expect((await caller(users.viewerB).usage.byModel(range)).map((row) => row.modelId)).toEqual(["m"]);
    await expect(caller(users.adminA).usage.byModel({ ...range, tenantId: tenants.b })).rejects.toMatchObject({
      code: "FORBIDDEN",
    });
    expect(
      (await caller(users.operator).usage.byModel({ ...range, tenantId: tenants.b })).map((row) => row.amount),
    ).toEqual(["9"]);
  });

  it("usage.summary names the plan in force and its currency (USD without a plan)", async () => {
    expect(await caller(users.adminA).usage.summary(range)).toMatchObject({
      currency: "EUR",
      plan: { code: "pro-a", name: "Pro A", version: 2 },
    });
    expect(await caller(users.viewerB).usage.summary(range)).toMatchObject({ currency: "USD", plan: null });
  });

  it("usage.summary lets operators read any tenant they name", async () => {
    expect(await caller(users.operator).usage.summary({ ...range, tenantId: tenants.b })).toMatchObject({
      tenantId: tenants.b,
    });
    await expect(caller(users.operator).usage.summary(range)).rejects.toMatchObject({ code: "BAD_REQUEST" });
  });

  it("refuses anonymous callers and API keys on the console router", async () => {
    const key: Principal = { kind: "api_key", keyId: null, prefix: "tg_x", tenantId: tenants.a, scopes: ["read"] };
    for (const principal of [null, key]) {
      await expect(caller(principal).usage.summary(range)).rejects.toMatchObject({ code: "UNAUTHORIZED" });
      await expect(caller(principal).tenants.list()).rejects.toMatchObject({ code: "UNAUTHORIZED" });
    }
  });

  it("tenants.list is for operators only", async () => {
    expect((await caller(users.operator).tenants.list()).map((t) => t.slug)).toEqual(["a", "b"]);
    await expect(caller(users.adminA).tenants.list()).rejects.toMatchObject({ code: "FORBIDDEN" });
  });

  it("tenants.list searches names (anywhere), slugs and ids (their start), closest first, up to the limit", async () => {
    // Tenants of this test only (their names share "Picker"), removed after so the other tests' lists stay "a", "b".
    const made = await Promise.all(
      ["Picker North", "South Picker", "Picker 50% Off", "Unrelated"].map((name, index) =>
        db.tenant.create({ data: { name, slug: `picker-${index.toString()}` } }),
      ),
    );
    try {
      const names = async (input: { search?: string; limit?: number; ids?: string[] }) =>
        (await caller(users.operator).tenants.list(input)).map((t) => t.name);
      // Names starting with the text before those containing it; any case; blank means every tenant.
      expect(await names({ search: "picker" })).toEqual([
        "Picker 50% Off",
        "Picker North",
        "South Picker",
        "Unrelated",
      ]);
      expect(await names({ search: "PICKER", limit: 2 })).toEqual(["Picker 50% Off", "Picker North"]);
      expect(await names({ search: "north" })).toEqual(["Picker North"]);
      // LIKE's wildcards are literal text.
      expect(await names({ search: "50%" })).toEqual(["Picker 50% Off"]);
      expect(await names({ search: "_" })).toEqual([]);
      // A slug's or an id's start finds the tenant; a whole id puts its tenant first.
      expect(await names({ search: "picker-3" })).toEqual(["Unrelated"]);
      const south = made[1]?.id ?? "";
      expect(await names({ search: south.slice(0, 13).toUpperCase() })).toContain("South Picker");
      expect((await names({ search: south, limit: 1 }))[0]).toBe("South Picker");
      expect(await names({ search: "   ", limit: 2 })).toEqual(["A", "B"]);
      expect(await names({ limit: 3 })).toEqual(["A", "B", "Picker 50% Off"]);
      expect(await caller(users.operator).tenants.list()).toHaveLength(6);
      // Named ids: only those tenants (a page's rows), by name; an unknown id is simply absent.
      const ids = [made[3]?.id ?? "", made[0]?.id ?? "", "00000000-0000-4000-8000-000000000000"];
      expect(await names({ ids })).toEqual(["Picker North", "Unrelated"]);
      // Bad input is a 400; tenants get no search of other tenants.
      for (const input of [
        { limit: 0 },
        { limit: 101 },
        { limit: 2.5 },
        { search: "x".repeat(201) },
        { other: 1 },
        { ids: [] },
        { ids: ["not-a-uuid"] },
        { ids: Array.from({ length: 101 }, () => made[0]?.id) },
      ]) {
        await expect(caller(users.operator).tenants.list(input as never)).rejects.toMatchObject({
          code: "BAD_REQUEST",
        });
      }
      await expect(caller(users.adminA).tenants.list({ search: "picker" })).rejects.toMatchObject({
        code: "FORBIDDEN",
      });
      await expect(caller(users.viewerB).tenants.list({ search: "a", limit: 1 })).rejects.toMatchObject({
        code: "FORBIDDEN",
      });
    } finally {
      await db.tenant.deleteMany({ where: { id: { in: made.map((t) => t.id) } } });
    }
  });

  it("rejects an inverted or oversized range with BAD_REQUEST", async () => {
    await expect(caller(users.adminA).usage.summary({ from: range.to, to: range.from })).rejects.toMatchObject({
      code: "BAD_REQUEST",
    });
  });
});
