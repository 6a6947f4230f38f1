import { spawn, type ChildProcess } from "node:child_process";
import { randomUUID } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { createTestDatabase, type TestDatabase } from "@tollgate/db/testing";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort } from "./support/ports.ts";
import { REPO_ROOT } from "./support/service-process.ts";

// `npm start` (infra/local/start.ts) as a user runs it, over a throw-away database and Redis prefix: a crashed
// service is restarted while the others keep serving.
const REDIS_URL = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";
const prefix = `{tollgate-e2e-start-${randomUUID().slice(0, 8)}}`;
let database: TestDatabase;
let start: ChildProcess;
let exited: Promise<number | null>;
const output: string[] = [];
const ports = { api: 0, ingest: 0, worker: 0 };

async function answers(url: string): Promise<boolean> {
  try {
    return (await fetch(url, { signal: AbortSignal.timeout(2000) })).ok;
  } catch {
    return false;
  }
}

async function until(what: string, check: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    if (start.exitCode !== null) throw new Error(`npm start exited while waiting for ${what}:\n${output.join("\n")}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`${what} not reached after ${timeoutMs.toString()} ms:\n${output.slice(-60).join("\n")}`);
}

/** Pids of the processes whose parent is `parent` and whose command line mentions `needle`. */
function childPids(parent: number, needle: string): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      // The command name is in parentheses and may hold spaces: fields after it are space-separated.
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      const cmdline = readFileSync(`/proc/${entry}/cmdline`, "utf8");
      if (ppid === parent && cmdline.includes(needle)) pids.push(Number(entry));
    } catch {
      // gone while we looked
    }
  }
  return pids;
}

beforeAll(async () => {
  database = await createTestDatabase({ migrate: false });
  ports.api = await freePort();
  ports.ingest = await freePort();
  ports.worker = await freePort();
  start = spawn(process.execPath, ["--import", "tsx", "infra/local/start.ts"], {
    cwd: REPO_ROOT,
    env: {
      ...process.env,
      DATABASE_URL: database.url,
      REDIS_URL,
      QUEUE_PREFIX: prefix,
      API_PORT: ports.api.toString(),
      INGEST_PORT: ports.ingest.toString(),
      WORKER_METRICS_PORT: ports.worker.toString(),
      NO_COLOR: "1",
      LOG_LEVEL: "warn",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const keep = (chunk: Buffer) => output.push(...chunk.toString().split("\n").filter(Boolean));
  start.stdout?.on("data", keep);
  start.stderr?.on("data", keep);
  exited = new Promise((resolve) => {
    start.once("exit", (code) => {
      resolve(code);
    });
  });
  await until(
    "api, ingest and worker ready",
    () => Promise.resolve(output.some((line) => line.includes("ready in"))),
    170_000,
  );
});

afterAll(async () => {
  if (start.exitCode === null) {
    start.kill("SIGTERM");
    const timer = setTimeout(() => start.kill("SIGKILL"), 30_000);
    await exited;
    clearTimeout(timer);
  }
  const redis = new Redis(REDIS_URL);
  const keys = await redis.keys(`${prefix}*`);
  if (keys.length > 0) await redis.del(...keys);
  redis.disconnect();
  await database.drop();
});

describe("npm start supervises its services", () => {
  it("restarts a worker killed with SIGKILL while ingest and api keep answering, then stops cleanly", async () => {
    const startPid = start.pid!;
    const [workerPid] = childPids(startPid, "apps/worker/src/main.ts");
    expect(workerPid).toBeDefined();
    process.kill(workerPid!, "SIGKILL");

    // For the next 4 s (the restart waits 1 s, then the worker boots), ingest and api answer every probe.
    const failures: string[] = [];
    const until4s = Date.now() + 4000;
    while (Date.now() < until4s) {
      for (const [name, port] of [
        ["api", ports.api],
        ["ingest", ports.ingest],
      ] as const) {
        if (!(await answers(`http://127.0.0.1:${port.toString()}/healthz`))) failures.push(name);
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(failures).toEqual([]);

    await until(
      "a new worker ready",
      async () => {
        const [pid] = childPids(startPid, "apps/worker/src/main.ts");
        return (
          pid !== undefined &&
          pid !== workerPid &&
          (await answers(`http://127.0.0.1:${ports.worker.toString()}/readyz`))
        );
      },
      60_000,
    );
    expect(output.join("\n")).toMatch(/worker exited unexpectedly \(signal SIGKILL\): restart 1 in 1 s/);

    start.kill("SIGTERM");
    expect(await exited).toBe(0);
    expect(childPids(startPid, "apps/")).toEqual([]);
  });
});
