// npm run prices:sync [-- --yes] [-- --json] — compares the bundled genai-prices dataset with the model catalog,
// prints the diff and applies it only when confirmed (see src/catalog/prices-sync-command.ts).
import { createInterface } from "node:readline/promises";
import { redactUrl } from "@tollgate/db/migrations";
import { createDbClient } from "@tollgate/db";
import { runPricesSync } from "../src/catalog/prices-sync-command.ts";
import { DATABASE_URL } from "./database-url.ts";

const KNOWN_FLAGS = new Set(["--yes", "-y", "--json"]);
const flags = process.argv.slice(2);
const unknown = flags.filter((flag) => !KNOWN_FLAGS.has(flag));
if (unknown.length > 0) {
  console.error(`prices:sync: unknown option ${unknown.join(" ")}; usage: npm run prices:sync [-- --yes] [-- --json]`);
  process.exit(2);
}
const json = flags.includes("--json");

async function ask(question: string): Promise<boolean> {
  // With --json stdout is the document; the question goes to stderr.
  const prompt = createInterface({ input: process.stdin, output: json ? process.stderr : process.stdout });
  try {
    return /^y(es)?$/i.test((await prompt.question(question)).trim());
  } finally {
    prompt.close();
  }
}

const db = createDbClient(DATABASE_URL, { maxConnections: 2 });
let exitCode = 0;
try {
  if (!json) console.log(`database: ${redactUrl(DATABASE_URL)}`);
  await runPricesSync(db, {
    yes: flags.includes("--yes") || flags.includes("-y"),
    json,
    confirm: process.stdin.isTTY ? ask : null,
    print: (text) => {
      console.log(text);
    },
    note: (text) => {
      console.error(text);
    },
  });
} catch (error) {
  console.error("prices:sync failed:", error instanceof Error ? error.message : error);
  exitCode = 1;
}
await db.$disconnect();
process.exit(exitCode);
