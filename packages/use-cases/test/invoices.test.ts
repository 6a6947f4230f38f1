import { billingPeriodEnd, billingPeriodStart, money, scheduleAnchorChange, sumMoney } from "@tollgate/domain";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDbClient, type Db } from "@tollgate/db";
import { createTestDatabase, type TestDatabase } from "@tollgate/db/testing";
import {
  closeBillingPeriod,
  closeDuePeriods,
  createCreditNote,
  DEFAULT_INVOICE_ISSUER,
  getUpcomingInvoice,
  listInvoices,
  markInvoicePaid,
  regenerateInvoice,
  TENANT_BILLING_LOCK_CLASS,
  voidInvoice,
  type InvoiceIssuer,
} from "@tollgate/use-cases/invoices";
import { createCreditGrant } from "@tollgate/use-cases/credits";
import { as, auditOf } from "./support/pricing-fixture.ts";
import { errorOf } from "./support/app-error.ts";

let database: TestDatabase;
let db: Db;
const SYSTEM = { system: "test-close" };

beforeAll(async () => {
  database = await createTestDatabase();
  db = createDbClient(database.url, { maxConnections: 8 });
});

afterAll(async () => {
  await db.$disconnect();
  await database.drop();
});

const at = (iso: string) => new Date(iso);
let issuerSequence = 0;
/** Each test numbers in its own issuer so that gaplessness is checked per test. */
function freshIssuer(): InvoiceIssuer {
  issuerSequence += 1;
  return { ...DEFAULT_INVOICE_ISSUER, code: `T${issuerSequence.toString().padStart(3, "0")}` };
}

async function tenantCreatedAt(
  createdAt: string,
  settings: { taxRate?: string; graceHours?: number; anchorDay?: number } = {},
) {
  const slug = `inv-${Math.random().toString(36).slice(2, 10)}`;
  const tenant = await db.tenant.create({
    data: {
      name: `Invoice tenant ${slug}`,
      slug,
      createdAt: at(createdAt),
      taxRate: settings.taxRate ?? "0",
      invoiceGraceHours: settings.graceHours ?? 24,
      billingAnchorDay: settings.anchorDay ?? 1,
    },
  });
  return tenant.id;
}

let keySequence = 0;
/** A usage charge as the worker writes it (the ledger trigger keeps the period totals). */
async function charge(
  tenantId: string,
  occurredAt: string,
  amount: string,
  model = "m1",
  tokenType = "output",
  quantity = 1000n,
) {
  keySequence += 1;
  await db.$executeRaw`
    INSERT INTO ledger_entries (tenant_id, kind, amount, currency, model_id, token_type, quantity, occurred_at,
      idempotency_key, description)
    VALUES (${tenantId}::uuid, 'usage_charge', ${amount}::numeric, 'USD', ${model}, ${tokenType}::token_type,
      ${quantity}, ${at(occurredAt)}, ${`test:${keySequence.toString()}`}, 'usage')`;
}

async function ledgerOwed(tenantId: string): Promise<string> {
  const rows = await db.$queryRaw<{ owed: string }[]>`
    SELECT coalesce(sum(CASE WHEN kind = 'credit_usage' THEN -amount ELSE amount END), 0)::text AS owed
      FROM ledger_entries
     WHERE tenant_id = ${tenantId}::uuid AND kind IN ('usage_charge', 'commitment_true_up', 'adjustment', 'credit_usage')`;
  return rows[0]?.owed ?? "0";
}

