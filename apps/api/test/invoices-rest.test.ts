import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { invoiceIssuerFromEnv } from "@tollgate/use-cases/invoices";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call, OPERATOR_KEY, startApiTestApp, type ApiTestApp, type ErrorResponse } from "./support/api-test-app.ts";
import { createTenantKeys, type TenantKeys } from "./support/tenant-keys.ts";

// As the api reads INVOICE_ISSUER_*: the code numbers the invoices, the name and address are printed.
const ISSUER = invoiceIssuerFromEnv({
  INVOICE_ISSUER_CODE: "TG",
  INVOICE_ISSUER_NAME: "Tollgate Billing Ltd",
  INVOICE_ISSUER_ADDRESS: "1 Harbour Street|Dublin D02|Ireland",
});
const ISSUED_BY = {
  name: "Tollgate Billing Ltd",
  address_lines: ["1 Harbour Street", "Dublin D02", "Ireland"],
  email: null,
  tax_id: null,
};

interface InvoiceLine {
  section: string;
  description: string;
  quantity: string | null;
  unit_price_per_million: string | null;
  amount: string;
  origin_period_start: string | null;
}
interface Invoice {
  id: string | null;
  number: string | null;
  status: string;
  period_start: string;
  subtotal: string;
  credits_applied: string;
  tax: string;
  total: string;
  amount_due: string;
  lines: InvoiceLine[];
}
interface Close {
  status: string;
  period_start: string;
  due_at: string | null;
  invoices: Invoice[];
}

let testApp: ApiTestApp;
let keys: TenantKeys;
const LAST_MONTH = (() => {
  const now = new Date();
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1));
})();

beforeAll(async () => {
  testApp = await startApiTestApp({ invoiceIssuer: ISSUER });
  keys = await createTenantKeys(testApp.db);
  // Both tenants began last month; their ledgers hold usage as the worker writes it.
  await testApp.db.tenant.updateMany({ data: { createdAt: LAST_MONTH } });
  let sequence = 0;
  const charge = async (tenantId: string, occurredAt: Date, amount: string, tokenType = "output") => {
    sequence += 1;
    await testApp.db.$executeRaw`
      INSERT INTO ledger_entries (tenant_id, kind, amount, currency, model_id, token_type, quantity, occurred_at,
        idempotency_key, description)
      VALUES (${tenantId}::uuid, 'usage_charge', ${amount}::numeric, 'USD', 'acme/model', ${tokenType}::token_type,
        2000000, ${occurredAt}, ${`rest-${sequence.toString()}`}, 'usage')`;
  };
  await charge(keys.tenantA, new Date(LAST_MONTH.getTime() + 3_600_000), "20");
  await charge(keys.tenantA, new Date(LAST_MONTH.getTime() + 7_200_000), "3.333333", "input");
  await charge(keys.tenantB, new Date(LAST_MONTH.getTime() + 3_600_000), "99");
  await charge(keys.tenantA, new Date(), "1.5");
});

afterAll(async () => {
  await testApp.close();
});

type Method = "GET" | "POST" | "PUT";
// eslint-disable-next-line @typescript-eslint/no-unnecessary-type-parameters -- as call<T>: the caller names the shape
async function send<T = ErrorResponse>(method: Method, url: string, body?: unknown, key: string | null = OPERATOR_KEY) {
  return call<T>(testApp.app, method, url, key, body);
}

