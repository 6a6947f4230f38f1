import { createDbClient, type Db } from "@tollgate/db";
import type { UserPrincipal } from "@tollgate/use-cases/access";
import { createUser } from "@tollgate/use-cases/accounts";
import { createTestDatabase, type TestDatabase } from "@tollgate/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { trpcCode, userCaller } from "./support/test-caller.ts";

let database: TestDatabase;
let db: Db;
let tenantId = "";
const users = {} as Record<"operator" | "admin" | "viewer", UserPrincipal>;

function caller(principal: UserPrincipal) {
  return userCaller(db, principal);
}

beforeAll(async () => {
  database = await createTestDatabase();
  db = createDbClient(database.url, { maxConnections: 2 });
  tenantId = (
    await db.tenant.create({
      data: {
        name: "Billed",
        slug: "billed",
        billingAnchorDay: 15,
        taxRate: "0.2",
        paymentTermsDays: 14,
        invoiceGraceHours: 48,
        prepaid: true,
      },
    })
  ).id;
  const plan = await db.plan.create({ data: { code: "pro", name: "Pro" } });
  const version = await db.planVersion.create({
    data: {
      planId: plan.id,
      version: 2,
      status: "published",
      currency: "EUR",
      effectiveFrom: new Date("2026-01-01T00:00:00Z"),
    },
  });
  await db.subscription.create({
    data: { tenantId, planVersionId: version.id, startsAt: new Date("2026-02-01T00:00:00Z") },
  });
  const mk = async (email: string, role: UserPrincipal["role"], tenant: string | null): Promise<UserPrincipal> => {
    const user = await createUser(db, { email, name: email, password: "password-123", role, tenantId: tenant });
    return { kind: "user", userId: user.id, email, role, tenantId: tenant };
  };
  users.operator = await mk("op@x.example", "operator", null);
  users.admin = await mk("admin@billed.example", "tenant_admin", tenantId);
  users.viewer = await mk("viewer@billed.example", "tenant_viewer", tenantId);
});

afterAll(async () => {
  await db.$disconnect();
  await database.drop();
});

describe("billing details and the low-credit alert setting", () => {
  it("show the tenant's billing facts, the current period by its anchor day and the plan in force", async () => {
    const details = await caller(users.viewer).tenantBilling.get({});
    expect(details).toMatchObject({
      tenant_id: tenantId,
      currency: "EUR",
      billing_anchor_day: 15,
      tax_rate: "0.2",
      payment_terms_days: 14,
      invoice_grace_hours: 48,
      prepaid: true,
      low_credit_alert_days: null,
      plan: { code: "pro", name: "Pro", version: 2, since: "2026-02-01T00:00:00.000Z" },
    });
    const start = new Date(details.current_period.start);
    expect(start.getUTCDate()).toBe(15);
    expect(start.getTime()).toBeLessThanOrEqual(Date.now());
    expect(new Date(details.current_period.end).getTime()).toBeGreaterThan(Date.now());
  });

  it("an admin sets and clears the alert days (audited); a viewer may not; out-of-range days are refused", async () => {
    const admin = caller(users.admin);
    expect(await admin.billingSettings.setLowCreditAlert({ days: 14 })).toEqual({
      tenant_id: tenantId,
      low_credit_alert_days: 14,
    });
    expect((await caller(users.viewer).tenantBilling.get({})).low_credit_alert_days).toBe(14);
    expect(await trpcCode(caller(users.viewer).billingSettings.setLowCreditAlert({ days: 3 }))).toBe("FORBIDDEN");
    for (const days of [0, 91, 2.5]) {
      expect(await trpcCode(admin.billingSettings.setLowCreditAlert({ days }))).toBe("BAD_REQUEST");
    }
    await admin.billingSettings.setLowCreditAlert({ days: null });
    expect((await db.tenant.findUniqueOrThrow({ where: { id: tenantId } })).lowCreditAlertDays).toBeNull();
    const audit = await db.auditLog.findMany({
      where: { tenantId, action: "tenant.low_credit_alert.update" },
      orderBy: { id: "asc" },
    });
    expect(audit.map((entry) => [entry.before, entry.after])).toEqual([
      [{ low_credit_alert_days: null }, { low_credit_alert_days: 14 }],
      [{ low_credit_alert_days: 14 }, { low_credit_alert_days: null }],
    ]);
  });

  it("an admin sets the time zone (audited; shown in the billing details); a viewer may not; non-IANA zones are refused", async () => {
    const admin = caller(users.admin);
    expect((await admin.tenantBilling.get({})).time_zone).toBe("UTC");
    expect(await admin.billingSettings.setTimeZone({ timeZone: "America/New_York" })).toEqual({
      tenant_id: tenantId,
      time_zone: "America/New_York",
    });
    expect((await caller(users.viewer).tenantBilling.get({})).time_zone).toBe("America/New_York");
    expect(await trpcCode(caller(users.viewer).billingSettings.setTimeZone({ timeZone: "UTC" }))).toBe("FORBIDDEN");
    for (const timeZone of ["", "+02:00", "Mars/Olympus", "America/New York", "x".repeat(65)]) {
      expect(await trpcCode(admin.billingSettings.setTimeZone({ timeZone }))).toBe("BAD_REQUEST");
    }
    expect((await db.tenant.findUniqueOrThrow({ where: { id: tenantId } })).timeZone).toBe("America/New_York");
    // The worker keeps local-day rollups for the new zone (filled by its next refresh).
    expect(await db.usageLocalRollupZone.findUnique({ where: { tenantId } })).toMatchObject({
      timeZone: "America/New_York",
      readyAt: null,
    });
    const audit = await db.auditLog.findMany({ where: { tenantId, action: "tenant.time_zone.update" } });
    expect(audit.map((entry) => [entry.before, entry.after])).toEqual([
      [{ time_zone: "UTC" }, { time_zone: "America/New_York" }],
    ]);
  });

  it("an operator names the tenant (read and write); without one it is a bad request", async () => {
    const operator = caller(users.operator);
    expect((await operator.tenantBilling.get({ tenant_id: tenantId })).tenant_id).toBe(tenantId);
    await operator.billingSettings.setLowCreditAlert({ tenantId, days: 30 });
    expect((await operator.tenantBilling.get({ tenant_id: tenantId })).low_credit_alert_days).toBe(30);
    expect(await trpcCode(operator.tenantBilling.get({}))).toBe("BAD_REQUEST");
  });
});

