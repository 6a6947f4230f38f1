import { createWriteStream, existsSync, mkdirSync } from "node:fs";
import { delimiter, join } from "node:path";
import { Redis } from "ioredis";
import { firstFreePort, waitFor } from "./ports.ts";
import { startProcess } from "./processes.ts";

export type RedisProbe = { status: "ok" } | { status: "unreachable"; reason: string };

/** Connects for real and sends PING. */
export async function probeRedis(url: string, timeoutMs = 3000): Promise<RedisProbe> {
  const client = new Redis(url, {
    lazyConnect: true,
    connectTimeout: timeoutMs,
    maxRetriesPerRequest: 0,
    enableOfflineQueue: false,
    retryStrategy: () => null,
  });
  let lastError: Error | undefined;
  client.on("error", (error: Error) => {
    lastError = error;
  });
  try {
    await client.connect();
    await client.ping();
    return { status: "ok" };
  } catch (error) {
    const cause = lastError ?? error;
    return { status: "unreachable", reason: cause instanceof Error ? cause.message : String(cause) };
  } finally {
    client.disconnect();
  }
}

/** What ingest's 202 relies on: every accepted job fsynced to the append-only file, and never evicted. */
export const DURABLE_REDIS_SETTINGS = { appendonly: "yes", appendfsync: "always", "maxmemory-policy": "noeviction" };

/** The settings of a running Redis that differ from DURABLE_REDIS_SETTINGS, as "name is value (want …)". */
export async function redisDurabilityProblems(url: string): Promise<string[]> {
  const client = new Redis(url, {
    lazyConnect: true,
    connectTimeout: 3000,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
  });
  client.on("error", () => undefined);
  try {
    await client.connect();
    const problems: string[] = [];
    for (const [name, wanted] of Object.entries(DURABLE_REDIS_SETTINGS)) {
      // CONFIG GET answers [name, value] (RESP2) or {name: value} (RESP3).
      const reply = (await client.call("CONFIG", "GET", name)) as string[] | Record<string, string>;
      const value = Array.isArray(reply) ? reply[1] : reply[name];
      if (value !== wanted) problems.push(`${name} is ${value ?? "unknown"} (want ${wanted})`);
    }
    return problems;
  } catch (error) {
    // Managed Redis services often disable CONFIG; say so rather than guess.
    return [`settings could not be read (${error instanceof Error ? error.message : String(error)})`];
  } finally {
    client.disconnect();
  }
}

/** `redis-server` on PATH, if any. */
export function findRedisServer(path: string): string | undefined {
  return path
    .split(delimiter)
    .filter(Boolean)
    .map((dir) => join(dir, "redis-server"))
    .find((candidate) => existsSync(candidate));
}

export interface LocalRedis {
  url: string;
  port: number;
  stop(): Promise<void>;
}

/**
 * Starts `redis-server` with the project's redis.conf (AOF, noeviction) on 127.0.0.1, port 6380 or the first free
 * one, its append-only files in `dataDir`, its output in `logFile`.
 */
export async function startLocalRedis(options: {
  binary: string;
  confFile: string;
  dataDir: string;
  logFile: string;
  env: NodeJS.ProcessEnv;
}): Promise<LocalRedis> {
  mkdirSync(options.dataDir, { recursive: true });
  const log = createWriteStream(options.logFile, { flags: "a" });
  const port = await firstFreePort(6380);
  const server = startProcess(
    "redis",
    options.binary,
    [
      options.confFile,
      "--port",
      String(port),
      "--bind",
      "127.0.0.1",
      "--dir",
      options.dataDir,
      "--daemonize",
      "no",
      "--logfile",
      "",
    ],
    { cwd: options.dataDir, env: options.env, quiet: true, onLine: (line) => log.write(`${line}\n`) },
  );
  const url = `redis://127.0.0.1:${port.toString()}`;
  try {
    await waitFor("redis-server", async () => (await probeRedis(url, 1000)).status === "ok", {
      timeoutMs: 30_000,
      abort: () => (server.running() ? undefined : `exited (see ${options.logFile}):\n${server.tail().join("\n")}`),
    });
  } catch (error) {
    await server.stop();
    throw error;
  }
  return {
    url,
    port,
    async stop() {
      // SIGTERM: Redis flushes the append-only file and exits.
      await server.stop(15_000);
      log.end();
    },
  };
}