describe("invoices over REST", () => {
  let invoiceId = "";

  it("lets the operator set tax and finalize last month now; the tenant reads its invoice", async () => {
    const billing = await send("PUT", `/v1/admin/tenants/${keys.tenantA}/billing`, {
      prepaid: false,
      tax_rate: "0.2",
      payment_terms_days: 14,
    });
    expect(billing).toMatchObject({
      status: 200,
      body: { tax_rate: "0.2", payment_terms_days: 14, invoice_grace_hours: 24 },
    });
    expect(
      (await send("PUT", `/v1/admin/tenants/${keys.tenantA}/billing`, { prepaid: false, tax_rate: "1" })).status,
    ).toBe(400);

    const closed = await send<Close>("POST", `/v1/admin/tenants/${keys.tenantA}/invoices/close`);
    expect(closed.status).toBe(200);
    expect(closed.body).toMatchObject({ status: "closed", period_start: LAST_MONTH.toISOString() });
    const [invoice] = closed.body.invoices;
    expect(invoice).toMatchObject({
      status: "finalized",
      subtotal: "23.33",
      tax: "4.67",
      total: "28",
      amount_due: "28",
    });
    expect(invoice!.number).toMatch(/^TG-\d{4}-\d{6}$/);
    expect(invoice!.lines.map((l) => [l.description, l.quantity, l.unit_price_per_million, l.amount])).toEqual([
      ["acme/model · input tokens", "2000000", "1.6666665", "3.33"],
      ["acme/model · output tokens", "2000000", "10", "20"],
    ]);
    invoiceId = invoice!.id!;

    // Closing again finds the current period not ended: nothing written.
    const again = await send<Close>("POST", `/v1/admin/tenants/${keys.tenantA}/invoices/close`, {});
    expect(again.body).toMatchObject({ status: "not_due", invoices: [] });

    const list = await send<{ invoices: Invoice[]; next_cursor: string | null }>(
      "GET",
      "/v1/invoices",
      undefined,
      keys.keyA,
    );
    expect(list.status).toBe(200);
    expect(list.body.invoices.map((i) => i.id)).toEqual([invoiceId]);
    const one = await send<Invoice>("GET", `/v1/invoices/${invoiceId}`, undefined, keys.keyA);
    expect(one.body.total).toBe("28");
    // The issuer by name and address; its code only in the number.
    expect(one.body).toMatchObject({ issuer: "TG", issued_by: ISSUED_BY });
    expect(one.body.number).toMatch(/^TG-\d{4}-\d{6}$/);
    // Another tenant's invoice is not found, whatever the key.
    expect((await send("GET", `/v1/invoices/${invoiceId}`, undefined, keys.keyB)).status).toBe(404);
  });

  it("serves the invoice as a PDF and its lines and period usage as CSV", async () => {
    const pdf = await testApp.app.inject({
      url: `/v1/invoices/${invoiceId}.pdf`,
      headers: { authorization: `Bearer ${keys.keyA}` },
    });
    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers["content-type"]).toBe("application/pdf");
    const number = (await send<Invoice>("GET", `/v1/invoices/${invoiceId}`, undefined, keys.keyA)).body.number ?? "";
    expect(pdf.headers["content-disposition"]).toBe(`attachment; filename="${number}.pdf"`);
    const dir = mkdtempSync(join(tmpdir(), "tollgate-invoice-pdf-"));
    try {
      writeFileSync(join(dir, "invoice.pdf"), pdf.rawPayload);
      const text = execFileSync("pdftotext", ["-layout", join(dir, "invoice.pdf"), "-"], { encoding: "utf8" });
      for (const expected of [number, "Tenant A", "acme/model · output tokens", "$20.00", "$3.33", "$4.67", "$28.00"]) {
        expect(text).toContain(expected);
      }
      for (const expected of ["Tollgate Billing Ltd", "1 Harbour Street", "Dublin D02", "Ireland"]) {
        expect(text).toContain(expected);
      }
      // The code appears only as the number's prefix.
      expect(text.match(/\bTG\b/g)).toHaveLength(text.match(/\bTG-\d{4}-\d{6}\b/g)?.length ?? 0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    const csv = await testApp.app.inject({
      url: `/v1/invoices/${invoiceId}.csv`,
      headers: { authorization: `Bearer ${keys.keyA}` },
    });
    expect(csv.headers["content-type"]).toBe("text/csv; charset=utf-8");
    const rows = csv.body.trimEnd().split("\r\n");
    expect(rows[0]).toMatch(/^invoice_number,period_start,period_end,section,description,/);
    expect(rows.slice(1).map((row) => row.split(",")[4])).toEqual([
      "acme/model · input tokens",
      "acme/model · output tokens",
    ]);
    const usage = await testApp.app.inject({
      url: `/v1/invoices/${invoiceId}/usage.csv`,
      headers: { authorization: `Bearer ${keys.keyA}` },
    });
    expect(usage.statusCode).toBe(200);
    expect(usage.body.split("\r\n")[0]).toMatch(/^day,model_id,events,/);
    expect((await send("GET", `/v1/invoices/${invoiceId}.pdf`, undefined, keys.keyB)).status).toBe(404);
  });

  it("shows the upcoming invoice of the current period", async () => {
    const upcoming = await send<{
      period_start: string;
      finalizes_at: string;
      invoices: Invoice[];
      issued_by: unknown;
    }>("GET", "/v1/invoices/upcoming", undefined, keys.keyA);
    expect(upcoming.status).toBe(200);
    expect(upcoming.body.invoices).toHaveLength(1);
    expect(upcoming.body.issued_by).toEqual(ISSUED_BY);
    expect(upcoming.body.invoices[0]).toMatchObject({
      id: null,
      number: null,
      status: "draft",
      subtotal: "1.5",
      tax: "0.3",
    });
    const pdf = await testApp.app.inject({
      url: "/v1/invoices/upcoming.pdf",
      headers: { authorization: `Bearer ${keys.keyA}` },
    });
    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers["content-disposition"]).toMatch(/^attachment; filename="upcoming-tenant-a-\d{4}-\d{2}\.pdf"$/);
    const dir = mkdtempSync(join(tmpdir(), "tollgate-upcoming-pdf-"));
    try {
      writeFileSync(join(dir, "upcoming.pdf"), pdf.rawPayload);
      const text = execFileSync("pdftotext", ["-layout", join(dir, "upcoming.pdf"), "-"], { encoding: "utf8" });
      expect(text).toContain("draft, not final");
      expect(text).toContain("Tollgate Billing Ltd");
      expect(text).toContain("$1.80");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    const csv = await testApp.app.inject({
      url: "/v1/invoices/upcoming.csv?currency=USD",
      headers: { authorization: `Bearer ${keys.keyA}` },
    });
    expect(csv.body.split("\r\n")[1]).toContain("acme/model · output tokens");
    const none = await send("GET", "/v1/invoices/upcoming.pdf?currency=EUR", undefined, keys.keyA);
    expect(none.status).toBe(404);
    const finalized = await send(
      "GET",
      `/v1/invoices/upcoming?period_start=${LAST_MONTH.toISOString()}`,
      undefined,
      keys.keyA,
    );
    expect(finalized.status).toBe(409);
  });

  it("answers bad input with a 400 and other tenants' or missing invoices with a 404", async () => {
    expect((await send("GET", "/v1/invoices/not-a-uuid", undefined, keys.keyA)).status).toBe(400);
    expect((await send("GET", "/v1/invoices?status=sent", undefined, keys.keyA)).status).toBe(400);
    expect((await send("GET", "/v1/invoices?limit=0", undefined, keys.keyA)).status).toBe(400);
    expect((await send("GET", "/v1/invoices?cursor=garbage", undefined, keys.keyA)).status).toBe(400);
    expect((await send("POST", `/v1/admin/invoices/${invoiceId}/void`, {})).status).toBe(400);
    expect(
      (await send("POST", `/v1/admin/invoices/${invoiceId}/credit-notes`, { amount: "-1", reason: "x" })).status,
    ).toBe(400);
    expect(
      (await send("POST", `/v1/admin/invoices/${invoiceId}/credit-notes`, { amount: "1.001", reason: "x" })).status,
    ).toBe(400);
    expect((await send("POST", "/v1/admin/invoices/00000000-0000-4000-8000-000000000000/pay")).status).toBe(404);
    expect((await send("POST", `/v1/admin/invoices/${invoiceId}/pay`, undefined, keys.keyA)).status).toBe(403);
  });

  it("credits, pays, and regenerates after a void, with gapless numbers", async () => {
    const note = await send<{ credit_note: { number: string; amount: string } }>(
      "POST",
      `/v1/admin/invoices/${invoiceId}/credit-notes`,
      { amount: "8", reason: "SLA credit" },
    );
    expect(note).toMatchObject({ status: 201, body: { credit_note: { amount: "8" } } });
    expect((await send<Invoice>("GET", `/v1/invoices/${invoiceId}`, undefined, keys.keyA)).body.amount_due).toBe("20");
    const voided = await send<Invoice>("POST", `/v1/admin/invoices/${invoiceId}/void`, {
      reason: "billed to the wrong entity",
    });
    expect(voided.body).toMatchObject({ status: "void", amount_due: "0" });
    const regenerated = await send<Invoice & { replaces_invoice_id: string }>(
      "POST",
      `/v1/admin/invoices/${invoiceId}/regenerate`,
      { reason: "reissued" },
    );
    expect(regenerated).toMatchObject({ status: 201, body: { replaces_invoice_id: invoiceId, total: "28" } });
    const paid = await send<Invoice>("POST", `/v1/admin/invoices/${regenerated.body.id ?? ""}/pay`, {
      reference: "ACH 12",
    });
    expect(paid.body).toMatchObject({ status: "paid", amount_due: "0" });
    expect((await send("POST", `/v1/admin/invoices/${regenerated.body.id ?? ""}/pay`)).status).toBe(409);

    // B closes too: numbers of the issuer are 1..3, each once.
    await send<Close>("POST", `/v1/admin/tenants/${keys.tenantB}/invoices/close`);
    const all = await send<{ invoices: Invoice[] }>("GET", "/v1/admin/invoices?limit=10");
    const numbers = all.body.invoices.map((i) => Number(i.number?.slice(-6))).sort();
    expect(numbers).toEqual([1, 2, 3]);
    // Page by page (the cursor holds the ORDER BY's key): the same order, each invoice once.
    const paged: (string | null)[] = [];
    let cursor: string | null = null;
    do {
      const suffix: string = cursor === null ? "" : `&cursor=${encodeURIComponent(cursor)}`;
      const page = await send<{ invoices: Invoice[]; next_cursor: string | null }>(
        "GET",
        `/v1/admin/invoices?limit=1${suffix}`,
      );
      expect(page.status).toBe(200);
      paged.push(...page.body.invoices.map((i) => i.number));
      cursor = page.body.next_cursor;
    } while (cursor !== null);
    expect(paged).toEqual(all.body.invoices.map((i) => i.number));
    const onlyA = await send<{ invoices: Invoice[] }>(
      "GET",
      `/v1/admin/invoices?tenant_id=${keys.tenantA}&status=void`,
    );
    expect(onlyA.body.invoices.map((i) => i.id)).toEqual([invoiceId]);
  });
});