describe("closing billing periods", () => {
  it("finalizes after the grace period with lines that add up, and bills late usage on the next invoice", async () => {
    const issuer = freshIssuer();
    const tenant = await tenantCreatedAt("2026-10-20T00:00:00Z", { taxRate: "0.1" });
    await charge(tenant, "2026-10-21T10:00:00Z", "1.000001", "m1", "input");
    await charge(tenant, "2026-10-25T10:00:00Z", "2.333333", "m1", "output");
    await charge(tenant, "2026-10-31T23:59:59Z", "0.666667", "m2", "output");

    const upcoming = await getUpcomingInvoice(db, tenant, issuer, { now: at("2026-10-31T12:00:00Z") });
    expect(upcoming.invoices).toHaveLength(1);
    expect(upcoming.invoices[0]).toMatchObject({
      status: "draft",
      number: null,
      subtotal: "4",
      tax: "0.4",
      total: "4.4",
    });

    // In grace (until Nov 2 00:00): nothing is written; an event for October still lands on October.
    expect(await closeBillingPeriod(db, tenant, issuer, SYSTEM, { now: at("2026-11-01T12:00:00Z") })).toMatchObject({
      status: "not_due",
    });
    await charge(tenant, "2026-10-30T00:00:00Z", "1", "m2", "output");
    const closed = await closeBillingPeriod(db, tenant, issuer, SYSTEM, { now: at("2026-11-02T00:00:00Z") });
    expect(closed.status).toBe("closed");
    const [october] = closed.status === "closed" ? closed.invoices : [];
    expect(october).toMatchObject({
      number: `${issuer.code}-2026-000001`,
      status: "finalized",
      periodStart: "2026-10-01T00:00:00.000Z",
      subtotal: "5",
      tax: "0.5",
      total: "5.5",
      dueAt: "2026-12-02T00:00:00.000Z",
    });
    const lineSum = sumMoney(october!.lines.map((l) => money(l.amount)));
    expect(lineSum.plus(money(october!.tax)).toFixed()).toBe(money(october!.total).toFixed());

    // A late October event after the close: billed on November's invoice, labelled, priced as rated.
    await charge(tenant, "2026-10-15T00:00:00Z", "0.25", "m1", "output");
    await charge(tenant, "2026-11-10T00:00:00Z", "3", "m1", "output");
    const november = await getUpcomingInvoice(db, tenant, issuer, { now: at("2026-11-20T00:00:00Z") });
    const late = november.invoices[0]!.lines.find((l) => l.section === "late_usage");
    expect(late).toMatchObject({ description: "m1 · output tokens", amount: "0.25" });
    expect(late!.originPeriodStart).toBe("2026-10-01T00:00:00.000Z");

    // October is never rewritten; November finalizes with the late line; every charge is on exactly one invoice.
    const again = await closeDuePeriods(db, tenant, issuer, SYSTEM, { now: at("2026-12-05T00:00:00Z") });
    // December is not due yet, and closeDuePeriods knows it without another transaction.
    expect(again.map((r) => r.status)).toEqual(["closed"]);
    const all = await listInvoices(db, { tenantId: tenant });
    expect(all.invoices.map((i) => [i.number, i.total])).toEqual([
      [`${issuer.code}-2026-000002`, "3.57"], // 3.25 + 0.325 tax, rounded half-even
      [`${issuer.code}-2026-000001`, "5.5"],
    ]);
    await charge(tenant, "2026-12-03T00:00:00Z", "0.004", "m1", "input");
    const december = await getUpcomingInvoice(db, tenant, issuer, { now: at("2026-12-05T00:00:00Z") });
    const billedBeforeTax = sumMoney(
      [...all.invoices, ...december.invoices].map((i) => money(i.subtotal).plus(money(i.creditsApplied))),
    );
    // Invoices round to cents; the ledger keeps full precision: they agree to within the rounding of each invoice.
    expect(
      billedBeforeTax
        .minus(money(await ledgerOwed(tenant)))
        .abs()
        .lessThanOrEqualTo("0.015"),
    ).toBe(true);
    expect(await auditOf(db, october!.id!)).toMatchObject([{ action: "invoice.finalize", actor: "system:test-close" }]);
  });

  it("never skips or repeats a number when closes run at once or a close fails and is retried", async () => {
    const issuer = freshIssuer();
    const tenants = await Promise.all(Array.from({ length: 6 }, () => tenantCreatedAt("2026-09-03T00:00:00Z")));
    for (const tenant of tenants) await charge(tenant, "2026-09-10T00:00:00Z", "10");
    const now = at("2026-10-05T00:00:00Z");

    // A close that fails after taking its number gives the number back.
    await expect(
      db.$transaction(async (tx) => {
        await closeBillingPeriod(tx, tenants[0]!, issuer, SYSTEM, { now });
        throw new Error("crash after the close, before commit");
      }),
    ).rejects.toThrow("crash after the close");

    // Every tenant closed twice at the same time: one invoice each, numbers 1..6 exactly.
    const results = await Promise.all(
      [...tenants, ...tenants].map((tenant) => closeBillingPeriod(db, tenant, issuer, SYSTEM, { now })),
    );
    expect(results.filter((r) => r.status === "closed" && r.invoices.length === 1)).toHaveLength(6);
    const numbers = (await db.invoice.findMany({ where: { issuer: issuer.code }, select: { number: true } }))
      .map((i) => i.number)
      .sort();
    expect(numbers).toEqual([1, 2, 3, 4, 5, 6].map((n) => `${issuer.code}-2026-00000${n.toString()}`));
    for (const tenant of tenants) {
      expect(await db.invoice.count({ where: { tenantId: tenant } })).toBe(1);
      expect(await db.webhookEvent.count({ where: { tenantId: tenant, type: "invoice.finalized" } })).toBe(1);
    }
  });

  it("books the minimum-commitment true-up on the period's own invoice", async () => {
    const issuer = freshIssuer();
    const tenant = await tenantCreatedAt("2026-08-01T00:00:00Z");
    const plan = await db.plan.create({ data: { code: `commit-${tenant.slice(0, 8)}`, name: "Commit" } });
    const version = await db.planVersion.create({
      data: {
        planId: plan.id,
        version: 1,
        status: "published",
        currency: "USD",
        effectiveFrom: at("2026-01-01T00:00:00Z"),
        pricing: { minimum_commitment: "100" },
      },
    });
    await db.subscription.create({
      data: { tenantId: tenant, planVersionId: version.id, startsAt: at("2026-08-01T00:00:00Z") },
    });
    await db.$executeRaw`
      INSERT INTO ledger_entries (tenant_id, kind, amount, currency, model_id, token_type, quantity, occurred_at,
        idempotency_key, plan_version_id, description)
      VALUES (${tenant}::uuid, 'usage_charge', 30, 'USD', 'm1', 'output', 5, ${at("2026-08-05T00:00:00Z")},
        'commit-usage', ${version.id}::uuid, 'usage')`;
    // Before the close the draft shows the true-up the close would book from the usage so far, marked projected.
    const upcoming = await getUpcomingInvoice(db, tenant, issuer, { now: at("2026-08-20T00:00:00Z") });
    expect(upcoming.invoices[0]!.lines.map((l) => [l.section, l.amount])).toEqual([
      ["usage", "30"],
      ["commitment", "70"],
    ]);
    expect(upcoming.invoices[0]!.lines[1]!.details.at(-1)).toMatch(/^projected: /);
    expect(await db.ledgerEntry.count({ where: { tenantId: tenant, kind: "commitment_true_up" } })).toBe(0);
    const closed = await closeBillingPeriod(db, tenant, issuer, SYSTEM, { now: at("2026-09-03T00:00:00Z") });
    const [invoice] = closed.status === "closed" ? closed.invoices : [];
    expect(invoice!.lines.map((l) => [l.section, l.amount])).toEqual([
      ["usage", "30"],
      ["commitment", "70"],
    ]);
    expect(invoice!.total).toBe("100");
    expect(invoice!.lines[0]!.details).toEqual(["plan Commit v1"]);
  });
});

