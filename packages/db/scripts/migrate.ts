// npm run db:migrate — applies pending migrations through the WebAssembly schema engine (no native engine download).
import { applyMigrations, redactUrl } from "../src/migrations/index.ts";
import { DATABASE_URL } from "./database-url.ts";

const applied = await applyMigrations(DATABASE_URL);
console.log(
  applied.length === 0
    ? `migrate: ${redactUrl(DATABASE_URL)} is up to date`
    : `migrate: applied ${applied.length.toString()} migration(s) to ${redactUrl(DATABASE_URL)}:\n${applied.map((name) => `  ${name}`).join("\n")}`,
);
// The wasm engine leaves a 10 s runtime timer behind; nothing is pending once we get here.
process.exit(0);
