import { afterEach, describe, expect, it } from "vitest";
import { formatCount, formatMoney, formatUnitPrice } from "@tollgate/domain";
import { renderInvoicePdf, type InvoiceDocument } from "../src/index.ts";
import { FIXTURE_MODELS, draftInvoice, fixtureInvoice, voidInvoice } from "./fixture-invoice.ts";
import { RenderedPdf, pngSize } from "./pdf-tools.ts";

const rendered: RenderedPdf[] = [];
async function render(doc: InvoiceDocument): Promise<RenderedPdf> {
  const pdf = new RenderedPdf(await renderInvoicePdf(doc));
  rendered.push(pdf);
  return pdf;
}
afterEach(() => {
  for (const pdf of rendered.splice(0)) pdf.dispose();
});

const escape = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
const squash = (text: string): string => text.replace(/\s+/g, "");
const usd = (amount: string): string => formatMoney(amount, "USD");

describe("renderInvoicePdf: a finalized invoice", () => {
  it("shows the number, parties, dates, period, every line and the totals", async () => {
    const doc = fixtureInvoice();
    const pdf = await render(doc);
    const layout = pdf.text();
    const rows = layout.split("\n");
    expect(layout).toContain("TG-2026-000042");
    expect(layout).toMatch(/Bill to/);
    expect(layout).toContain("Acme Industries");
    expect(layout).toContain("Tollgate Billing Ltd");
    expect(layout).toContain("Tax ID: GB 123 4567 89");
    expect(layout).toMatch(/Date of issue\s+Dec 2, 2026/);
    expect(layout).toMatch(/Date due\s+Dec 16, 2026/);
    expect(layout).toMatch(/Billing period\s+Nov 1 – Nov 30, 2026 \(UTC\)/);
    expect(layout).toContain(`${usd(doc.amountDue)} due Dec 16, 2026`);

    // Every line: its description in reading order, and on its first row the quantity, unit price and amount.
    const raw = squash(pdf.text("-raw"));
    for (const line of doc.lines) {
      expect(raw).toContain(squash(line.description));
      const cells = [
        line.quantity === null ? null : formatCount(line.quantity),
        line.unitPricePerMillion === null ? null : formatUnitPrice(line.unitPricePerMillion, "USD"),
        usd(line.amount),
      ].filter((cell) => cell !== null);
      const start = line.description.slice(0, 24);
      const row = new RegExp(`^${escape(start)}.*\\s${cells.map(escape).join("\\s+")}$`);
      expect(
        rows.some((text) => row.test(text.trim())),
        `row for ${line.description}`,
      ).toBe(true);
    }
    expect(layout).toContain("usage from Oct 2026");
    expect(layout).toContain("0–1M tokens at $10.00 / 1M");

    expect(layout).toMatch(new RegExp(`Subtotal\\s+${escape(usd(doc.subtotal))}`));
    expect(layout).toMatch(/Credits applied\s+-\$150\.00/);
    expect(layout).toMatch(new RegExp(`Tax \\(20%\\)\\s+${escape(usd(doc.tax))}`));
    expect(layout).toMatch(new RegExp(`Total\\s+${escape(usd(doc.total))}`));
    expect(layout).toMatch(new RegExp(`Credit notes\\s+${escape(usd("-12.50"))}`));
    expect(layout).toMatch(new RegExp(`Amount due\\s+${escape(usd(doc.amountDue))}`));
    expect(layout).toMatch(/CN-2026-000007 · Dec 4, 2026 · Outage on Nov 14 \(SLA credit\)\s+\$12\.50/);
    expect(layout).toContain("Payment terms: 14 days.");
  });

  it("numbers its pages and repeats the table header on every page the table continues on", async () => {
    const pdf = await render(fixtureInvoice());
    const pages = Number(pdf.info().Pages);
    expect(pages).toBeGreaterThanOrEqual(2);
    const layout = pdf.text();
    for (let page = 1; page <= pages; page += 1) expect(layout).toContain(`Page ${page} of ${pages}`);
    const pageTexts = layout.split("\f").filter((text) => text.trim() !== "");
    expect(pageTexts).toHaveLength(pages);
    expect(pageTexts[1]).toMatch(/Description \(continued\)\s+Quantity\s+Unit price \/ 1M\s+Amount/);
  });

  it("wraps a long model id inside the description column instead of overflowing", async () => {
    const pdf = await render(fixtureInvoice());
    const words = pdf.words();
    expect(words.length).toBeGreaterThan(500);
    for (const { word, xMin, xMax } of words) {
      expect(xMin, word).toBeGreaterThanOrEqual(49);
      expect(xMax, word).toBeLessThanOrEqual(546);
    }
    const longId = FIXTURE_MODELS.at(-1)!;
    const fragments = words.filter(({ word }) => word.includes("acme-industries") || word.includes("customer-support"));
    expect(fragments.length).toBeGreaterThanOrEqual(5);
    const quantityColumn = Math.min(...words.filter(({ word }) => word === "Quantity").map(({ xMin }) => xMin));
    for (const { xMax } of fragments) expect(xMax).toBeLessThan(quantityColumn);
    expect(longId.length).toBeGreaterThan(80);
  });

  it("is deterministic: the same invoice gives the same bytes, dated by the invoice", async () => {
    const [first, second] = await Promise.all([renderInvoicePdf(fixtureInvoice()), renderInvoicePdf(fixtureInvoice())]);
    expect(first.equals(second)).toBe(true);
    const pdf = await render(fixtureInvoice());
    expect(pdf.info().CreationDate).toBe("2026-12-02T00:05:00Z");
    expect(pdf.info().Title).toBe("Invoice TG-2026-000042");
  });

  it("renders page 1 to a PNG of A4 proportions and plausible size", async () => {
    const pdf = await render(fixtureInvoice());
    const png = pdf.pagePng(1, 80);
    expect(pngSize(png)).toEqual({ width: 662, height: 936 });
    expect(png.length).toBeGreaterThan(30_000);
    expect(png.length).toBeLessThan(1_000_000);
  });
});

