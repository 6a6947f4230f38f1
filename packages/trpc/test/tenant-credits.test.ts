import { createDbClient, type Db } from "@tollgate/db";
import type { UserPrincipal } from "@tollgate/use-cases/access";
import { createUser } from "@tollgate/use-cases/accounts";
import { createCreditGrant } from "@tollgate/use-cases/credits";
import { createTestDatabase, type TestDatabase } from "@tollgate/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { trpcCode, userCaller } from "./support/test-caller.ts";

let database: TestDatabase;
let db: Db;
const tenants = { a: "", b: "" };
const users = {} as Record<"operator" | "viewerA", UserPrincipal>;
let grantA = "";
let grantB = "";

function caller(principal: UserPrincipal) {
  return userCaller(db, principal);
}

async function use(tenantId: string, grantId: string, amount: string, at: string, key: string) {
  await db.ledgerEntry.create({
    data: {
      tenantId,
      kind: "credit_usage",
      amount,
      currency: "USD",
      occurredAt: new Date(at),
      idempotencyKey: key,
      creditGrantId: grantId,
    },
  });
}

beforeAll(async () => {
  database = await createTestDatabase();
  db = createDbClient(database.url, { maxConnections: 2 });
  tenants.a = (await db.tenant.create({ data: { name: "A", slug: "a" } })).id;
  tenants.b = (await db.tenant.create({ data: { name: "B", slug: "b" } })).id;
  const operator = await createUser(db, {
    email: "op@x.example",
    name: "Op",
    password: "password-123",
    role: "operator",
    tenantId: null,
  });
  users.operator = { kind: "user", userId: operator.id, email: operator.email, role: "operator", tenantId: null };
  const viewer = await createUser(db, {
    email: "viewer@a.example",
    name: "Viewer",
    password: "password-123",
    role: "tenant_viewer",
    tenantId: tenants.a,
  });
  users.viewerA = { kind: "user", userId: viewer.id, email: viewer.email, role: "tenant_viewer", tenantId: tenants.a };
  const grant = (tenantId: string, reason: string) =>
    createCreditGrant(
      db,
      tenantId,
      { kind: "promotional", amount: "100", currency: "USD", expiresAt: new Date("2099-01-01T00:00:00Z") },
      { actor: users.operator, reason },
    );
  grantA = (await grant(tenants.a, "launch promotion")).id;
  grantB = (await grant(tenants.b, "b's grant")).id;
  // Two uses on 3 Nov (one just before midnight UTC), one on 5 Nov; B's use never shows in A's history.
  await use(tenants.a, grantA, "10.25", "2026-11-03T08:00:00Z", "u1");
  await use(tenants.a, grantA, "4.75", "2026-11-03T23:59:59.999Z", "u2");
  await use(tenants.a, grantA, "0.000001", "2026-11-05T00:00:00Z", "u3");
  await use(tenants.b, grantB, "50", "2026-11-03T12:00:00Z", "u1");
});

afterAll(async () => {
  await db.$disconnect();
  await database.drop();
});

describe("tenant credits", () => {
  it("list the tenant's grants with amount, balance, expiry, kind and reason", async () => {
    const listed = await caller(users.viewerA).credits.list({});
    expect(listed.credit_grants).toHaveLength(1);
    expect(listed.credit_grants[0]).toMatchObject({
      id: grantA,
      kind: "promotional",
      reason: "launch promotion",
      amount: "100",
      used: "15.000001",
      balance: "84.999999",
      expires_at: "2099-01-01T00:00:00.000Z",
      status: "active",
    });
  });

  it("give a grant's use by UTC day with the balance after each day", async () => {
    const history = await caller(users.viewerA).credits.history({ grantId: grantA });
    expect(history.days).toEqual([
      { day: "2026-11-03", used: "15", expired: "0", balance: "85" },
      { day: "2026-11-05", used: "0.000001", expired: "0", balance: "84.999999" },
    ]);
    expect(history.grant.balance).toBe("84.999999");
  });

  it("never show another tenant's grant", async () => {
    const viewer = caller(users.viewerA);
    expect(await trpcCode(viewer.credits.history({ grantId: grantB }))).toBe("NOT_FOUND");
    expect(await trpcCode(viewer.credits.list({ tenantId: tenants.b }))).toBe("FORBIDDEN");
    const operatorView = await caller(users.operator).credits.history({ tenantId: tenants.b, grantId: grantB });
    expect(operatorView.days).toEqual([{ day: "2026-11-03", used: "50", expired: "0", balance: "50" }]);
  });
});