describe("an anchor change that must wait", () => {
  it("is refused with a 409 naming the date, the reason the billing details give beforehand", async () => {
    const operator = caller(users.operator);
    expect((await operator.tenantBilling.get({ tenant_id: tenantId })).billing_anchor_change_blocked).toBeNull();
    // A change to the 20th in effect since the current period began, its short period not invoiced yet.
    const { current_period } = await operator.tenantBilling.get({ tenant_id: tenantId });
    const changesAt = new Date(current_period.start);
    await db.tenant.update({
      where: { id: tenantId },
      data: { nextBillingAnchorDay: 20, billingAnchorChangesAt: changesAt },
    });
    // The short period runs from the 15th to the next 20th; the schedule invoices it 48 h (the grace) later.
    const shortEnd = new Date(Date.UTC(changesAt.getUTCFullYear(), changesAt.getUTCMonth(), 20));
    if (shortEnd <= changesAt) shortEnd.setUTCMonth(shortEnd.getUTCMonth() + 1);
    const possibleFrom = new Date(shortEnd.getTime() + 48 * 3_600_000);
    const details = await caller(users.viewer).tenantBilling.get({});
    expect(details.billing_anchor_change_blocked).toEqual({
      reason: expect.stringContaining(
        `the change to day 20 took effect on ${changesAt.toISOString().slice(0, 10)}; the day can change again ` +
          `once the short period ${changesAt.toISOString().slice(0, 10)} – ${shortEnd.toISOString().slice(0, 10)} ` +
          "is invoiced",
      ),
      possible_from: possibleFrom.toISOString(),
    });
    // The change is refused with that reason whatever day is asked (a ledger entry makes the tenant billed).
    await db.$executeRaw`
      INSERT INTO ledger_entries (tenant_id, kind, currency, amount, occurred_at, description, idempotency_key)
      VALUES (${tenantId}::uuid, 'adjustment', 'EUR', 1, ${changesAt}, 'test', 'test-anchor-block')`;
    const refused = operator.tenantBilling.set({ tenantId, prepaid: true, billing_anchor_day: 3 });
    await expect(refused).rejects.toMatchObject({
      code: "CONFLICT",
      message: details.billing_anchor_change_blocked?.reason,
    });
  });
});
