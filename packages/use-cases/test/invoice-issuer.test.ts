import { describe, expect, it } from "vitest";
import { invoiceIssuerEnvSchema, invoiceIssuerFromEnv } from "@tollgate/use-cases/invoices";

describe("the invoice issuer from the environment", () => {
  it("prints the configured name and address, and the code only numbers", () => {
    const issuer = invoiceIssuerFromEnv(
      invoiceIssuerEnvSchema.parse({
        INVOICE_ISSUER_CODE: "ACME",
        INVOICE_ISSUER_NAME: "  Acme Billing GmbH ",
        INVOICE_ISSUER_ADDRESS: "Hauptstr. 1| 10115 Berlin ||Germany",
      }),
    );
    expect(issuer).toEqual({
      code: "ACME",
      name: "Acme Billing GmbH",
      addressLines: ["Hauptstr. 1", "10115 Berlin", "Germany"],
      email: null,
      taxId: null,
    });
  });

  it("names the platform, never the two-letter code, when no name (or a blank one) is configured", () => {
    for (const env of [{}, { INVOICE_ISSUER_NAME: "" }, { INVOICE_ISSUER_NAME: "   " }]) {
      const issuer = invoiceIssuerFromEnv(invoiceIssuerEnvSchema.parse(env));
      expect(issuer).toMatchObject({ code: "TG", name: "Tollgate", addressLines: [] });
    }
  });
});