describe("usage line breakdowns", () => {
  it("show how the period's volume split over the meter's tiers and how much of an allowance was used", async () => {
    const tenant = await tenantCreatedAt("2026-11-02T00:00:00Z");
    const plan = await db.plan.create({ data: { code: `tiers-${tenant.slice(0, 8)}`, name: "Tiers" } });
    const version = await db.planVersion.create({
      data: {
        planId: plan.id,
        version: 2,
        status: "published",
        currency: "USD",
        effectiveFrom: at("2026-01-01T00:00:00Z"),
        pricing: {
          tiers: [
            {
              id: "output",
              token_types: ["output"],
              schedule: {
                mode: "graduated",
                tiers: [
                  { up_to: "1000000", price_per_million: "10" },
                  { up_to: null, price_per_million: "5" },
                ],
              },
            },
          ],
          allowances: [{ kind: "tokens", id: "free-input", tokens: "1000000", token_types: ["input"] }],
        },
      },
    });
    for (const [tokenType, quantity, amount] of [
      ["output", 1_500_000n, "12.5"],
      ["input", 800_000n, "0"],
    ] as const) {
      await db.$executeRaw`
        INSERT INTO ledger_entries (tenant_id, kind, amount, currency, model_id, token_type, quantity, occurred_at,
          idempotency_key, plan_version_id, description)
        VALUES (${tenant}::uuid, 'usage_charge', ${amount}::numeric, 'USD', 'm1', ${tokenType}::token_type, ${quantity},
          ${at("2026-11-05T00:00:00Z")}, ${`tiers-${tokenType}`}, ${version.id}::uuid, 'usage')`;
    }
    await db.usagePeriodCounter.createMany({
      data: [
        {
          tenantId: tenant,
          periodStart: at("2026-11-01T00:00:00Z"),
          meter: `${version.id}:tier:output`,
          quantity: 1_500_000n,
        },
        {
          tenantId: tenant,
          periodStart: at("2026-11-01T00:00:00Z"),
          meter: `${version.id}:allowance:free-input`,
          quantity: 800_000n,
        },
      ],
    });
    await db.tenantPriceOverride.create({
      data: {
        tenantId: tenant,
        startsAt: at("2026-11-14T00:00:00Z"),
        discountPercent: "12.5",
        modelRates: { "m*": { output: "9" } },
        reason: "negotiated",
      },
    });
    const upcoming = await getUpcomingInvoice(db, tenant, freshIssuer(), { now: at("2026-11-20T00:00:00Z") });
    const details = Object.fromEntries(upcoming.invoices[0]!.lines.map((line) => [line.tokenType, line.details]));
    expect(details).toEqual({
      input: [
        "plan Tiers v2",
        "included allowance free-input: 800,000 of 1,000,000 tokens used this period",
        "tenant discount 12.5 % (from Nov 14)",
      ],
      output: [
        "plan Tiers v2",
        "output tiers, 1,500,000 tokens this period: 1,000,000 at $10.00 / 1M, 500,000 at $5.00 / 1M",
        "tenant discount 12.5 % (from Nov 14)",
        "tenant price for this model (from Nov 14)",
      ],
    });
  });
});

