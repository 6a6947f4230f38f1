// Manual check: renders the fixtures to /tmp/docs-shots (npx tsx packages/invoice-documents/test/render-shots.ts).
import { execFileSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { renderInvoicePdf } from "../src/index.ts";
import { draftInvoice, fixtureInvoice, voidInvoice } from "./fixture-invoice.ts";

for (const [name, doc] of [
  ["final", fixtureInvoice()],
  ["draft", draftInvoice()],
  ["void", voidInvoice()],
] as const) {
  const file = `/tmp/docs-shots/${name}.pdf`;
  writeFileSync(file, await renderInvoicePdf(doc));
  execFileSync("pdftoppm", ["-png", "-r", "80", file, `/tmp/docs-shots/${name}`]);
}
