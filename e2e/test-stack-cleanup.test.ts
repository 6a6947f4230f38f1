import { randomUUID } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { Redis } from "ioredis";
import pg from "pg";
import { describe, expect, it } from "vitest";
import { startTestStack } from "./support/test-stack.ts";

const REDIS_URL = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";

interface SeenProcess {
  /** "ingest", "worker" or "api": the app whose main.ts it runs. */
  app: string;
  env: Map<string, string>;
}

/** This user's processes whose environment holds MARKER=`marker` (the stack passes `env` to every service). */
function processesMarked(marker: string): Map<number, SeenProcess> {
  const found = new Map<number, SeenProcess>();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const environ = readFileSync(`/proc/${entry}/environ`, "utf8").split("\0");
      if (!environ.includes(`MARKER=${marker}`)) continue;
      const cmdline = readFileSync(`/proc/${entry}/cmdline`, "utf8");
      const app = /apps\/(\w+)\/src\/main\.ts/.exec(cmdline)?.[1] ?? cmdline;
      const env = new Map(environ.map((pair) => [pair.slice(0, pair.indexOf("=")), pair.slice(pair.indexOf("=") + 1)]));
      found.set(Number(entry), { app, env });
    } catch {
      // Gone meanwhile, or another user's.
    }
  }
  return found;
}

/** Running: in /proc and not a zombie (an orphan's zombie waits for a reaper, but it runs nothing). */
function alive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid.toString()}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2, stat.lastIndexOf(")") + 3) !== "Z";
  } catch {
    return false;
  }
}

const APPS = ["api", "ingest", "worker"];

describe("startTestStack", () => {
  it("stops what it started, drops the database and deletes the Redis keys when a service fails to start", async () => {
    const marker = randomUUID();
    const seen = new Map<number, SeenProcess>();
    const redis = new Redis(REDIS_URL);
    let databaseUrl = "";
    const startedUp = new AbortController();
    // Watches the processes come up; once the prefix is known, leaves a key under it (as a running service would).
    const watching = (async () => {
      while (!startedUp.signal.aborted) {
        for (const [pid, found] of processesMarked(marker)) {
          if (seen.has(pid)) continue;
          seen.set(pid, found);
          const prefix = found.env.get("QUEUE_PREFIX");
          if (prefix) await redis.set(`${prefix}:left-behind`, "1");
        }
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    })();

    // The worker refuses its environment and exits at start; ingest and api are already starting then.
    const failure = await startTestStack({
      env: { MARKER: marker },
      workerEnv: { WORKER_CONCURRENCY: "many" },
      seed: (url) => {
        databaseUrl = url;
        return Promise.resolve();
      },
    }).then(
      () => null,
      (error: unknown) => error,
    );
    startedUp.abort();
    await watching;

    try {
      expect(failure).toBeInstanceOf(Error);
      expect(String(failure)).toMatch(/worker exited early[\s\S]*WORKER_CONCURRENCY/);
      // All three had started; none is left once it has thrown.
      const services = [...seen].filter(([, found]) => APPS.includes(found.app));
      expect([...new Set(services.map(([, found]) => found.app))].sort()).toEqual(APPS);
      expect(services.map(([pid]) => pid).filter(alive)).toEqual([]);
      // Nor anything they started (tsx's esbuild service ends when its parent has gone).
      await expect.poll(() => [...seen.keys()].filter(alive), { timeout: 5_000 }).toEqual([]);
      // The database is dropped.
      expect(databaseUrl).not.toBe("");
      const client = new pg.Client({ connectionString: databaseUrl });
      const connected = await client.connect().then(
        () => null,
        (error: unknown) => error,
      );
      if (connected === null) await client.end();
      expect(connected).toMatchObject({ code: "3D000" });
      // No key under the stack's prefix.
      const prefixes = new Set([...seen.values()].map((found) => found.env.get("QUEUE_PREFIX")));
      expect(prefixes.size).toBe(1);
      const [prefix] = prefixes;
      expect(await redis.keys(`${prefix ?? "?"}*`)).toEqual([]);
    } finally {
      redis.disconnect();
    }
  });
});