describe("invoice lifecycle", () => {
  async function finalizedInvoice(issuer: InvoiceIssuer) {
    const tenant = await tenantCreatedAt("2026-06-02T00:00:00Z");
    await charge(tenant, "2026-06-10T00:00:00Z", "40");
    const closed = await closeBillingPeriod(db, tenant, issuer, SYSTEM, { now: at("2026-07-03T00:00:00Z") });
    if (closed.status !== "closed" || !closed.invoices[0]) throw new Error("no invoice");
    return closed.invoices[0];
  }

  it("refuses any change to a finalized invoice or its lines in the database itself", async () => {
    const invoice = await finalizedInvoice(freshIssuer());
    await expect(db.$executeRaw`UPDATE invoices SET total = 1 WHERE id = ${invoice.id}::uuid`).rejects.toThrow(
      /immutable/,
    );
    await expect(
      db.$executeRaw`UPDATE invoice_lines SET amount = 1 WHERE invoice_id = ${invoice.id}::uuid`,
    ).rejects.toThrow(/immutable/);
    await expect(db.$executeRaw`DELETE FROM invoice_lines WHERE invoice_id = ${invoice.id}::uuid`).rejects.toThrow(
      /immutable/,
    );
    await expect(
      db.$executeRaw`INSERT INTO invoice_lines (id, invoice_id, position, section, description, amount, exact_amount)
        VALUES (gen_random_uuid(), ${invoice.id}::uuid, 99, 'usage', 'sneaked in', 1, 1)`,
    ).rejects.toThrow(/immutable/);
    await expect(db.$executeRaw`DELETE FROM invoices WHERE id = ${invoice.id}::uuid`).rejects.toThrow(/immutable/);
    const stored = await db.invoice.findUniqueOrThrow({ where: { id: invoice.id! } });
    expect(stored.total.toFixed()).toBe("40");
  });

  it("voids with a reason, regenerates with a new number, credits and records payment, all audited", async () => {
    const issuer = freshIssuer();
    const invoice = await finalizedInvoice(issuer);
    expect(await errorOf(voidInvoice(db, invoice.id!, as("")))).toMatchObject({ code: "bad_request" });
    const voided = await voidInvoice(db, invoice.id!, as("wrong tax id on the document"));
    expect(voided).toMatchObject({ status: "void", voidReason: "wrong tax id on the document", amountDue: "0" });
    expect(await errorOf(voidInvoice(db, invoice.id!, as("again")))).toMatchObject({ code: "conflict" });

    await db.tenant.update({ where: { id: invoice.tenantId }, data: { taxRate: "0.25" } });
    const regenerated = await regenerateInvoice(db, invoice.id!, issuer, as("reissued with VAT"));
    expect(regenerated).toMatchObject({
      number: `${issuer.code}-2026-000002`,
      replacesInvoiceId: invoice.id,
      subtotal: "40",
      tax: "10",
      total: "50",
    });
    expect(await errorOf(regenerateInvoice(db, invoice.id!, issuer, as()))).toMatchObject({ code: "conflict" });

    const partial = await createCreditNote(db, regenerated.id!, issuer, { amount: "12.5" }, as("outage credit"));
    expect(partial.creditNote).toMatchObject({ number: `${issuer.code}-CN-2026-000001`, amount: "12.5" });
    expect(partial.creditGrantId).toBeNull();
    expect(
      await errorOf(createCreditNote(db, regenerated.id!, issuer, { amount: "37.51" }, as("too much"))),
    ).toMatchObject({
      code: "bad_request",
    });
    const paid = await markInvoicePaid(db, regenerated.id!, { reference: "wire 881" }, as());
    expect(paid).toMatchObject({ status: "paid", amountDue: "0", paymentReference: "wire 881" });
    const settlement = await db.ledgerEntry.findFirstOrThrow({ where: { invoiceId: regenerated.id! } });
    expect(settlement.amount.toFixed()).toBe("-37.5");
    // The rest is credited on the paid invoice as credit the tenant's next usage draws on.
    const rest = await createCreditNote(db, regenerated.id!, issuer, {}, as("goodwill"));
    expect(rest.creditNote.amount).toBe("37.5");
    expect(rest.creditGrantId).not.toBeNull();
    expect(await errorOf(createCreditNote(db, regenerated.id!, issuer, {}, as("more")))).toMatchObject({
      code: "conflict",
    });
    expect(await errorOf(voidInvoice(db, regenerated.id!, as("paid")))).toMatchObject({ code: "conflict" });

    expect((await auditOf(db, invoice.id!)).map((e) => e.action)).toEqual(["invoice.finalize", "invoice.void"]);
    // Each action is a webhook event for the tenant, recorded once, in its own transaction.
    const events = await db.webhookEvent.findMany({
      where: { tenantId: invoice.tenantId },
      orderBy: { createdAt: "asc" },
      select: { type: true, payload: true },
    });
    // (Sorted: events of one millisecond have no order.)
    expect(events.map((e) => e.type).sort()).toEqual([
      "credit_note.created",
      "credit_note.created",
      "invoice.finalized",
      "invoice.finalized",
      "invoice.paid",
      "invoice.voided",
    ]);
    const payloads = events.map((e) => e.payload as Record<string, unknown>);
    expect(payloads).toContainEqual(
      expect.objectContaining({ id: regenerated.id, number: regenerated.number, total: "50", status: "finalized" }),
    );
    expect(payloads).toContainEqual(
      expect.objectContaining({ id: invoice.id, status: "void", void_reason: "wrong tax id on the document" }),
    );
    expect((await auditOf(db, regenerated.id!)).map((e) => e.action)).toEqual(["invoice.regenerate", "invoice.pay"]);
  });
});

