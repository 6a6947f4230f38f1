// npm run seed — the model catalog and plans, always; demo tenants, users and API keys only when a demo is asked
// for (`npm run seed -- --demo` or TOLLGATE_DEMO=true), so a production seed never creates a known credential.
// Idempotent; see src/seed/seed-base-data.ts and src/seed/seed-demo-data.ts.
import { relative } from "node:path";
import { redactUrl } from "@tollgate/db/migrations";
import { createDbClient } from "@tollgate/db";
import { seedBaseData, seedDemoData } from "../src/seed/index.ts";
import { DATABASE_URL } from "./database-url.ts";
import { demoRequested } from "./demo-requested.ts";

const startedAt = performance.now();
const demo = demoRequested(process.argv.slice(2), process.env.TOLLGATE_DEMO);
const db = createDbClient(DATABASE_URL, { maxConnections: 2 });
try {
  const demoSummary = demo ? await seedDemoData(db) : null;
  const summary = demoSummary ?? (await seedBaseData(db));
  const lines = [
    `seed: ${redactUrl(DATABASE_URL)}${demo ? " (DEMO: known demo logins and keys)" : ""}`,
    `  models   ${summary.models.toString()} (${summary.modelsCreated.toString()} new)`,
    `  costs    ${summary.costRatesCreated.toString()} new provider cost rates (models × 5 token types × dated prices)`,
    `  rates    ${summary.ratesCreated.toString()} new plan rates (3 plans × models × 5 token types)`,
  ];
  if (demoSummary) {
    const keysFile = relative(process.cwd(), demoSummary.keysFile) || demoSummary.keysFile;
    lines.push(
      `  tenants  ${demoSummary.tenants.toString()}, users created ${demoSummary.usersCreated.toString()}`,
      `  api keys ${demoSummary.keys === "created" ? `created, written to ${keysFile}` : `kept (${keysFile} still valid)`}`,
    );
  } else {
    lines.push("  no demo tenants, users or keys (ask for them with --demo or TOLLGATE_DEMO=true)");
  }
  lines.push(`  done in ${((performance.now() - startedAt) / 1000).toFixed(1)} s`);
  console.log(lines.join("\n"));
} catch (error) {
  console.error("seed failed:", error);
  await db.$disconnect();
  process.exit(1);
}
await db.$disconnect();
process.exit(0);
