import { createHash, randomBytes } from "node:crypto";
import pg from "pg";
import { applyMigrations, dropDatabase, MIGRATIONS_DIR, withDatabase } from "../migrations/index.ts";
import { readMigrationsList } from "../migrations/migrations-list.ts";

// Applying every migration through the schema engine costs ≈ 1.5–2 s per database; copying a migrated database with
// CREATE DATABASE … TEMPLATE costs ≈ 0.1–0.2 s (docs/benchmarks.md, "test suite time"). Each test database is still
// its own, and the template itself is built by the same applyMigrations, so migrations run on every test run.
const TEMPLATE_PREFIX = "tollgate_template_";
// Parallel checkouts with other migrations (branches, worktrees) share one server: keep a few of their templates.
const TEMPLATES_KEPT = 8;

interface SqlError {
  code?: string;
}

function quoteIdentifier(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/** The template's name changes with any migration's name or SQL, so an edited migration never reuses a stale one. */
export function templateNameFor(migrationsDir: string): string {
  const list = readMigrationsList(migrationsDir);
  const hash = createHash("sha256").update(list.lockfile.content ?? "");
  for (const directory of list.migrationDirectories) {
    const file = directory.migrationFile.content;
    hash.update(`\0${directory.path}\0${file.tag}\0${file.value}`);
  }
  return `${TEMPLATE_PREFIX}${hash.digest("hex").slice(0, 20)}`;
}

async function withAdmin<T>(serverUrl: string, run: (admin: pg.Client) => Promise<T>): Promise<T> {
  const admin = new pg.Client({ connectionString: withDatabase(serverUrl, "postgres") });
  await admin.connect();
  try {
    return await run(admin);
  } finally {
    await admin.end();
  }
}

async function databaseExists(admin: pg.Client, name: string): Promise<boolean> {
  const found = await admin.query("SELECT 1 FROM pg_database WHERE datname = $1", [name]);
  return (found.rowCount ?? 0) > 0;
}

/**
 * Builds the template under a throw-away name and publishes it by RENAME, so no process ever copies a half-migrated
 * database; an advisory lock keeps parallel test workers from building it twice.
 */
async function buildTemplate(serverUrl: string, name: string, migrationsDir: string): Promise<void> {
  await withAdmin(serverUrl, async (admin) => {
    const lockKey = createHash("sha256").update(name).digest().readBigInt64BE(0).toString();
    await admin.query("SELECT pg_advisory_lock($1::bigint)", [lockKey]);
    try {
      if (await databaseExists(admin, name)) return;
      // The build name keeps the test prefix: a run killed mid-build leaves a database the usual clean-up finds.
      const buildUrl = withDatabase(serverUrl, `tollgate_test_build_${randomBytes(6).toString("hex")}`);
      try {
        await applyMigrations(buildUrl, { migrationsDir });
        const buildName = new URL(buildUrl).pathname.slice(1);
        await waitForNoSessions(admin, buildName);
        await admin.query(`ALTER DATABASE ${quoteIdentifier(buildName)} RENAME TO ${quoteIdentifier(name)}`);
      } catch (error) {
        await dropDatabase(buildUrl);
        throw error;
      }
      // No session may be connected to a template while it is copied: refuse connections to it from now on.
      await admin.query(`ALTER DATABASE ${quoteIdentifier(name)} WITH IS_TEMPLATE true ALLOW_CONNECTIONS false`);
      await pruneOldTemplates(admin);
    } finally {
      await admin.query("SELECT pg_advisory_unlock($1::bigint)", [lockKey]);
    }
  });
}

// pg's Pool#end resolves before its sockets have closed, and RENAME refuses a database that still has sessions.
async function waitForNoSessions(admin: pg.Client, name: string): Promise<void> {
  for (let waited = 0; waited < 5000; waited += 20) {
    const open = await admin.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1",
      [name],
    );
    if ((open.rows[0]?.n ?? 0) === 0) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Drops all but the newest templates (by OID); one in use by a copy right now is skipped and goes next time. */
async function pruneOldTemplates(admin: pg.Client): Promise<void> {
  const old = await admin.query<{ datname: string }>(
    "SELECT datname FROM pg_database WHERE datname LIKE $1 ORDER BY oid DESC OFFSET $2",
    [`${TEMPLATE_PREFIX}%`, TEMPLATES_KEPT],
  );
  for (const { datname } of old.rows) {
    try {
      await admin.query(`ALTER DATABASE ${quoteIdentifier(datname)} WITH IS_TEMPLATE false`);
      await admin.query(`DROP DATABASE IF EXISTS ${quoteIdentifier(datname)}`);
    } catch {
      // Another process is copying it or dropped it first; either way nothing is lost.
    }
  }
}

const OBJECT_IN_USE = "55006";
const UNDEFINED_DATABASE = "3D000";

/**
 * Creates the database named `name` as a copy of a database with every migration applied (built on first use per
 * set of migrations and kept on the server for the next run).
 */
export async function createMigratedDatabase(
  serverUrl: string,
  name: string,
  migrationsDir: string = MIGRATIONS_DIR,
): Promise<void> {
  const template = templateNameFor(migrationsDir);
  for (let attempt = 1; ; attempt += 1) {
    try {
      await withAdmin(serverUrl, (admin) =>
        admin.query(`CREATE DATABASE ${quoteIdentifier(name)} TEMPLATE ${quoteIdentifier(template)}`),
      );
      return;
    } catch (error) {
      const code = (error as SqlError).code;
      if (attempt >= 5 || (code !== UNDEFINED_DATABASE && code !== OBJECT_IN_USE)) throw error;
      // Not built yet (or pruned by another checkout): build it. In use: a template being renamed or altered.
      if (code === UNDEFINED_DATABASE) await buildTemplate(serverUrl, template, migrationsDir);
      else await new Promise((resolve) => setTimeout(resolve, 100 * attempt));
    }
  }
}
