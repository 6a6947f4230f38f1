// `npm start`: Postgres and Redis (the configured ones, or local fallbacks), migrations, the catalog and plans (plus
// demo tenants, logins, keys and 90 days of usage history only with `--demo` or TOLLGATE_DEMO=true), the console
// build, then ingest, worker and api with prefixed logs. Ctrl-C (or SIGTERM) stops everything and exits 0.
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { banner, demoTenantSlugs, operatorExists, redactUrl } from "./start/banner.ts";
import { consoleBuildReason } from "./start/console-build.ts";
import { loadStartEnv } from "./start/env.ts";
import { configureLog, red, say } from "./start/log.ts";
import { canListen, waitFor } from "./start/ports.ts";
import { probePostgres, startEmbeddedPostgres } from "./start/postgres.ts";
import { describeExit, runStep, startProcess, StepError, type Managed } from "./start/processes.ts";
import { supervise } from "./start/supervisor.ts";
import { findRedisServer, probeRedis, redisDurabilityProblems, startLocalRedis } from "./start/redis.ts";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const DATA_DIR = join(ROOT, ".data");
const APPS = ["ingest", "worker", "api"] as const;
const NPM = process.platform === "win32" ? "npm.cmd" : "npm";

const children = new Set<Managed>();
const cleanups: { name: string; run: () => Promise<void> }[] = [];
let stopping = false;
/** Read through a function: a signal can flip it between any two awaits. */
const isStopping = (): boolean => stopping;

async function shutdown(code: number, reason?: string): Promise<void> {
  if (stopping) return;
  stopping = true;
  if (reason !== undefined) say(red(reason));
  const running = [...children];
  if (running.length > 0) say(`stopping ${running.map((child) => child.name).join(", ")}`);
  await Promise.all(running.map((child) => child.stop(10_000)));
  for (const cleanup of cleanups.reverse()) {
    say(`stopping ${cleanup.name}`);
    await cleanup.run().catch((error: unknown) => {
      say(red(`stopping ${cleanup.name} failed: ${error instanceof Error ? error.message : String(error)}`));
    });
  }
  say(code === 0 ? "stopped" : red(`stopped (exit ${code.toString()})`));
  process.exit(code);
}

let firstSignalAt = 0;
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    if (stopping) {
      // One Ctrl-C can arrive twice (from the terminal and relayed by npm/tsx): only later ones are worth a word.
      if (Date.now() - firstSignalAt > 2000) say(`${signal}: already stopping (children get SIGKILL after 10 s)`);
      return;
    }
    firstSignalAt = Date.now();
    say(`${signal}: stopping`);
    void shutdown(0);
  });
}

function track(managed: Managed): Managed {
  children.add(managed);
  void managed.exited.then(() => children.delete(managed));
  return managed;
}