describe("an invoice with nothing due", () => {
  it("is paid when the close finalizes it, once, with the mark-paid event and audit; others stay open", async () => {
    const issuer = freshIssuer();
    const covered = await tenantCreatedAt("2026-03-02T00:00:00Z");
    const grant = await createCreditGrant(
      db,
      covered,
      { kind: "promotional", amount: "10", currency: "USD" },
      as("launch promo"),
      { now: at("2026-03-02T00:00:00Z") },
    );
    await charge(covered, "2026-03-10T00:00:00Z", "4.25");
    // The worker draws the whole charge from the grant.
    await db.ledgerEntry.create({
      data: {
        tenantId: covered,
        kind: "credit_usage",
        amount: "4.25",
        currency: "USD",
        occurredAt: at("2026-03-10T00:00:00Z"),
        idempotencyKey: `zero-due:${covered}`,
        creditGrantId: grant.id,
      },
    });
    const owing = await tenantCreatedAt("2026-03-02T00:00:00Z");
    await charge(owing, "2026-03-10T00:00:00Z", "4.25");

    const closedAt = at("2026-04-02T06:00:00Z");
    const closed = await closeBillingPeriod(db, covered, issuer, SYSTEM, { now: closedAt });
    const [zero] = closed.status === "closed" ? closed.invoices : [];
    expect(zero).toMatchObject({
      number: `${issuer.code}-2026-000001`,
      status: "paid",
      subtotal: "4.25",
      creditsApplied: "-4.25",
      total: "0",
      amountDue: "0",
      issuedAt: closedAt.toISOString(),
      paidAt: closedAt.toISOString(),
      paymentReference: null,
    });
    const stored = await db.invoice.findUniqueOrThrow({ where: { id: zero!.id! } });
    expect([stored.status, stored.paidAt?.toISOString()]).toEqual(["paid", closedAt.toISOString()]);
    // Nothing was due, so nothing is settled in the ledger.
    expect(await db.ledgerEntry.count({ where: { invoiceId: zero!.id! } })).toBe(0);
    const audit = await auditOf(db, zero!.id!);
    expect(audit.map((e) => [e.actor, e.action])).toEqual([
      ["system:test-close", "invoice.finalize"],
      ["system:test-close", "invoice.pay"],
    ]);
    expect(audit[1]?.before).toMatchObject({ status: "finalized" });
    expect(audit[1]?.after).toMatchObject({ status: "paid" });
    const events = async (tenantId: string) =>
      (await db.webhookEvent.findMany({ where: { tenantId }, select: { type: true, payload: true } })).sort((a, b) =>
        a.type.localeCompare(b.type),
      );
    const zeroEvents = await events(covered);
    expect(zeroEvents.map((e) => e.type)).toEqual(["invoice.finalized", "invoice.paid"]);
    expect(zeroEvents[1]?.payload).toMatchObject({
      id: zero!.id,
      status: "paid",
      amount_due: "0",
      paid_at: closedAt.toISOString(),
    });

    // Idempotent: closing again writes nothing, and a paid invoice is neither paid, voided nor credited again.
    expect(await closeBillingPeriod(db, covered, issuer, SYSTEM, { now: closedAt })).toMatchObject({
      status: "not_due",
    });
    expect(await errorOf(markInvoicePaid(db, zero!.id!, {}, as(), { now: closedAt }))).toMatchObject({
      code: "conflict",
    });
    expect(await errorOf(voidInvoice(db, zero!.id!, as("no")))).toMatchObject({ code: "conflict" });
    expect(await errorOf(createCreditNote(db, zero!.id!, issuer, {}, as("goodwill")))).toMatchObject({
      code: "conflict",
    });
    expect((await events(covered)).length).toBe(2);
    expect((await auditOf(db, zero!.id!)).length).toBe(2);

    // The same usage without credit is an ordinary open invoice, paid only when an operator says so.
    const normal = await closeBillingPeriod(db, owing, issuer, SYSTEM, { now: closedAt });
    const [open] = normal.status === "closed" ? normal.invoices : [];
    expect(open).toMatchObject({ status: "finalized", total: "4.25", amountDue: "4.25", paidAt: null });
    expect((await events(owing)).map((e) => e.type)).toEqual(["invoice.finalized"]);
    expect((await auditOf(db, open!.id!)).map((e) => e.action)).toEqual(["invoice.finalize"]);
  });
});