describe("renderInvoicePdf: statuses", () => {
  it("labels the live draft as not final, without a number or due date", async () => {
    const pdf = await render(draftInvoice());
    const layout = pdf.text();
    expect(layout).toContain("Upcoming invoice — draft, not final");
    expect(layout).toContain("DRAFT");
    expect(layout).toMatch(/Invoice number\s+assigned when finalized/);
    expect(layout).toContain("Amount due (estimate, not final)");
    expect(layout).not.toContain("TG-2026-000042");
    // Besides the stamp, a diagonal watermark on every page (only seen when diagonal text is extracted).
    const stamps = (text: string): number => text.match(/DRAFT/g)?.length ?? 0;
    const pages = Number(pdf.info().Pages);
    expect(stamps(pdf.text("-raw", { diagonal: true })) - stamps(pdf.text("-raw"))).toBe(pages);
  });

  it("marks a void invoice VOID with its reason and nothing due", async () => {
    const pdf = await render(voidInvoice());
    const layout = pdf.text();
    expect(layout).toContain("VOID — $2,437.40 no longer due");
    expect(layout).toContain("Reason: Issued with the wrong tax rate; replaced by TG-2026-000043");
    expect(layout).toMatch(/Amount due \(void\)\s+\$0\.00/);
    expect(layout).toMatch(/TG-2026-000042 · VOID\s+Page 1 of/);
  });

  it("marks a paid invoice PAID with the amount paid", async () => {
    const pdf = await render({ ...fixtureInvoice(), status: "paid" });
    const layout = pdf.text();
    expect(layout).toContain("PAID");
    expect(layout).toMatch(/Amount paid\s+\$2,437\.40/);
    expect(layout).toMatch(/Amount due\s+\$0\.00/);
  });
});

describe("renderInvoicePdf: text outside Helvetica's character set", () => {
  it("renders names in any script without crashing, keeping what Latin-1 can show", async () => {
    const doc = fixtureInvoice();
    doc.tenant = { ...doc.tenant, name: "株式会社 Ōsaka Łódź Zu\u0308rich 🚀 Ltd\u200d" };
    doc.lines[0] = { ...doc.lines[0]!, description: "模型 · input tokens − ✓" };
    const pdf = await render(doc);
    const layout = pdf.text();
    expect(layout).toContain("???? Osaka Lódz Zürich ? Ltd");
    expect(layout).toContain("?? · input tokens - ?");
  });

  it("shows a currency by its code when Helvetica has no glyph for its symbol", async () => {
    const pdf = await render({ ...fixtureInvoice(), currency: "INR" });
    expect(pdf.text()).toMatch(/Total\s+INR 2,437\.40/);
  });
});

describe("renderInvoicePdf: bad input", () => {
  it("rejects an amount that is not a decimal instead of printing it", async () => {
    const doc = fixtureInvoice();
    doc.lines[3] = { ...doc.lines[3]!, amount: "12,30" };
    await expect(renderInvoicePdf(doc)).rejects.toThrow(/12,30/);
  });
});

describe("renderInvoicePdf: a line taller than a page", () => {
  it("continues its detail rows on the next page, above the footer", async () => {
    const doc = fixtureInvoice();
    const details = Array.from(
      { length: 150 },
      (_, index) => `tier ${index + 1}: ${index}M–${index + 1}M tokens at $0.01 / 1M`,
    );
    doc.lines[2] = { ...doc.lines[2]!, details };
    const pdf = await render(doc);
    const raw = pdf.text("-raw");
    for (const detail of details) expect(raw).toContain(detail);
    // Below the content area (y > 780 pt) each page holds its footer and nothing else.
    const words = pdf.words();
    const pages = Number(pdf.info().Pages);
    expect(pages).toBeGreaterThanOrEqual(4);
    for (let page = 1; page <= pages; page += 1) {
      const low = words.filter((word) => word.page === page && word.yMax > 780).map(({ word }) => word);
      expect(low.join(" ")).toBe(`TG-2026-000042 · ${usd(doc.amountDue)} due Dec 16, 2026 Page ${page} of ${pages}`);
    }
  });
});