async function main(): Promise<void> {
  const { env, childEnv } = loadStartEnv(ROOT);
  const demo = process.argv.slice(2).includes("--demo") || env.TOLLGATE_DEMO === "true";
  configureLog({
    color: env.NO_COLOR === undefined && (env.FORCE_COLOR !== undefined || process.stdout.isTTY),
    names: ["start", "console", "migrate", "seed", "history", ...APPS],
  });
  mkdirSync(DATA_DIR, { recursive: true });

  // Postgres: the configured server, or the embedded one.
  let postgresInfo = redactUrl(env.DATABASE_URL);
  const postgres = await probePostgres(env.DATABASE_URL);
  if (postgres.status === "rejected") {
    throw new StepError(
      `Postgres at ${redactUrl(env.DATABASE_URL)} refused the connection (${postgres.reason}): fix DATABASE_URL.`,
    );
  }
  if (postgres.status === "ok") say(`Postgres: ${postgresInfo}`);
  if (postgres.status === "unreachable") {
    say(
      `Postgres is not reachable at ${redactUrl(env.DATABASE_URL)} (${postgres.reason}): starting the embedded Postgres`,
    );
    const startedAt = Date.now();
    const embedded = await startEmbeddedPostgres({
      dataDir: join(DATA_DIR, "postgres"),
      logFile: join(DATA_DIR, "postgres.log"),
      databaseUrl: env.DATABASE_URL,
      env: childEnv,
    });
    cleanups.push({ name: "embedded Postgres", run: () => embedded.stop() });
    childEnv.DATABASE_URL = embedded.url;
    postgresInfo = `${embedded.url} (embedded, data in .data/postgres, log in .data/postgres.log)`;
    say(
      embedded.adopted
        ? `embedded Postgres left running by an earlier start found on port ${embedded.port.toString()}: using it`
        : `embedded Postgres ready on port ${embedded.port.toString()} in ${seconds(startedAt)}`,
    );
  }
  if (isStopping()) return;

  // Redis: the configured server, or a local redis-server with AOF.
  let redisInfo = redactUrl(env.REDIS_URL);
  const redis = await probeRedis(env.REDIS_URL);
  if (redis.status === "ok") say(`Redis: ${redisInfo}`);
  if (redis.status === "ok") {
    for (const problem of await redisDurabilityProblems(env.REDIS_URL)) say(`warning: Redis ${problem}`);
  }
  if (redis.status === "unreachable") {
    const binary = findRedisServer(childEnv.PATH ?? "");
    if (binary === undefined) {
      throw new StepError(
        `Redis is not reachable at ${redactUrl(env.REDIS_URL)} (${redis.reason}) and \`redis-server\` is not on PATH. ` +
          "Install Redis 7 (Debian/Ubuntu: `sudo apt-get install redis-server`; macOS: `brew install redis`) " +
          "and run `npm start` again, or set REDIS_URL to a running Redis.",
      );
    }
    say(`Redis is not reachable at ${redactUrl(env.REDIS_URL)} (${redis.reason}): starting ${binary}`);
    const local = await startLocalRedis({
      binary,
      confFile: join(ROOT, "infra/redis.conf"),
      dataDir: join(DATA_DIR, "redis"),
      logFile: join(DATA_DIR, "redis.log"),
      env: childEnv,
    });
    cleanups.push({ name: "redis-server", run: () => local.stop() });
    childEnv.REDIS_URL = local.url;
    redisInfo = `${local.url} (local redis-server, AOF in .data/redis, log in .data/redis.log)`;
    say(`redis-server ready on port ${local.port.toString()}`);
  }

  const ports = { ingest: env.INGEST_PORT, worker: env.WORKER_METRICS_PORT, api: env.API_PORT };
  for (const app of APPS) {
    if (!(await canListen(ports[app], "0.0.0.0"))) {
      throw new StepError(
        `port ${ports[app].toString()} (${app}) is in use: stop what listens there, or set another port in the environment.`,
      );
    }
  }

  const run = (name: string, args: string[]) => runStep(name, NPM, args, { cwd: ROOT, env: childEnv, track });
  const buildReason = consoleBuildReason(ROOT);
  if (buildReason !== undefined && !isStopping()) {
    say(`building the console (${buildReason})`);
    await run("console", ["run", "build", "-w", "@tollgate/console"]);
  }
  if (!isStopping()) await run("migrate", ["run", "db:migrate"]);
  if (demo) say("DEMO MODE: seeding demo tenants, logins and API keys with known credentials");
  if (!isStopping()) await run("seed", ["run", "seed", ...(demo ? ["--", "--demo"] : [])]);
  // 90 days of past traffic through the worker's recording path, last months' invoices finalized (idempotent).
  if (demo && !isStopping()) await run("history", ["run", "demo:history"]);
  if (isStopping()) return;

  for (const app of APPS) {
    supervise({
      name: app,
      start: () =>
        track(
          startProcess(app, process.execPath, ["--import", "tsx", `apps/${app}/src/main.ts`], {
            cwd: ROOT,
            env: childEnv,
          }),
        ),
      isStopping,
      onRestart: ({ exit, delayMs, restarts }) => {
        say(
          red(
            `${app} exited unexpectedly (${describeExit(exit)}): restart ${restarts.toString()} in ` +
              `${(delayMs / 1000).toString()} s; the other services keep serving`,
          ),
        );
      },
    });
  }
  const startedAt = Date.now();
  await Promise.all(APPS.map((app) => waitUntilReady(app, ports[app])));
  if (isStopping()) return;
  say(`ingest, worker and api ready in ${seconds(startedAt)}`);
  const databaseUrl = childEnv.DATABASE_URL ?? env.DATABASE_URL;
  const slugs = demo ? await demoTenantSlugs(databaseUrl) : [];
  const text = banner(
    {
      root: ROOT,
      apiPort: env.API_PORT,
      ingestPort: env.INGEST_PORT,
      workerPort: env.WORKER_METRICS_PORT,
      postgres: postgresInfo,
      redis: redisInfo,
    },
    demo ? { kind: "demo", slugs } : { kind: "production", operatorExists: await operatorExists(databaseUrl) },
  );
  process.stdout.write(`${text}\n`);
}

/** Polls the app's /readyz; every 10 s says what it is still waiting for. */
async function waitUntilReady(app: string, port: number): Promise<void> {
  let lastAnswer = "no answer yet";
  let nextReport = Date.now() + 10_000;
  await waitFor(
    `${app} /readyz`,
    async () => {
      try {
        const response = await fetch(`http://127.0.0.1:${port.toString()}/readyz`, {
          signal: AbortSignal.timeout(3000),
        });
        if (response.ok) return true;
        lastAnswer = `${response.status.toString()} ${await response.text()}`;
      } catch (error) {
        lastAnswer = error instanceof Error ? error.message : String(error);
      }
      if (Date.now() > nextReport) {
        say(`waiting for ${app} to be ready: ${lastAnswer}`);
        nextReport = Date.now() + 10_000;
      }
      return false;
    },
    { timeoutMs: 120_000, intervalMs: 500, abort: () => (isStopping() ? "stopping" : undefined) },
  ).catch((error: unknown) => {
    throw new StepError(`${error instanceof Error ? error.message : String(error)} (last answer: ${lastAnswer})`);
  });
}

function seconds(since: number): string {
  return `${((Date.now() - since) / 1000).toFixed(1)} s`;
}

main().catch((error: unknown) => {
  if (isStopping()) return;
  void shutdown(1, error instanceof Error ? error.message : String(error));
});
