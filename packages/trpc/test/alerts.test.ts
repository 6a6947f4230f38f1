import { createDbClient, type Db } from "@tollgate/db";
import type { UserPrincipal } from "@tollgate/use-cases/access";
import { createUser } from "@tollgate/use-cases/accounts";
import { createTestDatabase, type TestDatabase } from "@tollgate/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { trpcCode, userCaller } from "./support/test-caller.ts";

let database: TestDatabase;
let db: Db;
const tenants = { a: "", b: "" };
const users = {} as Record<"operator" | "adminA" | "viewerA" | "adminB", UserPrincipal>;

function caller(principal: UserPrincipal) {
  return userCaller(db, principal);
}

const budgetPayload = (spent: string) => ({
  budget_id: "00000000-0000-4000-8000-000000000001",
  scope: "customer",
  scope_ref: "c-42",
  period_start: "2026-12-01T00:00:00.000Z",
  threshold_percent: 80,
  amount: "100",
  spent,
  currency: "USD",
  hard_limit: false,
});

async function addAlerts(tenantId: string, prefix: string, count: number): Promise<string[]> {
  const ids: string[] = [];
  for (let index = 0; index < count; index += 1) {
    const kind = index % 3 === 0 ? "credit.low" : "budget.threshold_crossed";
    const payload =
      kind === "credit.low"
        ? { currency: "USD", remaining: "9.5", granted: "100", newest_grant_id: prefix }
        : budgetPayload(`${(80 + index).toString()}.125`);
    const row = await db.alert.create({
      data: { tenantId, kind, dedupeKey: `${prefix}:${index.toString()}`, payload },
    });
    ids.push(row.id.toString());
  }
  return ids;
}

let alertsA: string[] = [];
let alertsB: string[] = [];

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
  alertsA = await addAlerts(tenants.a, "a", 7);
  alertsB = await addAlerts(tenants.b, "b", 3);
});

afterAll(async () => {
  await db.$disconnect();
  await database.drop();
});

describe("alerts", () => {
  it("list the tenant's own alerts newest first, page by page, each once, with a human title", async () => {
    const viewer = caller(users.viewerA);
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await viewer.alerts.list({ limit: "3", ...(cursor ? { cursor } : {}) });
      expect(page.tenant_id).toBe(tenants.a);
      seen.push(...page.alerts.map((alert) => alert.id));
      cursor = page.next_cursor ?? undefined;
      pages += 1;
    } while (cursor);
    expect(pages).toBe(3);
    expect(seen).toEqual([...alertsA].reverse());
    const first = (await viewer.alerts.list({ limit: "1", kind: "budget.threshold_crossed" })).alerts[0];
    expect(first).toMatchObject({
      kind: "budget.threshold_crossed",
      title: "Budget for customer c-42 reached 80 % in the period from 2026-12-01: $85.12 of $100.00",
      read_at: null,
    });
    const low = (await viewer.alerts.list({ kind: "credit.low" })).alerts;
    expect(low).toHaveLength(3);
    expect(low[0]?.title).toBe("Credit running low: $9.50 left of $100.00");
  });

  it("refuse a cursor that was altered or belongs to another tenant (400)", async () => {
    const pageB = await caller(users.adminB).alerts.list({ limit: "1" });
    expect(pageB.next_cursor).not.toBeNull();
    const adminA = caller(users.adminA);
    expect(await trpcCode(adminA.alerts.list({ cursor: pageB.next_cursor ?? "" }))).toBe("BAD_REQUEST");
    expect(await trpcCode(adminA.alerts.list({ cursor: "garbage" }))).toBe("BAD_REQUEST");
    expect(await trpcCode(adminA.alerts.list({ tenant_id: tenants.b }))).toBe("FORBIDDEN");
  });

  it("mark read per tenant: another tenant's ids change nothing; unread filter and count follow", async () => {
    const adminA = caller(users.adminA);
    expect((await adminA.alerts.unreadCount({})).unread).toBe(7);
    // A names B's alerts (and one of its own): only its own changes.
    const marked = await adminA.alerts.markRead({ ids: [...alertsB, alertsA[0] ?? ""] });
    expect(marked).toEqual({ tenantId: tenants.a, updated: 1 });
    expect((await caller(users.adminB).alerts.unreadCount({})).unread).toBe(3);
    expect(await db.alert.count({ where: { tenantId: tenants.b, readAt: { not: null } } })).toBe(0);
    // A's admin cannot reach B's alerts by naming the tenant either.
    expect(await trpcCode(adminA.alerts.markRead({ tenantId: tenants.b, all: true }))).toBe("FORBIDDEN");

    expect((await adminA.alerts.unreadCount({})).unread).toBe(6);
    const read = (await adminA.alerts.list({ unread: "false" })).alerts;
    expect(read.map((alert) => alert.id)).toEqual([alertsA[0]]);
    expect(read[0]?.read_at).not.toBeNull();
    expect((await adminA.alerts.list({ unread: "true" })).alerts).toHaveLength(6);

    expect(await adminA.alerts.markRead({ all: true })).toEqual({ tenantId: tenants.a, updated: 6 });
    expect((await adminA.alerts.unreadCount({})).unread).toBe(0);
    expect((await caller(users.adminB).alerts.unreadCount({})).unread).toBe(3);
    // Operators mark a tenant's alerts by naming it.
    expect(await caller(users.operator).alerts.markRead({ tenantId: tenants.b, ids: [alertsB[0] ?? ""] })).toEqual({
      tenantId: tenants.b,
      updated: 1,
    });
  });

  it("a viewer reads alerts but cannot mark them read (FORBIDDEN)", async () => {
    const viewer = caller(users.viewerA);
    expect(await trpcCode(viewer.alerts.markRead({ all: true }))).toBe("FORBIDDEN");
    expect(await trpcCode(caller(users.adminA).alerts.markRead({ ids: ["not-a-number"] }))).toBe("BAD_REQUEST");
  });
});