describe("a tenant billed from the 31st", () => {
  it("starts February's period on its last day, in common and leap years, and closes it then", async () => {
    const issuer = freshIssuer();
    const tenant = await tenantCreatedAt("2027-01-31T00:00:00Z", { anchorDay: 31 });
    await charge(tenant, "2027-02-27T23:59:59Z", "1");
    await charge(tenant, "2027-02-28T00:00:00Z", "2");
    await charge(tenant, "2027-03-30T23:59:59Z", "4");

    const january = await getUpcomingInvoice(db, tenant, issuer, { now: at("2027-02-27T12:00:00Z") });
    expect(january).toMatchObject({
      periodStart: "2027-01-31T00:00:00.000Z",
      periodEnd: "2027-02-28T00:00:00.000Z",
      finalizesAt: "2027-03-01T00:00:00.000Z",
      invoices: [{ subtotal: "1" }],
    });
    const february = await getUpcomingInvoice(db, tenant, issuer, { now: at("2027-03-05T00:00:00Z") });
    expect(february).toMatchObject({
      periodStart: "2027-02-28T00:00:00.000Z",
      periodEnd: "2027-03-31T00:00:00.000Z",
      invoices: [{ subtotal: "6" }],
    });
    // A period start must be one of the tenant's: Feb 1 is not.
    expect(
      await errorOf(
        getUpcomingInvoice(db, tenant, issuer, {
          now: at("2027-03-05T00:00:00Z"),
          periodStart: at("2027-02-01T00:00:00Z"),
        }),
      ),
    ).toMatchObject({ code: "bad_request" });

    const closes = await closeDuePeriods(db, tenant, issuer, SYSTEM, { now: at("2027-03-01T00:00:00Z") });
    expect(closes).toMatchObject([
      {
        status: "closed",
        invoices: [{ periodStart: "2027-01-31T00:00:00.000Z", periodEnd: "2027-02-28T00:00:00.000Z", total: "1" }],
        nextDueAt: at("2027-04-01T00:00:00Z"),
      },
    ]);

    // Leap year: Jan 31 → Feb 29 → Mar 31.
    const leap = await tenantCreatedAt("2028-01-31T00:00:00Z", { anchorDay: 31 });
    await charge(leap, "2028-02-29T00:00:00Z", "3");
    expect(await getUpcomingInvoice(db, leap, issuer, { now: at("2028-03-01T00:00:00Z") })).toMatchObject({
      periodStart: "2028-02-29T00:00:00.000Z",
      periodEnd: "2028-03-31T00:00:00.000Z",
      invoices: [{ subtotal: "3" }],
    });
  });
});

