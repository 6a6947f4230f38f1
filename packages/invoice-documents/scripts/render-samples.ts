// Renders the test fixtures (final, draft, void) to PDFs and 80 dpi PNG pages in a directory, to look at them:
//   npm run samples -w @tollgate/invoice-documents -- /tmp/docs-shots
// docs/images/invoice-sample.png is page 1 of final.pdf from this script.
import { execFileSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { renderInvoicePdf } from "../src/index.ts";
import { draftInvoice, fixtureInvoice, voidInvoice } from "../test/fixture-invoice.ts";

const dir = resolve(process.argv[2] ?? "invoice-samples");
mkdirSync(dir, { recursive: true });
for (const [name, doc] of [
  ["final", fixtureInvoice()],
  ["draft", draftInvoice()],
  ["void", voidInvoice()],
] as const) {
  const file = join(dir, `${name}.pdf`);
  writeFileSync(file, await renderInvoicePdf(doc));
  execFileSync("pdftoppm", ["-png", "-r", "80", file, join(dir, name)]);
}
console.log(`rendered to ${dir}`);
