// npm run seed — demo data for `npm start` (idempotent; see src/seed/seed-demo-data.ts).
import { relative } from "node:path";
import { redactUrl } from "../src/migrations/index.ts";
import { createDbClient } from "../src/client.ts";
import { seedDemoData } from "../src/seed/index.ts";
import { DATABASE_URL } from "./database-url.ts";

const startedAt = performance.now();
const db = createDbClient(DATABASE_URL, { maxConnections: 2 });
try {
  const summary = await seedDemoData(db);
  const keysFile = relative(process.cwd(), summary.keysFile) || summary.keysFile;
  console.log(
    [
      `seed: ${redactUrl(DATABASE_URL)}`,
      `  models   ${summary.models.toString()} (${summary.modelsCreated.toString()} new)`,
      `  costs    ${summary.costRatesCreated.toString()} new provider cost rates (models × 5 token types × dated prices)`,
      `  rates    ${summary.ratesCreated.toString()} new plan rates (3 plans × models × 5 token types)`,
      `  tenants  ${summary.tenants.toString()}, users created ${summary.usersCreated.toString()}`,
      `  api keys ${summary.keys === "created" ? `created, written to ${keysFile}` : `kept (${keysFile} still valid)`}`,
      `  done in ${((performance.now() - startedAt) / 1000).toFixed(1)} s`,
    ].join("\n"),
  );
} catch (error) {
  console.error("seed failed:", error);
  await db.$disconnect();
  process.exit(1);
}
await db.$disconnect();
process.exit(0);