describe("the billing period in SQL and TypeScript", () => {
  it("agree for every anchor day on every instant around period starts, month ends, leap days and year ends", async () => {
    // Each month of a common year, a leap year and the year around it: the instants at and 1 ms before 00:00 UTC
    // of days 1, 14, 15, 27–31 (invalid days roll into the next month, which adds more boundaries), plus mid-day.
    const instants: Date[] = [];
    for (const year of [2026, 2027, 2028]) {
      for (let month = 0; month < 12; month++) {
        for (const day of [1, 14, 15, 27, 28, 29, 30, 31]) {
          const midnight = Date.UTC(year, month, day);
          instants.push(new Date(midnight), new Date(midnight - 1), new Date(midnight + 12 * 3_600_000));
        }
      }
    }
    instants.push(at("2028-02-29T12:00:00.000Z"), at("2026-03-29T01:30:00.000Z"));
    const anchors = Array.from({ length: 31 }, (_, index) => index + 1);
    const pairs = anchors.flatMap((anchor) => instants.map((instant) => ({ anchor, instant })));
    const rows = await db.$queryRaw<{ start: Date; end: Date }[]>`
      SELECT billing_period_start(t, a) AS start, billing_period_end(billing_period_start(t, a), a) AS end
        FROM unnest(${pairs.map((p) => p.instant)}::timestamptz[], ${pairs.map((p) => p.anchor)}::int[])
             WITH ORDINALITY AS x(t, a, n)
       ORDER BY n`;
    const sql = rows.map((row) => `${row.start.toISOString()} → ${row.end.toISOString()}`);
    const domain = pairs.map(({ anchor, instant }) => {
      const start = billingPeriodStart(instant, anchor);
      return `${start.toISOString()} → ${billingPeriodEnd(start, anchor).toISOString()}`;
    });
    expect(sql).toEqual(domain);
    // And the rule itself, on the cases that matter: anchor 1 is the calendar month; 31 clamps to short months.
    expect(billingPeriodStart(at("2026-10-31T23:59:59.999Z"), 1).toISOString()).toBe("2026-10-01T00:00:00.000Z");
    expect(billingPeriodStart(at("2027-02-28T00:00:00.000Z"), 31).toISOString()).toBe("2027-02-28T00:00:00.000Z");
    expect(billingPeriodStart(at("2027-02-27T23:59:59.999Z"), 31).toISOString()).toBe("2027-01-31T00:00:00.000Z");
    expect(billingPeriodEnd(at("2028-01-31T00:00:00.000Z"), 31).toISOString()).toBe("2028-02-29T00:00:00.000Z");
    expect(billingPeriodEnd(at("2026-04-30T00:00:00.000Z"), 31).toISOString()).toBe("2026-05-31T00:00:00.000Z");
    expect(billingPeriodStart(at("2026-10-14T23:59:59.999Z"), 15).toISOString()).toBe("2026-09-15T00:00:00.000Z");
    expect(billingPeriodStart(at("2026-10-15T00:00:00.000Z"), 15).toISOString()).toBe("2026-10-15T00:00:00.000Z");

    // With a dated change (issue 19): every pair of anchors, changed at the end of a period of the old one.
    const changes = anchors.flatMap((day) =>
      [1, 15, 28, 31].map((nextDay) => scheduleAnchorChange(day, nextDay, at("2027-01-20T08:00:00.000Z"))),
    );
    const samples = instants.filter((instant) => instant >= at("2026-11-01Z") && instant < at("2027-05-01Z"));
    const scheduled = changes.flatMap((anchor) => samples.map((instant) => ({ anchor, instant })));
    const scheduledRows = await db.$queryRaw<{ start: Date; end: Date }[]>`
      SELECT billing_period_start(t, a, n, c) AS start, billing_period_end(billing_period_start(t, a, n, c), a, n, c) AS end
        FROM unnest(${scheduled.map((p) => p.instant)}::timestamptz[], ${scheduled.map((p) => p.anchor.day)}::int[],
                    ${scheduled.map((p) => p.anchor.nextDay)}::int[],
                    ${scheduled.map((p) => p.anchor.changesAt)}::timestamptz[])
             WITH ORDINALITY AS x(t, a, n, c, i)
       ORDER BY i`;
    expect(scheduledRows.map((row) => `${row.start.toISOString()} → ${row.end.toISOString()}`)).toEqual(
      scheduled.map(({ anchor, instant }) => {
        const start = billingPeriodStart(instant, anchor);
        return `${start.toISOString()} → ${billingPeriodEnd(start, anchor).toISOString()}`;
      }),
    );
  });

  it("take the billing lock class the close uses in the ledger trigger", async () => {
    const rows = await db.$queryRaw<{ source: string }[]>`
      SELECT prosrc AS source FROM pg_proc WHERE proname = 'ledger_entries_add_to_period_totals'`;
    expect(rows[0]?.source).toContain(`pg_advisory_xact_lock_shared(${TENANT_BILLING_LOCK_CLASS.toString()},`);
  });
});
