import { randomBytes } from "node:crypto";
import type { Db } from "@tollgate/db";
import { billingPeriodStart, MAX_EVENT_AGE_MS, Money, money, toDecimalString } from "@tollgate/domain";
import { createCreditGrant } from "@tollgate/use-cases/credits";
import type { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { acknowledgesAll, sendUntilAcknowledged } from "./support/ingest-client.ts";
import { countStoredEvents } from "./support/pipeline-totals.ts";
import { createTenantViaAdminApi, subscribeToPricedPlan, type TenantWithKey } from "./support/priced-tenant.ts";
import { waitForDrainedQueue } from "./support/queue-state.ts";
import { restCall } from "./support/rest-client.ts";
import { startStackWithClients, type StackWithClients } from "./support/stack-clients.ts";
import type { TestStack } from "./support/test-stack.ts";
import { chunk, makeEventsAt, type WireEvent } from "./support/usage-events.ts";

/**
 * Issue 18, a full month over the real processes (ingest → queue → worker → ledger, api): a tenant on a plan with a
 * graduated input meter, a credit grant and a price change in the middle of the previous month; usage over that
 * month, late usage while the month is in grace (on its invoice) and after it was finalized (on the next invoice,
 * labelled with the month); a concurrent close in which one request dies as it takes the next number, a retried
 * close, a void and a regenerate, a credit note; invoice numbers 1..N for the issuer. Every amount is predicted here
 * from the events' tokens and the plan's prices, and the invoices plus the upcoming one must add up to the ledger and
 * to the rated events.
 *
 * Dates: the previous calendar month, clipped to what ingest still accepts (MAX_EVENT_AGE_MS, 35 days). That window
 * is never empty: the previous month ends on the 1st of this one, at most 31 days ago, so at least its last 4 days
 * (less the margin) are accepted whatever day the test runs on, and the price change falls in its middle.
 */
const MODEL = "e2e/tiered-model";
const ISSUER = `M${randomBytes(3).toString("hex").toUpperCase()}`;
const HOUR = 3_600_000;
// Numbers carry the year they were issued in (now), not the billed month's.
const YEAR = new Date().getUTCFullYear().toString();
const MILLION = 1_000_000n;

// The plan: input tokens on a graduated meter; cached input and output at flat rates per 1M tokens.
const INPUT_TIERS = [
  { upTo: 2_000_000n, price: "3" },
  { upTo: 6_000_000n, price: "2" },
  { upTo: null, price: "1.5" },
] as const;
const CACHED_PRICE = "0.3";
const OUTPUT_PRICE = "12";
// From the middle of the month, an override lowers the output rate.
const OUTPUT_PRICE_AFTER_CHANGE = "9";
const CREDIT = "5";
const TAX_RATE = "0.1";
const TAX_RATE_AFTER_VOID = "0.2";

const NOW = new Date();
const CURRENT = billingPeriodStart(NOW);
const PREVIOUS = billingPeriodStart(new Date(CURRENT.getTime() - 1));
// Two hours' margin on the oldest accepted event, for a slow run; the month's last minute is left out.
const WINDOW_START = new Date(Math.max(PREVIOUS.getTime(), NOW.getTime() - MAX_EVENT_AGE_MS + 2 * HOUR));
const WINDOW_END = new Date(CURRENT.getTime() - 60_000);
const PRICE_CHANGE = new Date(Math.floor((WINDOW_START.getTime() + WINDOW_END.getTime()) / 2 / 1000) * 1000);

/** `count` instants spread evenly over [from, to), offset so that groups sent later do not repeat instants. */
function spread(count: number, from: Date, to: Date, offsetMs = 0): Date[] {
  const step = (to.getTime() - from.getTime()) / count;
  return Array.from({ length: count }, (_, i) => new Date(Math.floor(from.getTime() + i * step + offsetMs)));
}

// The previous month's usage, sent in three groups: before anything is closed, late while the month is in grace,
// and late after it was finalized. Then some usage of the current month.
const ON_TIME = makeEventsAt(spread(160, WINDOW_START, WINDOW_END), { idPrefix: "month-on-time", model: MODEL });
const IN_GRACE = makeEventsAt(spread(20, WINDOW_START, WINDOW_END, 1_000), { idPrefix: "month-grace", model: MODEL });
const AFTER_CLOSE = makeEventsAt(spread(20, WINDOW_START, WINDOW_END, 2_000), {
  idPrefix: "month-late",
  model: MODEL,
});
// (In a month's first second, up to a second ahead: within ingest's clock skew.)
const CURRENT_MONTH = makeEventsAt(
  spread(20, CURRENT, new Date(Math.max(NOW.getTime() - 1_000, CURRENT.getTime() + 1_000))),
  {
    idPrefix: "month-current",
    model: MODEL,
  },
);

// ───── The expected money, from tokens and prices only. ─────

function perMillion(tokens: bigint, price: string): Money {
  return money(tokens.toString()).times(price).dividedBy(MILLION.toString());
}

/** The graduated price of a month's input volume: each token at the price of the tier it falls in. */
function graduatedInput(volume: bigint): Money {
  let total = money("0");
  let floor = 0n;
  for (const tier of INPUT_TIERS) {
    const ceiling = tier.upTo ?? volume;
    const inTier = volume > floor ? (volume < ceiling ? volume : ceiling) - floor : 0n;
    if (inTier > 0n) total = total.plus(perMillion(inTier, tier.price));
    floor = ceiling;
  }
  return total;
}

interface Tokens {
  input: bigint;
  cached: bigint;
  outputBefore: bigint;
  outputAfter: bigint;
}

function tokensOf(events: readonly WireEvent[]): Tokens {
  const sum: Tokens = { input: 0n, cached: 0n, outputBefore: 0n, outputAfter: 0n };
  for (const event of events) {
    sum.input += BigInt(event.input_tokens);
    sum.cached += BigInt(event.cached_input_tokens);
    if (new Date(event.timestamp) < PRICE_CHANGE) sum.outputBefore += BigInt(event.output_tokens);
    else sum.outputAfter += BigInt(event.output_tokens);
  }
  return sum;
}

/** The charges of `events` when `inputBefore` input tokens were already used in their month. */
function charges(events: readonly WireEvent[], inputBefore = 0n) {
  const tokens = tokensOf(events);
  const input = graduatedInput(inputBefore + tokens.input).minus(graduatedInput(inputBefore));
  const cached = perMillion(tokens.cached, CACHED_PRICE);
  const output = perMillion(tokens.outputBefore, OUTPUT_PRICE).plus(
    perMillion(tokens.outputAfter, OUTPUT_PRICE_AFTER_CHANGE),
  );
  return { tokens, input, cached, output, total: input.plus(cached).plus(output) };
}

const roundToCents = (amount: Money) => amount.toDecimalPlaces(2, Money.ROUND_HALF_EVEN);
const text = (amount: Money) => toDecimalString(amount);
const HALF_CENT = money("0.005");

// ───── The wire shapes read here (snake_case, decimal strings). ─────

interface LineJson {
  section: string;
  description: string;
  token_type: string | null;
  quantity: string | null;
  amount: string;
  exact_amount: string;
  origin_period_start: string | null;
  details: string[];
}
interface InvoiceJson {
  id: string | null;
  number: string | null;
  status: string;
  period_start: string;
  subtotal: string;
  credits_applied: string;
  tax_rate: string;
  tax: string;
  total: string;
  amount_due: string;
  replaces_invoice_id: string | null;
  lines: LineJson[];
  credit_notes: { number: string; amount: string }[];
}
interface CloseJson {
  status: "closed" | "not_due";
  period_start: string;
  invoices: InvoiceJson[];
}
interface UpcomingJson {
  period_start: string;
  invoices: InvoiceJson[];
}

let clients: StackWithClients;
let stack: TestStack;
let db: Db;
let redis: Redis;
let tenant: TenantWithKey;

beforeAll(async () => {
  clients = await startStackWithClients({
    env: { INVOICE_ISSUER_CODE: ISSUER },
    // Closes here are the operator's; the schedule's scan (at start, then hourly) finds nothing due.
    workerEnv: { WORKER_BILLING_CLOSE_INTERVAL_MS: "3600000" },
  });
  ({ stack, db, redis } = clients);
});

afterAll(async () => {
  await clients.close();
});

const operator = <T>(method: "GET" | "POST" | "PUT", path: string, body?: unknown) =>
  restCall<T>(stack.apiUrl, stack.operatorKey, method, path, body);
const asTenant = <T>(path: string) => restCall<T>(stack.apiUrl, tenant.apiKey, "GET", path);

async function sendAndSettle(events: readonly WireEvent[]): Promise<void> {
  const before = await countStoredEvents(db, tenant.tenantId);
  for (const batch of chunk(events, 100)) {
    const answer = await sendUntilAcknowledged(stack.ingestUrl, tenant.apiKey, batch);
    expect(acknowledgesAll(answer, batch.length), JSON.stringify(answer)).toBe(true);
  }
  await waitForDrainedQueue(redis, stack.queuePrefix, () => countStoredEvents(db, tenant.tenantId), {
    timeoutMs: 60_000,
  });
  expect(await countStoredEvents(db, tenant.tenantId)).toBe(before + events.length);
}

/** Holds the issuer's invoice counter row in a transaction of the test's own until release(). */
function holdInvoiceCounter() {
  let release: () => void = () => undefined;
  let markHeld: () => void = () => undefined;
  const released = new Promise<void>((resolve) => {
    release = resolve;
  });
  const held = new Promise<void>((resolve) => {
    markHeld = resolve;
  });
  const done = db.$transaction(
    async (tx) => {
      await tx.$queryRaw`SELECT last_number FROM document_number_counters WHERE issuer = ${ISSUER} FOR UPDATE`;
      markHeld();
      await released;
    },
    { timeout: 60_000 },
  );
  return {
    held,
    release: () => {
      release();
    },
    done,
  };
}

/** The backend of a close waiting for the counter row (the api's connection), once there is one. */
async function waitForCounterWaiter(): Promise<number> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const [waiter] = await db.$queryRaw<{ pid: number }[]>`
      SELECT pid FROM pg_stat_activity
       WHERE datname = current_database() AND pid <> pg_backend_pid() AND wait_event_type = 'Lock'
         AND query LIKE '%document_number_counters%'`;
    if (waiter) return waiter.pid;
    if (Date.now() > deadline) throw new Error("no close reached the invoice counter");
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

async function invoiceCounter(): Promise<number | undefined> {
  const [counter] = await db.$queryRaw<{ last_number: number }[]>`
    SELECT last_number FROM document_number_counters WHERE issuer = ${ISSUER} AND series = 'invoice'`;
  return counter?.last_number;
}

function line(invoice: InvoiceJson, section: string, tokenType: string | null): LineJson {
  const found = invoice.lines.filter((l) => l.section === section && l.token_type === tokenType);
  expect(found, `${section} ${String(tokenType)} in ${JSON.stringify(invoice.lines)}`).toHaveLength(1);
  return found[0] as LineJson;
}

/** subtotal + credits: what the invoice bills before tax, and how far it may be from the exact amount (rounding). */
function net(invoice: InvoiceJson): Money {
  return money(invoice.subtotal).plus(invoice.credits_applied);
}

function expectTax(invoice: InvoiceJson, rate: string): void {
  expect(invoice.tax_rate).toBe(rate);
  expect(invoice.tax).toBe(text(roundToCents(net(invoice).times(rate))));
  expect(invoice.total).toBe(text(net(invoice).plus(invoice.tax)));
}

describe("invoicing a full month through ingest, worker, ledger and api", () => {
  const onTimeAndGrace = [...ON_TIME, ...IN_GRACE];
  let closed: InvoiceJson;

  it("sets up the tenant: tiered plan, grace and tax, a mid-month price change and a credit grant", async () => {
    expect(WINDOW_START < PRICE_CHANGE && PRICE_CHANGE < WINDOW_END).toBe(true);
    tenant = await createTenantViaAdminApi(stack.apiUrl, stack.operatorKey, "Month Inc");
    await subscribeToPricedPlan(
      db,
      tenant.tenantId,
      MODEL,
      { input: "3", cached_input: CACHED_PRICE, output: OUTPUT_PRICE },
      {
        tiers: [
          {
            id: "input-volume",
            token_types: ["input"],
            schedule: {
              mode: "graduated",
              tiers: INPUT_TIERS.map((tier) => ({
                up_to: tier.upTo === null ? null : tier.upTo.toString(),
                price_per_million: tier.price,
              })),
            },
          },
        ],
      },
    );
    // A grace long enough that only the operator's close finalizes the month during the test.
    const billing = await operator("PUT", `/v1/admin/tenants/${tenant.tenantId}/billing`, {
      prepaid: false,
      invoice_grace_hours: 2160,
      tax_rate: TAX_RATE,
      payment_terms_days: 14,
    });
    expect(billing.status).toBe(200);
    const override = await operator("POST", `/v1/admin/tenants/${tenant.tenantId}/overrides`, {
      starts_at: PRICE_CHANGE.toISOString(),
      model_rates: { [MODEL]: { output: OUTPUT_PRICE_AFTER_CHANGE } },
      reason: "negotiated output rate from mid-month",
    });
    expect(override.status).toBe(201);
    // Granted before the month's first event (the REST API grants as of now; usage only draws on earlier grants).
    await createCreditGrant(
      db,
      tenant.tenantId,
      { kind: "promotional", amount: CREDIT, currency: "USD" },
      { actor: { kind: "operator_key", keyId: null, prefix: "tg_test" }, reason: "welcome credit" },
      { now: new Date(WINDOW_START.getTime() - 60_000) },
    );
  });

  it("bills the month's usage and the usage that arrives during its grace period on the month's draft", async () => {
    await sendAndSettle([...ON_TIME, ...CURRENT_MONTH]);
    const periodQuery = `/v1/invoices/upcoming?period_start=${encodeURIComponent(PREVIOUS.toISOString())}`;
    const draft = await asTenant<UpcomingJson>(periodQuery);
    expect(draft.status).toBe(200);
    const onTime = charges(ON_TIME);
    // The credit is smaller than the first group's charges, so all of it is used there.
    expect(onTime.total.greaterThan(CREDIT)).toBe(true);
    expect(draft.body.invoices).toHaveLength(1);
    expect(line(draft.body.invoices[0] as InvoiceJson, "usage", "input").exact_amount).toBe(text(onTime.input));

    // Late, but the month is still in grace: these land on its own invoice.
    await sendAndSettle(IN_GRACE);
    const expected = charges(onTimeAndGrace);
    const graced = (await asTenant<UpcomingJson>(periodQuery)).body.invoices[0] as InvoiceJson;
    expect(line(graced, "usage", "input")).toMatchObject({
      quantity: expected.tokens.input.toString(),
      exact_amount: text(expected.input),
    });
    expect(line(graced, "usage", "cached_input").exact_amount).toBe(text(expected.cached));
    expect(line(graced, "usage", "output")).toMatchObject({
      quantity: (expected.tokens.outputBefore + expected.tokens.outputAfter).toString(),
      exact_amount: text(expected.output),
    });
    expect(line(graced, "credits", null).exact_amount).toBe(text(money(CREDIT).negated()));
    expect(graced.lines.filter((l) => l.section === "late_usage")).toEqual([]);
  });

  it("closes the month once under concurrent requests, one dying as it takes the number, and retries add nothing", async () => {
    // The counter row exists before the first number (at 0, as the first close would create it), so the test can
    // hold it: a close then stops at its number, after writing its draft, lines and billed_through.
    await db.$executeRaw`
      INSERT INTO document_number_counters (issuer, series, year, last_number)
      VALUES (${ISSUER}, 'invoice', ${Number(YEAR)}, 0)`;
    const counterHeld = holdInvoiceCounter();
    await counterHeld.held;

    const closePath = `/v1/admin/tenants/${tenant.tenantId}/invoices/close`;
    const closing = Promise.all(Array.from({ length: 6 }, () => operator<CloseJson>("POST", closePath)));
    // The close that got the tenant's locks first dies (its connection is terminated) waiting for its number: its
    // whole transaction must roll back and give nothing away.
    const victim = await waitForCounterWaiter();
    await db.$queryRaw`SELECT pg_terminate_backend(${victim}::int)`;
    counterHeld.release();
    await counterHeld.done;
    const answers = await closing;

    expect(answers.filter((answer) => answer.status >= 500)).toHaveLength(1);
    const served = answers.filter((answer) => answer.status === 200);
    expect(served).toHaveLength(5);
    const closes = served.filter((answer) => answer.body.status === "closed");
    expect(closes).toHaveLength(1);
    expect(closes[0]?.body.period_start).toBe(PREVIOUS.toISOString());
    expect(closes[0]?.body.invoices).toHaveLength(1);
    // The others queued behind it and found the current month, which has not ended.
    for (const answer of served.filter((a) => a.body.status !== "closed")) {
      expect(answer.body).toMatchObject({ status: "not_due", period_start: CURRENT.toISOString(), invoices: [] });
    }
    closed = closes[0]?.body.invoices[0] as InvoiceJson;

    const retried = await operator<CloseJson>("POST", closePath, { skip_grace: true });
    expect(retried.body).toMatchObject({ status: "not_due", period_start: CURRENT.toISOString() });
    expect(await db.invoice.count({ where: { tenantId: tenant.tenantId } })).toBe(1);
    expect(await invoiceCounter()).toBe(1);

    const expected = charges(onTimeAndGrace);
    expect(closed).toMatchObject({
      status: "finalized",
      number: `${ISSUER}-${YEAR}-000001`,
    });
    expect(closed.period_start).toBe(PREVIOUS.toISOString());
    expect(line(closed, "usage", "input").exact_amount).toBe(text(expected.input));
    expect(closed.credits_applied).toBe(text(money(CREDIT).negated()));
    // Lines are rounded to cents and add up to the subtotal; the invoice is within half a cent of the exact money.
    expect(
      text(closed.lines.filter((l) => l.section !== "credits").reduce((s, l) => s.plus(l.amount), money("0"))),
    ).toBe(text(money(closed.subtotal)));
    expect(net(closed).minus(expected.total.minus(CREDIT)).abs().lessThanOrEqualTo(HALF_CENT)).toBe(true);
    expectTax(closed, TAX_RATE);
    // The finalized month is no longer a draft.
    const periodQuery = `/v1/invoices/upcoming?period_start=${encodeURIComponent(PREVIOUS.toISOString())}`;
    expect((await asTenant(periodQuery)).status).toBe(409);
  });

  it("bills usage that arrives after the month was finalized on the next invoice, labelled with the month", async () => {
    await sendAndSettle(AFTER_CLOSE);
    const monthTokens = tokensOf(onTimeAndGrace).input;
    const late = charges(AFTER_CLOSE, monthTokens);
    const current = charges(CURRENT_MONTH);
    const upcoming = await asTenant<UpcomingJson>("/v1/invoices/upcoming");
    expect(upcoming.status).toBe(200);
    expect(upcoming.body.period_start).toBe(CURRENT.toISOString());
    const next = upcoming.body.invoices[0] as InvoiceJson;
    expect(upcoming.body.invoices).toHaveLength(1);

    // Late input continues the month's graduated volume (priced as rated), not the current month's.
    const lateInput = line(next, "late_usage", "input");
    expect(lateInput).toMatchObject({
      quantity: late.tokens.input.toString(),
      exact_amount: text(late.input),
      origin_period_start: PREVIOUS.toISOString(),
    });
    // The line names what it bills; its period is origin_period_start (documents print "usage from <month>").
    expect(lateInput.description).toMatch(/ · input tokens$/);
    expect(line(next, "late_usage", "cached_input").exact_amount).toBe(text(late.cached));
    expect(line(next, "late_usage", "output").exact_amount).toBe(text(late.output));
    expect(line(next, "usage", "input").exact_amount).toBe(text(current.input));
    expect(line(next, "usage", "output").exact_amount).toBe(text(current.output));
    expect(next.credits_applied).toBe("0");

    // The finalized invoice was not touched.
    const again = await asTenant<InvoiceJson>(`/v1/invoices/${closed.id ?? ""}`);
    expect(again.body).toMatchObject({ status: "finalized", subtotal: closed.subtotal, total: closed.total });
    expect(again.body.lines).toEqual(closed.lines);
  });

  let regenerated: InvoiceJson;

  it("voids the month's invoice and regenerates it with the corrected tax rate, under the next number", async () => {
    const id = closed.id ?? "";
    const noReason = await operator("POST", `/v1/admin/invoices/${id}/void`, {});
    expect(noReason.status).toBe(400);
    const voided = await operator<InvoiceJson>("POST", `/v1/admin/invoices/${id}/void`, { reason: "wrong tax rate" });
    expect(voided.status).toBe(200);
    expect(voided.body).toMatchObject({ status: "void", number: closed.number, amount_due: "0" });

    const billing = await operator("PUT", `/v1/admin/tenants/${tenant.tenantId}/billing`, {
      prepaid: false,
      tax_rate: TAX_RATE_AFTER_VOID,
    });
    expect(billing.status).toBe(200);
    const answer = await operator<InvoiceJson>("POST", `/v1/admin/invoices/${id}/regenerate`, {
      reason: "tax rate corrected",
    });
    expect(answer.status).toBe(201);
    regenerated = answer.body;
    expect(regenerated).toMatchObject({
      status: "finalized",
      number: `${ISSUER}-${YEAR}-000002`,
      replaces_invoice_id: id,
      period_start: PREVIOUS.toISOString(),
      subtotal: closed.subtotal,
      credits_applied: closed.credits_applied,
    });
    // Same charges: the usage that came after the close stays on the next invoice, billed once.
    expect(regenerated.lines).toEqual(closed.lines);
    expectTax(regenerated, TAX_RATE_AFTER_VOID);
    // A second regenerate of the same void invoice is refused: the period is billed.
    expect((await operator("POST", `/v1/admin/invoices/${id}/regenerate`, {})).status).toBe(409);
  });

  it("credits part of the regenerated invoice with a credit note", async () => {
    const id = regenerated.id ?? "";
    const tooMuch = await operator("POST", `/v1/admin/invoices/${id}/credit-notes`, {
      amount: text(money(regenerated.total).plus("0.01")),
      reason: "too much",
    });
    expect(tooMuch.status).toBe(400);
    const note = await operator<{ credit_note: { number: string; amount: string } }>(
      "POST",
      `/v1/admin/invoices/${id}/credit-notes`,
      { amount: "1.25", reason: "goodwill: slow responses on the 14th" },
    );
    expect(note.status).toBe(201);
    expect(note.body.credit_note).toMatchObject({
      number: `${ISSUER}-CN-${YEAR}-000001`,
      amount: "1.25",
    });
    const after = await asTenant<InvoiceJson>(`/v1/invoices/${id}`);
    expect(after.body).toMatchObject({
      total: regenerated.total,
      amount_due: text(money(regenerated.total).minus("1.25")),
      credit_notes: [{ amount: "1.25" }],
    });
  });

  it("numbers the issuer's invoices 1..N with no gap and no repeat", async () => {
    const listed = await operator<{ invoices: { number: string | null; status: string }[] }>(
      "GET",
      `/v1/admin/invoices?tenant_id=${tenant.tenantId}`,
    );
    expect(listed.status).toBe(200);
    const numbers = [`${ISSUER}-${YEAR}-000001`, `${ISSUER}-${YEAR}-000002`];
    expect(listed.body.invoices.map((invoice) => [invoice.number, invoice.status]).sort()).toEqual([
      [numbers[0], "void"],
      [numbers[1], "finalized"],
    ]);
    const rows = await db.invoice.findMany({ where: { issuer: ISSUER }, select: { number: true } });
    expect(rows.map((row) => row.number).sort()).toEqual(numbers);
    expect(await invoiceCounter()).toBe(2);
    const tenantList = await asTenant<{ invoices: { number: string | null }[] }>("/v1/invoices");
    expect(tenantList.body.invoices.map((invoice) => invoice.number).sort()).toEqual(numbers);
  });

  it("adds up: every live invoice plus the upcoming one equals the ledger, the rated events and the prices", async () => {
    const live = (await db.invoice.findMany({ where: { tenantId: tenant.tenantId, status: { not: "void" } } })).map(
      (row) => money(row.subtotal.toFixed()).plus(row.creditsApplied.toFixed()),
    );
    const [upcoming] = (await asTenant<UpcomingJson>("/v1/invoices/upcoming")).body.invoices;
    if (!upcoming) throw new Error("no upcoming invoice");
    const invoiced = [...live, net(upcoming)].reduce((sum, amount) => sum.plus(amount), money("0"));

    const [ledger] = await db.$queryRaw<{ charged: string; credited: string; other: string }[]>`
      SELECT coalesce(sum(amount) FILTER (WHERE kind = 'usage_charge'), 0)::text AS charged,
             coalesce(sum(amount) FILTER (WHERE kind = 'credit_usage'), 0)::text AS credited,
             coalesce(sum(amount) FILTER (WHERE kind IN ('commitment_true_up', 'adjustment')), 0)::text AS other
        FROM ledger_entries WHERE tenant_id = ${tenant.tenantId}::uuid`;
    const [events] = await db.$queryRaw<{ amount: string; unrated: bigint }[]>`
      SELECT coalesce(sum(amount), 0)::text AS amount, count(*) FILTER (WHERE amount IS NULL) AS unrated
        FROM usage_events WHERE tenant_id = ${tenant.tenantId}::uuid`;
    if (!ledger || !events) throw new Error("no totals");
    const owed = money(ledger.charged).minus(ledger.credited).plus(ledger.other);

    // Predicted from tokens and prices: the previous month's graduated volume across all three groups, the current
    // month's on its own, the flat rates, minus the credit.
    const month = charges([...onTimeAndGrace, ...AFTER_CLOSE]);
    const current = charges(CURRENT_MONTH);
    const predicted = month.total.plus(current.total).minus(CREDIT);

    expect(events.unrated).toBe(0n);
    expect(text(money(ledger.charged))).toBe(text(money(events.amount)));
    expect(text(money(ledger.credited))).toBe(CREDIT);
    expect(text(owed)).toBe(text(predicted));
    expect(text(money(events.amount).minus(CREDIT))).toBe(text(predicted));
    // Each invoice is rounded once, by at most half a cent.
    const tolerance = HALF_CENT.times(live.length + 1);
    expect(invoiced.minus(owed).abs().lessThanOrEqualTo(tolerance), `${text(invoiced)} vs ${text(owed)}`).toBe(true);
  });
});
